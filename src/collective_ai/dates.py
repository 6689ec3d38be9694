"""Every date a person types goes through :func:`parse_date`; every date shown, :func:`show_date`.

People write dates many ways: "3 March 2026", "March 3, 2026", "2026-03-03", "03/03/2026".
The first three can mean only one day. Numbers alone, such as 03/04/2026, mean 3 April in
most of the world and March 4 in the United States, so they are read only when the order
is given (``order="day-first"`` or ``"month-first"``) or when just one reading is a real
date (13/03/2026, 03/03/2026). Otherwise the person is asked which they meant, in words: a
form code such as a pattern of letters helps no one. A date is shown back with the month
as a word ("3 March 2026"), which no reader can take the wrong way round, and stored as
ISO text (2026-03-03), which sorts.
"""

from __future__ import annotations

import datetime as dt
import re

from collective_ai.errors import InputError
from collective_ai.i18n import N_, _, format_date, format_month, format_weekday

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: Spanish month names, read as well as English ones so a date shown in Spanish ("3 de marzo
#: de 2026") can be typed back; "de" and "del" between the words are skipped.
MESES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
_LINKS = {"de", "del"}
DAY_FIRST = "day-first"
MONTH_FIRST = "month-first"
#: The choices a form offers for numbers-only dates: value -> what it means, in words.
ORDERS = {
    DAY_FIRST: "day first (03/04/2026 is 3 April)",
    MONTH_FIRST: "month first (03/04/2026 is March 4)",
}
EXAMPLE = "3 March 2026"


def example() -> str:
    """:data:`EXAMPLE` in the language in use ("3 de marzo de 2026"): what a hint shows."""
    return format_date(dt.date(2026, 3, 3))


_YEAR = N_("{raw!r}: write the year in full, such as {example}")
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMBERS = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d+)")
_ORDINAL = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b")


def parse_date(text, *, order: str | None = None, field: str = "date") -> dt.date:
    """The day ``text`` names, or :class:`InputError` saying what to write instead.

    Parameters
    ----------
    text : str or datetime.date
        What was typed: "3 March 2026", "3rd Mar 2026", "March 3, 2026", "2026-03-03",
        or numbers only ("03/03/2026", also with dots or dashes) with ``order``.
    order : {"day-first", "month-first"}, optional
        How to read numbers-only dates. Without it, such a date is read only when one
        reading alone is a real day.
    field : str
        The field named in the error.

    Raises
    ------
    InputError
        When ``text`` is empty, is not a date, names a day that does not exist, or could
        be two days (the message asks which).
    """
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    if order not in (None, "", DAY_FIRST, MONTH_FIRST):
        raise InputError(
            _("choose {one} or {other}, not {order!r}").format(
                one=DAY_FIRST, other=MONTH_FIRST, order=order
            ),
            field="order",
        )
    raw = " ".join(str(text or "").split())
    if not raw:
        raise InputError(
            _("is empty: write the date, such as {example}").format(example=example()),
            field=field,
        )
    cleaned = _ORDINAL.sub(r"\1", raw.lower().replace(",", " "))
    if match := _ISO.fullmatch(cleaned):
        year, month, day = (int(g) for g in match.groups())
        return _day(year, month, day, raw, field)
    if match := _NUMBERS.fullmatch(cleaned):
        return _numbers(match, order or None, raw, field)
    return _words([t for t in cleaned.split() if t not in _LINKS], raw, field)


def show_date(day) -> str:
    """A date as people read it with no doubt about the order: "3 March 2026".

    In Spanish, "3 de marzo de 2026" (:func:`collective_ai.i18n.format_date`). Text that
    is not a date (an old record typed by hand) is shown as it is.
    """
    if not isinstance(day, dt.date):
        try:
            day = parse_date(day)
        except InputError:
            return str(day)
    return format_date(day)


def show_month(text: str) -> str:
    """A month the law is stated "as of" ("December 2026") in the language in use."""
    return format_month(dt.datetime.strptime(text, "%B %Y").date())


def show_weekday(day: dt.date) -> str:
    """The day of the week in words ("Sunday"), for a deadline that a weekend moves."""
    return format_weekday(day)


