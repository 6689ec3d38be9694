"""A complaint pack: the facts in date order, the deadline, where to file, the evidence.

A pack is a :class:`~collective_ai.demands.document.Document`, so the demand drafter's
writers make its Markdown, HTML and .docx and escape what a person typed in one place
each. A pack never files anything: it says so at the top, holds no link that loads
anything, and is checked, signed where needed and sent by the people it belongs to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from collective_ai.complaints.evidence import Fact
from collective_ai.complaints.limits import Deadline, Start, deadline, start_day
from collective_ai.complaints.venues import AS_OF, Ground, Venue, venue
from collective_ai.dates import show_date, show_month
from collective_ai.demands.document import Attachment, Block, Document, Span
from collective_ai.errors import InputError
from collective_ai.i18n import N_, _, format_number, language, ngettext

NEVER_FILES = N_(
    "This pack files nothing and sends nothing. It is a draft for the committee and the "
    "worker concerned to check, complete and file themselves, through the official route "
    "below. It is a training aid, not legal advice; the law is as of {as_of}."
)


def never_files() -> str:
    """The sentence a pack leads with, in the language in use."""
    return _(NEVER_FILES).format(as_of=show_month(AS_OF))


#: The sources a pack cites, in words a reader can look up (never fetched by the pack);
#: a translation keeps each title as published and explains it.
SOURCES = {
    "nyc2021ll144": N_(
        "NYC Administrative Code sections 20-870 to 20-874 (Local Law 144 of "
        "2021), nyc.gov/site/dca"
    ),
    "dcwp2023aedtrules": N_(
        "DCWP rules on automated employment decision tools, 6 RCNY 5-300 "
        "to 5-304 (adopted April 2023)"
    ),
    "nyc311aedt": N_("NYC311, 'Automated Employment Decision Tool Complaint', portal.311.nyc.gov"),
    "nyosc2025ll144": N_(
        "Office of the New York State Comptroller, 'Enforcement of Local Law "
        "144 - Automated Employment Decision Tools', 2 December 2025"
    ),
    "usc42s2000e5": N_("42 U.S.C. 2000e-5(e)(1) (Title VII: time for filing charges)"),
    "usc29s626b": N_("29 U.S.C. 626(d) (ADEA: time for filing charges)"),
    "eeocndtimelimits": N_("EEOC, 'Time Limits For Filing A Charge', eeoc.gov/time-limits"),
    "eeocjacksoncharge": N_("EEOC, 'Filing a charge' (field office page), eeoc.gov"),
    "eeocstatelocal": N_(
        "EEOC, 'State and local programs' (worksharing and dual filing), eeoc.gov"
    ),
    "usc29s160": N_("29 U.S.C. 160(b) (NLRA section 10(b): six months)"),
    "usc29s157": N_("29 U.S.C. 157 (NLRA section 7: concerted activities)"),
    "nlrbfaqcharge": N_("NLRB, 'How do I file a charge with the NLRB?', nlrb.gov"),
    "ccpastatute": N_("California Civil Code 1798.100 and following (CCPA)"),
    "cppa2025admt": N_(
        "California Privacy Protection Agency, regulations on automated "
        "decisionmaking technology (2025)"
    ),
    "cppacomplaint": N_(
        "California Privacy Protection Agency, 'Submit a CCPA complaint', privacy.ca.gov"
    ),
}


@dataclass(frozen=True)
class Pack:
    """Everything a pack says, before it is written in any format.

    ``timeline`` pairs each fact with its own deadline (each act starts its own clock);
    ``deadline`` is the one the pack leads with.
    """

    venue: Venue
    ground: Ground
    facts: tuple[Fact, ...]
    start: Start
    deadline: Deadline
    timeline: tuple[tuple[Fact, Deadline], ...]
    today: dt.date
    employer: str = ""
    attachment: Attachment | None = None
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        """The pack's dates and choices, for ``--format json`` and tests."""
        return {
            "venue": self.venue.id,
            "ground": self.ground.id,
            "start": self.start.day.isoformat(),
            "start_reason": self.start.reason,
            "last_day": _iso(self.deadline.last_day),
            "file_by": _iso(self.deadline.file_by),
            "days_left": self.deadline.days_left(self.today),
            "facts": [
                {
                    "date": f.date.isoformat(),
                    "system": f.system,
                    "what": f.text,
                    "file_by": _iso(d.file_by),
                }
                for f, d in self.timeline
            ],
        }

    def document(self) -> Document:
        """The pack as a document for :func:`collective_ai.demands.render.render`."""
        return Document(
            form="complaint",
            title=_(self.venue.name),
            blocks=tuple(_blocks(self)),
            attachment=self.attachment,
            values={"date": self.today.isoformat()},
            lang=language(),
        )


def _iso(day):
    return None if day is None else day.isoformat()


