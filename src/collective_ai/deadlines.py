"""Legal calendar arithmetic: the one place that turns "one month" or "45 days" into a day.

A deadline in a letter, a register or a complaint pack is worked out here and nowhere
else, so every part of the course counts the same way. The rules are the ones the
regulators publish:

- A period in days or months does not count the day it starts from: a request received
  on 3 September and answerable "within one month" is due on 3 October. Regulation
  (EEC, Euratom) No 1182/71, art. 3(1) and 3(2)(c); the UK Information Commissioner's
  Office (ICO), right of access guidance, "How long do we have to comply?".
- A period in months ends on the same day-number in the last month; when that month has
  no such day (31 January plus one month), it ends on that month's last day (28 or 29
  February). Regulation 1182/71 art. 3(2)(c); the ICO guidance says the same. (The EDPB's
  Guidelines 01/2022 on the right of access treat timing in their section 5.3.)
- A period whose last day is a Saturday or Sunday ends on the next working day.
  Regulation 1182/71 art. 3(4); the ICO guidance. Public holidays move a deadline too,
  but they differ by country and region and year, and this package does not know them:
  :data:`HOLIDAYS_NOTE` is the sentence a letter prints to say so.

Dates a person types are read with :func:`collective_ai.dates.parse_date` before they
arrive here; these functions take :class:`datetime.date` only.
"""

from __future__ import annotations

import calendar
import datetime as dt

from collective_ai.i18n import N_

__all__ = ["HOLIDAYS_NOTE", "add_days", "add_months", "due_date", "next_working_day"]

#: What a letter or register says about public holidays, which this package cannot know.
HOLIDAYS_NOTE = N_(
    "Public holidays are not counted here: if the due date is a public holiday where the "
    "organisation is, the deadline moves to the next working day."
)

_SATURDAY = 5


def _check_date(value, name: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")
    return value


def _check_count(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number, 0 or more, not {value!r}")
    return value


def add_days(*, start: dt.date, days: int) -> dt.date:
    """The day a period of ``days`` calendar days that starts on ``start`` ends.

    The start day itself is not counted (Regulation 1182/71 art. 3(1)), so 45 days from
    1 March 2027 ends on 15 April 2027. Weekends are not skipped: see
    :func:`next_working_day` for the last day.

    Parameters
    ----------
    start : datetime.date
        The day the period runs from, such as the day a request was received.
    days : int
        Whole calendar days, 0 or more.

    Returns
    -------
    datetime.date
        The last day of the period.
    """
    return _check_date(start, "start") + dt.timedelta(days=_check_count(days, "days"))


def add_months(*, start: dt.date, months: int) -> dt.date:
    """The day a period of ``months`` calendar months that starts on ``start`` ends.

    It ends on the same day-number ``months`` later; if that month is too short, on its
    last day (Regulation 1182/71 art. 3(2)(c); ICO right of access guidance). So one
    month from 31 January 2028 is 29 February 2028 (a leap year), from 31 January 2027
    it is 28 February 2027, and three months from 30 November 2026 is 28 February 2027.

    Parameters
    ----------
    start : datetime.date
        The day the period runs from.
    months : int
        Whole months, 0 or more.

    Returns
    -------
    datetime.date
        The last day of the period.
    """
    start = _check_date(start, "start")
    total = start.month - 1 + _check_count(months, "months")
    year, month = start.year + total // 12, total % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last))


def next_working_day(*, day: dt.date) -> dt.date:
    """``day`` itself from Monday to Friday; the Monday after, if it is a Saturday or Sunday.

    Regulation 1182/71 art. 3(4) and the ICO guidance give a deadline that falls on a
    weekend until the next working day. Public holidays are not known to this package
    (:data:`HOLIDAYS_NOTE`), so a deadline on one is not moved here; the letter says so.

    Parameters
    ----------
    day : datetime.date
        A deadline's last day.

    Returns
    -------
    datetime.date
        The same day, or the Monday after a weekend.
    """
    day = _check_date(day, "day")
    weekday = day.weekday()
    return day + dt.timedelta(days=7 - weekday) if weekday >= _SATURDAY else day


def due_date(
    *, start: dt.date, days: int = 0, months: int = 0, weekend_moves: bool = True
) -> dt.date:
    """The due date of a period of ``months`` and then ``days`` from ``start``.

    The months are added first (:func:`add_months`), then the days; a weekend last day
    moves to Monday when the rule says so (``weekend_moves``).

    Parameters
    ----------
    start : datetime.date
        The day the period runs from.
    days : int
        Calendar days, 0 or more.
    months : int
        Calendar months, 0 or more.
    weekend_moves : bool
        Whether a deadline on a Saturday or Sunday moves to the Monday after.

    Returns
    -------
    datetime.date
        The due date.
    """
    end = add_days(start=add_months(start=start, months=months), days=days)
    return next_working_day(day=end) if weekend_moves else end
