"""A data-access letter as a demand :class:`~collective_ai.demands.document.Document`.

The letter is built from the law's own wording (:mod:`~collective_ai.requests.laws`) and
the few things a person types (the organisation, the system), which go in as data spans:
every writer of the demands package escapes them, so a typed ``**x**`` or ``<b>`` shows
as typed. Markdown, HTML and .docx come from those writers (``collective_ai.demands.render``);
this module writes no format of its own.

The letter never carries the member's code: the committee's codes stay inside the
committee (an employer who saw one beside a name could read the evidence log). The member
writes their name and how the organisation knows them on the letter before sending; the
tool keeps neither. What the committee should know and the employer need not read (what
the law gives and does not give) is the letter's attachment, on a page of its own.
"""

from __future__ import annotations

import datetime as dt

from collective_ai.dates import parse_date, show_date, show_month
from collective_ai.deadlines import HOLIDAYS_NOTE
from collective_ai.demands.document import (
    BREAK,
    Attachment,
    Block,
    Document,
    Span,
    clean_text,
)
from collective_ai.errors import InputError
from collective_ai.escaping import markdown_cell
from collective_ai.i18n import N_, _, format_number, language, ngettext
from collective_ai.requests.asks import ASKS, FORMAT_ASK
from collective_ai.requests.laws import Law, law

FORM = "data-request"
MAX_TYPED = 200
_IDENTITY = N_(
    "[Before sending, write here your name and how the organisation knows you (a worker "
    "number or the email of your account). This tool does not keep it.]"
)


def typed(value, *, field: str, required: bool = True) -> str:
    """A short line a person typed, cleaned, or an error naming the field.

    Parameters
    ----------
    value : object
        What was typed.
    field : str
        The field an error names.
    required : bool
        Refuse a blank.

    Returns
    -------
    str
        The text on one line, without control characters.

    Raises
    ------
    InputError
        A blank required field, or more than 200 characters.
    """
    text = " ".join(clean_text(str(value or "")).split())
    if required and not text:
        raise InputError(_("is empty: write it in"), field=field)
    if len(text) > MAX_TYPED:
        raise InputError(
            _("is {count} characters; keep it under {limit}").format(
                count=len(text), limit=MAX_TYPED
            ),
            field=field,
        )
    return text


def draft_letter(
    *,
    law_id: str,
    organisation: str,
    system: str,
    date=None,
    reply_days: int | None = None,
    signers: int = 0,
    today: dt.date | None = None,
) -> Document:
    """The letter a member (or, for ``"collective"``, a group) sends to ask for their data.

    Parameters
    ----------
    law_id : str
        A key of :data:`~collective_ai.requests.laws.LAWS`.
    organisation : str
        Who the letter goes to (typed: kept as data).
    system : str
        The system it asks about, as workers call it (typed: kept as data).
    date : str or datetime.date, optional
        The letter's date, as a person writes it; today by default.
    reply_days : int, optional
        For a request no law covers, the days the group asks for (30 by default).
    signers : int
        For a collective request, signature lines to print (filled in by hand).
    today : datetime.date, optional
        Today's date (for repeatable tests).

    Returns
    -------
    Document
        Ready for :func:`collective_ai.demands.render` or ``export``.

    Raises
    ------
    InputError
        An unknown law, a blank or over-long typed field, a date that is not one, or
        ``reply_days`` outside 1 to 365.
    """
    chosen = law(law_id)
    organisation = typed(organisation, field="organisation")
    system = typed(system, field="system")
    day = parse_date(date, field="date") if date else (today or dt.date.today())
    reply = _reply_days(chosen, reply_days)
    signers = int(signers) if chosen.id == "collective" else 0
    if not 0 <= signers <= 200:
        raise InputError(_("choose 0 to 200 signature lines"), field="signers")
    group = chosen.id == "collective"
    blocks = [
        _block("heading1", _("Request for personal data about "), (system, True)),
        _block(
            "paragraph",
            _("To: "),
            (organisation, True),
            "\n" + _("Date: {date}").format(date=show_date(day)),
        ),
        *_opening(chosen, day, system),
        _block("heading2", _("What we ask for") if group else _("What I ask for")),
        *[_ask_bullet(chosen, ask) for ask in ASKS],
        _block("paragraph", _(FORMAT_ASK) + _format_cite(chosen)),
        _block("heading2", _("When")),
        _block("paragraph", _when(chosen, day, reply)),
        *_closing(chosen, signers),
    ]
    attachment = Attachment(
        _("Notes for the committee (not for sending)"), committee_notes(chosen, day, system)
    )
    blocks.append(Block("attachment"))
    values = {"date": day.isoformat(), "law": chosen.id}
    title = _("Request for personal data about {system}").format(system=system)
    return Document(FORM, title, tuple(blocks), signers, attachment, (), values, language())


def _reply_days(chosen: Law, reply_days) -> int | None:
    if reply_days in (None, ""):
        return None
    if chosen.rule.statutory:
        raise InputError(_("the law sets the deadline; leave it out"), field="reply_days")
    try:
        days = int(reply_days)
    except (TypeError, ValueError):
        raise InputError(
            _("{value!r} is not a number of days").format(value=reply_days), field="reply_days"
        ) from None
    if not 1 <= days <= 365:
        raise InputError(_("choose 1 to 365 days"), field="reply_days")
    return days