def build_pack(
    venue_id: str,
    *,
    facts=(),
    ground: str | None = None,
    employer: str = "",
    decided=None,
    learned=None,
    agency: str = "none",
    basis: str = "other",
    attachment: Attachment | None = None,
    notes=(),
    today: dt.date | None = None,
) -> Pack:
    """Prepare a pack for ``venue_id`` from the committee's facts and dates.

    Parameters
    ----------
    venue_id : str
        A key of :data:`~collective_ai.complaints.venues.VENUES`.
    facts : iterable of Fact
        Dated events (:func:`~collective_ai.complaints.evidence.log_facts`).
    ground : str, optional
        What went wrong, one of the venue's grounds (its first by default).
    employer : str
        Who the pack is about, as typed.
    decided, learned : str or datetime.date, optional
        When the decision was made and communicated, and when it was learned it might
        be discriminatory. Without them the clock of each fact starts on its date, and
        the pack leads with the oldest fact still in time.
    agency, basis : str
        For the EEOC's 180 or 300 days (:func:`~collective_ai.complaints.limits.eeoc_days`).
    attachment : Attachment, optional
        The evidence summary, an audit or a check of a published audit.
    notes : iterable of str
        More facts without a date, in the course's own words (what
        :func:`~collective_ai.complaints.evidence.check_sentence` found); never typed text,
        which goes in ``facts``.
    today : datetime.date, optional
        The day the pack is made (by default today); later dates are refused.

    Returns
    -------
    Pack

    Raises
    ------
    InputError
        An unknown venue or ground, no date to count from, or a date in the future.
    """
    today = today or dt.date.today()
    chosen = venue(venue_id)
    reason = chosen.ground(ground)
    facts = tuple(sorted(facts, key=lambda f: f.date))
    for fact in facts:
        if fact.date > today:
            raise InputError(
                _("{date} is in the future").format(date=show_date(fact.date)), field="date"
            )
    timeline = tuple((f, deadline(chosen, f.date, agency=agency, basis=basis)) for f in facts)
    if decided not in (None, "") or learned not in (None, ""):
        start = start_day(decided=decided, learned=learned, today=today)
    elif facts:
        open_ = [f for f, d in timeline if not d.passed(today)]
        first = (open_ or list(facts))[0]
        if open_:
            why = _("Counted from {day}, the date of the oldest fact still in time in the log.")
        else:
            why = _("Counted from {day}, the date of the oldest fact in the log.")
        start = Start(first.date, why.format(day=show_date(first.date)))
    else:
        raise InputError(
            _("give the day the decision was made and communicated, or facts with dates"),
            field="decided",
        )
    lead = deadline(chosen, start.day, agency=agency, basis=basis)
    return Pack(
        chosen, reason, facts, start, lead, timeline, today, employer, attachment, tuple(notes)
    )


def _p(*spans) -> Block:
    return Block("paragraph", tuple(s if isinstance(s, Span) else Span(s) for s in spans))


def _data(text: str) -> Span:
    return Span(text, data=True)


def _heading(text: str) -> Block:
    return Block("heading2", (Span(text),))


def _blocks(pack: Pack):
    v = pack.venue
    yield Block("heading1", (Span(_(v.name)),))
    prepared = _("Prepared on {date}").format(date=show_date(pack.today))
    about = [prepared, _(" about "), _data(pack.employer)] if pack.employer else [prepared]
    yield _p(*about, _(". For: {agency}.").format(agency=_(v.agency)))
    yield _p(never_files())
    yield _heading(_("What went wrong"))
    yield _p(_(pack.ground.label) + ". " + _(pack.ground.says))
    yield _heading(_("The facts, in date order"))
    if not pack.timeline and not pack.notes:
        yield _p(_("No dated facts were given; add them before filing."))
    for fact, _deadline in pack.timeline:
        yield Block(
            "bullet",
            (Span(f"{show_date(fact.date)}: "), _data(fact.system), Span(": "), _data(fact.text)),
        )
    for note in pack.notes:  # the course's own sentences (check_sentence), not typed text
        yield Block("bullet", (Span(note),))
    if pack.timeline:
        yield _p(
            _(
                "Each fact gives a date, the system and what it did, and no name. An employer "
                "may still know whose incident a date is: before filing, keep only the facts "
                "of people who agreed."
            )
        )
    yield _heading(_("The deadline"))
    yield from _deadline_blocks(pack)
    yield _heading(_("Where and how to file"))
    yield _p(_("{agency}, under {law}.").format(agency=_(v.agency), law=_(v.law)))
    for step in v.route:
        yield Block("bullet", (Span(_(step)),))
    if v.rule != "none":
        yield _p(_("Time limit: {limit}").format(limit=_(v.limit)))
    yield _heading(_("Sources"))
    for key in v.sources:
        yield Block("bullet", (Span(_(SOURCES[key])),))
    if pack.attachment is not None:
        yield Block("attachment")


def _deadline_blocks(pack: Pack):
    d, today = pack.deadline, pack.today
    if d.file_by is None:
        give = _("The date to give when you file: {date}.").format(date=show_date(d.start))
        yield _p(f"{_(pack.venue.limit)} {give}")
        return
    yield _p(pack.start.reason)
    left = d.days_left(today)
    if left < 0:
        when = ngettext("it passed {n} day ago", "it passed {n} days ago", -left).format(
            n=format_number(-left)
        )
    elif left == 0:
        when = _("that is today")
    else:
        when = ngettext("{n} day from today", "{n} days from today", left).format(
            n=format_number(left)
        )
    last = _("Last day to file: {date} ({when}).").format(date=show_date(d.file_by), when=when)
    yield _p(f"{last} {d.rule}")
    if len(pack.timeline) > 1:
        yield _p(_("Each act starts its own clock. Last day for each fact:"))
        for fact, each in pack.timeline:
            status = _("passed") if each.passed(today) else _("open")
            line = _("{date}: {file_by} ({status})").format(
                date=show_date(fact.date), file_by=show_date(each.file_by), status=status
            )
            yield Block("bullet", (Span(line),))
