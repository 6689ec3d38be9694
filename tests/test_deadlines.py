"""Deadlines on hand-worked dates: month ends, leap years, weekends and extensions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collective_ai.dates import parse_date
from collective_ai.deadlines import (
    HOLIDAYS_NOTE,
    add_days,
    add_months,
    due_date,
    next_working_day,
)

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        # The ICO's own example: received 3 September, due 3 October.
        (D(2026, 9, 3), 1, D(2026, 10, 3)),
        # No 31 February: the last day of February (Reg. 1182/71 art. 3(2)(c)).
        (D(2027, 1, 31), 1, D(2027, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # 2028 is a leap year
        (D(2028, 1, 30), 1, D(2028, 2, 29)),
        (D(2028, 2, 29), 1, D(2028, 3, 29)),
        (D(2028, 2, 29), 12, D(2029, 2, 28)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),  # over the new year
        (D(2026, 11, 30), 3, D(2027, 2, 28)),  # one month plus two further months
        (D(2027, 3, 31), 1, D(2027, 4, 30)),
        (D(2027, 5, 10), 0, D(2027, 5, 10)),
    ],
)
def test_add_months(start, months, end):
    assert add_months(start=start, months=months) == end


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        (D(2027, 3, 1), 45, D(2027, 4, 15)),  # 30 days to 31 March, 15 more
        (D(2026, 12, 7), 45, D(2027, 1, 21)),  # 24 days to 31 December, 21 more
        (D(2026, 12, 7), 90, D(2027, 3, 7)),  # 24 + 31 + 28 + 7
        (D(2028, 2, 28), 1, D(2028, 2, 29)),
        (D(2027, 2, 28), 1, D(2027, 3, 1)),
    ],
)
def test_add_days(start, days, end):
    assert add_days(start=start, days=days) == end


def test_next_working_day_moves_only_weekends():
    assert next_working_day(day=D(2026, 12, 11)) == D(2026, 12, 11)  # Friday
    assert next_working_day(day=D(2026, 12, 12)) == D(2026, 12, 14)  # Saturday -> Monday
    assert next_working_day(day=D(2026, 12, 13)) == D(2026, 12, 14)  # Sunday -> Monday
    # Christmas Day 2026 is a Friday and stays: holidays are not known here.
    assert next_working_day(day=D(2026, 12, 25)) == D(2026, 12, 25)
    assert "not counted" in HOLIDAYS_NOTE


def test_due_date_gdpr_request_sent_on_31_january():
    # 31 January 2027 + one month = Sunday 28 February, so Monday 1 March.
    assert D(2027, 2, 28).weekday() == 6
    assert due_date(start=D(2027, 1, 31), months=1) == D(2027, 3, 1)
    assert due_date(start=D(2027, 1, 31), months=1, weekend_moves=False) == D(2027, 2, 28)
    # Extended by two further months: three months from receipt, 30 April 2027 (a Friday).
    assert due_date(start=D(2027, 1, 31), months=3) == D(2027, 4, 30)
    # In the leap year the first month ends on Tuesday 29 February 2028.
    assert due_date(start=D(2028, 1, 31), months=1) == D(2028, 2, 29)


def test_due_date_ccpa_45_days_and_the_extension():
    # Sent Monday 7 December 2026: 45 days is Thursday 21 January 2027.
    assert due_date(start=D(2026, 12, 7), days=45) == D(2027, 1, 21)
    # 45 more: Sunday 7 March 2027, which moves to Monday 8 March when weekends move.
    assert due_date(start=D(2026, 12, 7), days=90) == D(2027, 3, 8)
    assert due_date(start=D(2026, 12, 7), days=90, weekend_moves=False) == D(2027, 3, 7)


def test_typed_dates_go_through_the_one_parser():
    assert add_months(start=parse_date("31 January 2028"), months=1) == D(2028, 2, 29)


@pytest.mark.parametrize(
    "call",
    [
        lambda: add_days(start="2027-01-01", days=1),
        lambda: add_days(start=dt.datetime(2027, 1, 1), days=1),
        lambda: add_months(start=D(2027, 1, 1), months=-1),
        lambda: add_days(start=D(2027, 1, 1), days=1.5),
        lambda: add_days(start=D(2027, 1, 1), days=True),
    ],
)
def test_bad_arguments_are_refused(call):
    with pytest.raises((TypeError, ValueError)):
        call()


def test_arguments_are_keyword_only():
    with pytest.raises(TypeError):
        add_months(D(2027, 1, 1), 1)


DAYS = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))


@given(start=DAYS, months=st.integers(min_value=0, max_value=36))
def test_add_months_lands_in_the_right_month_on_the_same_day_or_its_end(start, months):
    end = add_months(start=start, months=months)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    if start.day <= 28:
        assert end.day == start.day
    else:  # the same day, or the month's last day when it has no such day
        assert end.day == start.day or (end + dt.timedelta(days=1)).day == 1


@given(day=DAYS)
def test_next_working_day_is_a_weekday_at_most_two_days_on(day):
    moved = next_working_day(day=day)
    assert moved.weekday() < 5
    assert 0 <= (moved - day).days <= 2
    assert (moved == day) == (day.weekday() < 5)