def _block(kind: str, *parts) -> Block:
    """A block from wording and ``(typed, True)`` parts; a newline in wording is a break."""
    spans = []
    for part in parts:
        text, data = part if isinstance(part, tuple) else (part, False)
        pieces = [text] if data else text.split("\n")
        for number, piece in enumerate(pieces):
            if number:
                spans.append(BREAK)
            if piece:
                spans.append(Span(piece, data))
    return Block(kind, tuple(spans))


def _opening(chosen: Law, day: dt.date, system) -> list[Block]:
    if chosen.id == "collective":
        first = (
            _("We are workers who are scored or managed by "),
            (system, True),
            _(
                ". We ask you, together, for the information below about each of us who "
                "signs this letter. No particular law is the basis of this request; we ask "
                "because decisions about our work are made with this system, and we need to "
                "check them."
            ),
        )
        return [_block("paragraph", *first)]
    under = _("I make this request under {law}: {provisions}. It concerns my personal data in ")
    out = [
        _block("paragraph", _(_IDENTITY)),
        _block(
            "paragraph",
            under.format(
                law=_(chosen.title), provisions=", ".join(_(p) for p in chosen.provisions)
            ),
            (system, True),
            _(" and in any other system that uses it."),
        ),
    ]
    if not chosen.in_force(day):
        out.append(_block("paragraph", _(chosen.not_yet)))
    return out


def _ask_bullet(chosen: Law, ask) -> Block:
    cite = chosen.cites.get(ask.key, "")
    if cite:
        tail = _(". Basis: {cite}.").format(cite=_(cite))
    elif chosen.id == "collective":
        tail = "."
    else:
        tail = _(". This law does not oblige you to give this; I ask for it all the same.")
    title, detail = ask.words(group=chosen.id == "collective")
    return _block("bullet", _("{title}: {detail}").format(title=title, detail=detail) + tail)


def _format_cite(chosen: Law) -> str:
    if not chosen.format_cite:
        return ""
    return _(" Basis: {cite}.").format(cite=_(chosen.format_cite))


def _when(chosen: Law, day: dt.date, reply: int | None) -> str:
    rule = chosen.rule
    if not rule.statutory:
        days = reply or rule.days
        due = day + dt.timedelta(days=days)
        return ngettext(
            "No law sets a deadline for this request. We ask you to reply within {days} "
            "day, by {date}.",
            "No law sets a deadline for this request. We ask you to reply within {days} "
            "days, by {date}.",
            days,
        ).format(days=format_number(days), date=show_date(due))
    due = rule.due(day)
    received = show_date(day)
    if rule.extendable:
        extended = show_date(rule.due(day, extended=True))
        when = _(
            "If you receive it on {received}, the answer is due by {due}, or by {extended} "
            "at the latest if you extend it."
        ).format(received=received, due=show_date(due), extended=extended)
    else:
        when = _("If you receive it on {received}, the answer is due by {due}.").format(
            received=received, due=show_date(due)
        )
    text = f"{_(rule.wording)} {when}"
    if rule.weekend_moves:
        text += " " + _("A last day on a weekend moves to the Monday after.")
        text += " " + _(HOLIDAYS_NOTE)
    return text


def _closing(chosen: Law, signers: int) -> list[Block]:
    if chosen.id == "collective":
        out = [
            _block(
                "paragraph",
                _(
                    "Please send each signer's information to that person, and tell us when "
                    "you have. Each of us may share what we receive with the others."
                ),
            )
        ]
        if signers:
            out.append(Block("signatures"))
        return out
    return [
        _block(
            "paragraph",
            _(
                "If you need anything from me to find my data or to confirm who I am, please "
                "ask me at once. Please confirm that you have received this request."
            ),
        ),
        _block("paragraph", _("Yours sincerely,") + "\n" + _("[Signature]")),
    ]


def committee_notes(chosen: Law, day: dt.date, system: str) -> str:
    """What the committee should know about this law, as Markdown (not for sending).

    Parameters
    ----------
    chosen : Law
        The law the letter uses.
    day : datetime.date
        The letter's date.
    system : str
        The system it asks about (typed: escaped here).

    Returns
    -------
    str
    """
    parts = [
        _(
            "These notes are about the letter on {system}, dated {date}. They state the law "
            "as of {as_of}; it is not legal advice. Take this page off before sending."
        ).format(system=markdown_cell(system), date=show_date(day), as_of=show_month(chosen.as_of)),
        "**" + _("What this law gives") + "**",
        "\n".join("- " + _(line) for line in chosen.gives),
        "**" + _("What it does not give") + "**",
        "\n".join("- " + _(line) for line in chosen.does_not_give),
        *[_(line) for line in chosen.extra],
    ]
    if chosen.in_force_from and not chosen.in_force(day):
        parts.append(
            _("Not yet in force on this letter's date: it applies from {date}.").format(
                date=show_date(chosen.in_force_from)
            )
        )
    parts.append(
        _(
            "**Next steps**: record the request in the register (`{add}`) with the day it "
            "was received; keep what comes back as it came, and read it with `{read}`."
        ).format(add="collective-ai request add", read="collective-ai request read")
    )
    if chosen.sources:
        parts += ["**" + _("Sources") + "**", "\n".join(f"- [{s}]({s})" for s in chosen.sources)]
    return "\n\n".join(parts) + "\n"
