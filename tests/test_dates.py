"""The one date parser: each way people write a day, worked out by hand."""

import datetime as dt

import pytest

from collective_ai.dates import (
    DAY_FIRST,
    MONTH_FIRST,
    iso_date,
    iso_month_or_date,
    parse_date,
    show_date,
)
from collective_ai.errors import InputError

MARCH_3 = dt.date(2026, 3, 3)


@pytest.mark.parametrize(
    "text",
    [
        "3 March 2026",
        "3 march 2026",
        "3rd March 2026",
        "03 Mar 2026",
        "March 3, 2026",
        "March 3 2026",
        "Mar 3rd, 2026",
        "2026-03-03",
        "2026-3-3",
        "2026/03/03",
        "  3   March 2026 ",
        "03/03/2026",  # both readings are the same day
    ],
)
def test_ways_of_writing_one_day(text):
    assert parse_date(text) == MARCH_3


def test_numbers_only_follow_the_order_given():
    assert parse_date("03/04/2026", order=DAY_FIRST) == dt.date(2026, 4, 3)
    assert parse_date("03/04/2026", order=MONTH_FIRST) == dt.date(2026, 3, 4)
    assert parse_date("3.4.2026", order=DAY_FIRST) == dt.date(2026, 4, 3)
    assert parse_date("3-4-2026", order=MONTH_FIRST) == dt.date(2026, 3, 4)


def test_numbers_with_one_real_reading_need_no_order():
    # 13 cannot be a month, so 13/03 is 13 March and 03/13 is March 13.
    assert parse_date("13/03/2026") == dt.date(2026, 3, 13)
    assert parse_date("03/13/2026") == dt.date(2026, 3, 13)


def test_an_ambiguous_date_is_a_question_in_words():
    with pytest.raises(InputError) as caught:
        parse_date("03/04/2026")
    message = str(caught.value)
    assert "3 April 2026" in message
    assert "4 March 2026" in message
    assert "?" in message
    assert "YYYY" not in message.upper()
    assert caught.value.field == "date"


def test_the_order_given_must_give_a_real_day():
    with pytest.raises(InputError, match="no month 13"):
        parse_date("03/13/2026", order=DAY_FIRST)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("31 February 2026", "February 2026 has no day 31"),
        ("2026-02-29", "February 2026 has no day 29"),
        ("2026-13-01", "no month 13"),
        ("3/3/26", "year in full"),
        ("3 March 26", "year in full"),
        ("next Tuesday", "write it like 3 March 2026"),
        ("3 Marsh 2026", "write it like 3 March 2026"),
        ("", "is empty"),
        ("40/40/2026", "not a day in the calendar"),
    ],
)
def test_what_is_not_a_date_says_what_to_write(text, says):
    with pytest.raises(InputError, match=says) as caught:
        parse_date(text, field="when")
    assert caught.value.field == "when"
    assert "YYYY" not in str(caught.value).upper()


def test_a_leap_day_exists_in_a_leap_year():
    assert parse_date("29 February 2028") == dt.date(2028, 2, 29)


def test_shown_back_with_the_month_as_a_word():
    assert show_date(MARCH_3) == "3 March 2026"
    assert show_date("2026-12-25") == "25 December 2026"
    assert show_date("sometime in spring") == "sometime in spring"  # never hidden
    assert iso_date("March 3, 2026") == "2026-03-03"


def test_an_unknown_order_is_refused():
    with pytest.raises(InputError, match="day-first or month-first"):
        parse_date("03/04/2026", order="middle")


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("2024", "2024"),
        ("March 2024", "2024-03"),
        ("2024-03", "2024-03"),
        ("3 March 2024", "2024-03-03"),
    ],
)
def test_in_use_since_keeps_what_is_known(text, stored):
    assert iso_month_or_date(text) == stored


def test_in_use_since_says_what_it_takes():
    with pytest.raises(InputError, match=r"a year \(2024\), a month \(March 2024\)"):
        iso_month_or_date("spring")


def test_the_evidence_command_reads_dates_as_people_write_them(tmp_path, capsys):
    from collective_ai.cli import main

    db = str(tmp_path / "log.sqlite")
    add = ["evidence", "add", "--db", db, "--system", "Pace", "--decides", "rate"]
    add += ["--where", "night", "--effect", "written up"]
    assert main([*add, "--date", "03/04/2026"]) == 2
    assert "3 April 2026 or 4 March 2026?" in capsys.readouterr().err
    assert main([*add, "--date", "03/04/2026", "--date-order", "day-first"]) == 0
    assert main([*add, "--date", "March 5, 2026"]) == 0
    capsys.readouterr()
    assert main(["evidence", "list", "--db", db, "--format", "markdown"]) == 0
    listed = capsys.readouterr().out
    assert "| 3 April 2026 |" in listed
    assert "| 5 March 2026 |" in listed
