"""``FormalAction``: data requests, a complaint pack and the campaign's page, on one log.

A view over :class:`collective_ai.requests.register.RequestRegister` (what is due),
:func:`collective_ai.complaints.pack.build_pack`,
:class:`collective_ai.campaign.store.CampaignLog` and
:func:`collective_ai.campaign.steps.next_rung`: choosing a venue or typing a date
rebuilds the pack; adding a step writes it to the log at once and redraws the page. A
mistake in a field shows as one message naming it, and nothing is filed or sent.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets

from collective_ai.campaign.page import page_body, page_html
from collective_ai.campaign.steps import (
    KINDS,
    REPLY_STATUSES,
    ROLES,
    STATUSES,
    next_rung,
    show_role,
    show_status,
)
from collective_ai.campaign.store import CampaignLog
from collective_ai.complaints.evidence import log_facts
from collective_ai.complaints.limits import AGENCIES, BASES
from collective_ai.complaints.pack import build_pack
from collective_ai.complaints.venues import VENUES
from collective_ai.dates import show_date
from collective_ai.demands.html_writer import render_html
from collective_ai.demands.registry import MEDIA_TYPES, SUFFIXES
from collective_ai.demands.render import render
from collective_ai.embed import download_link
from collective_ai.errors import InputError
from collective_ai.escaping import escape_html
from collective_ai.i18n import N_, _, ngettext
from collective_ai.requests.register import RequestRegister
from collective_ai.widgets.base import LabView, fluid, summary_html

_STYLE = {"description_width": "14em"}
#: The pack's controls, in the form's order; changing any of them rebuilds the pack.
PACK_FIELDS = ("venue", "ground", "employer", "decided", "learned", "agency", "basis", "from_log")
_LAYOUT = fluid("40em")
_CELL = "border:1px solid #000;padding:0.2em 0.5em;text-align:left"
#: What the discrimination was based on, in words (:data:`~collective_ai.complaints.limits.BASES`).
BASIS_WORDS = {"other": N_("race, sex, disability or another ground"), "age": N_("age")}
#: The register's columns (``collective-ai request list``).
REQUEST_HEADINGS = (N_("Member"), N_("Law"), N_("System"), N_("Received"), N_("Due"), N_("Status"))


def _dropdown(options, description: str, tooltip: str, value=None) -> widgets.Dropdown:
    first = options[0][1] if isinstance(options[0], tuple) else options[0]
    return widgets.Dropdown(
        options=options,
        value=first if value is None else value,
        description=description,
        tooltip=tooltip,
        style=_STYLE,
        layout=_LAYOUT,
    )


def _tag(tag: str, text: str) -> str:
    return f"<{tag}>{escape_html(text)}</{tag}>"


def _grounds(venue) -> list[tuple[str, str]]:
    return [(_(g.label), g.id) for g in venue.grounds]


def _statuses(statuses) -> list[tuple[str, str]]:
    return [(show_status(s), s) for s in statuses]


def _text(description: str, placeholder: str) -> widgets.Text:
    return widgets.Text(
        description=description, placeholder=placeholder, style=_STYLE, layout=_LAYOUT
    )


class FormalAction(LabView):
    """Complaint packs and the campaign timeline. ``FormalAction(path)`` opens a log file.

    ``controls``: ``venue``, ``ground``, ``employer``, ``decided``, ``learned``,
    ``agency``, ``basis``, ``from_log`` (take the facts from the log), ``campaign``,
    ``kind``, ``date``, ``lead``, ``status``, ``note`` and ``add``. ``result`` holds the
    ``pack`` (None while a field is wrong) and the campaign's ``next`` rung. There is no
    ``figure``: the pack and the page are text.
    """

    def __init__(self, path=None, *, today: dt.date | None = None) -> None:
        self.campaigns = CampaignLog(path)
        self.store = self.campaigns.store
        self.register = RequestRegister(self.store.path)
        self.today = today or dt.date.today()
        first = next(iter(VENUES.values()))
        self.controls = {
            "venue": _dropdown(
                [(_(v.name), v.id) for v in VENUES.values()],
                _("Where to"),
                _("The regulator or agency."),
            ),
            "ground": _dropdown(_grounds(first), _("What went wrong"), _("The pack's ground.")),
            "employer": _text(_("Employer"), _("who the pack is about")),
            "decided": _text(_("Decision made and told"), _("such as 3 March 2026")),
            "learned": _text(_("Suspected bias on"), _("when it looked discriminatory (optional)")),
            "agency": _dropdown(
                [(_(text), key) for key, text in AGENCIES.items()],
                _("Agency near you (EEOC)"),
                _("Which agency enforces a similar law."),
                "none",
            ),
            "basis": _dropdown(
                [(_(BASIS_WORDS[b]), b) for b in BASES],
                _("Based on (EEOC)"),
                _("Age has its own rule."),
                "other",
            ),
            "from_log": widgets.Checkbox(
                value=True, indent=False, description=_("Take the facts from our evidence log")
            ),
            "campaign": _text(_("Campaign"), _("such as PickRate targets")),
            "kind": _dropdown(
                [(_(t), k) for k, t in KINDS.items()], _("Step"), _("What was done.")
            ),
            "date": _text(_("Date"), _("such as 20 November 2026")),
            "lead": _dropdown(
                [(show_role(r), r) for r in ROLES], _("Who leads (a role)"), _("Never a name.")
            ),
            "status": _dropdown(
                _statuses(STATUSES), _("Status"), _("For a reply: met, partial, refused."), "done"
            ),
            "note": _text(_("What happened"), _("no names")),
            "add": widgets.Button(
                description=_("Add step"), icon="plus", tooltip=_("Save the step.")
            ),
        }
        self.result = {"pack": None, "next": None, "requests": []}
        self.message = self._saved = ""
        self._message = widgets.HTML()
        self._summary = widgets.HTML()
        self._pack = widgets.HTML()
        self._page = widgets.HTML()
        self._requests = widgets.HTML()
        for name in (*PACK_FIELDS, "campaign"):
            self.controls[name].observe(self._on_change, names="value")
        self.controls["kind"].observe(self._on_kind, names="value")
        self.controls["add"].on_click(lambda _: self.add_step())
        pack_form = [self.controls[n] for n in PACK_FIELDS]
        step_form = [
            self.controls[n] for n in ("campaign", "kind", "date", "lead", "status", "note", "add")
        ]
        self.ui = widgets.VBox(
            [
                widgets.HTML(_tag("h3", _("Formal action"))),
                self._summary,
                self._requests,
                widgets.HTML(
                    _tag("h4", _("Complaint pack"))
                    + _tag(
                        "p",
                        _(
                            "A pack files nothing: check it, then file it yourselves by the "
                            "route it names."
                        ),
                    )
                ),
                *pack_form,
                self._message,
                self._pack,
                widgets.HTML(_tag("h4", _("Campaign"))),
                *step_form,
                self._page,
            ]
        )
        self._refresh()

    # --- events ----------------------------------------------------------------------

    def _on_change(self, change) -> None:
        if change["owner"] is self.controls["venue"]:
            venue = VENUES[change["new"]]
            self.controls["ground"].options = _grounds(venue)
            self.controls["ground"].value = venue.grounds[0].id
        self._refresh()

    def _on_kind(self, change) -> None:
        statuses = REPLY_STATUSES if change["new"] == "reply" else STATUSES
        self.controls["status"].options = _statuses(statuses)
        self.controls["status"].value = "refused" if change["new"] == "reply" else "done"

    def add_step(self) -> None:
        """Write the step in the form to the log; a wrong field is named, nothing saved."""
        c = self.controls
        try:
            self.campaigns.add(
                campaign=c["campaign"].value,
                kind=c["kind"].value,
                date=c["date"].value,
                lead=c["lead"].value,
                status=c["status"].value,
                note=c["note"].value,
                today=self.today,
            )
        except InputError as error:
            self._show(_("Not saved. {error}").format(error=error))
            return
        c["date"].value = c["note"].value = ""
        self._saved = _("Step saved to the log.")
        self._show(self._saved)
        self._refresh()

    # --- view ------------------------------------------------------------------------

    def _show(self, message: str) -> None:
        self.message = message
        self._message.value = f'<p role="status">{escape_html(message)}</p>' if message else ""

    def _facts(self):
        return log_facts(self.store) if self.controls["from_log"].value else []

    def _build(self):
        c = self.controls
        return build_pack(
            c["venue"].value,
            facts=self._facts(),
            ground=c["ground"].value,
            employer=c["employer"].value,
            decided=c["decided"].value,
            learned=c["learned"].value,
            agency=c["agency"].value,
            basis=c["basis"].value,
            today=self.today,
        )

    def _refresh(self) -> None:
        try:
            pack = self._build()
        except InputError as error:
            pack = None
            self._show(str(error))
        else:
            if self.message and self.message != self._saved:
                self._show("")
        name = self.controls["campaign"].value.strip()
        steps = self.campaigns.steps(name) if name else []
        requests = self.register.requests(today=self.today)
        self.result = {
            "pack": pack,
            "next": next_rung(steps, today=self.today) if name else None,
            "requests": requests,
        }
        self.summary = _summary(pack, self.result["next"], self.today, requests)
        self._requests.value = _requests_html(requests, self.today)
        self._summary.value = summary_html(self.summary, live=True)
        self._pack.value = _pack_html(pack)
        self._page.value = (
            page_body(name, steps, today=self.today, lines=0) + _page_link(name, steps, self.today)
            if name
            else _tag("p", _("Name a campaign to see its steps and the next rung."))
        )


def _summary(pack, suggestion, today: dt.date, requests=()) -> str:
    late = sum(r.status == "overdue" for r in requests)
    soon = sum(
        r.status in ("open", "extended") and 0 <= (dt.date.fromisoformat(r.due) - today).days <= 7
        for r in requests
    )
    parts = []
    if requests:
        parts.append(
            _("Data requests: {late} overdue, {soon} due this week.").format(late=late, soon=soon)
        )
    if pack is None:
        parts.append(_("No pack yet: fix the field named above."))
    elif pack.deadline.file_by is None:
        text = _("{agency}: no time limit is stated for a complaint.")
        parts.append(text.format(agency=_(pack.venue.agency)))
    else:
        left = pack.deadline.days_left(today)
        state = (
            ngettext("{days} day from today", "{days} days from today", left).format(days=left)
            if left >= 0
            else _("already passed")
        )
        text = _("{agency}: last day to file {date} ({state}).")
        day = show_date(pack.deadline.file_by)
        parts.append(text.format(agency=_(pack.venue.agency), date=day, state=state))
    if suggestion is not None:
        kind = _(KINDS[suggestion.kind]) if suggestion.kind else _("none")
        parts.append(_("Next rung: {kind}.").format(kind=kind))
    return " ".join(parts)


def _pack_html(pack) -> str:
    if pack is None:
        return ""
    document = pack.document()
    links = " ".join(
        download_link(
            render(document, fmt=fmt),
            filename=f"complaint-{pack.venue.id}{SUFFIXES[fmt]}",
            media_type=MEDIA_TYPES[fmt],
            label=_("Download the pack ({format})").format(format=fmt),
        )
        for fmt in ("docx", "html", "markdown")
    )
    preview = render_html(document, fragment=True)
    read = _tag("summary", _("Read the pack"))
    return f"<p>{links}</p><details>{read}{preview}</details>"


def _page_link(name: str, steps, today: dt.date) -> str:
    return (
        "<p>"
        + download_link(
            page_html(name, steps, today=today),
            filename="campaign-page.html",
            media_type="text/html",
            label=_("Download the meeting page (open it, then print)"),
        )
        + "</p>"
    )


def _requests_html(requests, today: dt.date) -> str:
    """The register as a table, soonest due first (``collective-ai request list``)."""
    from collective_ai.requests.register import STATUS_WORDS

    heading = _tag("h4", _("Data requests"))
    if not requests:
        empty = escape_html(_("No data requests in the register yet ({command})."))
        command = "<code>collective-ai request add</code>"
        return f"{heading}<p>{empty.format(command=command)}</p>"
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td style="{_CELL}">{escape_html(v)}</td>'
            for v in (
                r.member,
                r.law,
                r.system,
                show_date(r.sent),
                show_date(r.due),
                _(STATUS_WORDS.get(r.status, r.status)),
            )
        )
        + "</tr>"
        for r in requests
    )
    head = "".join(
        f'<th scope="col" style="{_CELL}">{escape_html(_(h))}</th>' for h in REQUEST_HEADINGS
    )
    as_of = _("As of {date}.").format(date=show_date(today))
    return (
        heading
        + _tag("p", as_of)
        + '<div style="overflow-x:auto"><table style="border-collapse:collapse">'
        + f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )
