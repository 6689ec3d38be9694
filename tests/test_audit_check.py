"""``audit-check``: hand-made published tables, one for each kind of discrepancy."""

import json
from fractions import Fraction

import pytest

from collective_ai.audit.check import KINDS, check_published
from collective_ai.audit.check_report import html_table, to_markdown
from collective_ai.audit.published import example_path, parse_printed, printed_html, read_published
from collective_ai.cli import main
from collective_ai.errors import InputError

HEADER = "table,category,applicants,selected,rate,impact_ratio\n"


def check(text, **kwargs):
    return check_published((HEADER + text).encode(), **kwargs)


def row(report, table, category):
    return next(r for r in report.rows if r.table == table and r.category == category)


def test_a_correct_table_matches_everywhere():
    # 400/1000 = 40.0%, 300/1000 = 30.0%, 30/40 = 0.75 exactly.
    report = check("sex,M,1000,400,40.0%,1.00\nsex,F,1000,300,30.0%,0.75\nsex,Unknown,7,,,\n")
    assert [r.status for r in report.rows] == ["match", "match", "unknown"]
    assert row(report, "sex", "F").exact_ratio == 0.75


def test_printed_080_over_an_exact_0795_crosses_four_fifths():
    # 159/400 = 0.3975 against 200/400 = 0.5: exactly 0.795, printed (rounded) as 0.80.
    report = check("race,A,400,200,50.0%,1.00\nrace,B,400,159,39.8%,0.80\nrace,Unknown,0,,,\n")
    b = row(report, "race", "B")
    assert b.exact_ratio == pytest.approx(0.795)
    assert b.status == "crosses_four_fifths"
    kinds = {f.kind for f in b.findings}
    assert "crosses_four_fifths" in kinds
    assert "match" in kinds  # rounding alone explains it


def test_an_exact_four_fifths_is_not_a_crossing():
    # 32/40 against 40/40: exactly 0.8, printed 0.8: on the same side.
    report = check("g,A,40,40,100%,1\ng,B,40,32,80%,0.8\ng,Unknown,1,,,\n")
    assert row(report, "g", "B").status == "match"


def test_truncation_instead_of_rounding_is_the_publishers_rounding():
    # 460/600 = 0.76667 over 1.0: printed 0.76 (cut off) instead of 0.77.
    report = check("g,A,500,500,100%,1.00\ng,B,600,460,76.7%,0.76\ng,Unknown,0,,,\n")
    b = row(report, "g", "B")
    assert b.status == "rounding"
    assert "cut off" in next(f.message for f in b.findings if f.kind == "rounding")


def test_a_ratio_from_rounded_rates_is_the_publishers_rounding():
    # 44/95 = 46.3% and 423/900 = 47.0%: printed 46% / 47% = 0.979 -> 0.98; exactly 0.9854.
    report = check("g,A,900,423,47%,1.00\ng,B,95,44,46%,0.98\ng,Unknown,0,,,\n")
    b = row(report, "g", "B")
    assert {f.kind for f in b.findings} == {"match", "rounding", "too_small"}
    assert b.status == "too_small"  # 95 people: the more serious finding is the status
    assert "rounded rates" in next(f.message for f in b.findings if f.kind == "rounding")


def test_a_rate_that_contradicts_its_counts():
    # 140/310 = 45.2%, printed 42%.
    report = check("g,A,900,423,47%,1.00\ng,B,310,140,42%,0.96\ng,Unknown,0,,,\n")
    b = row(report, "g", "B")
    assert b.status == "rate_inconsistent"
    assert next(f for f in b.findings if f.kind == "rate_inconsistent").column == "rate"


def test_a_ratio_no_rounding_explains():
    report = check("g,A,100,50,50%,1.00\ng,B,100,45,45%,0.80\ng,Unknown,0,,,\n")
    assert row(report, "g", "B").status == "ratio_inconsistent"


def test_missing_unknown_count_and_missing_combination():
    text = (
        "sex,F,100,40,,\nsex,M,100,50,,\nsex,Unknown,3,,,\n"
        "race,X,100,45,,\nrace,Y,100,45,,\nrace,Unknown,3,,,\n"
        "sex / race,F / X,50,20,,\nsex / race,F / Y,50,20,,\nsex / race,M / X,50,25,,\n"
    )
    report = check(text)
    missing = [(r.table, r.category) for r in report.rows if r.status == "missing"]
    assert ("sex / race", "M / Y") in missing
    assert ("sex / race", "unknown category") in missing
    assert len(missing) == 2


def test_a_blank_ratio_is_an_exclusion_only_under_two_percent():
    # C: 1 of 211 people (0.5%) may be left out; D: 10 of 211 (4.7%) may not.
    text = (
        "g,A,100,50,50%,1.00\ng,B,100,45,45%,0.90\ng,C,1,1,100%,\ng,D,10,5,50%,\ng,Unknown,0,,,\n"
    )
    report = check(text)
    assert row(report, "g", "C").status == "excluded"  # 1 of 211 < 2%
    assert row(report, "g", "D").status == "missing"  # 10 of 211 = 4.7%


def test_exactly_two_percent_must_be_compared():
    # 2 of 100 is exactly 2%: not under it, so its ratio must be printed.
    report = check("g,A,49,20,,1\ng,B,49,20,,1\ng,C,2,1,,\ng,Unknown,0,,,\n")
    assert row(report, "g", "C").status == "missing"


def test_a_small_group_is_too_small_to_tell():
    # 95 people, 44 selected, against 423 of 900: the interval reaches both sides of 4/5.
    report = check("g,A,900,423,47.0%,1.00\ng,B,95,44,46.3%,0.99\ng,Unknown,0,,,\n")
    b = row(report, "g", "B")
    assert b.status == "too_small"
    assert "95% interval" in next(f.message for f in b.findings if f.kind == "too_small")


