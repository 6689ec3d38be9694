"""collective_ai.audit.report and .chart: printable, self-contained, and data is escaped."""

import datetime
import re

import pandas as pd
import pytest

from collective_ai.audit import audit, audit_counts, chart
from collective_ai.audit.report import html_table, readings, text_table, to_html, to_markdown
from collective_ai.embed import png_bytes

DAY = datetime.date(2026, 11, 22)
NASTY = "<script>alert(1)</script> **Local 7** [x](javascript:y) $a$"


@pytest.fixture
def report():
    rows = [(NASTY, 1)] * 20 + [(NASTY, 0)] * 30 + [("Others", 1)] * 35 + [("Others", 0)] * 15
    df = pd.DataFrame(rows, columns=["crew <i>", "kept"])
    return audit(df, groups=["crew <i>"], selected="kept")


def test_html_is_self_contained_and_escaped(report):
    page = to_html(report, data_description="payroll <export>", date=DAY)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "payroll &lt;export&gt;" in page
    assert "crew &lt;i&gt;" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # no external assets
    tags = re.findall(r"<img [^>]+>", page)
    assert len(tags) == 1
    assert 'src="data:image/png;base64,' in tags[0]
    assert re.search(r'alt="Bar chart of the selection rate[^"]*"', tags[0])
    assert "Date: 2026-11-22" in page
    assert "not legal advice" in page
    assert "@media print" in page


def test_reading_of_a_flag_in_plain_words(report):
    table = report.tables[0]
    [sentence] = readings(table)
    # 20/50 = 40% against 35/50 = 70%: ratio 0.57
    assert sentence.startswith(NASTY + ": 20 of 50 selected (40.0%), which is 0.57 times")
    assert "under four-fifths" in sentence
    assert "p = 0.0" in sentence


def test_markdown_escapes_data_and_keeps_our_text(report):
    text = to_markdown(report, data_description="file_1.csv", date=DAY, charts=False)
    assert "\\*\\*Local 7\\*\\*" in text
    assert "**Local 7**" not in text
    assert "\\[x\\]\\(javascript\\:y\\)" in text
    assert "- Data: file\\_1\\.csv" in text
    assert "| Category | People | Selected |" in text
    assert "## Caveats" in text
    assert "data:image" not in text


def test_markdown_chart_has_alt_text(report):
    text = to_markdown(report, data_description="d", date=DAY)
    assert "![Bar chart of the selection rate by crew \\<i\\>\\." in text
    assert "](data:image/png;base64," in text


def test_no_flag_reading_and_scoring_columns():
    table = audit_counts({"a": (10, 5), "b": (100, 48)}, above_median={"a": 5, "b": 50})
    assert readings(table)[0].startswith("No category is selected at less than four-fifths")
    assert '<th scope="col">Scoring rate</th>' in html_table(table)


def test_excluded_category_is_marked():
    table = audit_counts({"a": (100, 50), "b": (47, 20), "c": (2, 2)}, exclude_small=True)
    assert "excluded (under 2%)" in html_table(table)
    assert "c: 100.0%." in chart.alt_text(table)


def test_chart_redraws_in_place_and_keeps_dollars_literal():
    figure = chart.new_figure()
    first = audit_counts({"$x$": (10, 5), "b": (10, 2)})
    same = chart.draw_rates(first, figure=figure)
    assert same is figure
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels == [r"\$x\$", "b"]  # shown as typed, not as mathematics
    png = png_bytes(figure)
    chart.draw_rates(audit_counts({"a": (10, 9), "b": (10, 1)}), figure=figure)
    assert len(figure.axes) == 1
    assert png_bytes(figure) != png
    assert "A dashed line marks four-fifths of the highest rate: 40.0%." in chart.alt_text(first)


def test_text_table_lines_up():
    table = audit_counts({"day": (120, 60), "evening": (80, 32)}, by="shift")
    assert text_table(table).splitlines() == [
        "shift    people  selected   rate  impact ratio  four-fifths",
        "day         120        60  50.0%         1.000  no flag",
        "evening      80        32  40.0%         0.800  no flag",
    ]


def test_caveats_say_the_guidelines_do_not_cover_age_or_disability():
    """29 CFR 1607.2(D): the four-fifths rule's guidelines leave out the ADEA and disability."""
    from collective_ai.audit.report import CAVEATS

    assert any("do not cover age or disability (29 CFR 1607.2(D))" in c for c in CAVEATS)


def test_a_table_too_long_to_chart_keeps_its_rows_and_says_why():
    counts = {f"team {i:02d}": (10, i % 10) for i in range(61)}
    report = audit(
        pd.DataFrame(
            [(name, j < chosen) for name, (n, chosen) in counts.items() for j in range(n)],
            columns=["team", "kept"],
        ),
        groups="team",
        selected="kept",
    )
    for text in (
        to_markdown(report, data_description="d", date=DAY),
        to_html(report, data_description="d", date=DAY),
    ):
        assert "data:image/png" not in text
        assert "61 categories are too many bars to read" in text
        assert "team 60" in text


def test_a_line_break_in_a_category_stays_in_its_table_cell():
    df = pd.DataFrame({"team\nname": ["night\n| shift |", "day"] * 5, "kept": [1, 0, 1, 1, 0] * 2})
    text = to_markdown(audit(df, groups="team\nname", selected="kept"), data_description="d")
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert len(table) == 4  # header, rule, two categories: no phantom row
    assert all(line.count(" | ") == table[0].count(" | ") for line in table[2:])
    assert any(line.startswith("| night<br>\\| shift \\| |") for line in table)
    assert "## By team<br>name" in text