def iso_date(text, *, order: str | None = None, field: str = "date") -> str:
    """:func:`parse_date` as stored text (2026-03-03), the form the evidence log keeps."""
    return parse_date(text, order=order, field=field).isoformat()


def iso_month_or_date(text, *, field: str = "since") -> str:
    """A year ("2024"), a month ("March 2024", "2024-03") or a day, as ISO text of that length.

    For "in use since", which people often know only to the month or the year.
    """
    raw = " ".join(str(text or "").split())
    if re.fullmatch(r"\d{4}", raw):
        return raw
    tokens = [t for t in raw.lower().replace(",", " ").split() if t not in _LINKS]
    if len(tokens) == 2 and _month(tokens[0]) and re.fullmatch(r"\d{4}", tokens[1]):
        return f"{tokens[1]}-{_month(tokens[0]):02d}"
    if match := re.fullmatch(r"(\d{4})[-/](\d{1,2})", raw):
        year, month = (int(g) for g in match.groups())
        if 1 <= month <= 12:
            return f"{year}-{month:02d}"
    try:
        return iso_date(raw, field=field)
    except InputError:
        raise InputError(
            _("{raw!r} should be a year (2024), a month (March 2024) or a day ({example})").format(
                raw=raw, example=example()
            ),
            field=field,
        ) from None


def _numbers(match: re.Match, order: str | None, raw: str, field: str) -> dt.date:
    first, second, year_text = match.groups()
    if len(year_text) != 4:
        raise InputError(_(_YEAR).format(raw=raw, example=example()), field=field)
    first, second, year = int(first), int(second), int(year_text)
    readings = {DAY_FIRST: (first, second), MONTH_FIRST: (second, first)}
    if order:
        day, month = readings[order]
        return _day(year, month, day, raw, field)
    found = (_real(year, month, day) for day, month in readings.values())
    days = list(dict.fromkeys(d for d in found if d is not None))  # day-first reading first
    if len(days) == 1:
        return days[0]
    if not days:
        raise InputError(_("{raw!r} is not a day in the calendar").format(raw=raw), field=field)
    one, other = (show_date(d) for d in days)
    raise InputError(
        _(
            "does {raw} mean {one} or {other}? Write the month as a word, such as "
            "{example}, or say whether the day or the month comes first"
        ).format(raw=raw, one=one, other=other, example=example()),
        field=field,
    )


def _words(tokens: list[str], raw: str, field: str) -> dt.date:
    months = [i for i, token in enumerate(tokens) if _month(token)]
    numbers = [t for t in tokens if t.isdigit()]
    if len(tokens) == 3 and len(months) == 1 and len(numbers) == 2:
        month = _month(tokens[months[0]])
        day_text, year_text = numbers if len(numbers[1]) == 4 else numbers[::-1]
        if len(year_text) == 4 and len(day_text) <= 2:
            return _day(int(year_text), month, int(day_text), raw, field)
        if len(year_text) != 4:
            raise InputError(_(_YEAR).format(raw=raw, example=example()), field=field)
    raise InputError(
        _("{raw!r} is not a date; write it like {example}").format(raw=raw, example=example()),
        field=field,
    )


def _month(token: str) -> int | None:
    """1 to 12 for a month's name or its first three letters or more ("sept"), else None."""
    if len(token) < 3 or not token.isalpha():
        return None
    for names in (MONTHS, MESES):
        found = next(
            (i + 1 for i, name in enumerate(names) if name.lower().startswith(token)), None
        )
        if found:
            return found
    return None


def _real(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day(year: int, month: int, day: int, raw: str, field: str) -> dt.date:
    found = _real(year, month, day)
    if found is not None:
        return found
    if not 1 <= month <= 12:
        raise InputError(
            _("{raw!r}: a year has no month {month}").format(raw=raw, month=month), field=field
        )
    raise InputError(
        _("{raw!r}: {month} has no day {day}").format(
            raw=raw, month=format_month(dt.date(year, month, 1)), day=day
        ),
        field=field,
    )