def test_a_large_clear_gap_is_not_too_small():
    report = check("g,A,1000,500,50.0%,1.00\ng,B,1000,300,30.0%,0.60\ng,Unknown,0,,,\n")
    assert row(report, "g", "B").status == "match"


def test_without_counts_ratios_are_checked_against_printed_rates():
    report = check("g,A,100,,50%,1.00\ng,B,100,,39.8%,0.80\ng,Unknown,0,,,\n")
    b = row(report, "g", "B")
    assert b.exact_rate is None
    assert b.exact_ratio == pytest.approx(0.796)
    assert b.status == "crosses_four_fifths"


def test_status_is_the_most_serious_finding():
    assert KINDS[0] == "crosses_four_fifths"
    assert KINDS[-1] == "match"


@pytest.mark.parametrize(
    ("text", "value", "places"),
    [
        ("0.80", Fraction(4, 5), 2),
        ("79.5%", Fraction(795, 1000), 3),
        ("1", Fraction(1), 0),
        ("0,75", Fraction(3, 4), 2),
        (".5", Fraction(1, 2), 1),
    ],
)
def test_printed_numbers_keep_their_places(text, value, places):
    printed = parse_printed(text, column="rate", row=2, percent_allowed=True)
    assert (printed.value, printed.places) == (value, places)


@pytest.mark.parametrize(
    ("text", "column", "row"),
    [
        ("g,A,abc,1,,\n", "applicants", 2),
        ("g,A,10,1,,\ng,B,10,11,,\n", "selected", 3),
        ("g,A,10,1,ten,\n", "rate", 2),
        ("g,A,10,1,40,\n", "rate", 2),
        ("g,A,10,1,,80%\n", "impact_ratio", 2),
        (",A,10,1,,\n", "table", 2),
    ],
)
def test_bad_cells_name_their_row_and_column(text, column, row):
    with pytest.raises(InputError) as caught:
        read_published((HEADER + text).encode())
    assert (caught.value.column, caught.value.row) == (column, row)


def test_missing_column_and_empty_file():
    with pytest.raises(InputError) as caught:
        read_published(b"table,category\nsex,F\n")
    assert caught.value.column == "applicants"
    assert caught.value.row == 1
    with pytest.raises(InputError):
        read_published(b"")


def test_spreadsheet_export_semicolons_and_bom():
    data = "\ufeffTable;Category;Applicants;Selected;Rate;Impact_Ratio\r\nsex;F;1 200;456;38,0%;0,86\r\n"
    rows = read_published(data.encode("utf-8"))
    assert rows[0].applicants == 1200
    assert rows[0].rate.value == Fraction(38, 100)


def test_markdown_escapes_names_from_the_file():
    report = check("g,**A**,100,50,50%,1.00\ng,B,100,45,45%,0.90\ng,Unknown,0,,,\n")
    text = to_markdown(report)
    assert "**A**" not in text
    assert r"\*\*A\*\*" in text


def test_command_line_json_markdown_and_exit_two(tmp_path, capsys):
    path = tmp_path / "published.csv"
    path.write_text(HEADER + "race,A,400,200,50.0%,1.00\nrace,B,400,159,39.8%,0.80\n", "utf-8")
    assert main(["audit-check", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["crosses_four_fifths"] == 1
    out = tmp_path / "check.md"
    assert main(["audit-check", str(path), "--format", "markdown", "--out", str(out)]) == 0
    assert "other side of four-fifths" in out.read_text("utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "race,A,many,1,,\n", "utf-8")
    assert main(["audit-check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "column 'applicants', row 2" in err


def test_html_table_uses_words_and_escapes():
    report = check("g,<b>A</b>,1000,500,50.0%,1.00\ng,B,400,159,39.8%,0.80\ng,Unknown,0,,,\n")
    html = html_table(report, table="g")
    assert "&lt;b&gt;A&lt;/b&gt;" in html
    assert "<b>" not in html
    assert "other side of four-fifths" in html
    assert "39.8%" in html
    assert "0.795" in html


def test_the_worked_example_shipped_with_the_book():
    """The constructed table of the exercise hides exactly one breach of four-fifths."""
    report = check_published(example_path("constructed"))
    crossings = [r for r in report.rows if r.status == "crosses_four_fifths"]
    assert [(r.table, r.category, r.printed_ratio) for r in crossings] == [
        ("race", "Black or African American", "0.80")
    ]
    assert crossings[0].exact_ratio == pytest.approx(244 / 652 / (423 / 900))
    assert report.counts()["rate_inconsistent"] == 1


def test_the_real_published_summary_mostly_adds_up():
    """Bloomberg's 2023 PLUM audit, as transcribed by Gerchick et al. (FAccT 2025)."""
    report = check_published(example_path("bloomberg-plum-2023"))
    counts = report.counts()
    assert counts["crosses_four_fifths"] == 0
    assert counts["rate_inconsistent"] == 0
    assert [(r.table, r.category) for r in report.rows if r.status == "ratio_inconsistent"] == [
        ("race", "White")
    ]
    assert counts["excluded"] == 7
    assert counts["unknown"] == 3


def test_printed_html_shows_the_table_as_published():
    rows = read_published((HEADER + "g,<i>A</i>,1200,456,38.0%,0.86\ng,Unknown,5,,,\n").encode())
    html = printed_html(rows, table="g")
    assert "&lt;i&gt;A&lt;/i&gt;" in html
    assert "1,200" in html
    assert "38.0%" in html
    assert html.count("<tr>") == 3  # header and two rows
