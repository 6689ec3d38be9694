"""The last day to file, worked out from the dates a committee wrote down.

A charge's clock starts when the decision was made and communicated to the worker, not
when the worker learned it might be discriminatory (EEOC, "Time limits for filing a
charge"; the book's practical-steps chapter). A committee that has written down both
dates counts from the earlier one, and the pack says so. The calendar arithmetic is
:mod:`collective_ai.deadlines`, shared with the data-access requests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from collective_ai.dates import parse_date, show_date, show_weekday
from collective_ai.deadlines import add_days, add_months, next_working_day
from collective_ai.errors import InputError
from collective_ai.i18n import N_, _, format_number

EEOC_DAYS = 180
EEOC_DAYS_WITH_AGENCY = 300
NLRB_MONTHS = 6
#: Which agency near the workplace enforces a law against the same discrimination.
AGENCIES = {
    "none": N_("no state or local agency (or not known): the shorter limit is counted"),
    "state": N_("a state agency enforces a state law against the same discrimination"),
    "local": N_("only a city or county agency enforces a local law against it"),
}
#: What the discrimination was based on; age has its own rule (29 U.S.C. 626(d)).
BASES = ("other", "age")
HOLIDAYS = N_(
    "Public holidays are not known to this pack: if the last day is one, the EEOC takes "
    "the next business day."
)


@dataclass(frozen=True)
class Start:
    """The day a clock starts, and why that day."""

    day: dt.date
    reason: str


@dataclass(frozen=True)
class Deadline:
    """The last day to file for one venue, from one start day.

    ``last_day`` is the period's end as counted; ``file_by`` is that day moved past a
    weekend where the venue's rule moves it. Both are None for a venue with no limit.
    """

    venue: str
    start: dt.date
    rule: str
    last_day: dt.date | None = None
    file_by: dt.date | None = None

    def days_left(self, today: dt.date) -> int | None:
        """Days from ``today`` to ``file_by`` (negative once it has passed)."""
        return None if self.file_by is None else (self.file_by - today).days

    def passed(self, today: dt.date) -> bool:
        left = self.days_left(today)
        return left is not None and left < 0


def checked_day(value, *, field: str, today: dt.date) -> dt.date:
    """A date a person gave, refused when it is in the future (a decision not yet made)."""
    day = parse_date(value, field=field)
    if day > today:
        raise InputError(
            _("{date} is in the future; give the day it happened").format(date=show_date(day)),
            field=field,
        )
    return day


def start_day(*, decided=None, learned=None, today: dt.date) -> Start:
    """The day the clock starts: the decision's, or the earlier of the two dates given.

    Parameters
    ----------
    decided : str or datetime.date, optional
        The day the decision was made and communicated to the worker.
    learned : str or datetime.date, optional
        The day a worker learned it might be discriminatory.
    today : datetime.date
        Dates after it are refused.

    Returns
    -------
    Start

    Raises
    ------
    InputError
        Neither date, a date that cannot be read, or one in the future.
    """
    if decided in (None, "") and learned in (None, ""):
        raise InputError(_("give the day the decision was made and communicated"), field="decided")
    made = None if decided in (None, "") else checked_day(decided, field="decided", today=today)
    found = None if learned in (None, "") else checked_day(learned, field="learned", today=today)
    if made and found:
        day = min(made, found)
        which = _("the decision") if day == made else _("the day it was learned")
        return Start(
            day,
            _(
                "Counted from {day}, the earlier of the two dates recorded ({which}): the "
                "decision was made and communicated on {made}, and it was learned that it "
                "might be discriminatory on {found}."
            ).format(day=show_date(day), which=which, made=show_date(made), found=show_date(found)),
        )
    if made:
        return Start(
            made,
            _("Counted from {day}, when the decision was made and communicated.").format(
                day=show_date(made)
            ),
        )
    return Start(
        found,
        _(
            "Counted from {day}, when it was learned that the decision might be "
            "discriminatory. The clock usually starts earlier, when the decision was made and "
            "communicated: find that date, because the real last day may be sooner."
        ).format(day=show_date(found)),
    )


def eeoc_days(*, agency: str = "none", basis: str = "other") -> int:
    """180 days, or 300 where an agency enforces a similar law; for age, a state one only.

    42 U.S.C. 2000e-5(e)(1); 29 U.S.C. 626(d); EEOC, "Time limits for filing a charge".

    Parameters
    ----------
    agency : {"none", "state", "local"}
        Which agency near the workplace enforces a law against the same discrimination.
    basis : {"other", "age"}
        What the discrimination was based on.

    Returns
    -------
    int

    Raises
    ------
    InputError
        An unknown ``agency`` or ``basis``.
    """
    if agency not in AGENCIES:
        raise InputError(
            _("choose one of {choices}, not {value!r}").format(
                choices=", ".join(AGENCIES), value=agency
            ),
            field="agency",
        )
    if basis not in BASES:
        raise InputError(
            _("choose one of {choices}, not {value!r}").format(
                choices=", ".join(BASES), value=basis
            ),
            field="basis",
        )
    extended = agency == "state" or (agency == "local" and basis != "age")
    return EEOC_DAYS_WITH_AGENCY if extended else EEOC_DAYS


def deadline(venue, start: dt.date, *, agency: str = "none", basis: str = "other") -> Deadline:
    """The last day to file with ``venue`` (a :class:`~.venues.Venue`) from ``start``.

    - ``eeoc``: 180 or 300 calendar days (:func:`eeoc_days`); a last day on a weekend
      moves to the Monday (EEOC, "Time limits for filing a charge").
    - ``nlrb``: six calendar months (29 U.S.C. 160(b)); a month without that day ends on
      its last day, so six months from 31 August is 28 February (29 in a leap year). The
      day is not moved: file well before it.
    - ``none``: no limit is stated for a complaint.

    Parameters
    ----------
    venue : Venue
        An entry of :data:`~collective_ai.complaints.venues.VENUES`.
    start : datetime.date
        The day the clock starts (:func:`start_day`, or a fact's date).
    agency, basis : str
        For the EEOC (:func:`eeoc_days`).

    Returns
    -------
    Deadline
    """
    if venue.rule == "eeoc":
        days = eeoc_days(agency=agency, basis=basis)
        last = add_days(start=start, days=days)
        moved = next_working_day(day=last)
        words = {"days": format_number(days), "start": show_date(start), "last": show_date(last)}
        if moved == last:
            rule = _("{days} calendar days from {start} end on {last}.").format(**words)
        else:
            rule = _(
                "{days} calendar days from {start} end on {last}, a {weekday}, so the last day "
                "moves to {moved}."
            ).format(**words, weekday=show_weekday(last), moved=show_date(moved))
        return Deadline(venue.id, start, f"{rule} {_(HOLIDAYS)}", last, moved)
    if venue.rule == "nlrb":
        last = add_months(start=start, months=NLRB_MONTHS)
        rule = _(
            "Six months from {start} end on {last}: the charge must be filed and served by then."
        ).format(start=show_date(start), last=show_date(last))
        return Deadline(venue.id, start, rule, last, last)
    return Deadline(venue.id, start, _(venue.limit))
