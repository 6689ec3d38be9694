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
    assert "Date: 22 November 2026" in page
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
    assert any(line.startswith("| night \\| shift \\| |") for line in table)
    assert "## By team name" in text


# Blank lines inside the names: each would end a paragraph, a list item or an image's alt.
BROKEN = {
    "night\n\nshift one": (40, 10),
    "late\r\rshift two": (40, 30),
    "day\r\n\r\nshift three": (40, 32),
}


def broken_report():
    rows = [
        (name, sex, j < chosen)
        for name, (n, chosen) in BROKEN.items()
        for sex in ("F", "M")
        for j in range(n)
    ]
    return audit(
        pd.DataFrame(rows, columns=["crew", "sex", "kept"]), groups=["sex", "crew"], selected="kept"
    )


def markdown_of(writer: str) -> str:
    from collective_ai.audit import ll144
    from collective_ai.audit.check import check_published
    from collective_ai.audit.check_report import to_markdown as check_markdown
    from collective_ai.demands import Attachment, draft_document, render

    report = broken_report()
    if writer == "report":
        return to_markdown(report, data_description="line\n\nbreak", date=DAY)
    if writer == "ll144":
        summary = ll144.build_summary(
            report,
            audit_date=DAY,
            distribution_date=DAY,
            data_type="historical",
            data_source="two\n\nlines",
            tool="Rate\r\rTrack",
        )
        return ll144.to_markdown(summary)
    if writer == "check":
        published = (
            "table,category,applicants,selected,rate,impact_ratio\n"
            'crew,"night\n\nshift one",400,200,50.0%,1.00\n'
            'crew,"late\r\rshift two",400,159,39.8%,0.80\n'
        )
        return check_markdown(check_published(published.encode()))
    attachment = Attachment.from_audit(report, data_description="d", date=DAY)
    fields = {
        "employer": "Acme",
        "workplace": "Depot",
        "ai_system": "RateTrack",
        "group_name": "Committee",
        "contact": "c@example.org",
        "date": "2026-11-22",
    }
    letter = draft_document(
        ["bias-test-results"], form="letter", fields=fields, attachment=attachment
    )
    return render(letter, fmt="markdown")


@pytest.mark.parametrize("writer", ["report", "ll144", "check", "letter"])
def test_a_line_break_in_a_category_never_breaks_a_markdown_line(writer):
    """Chart text, bullets, headings and tables each keep a category on its own line."""
    text = markdown_of(writer)
    lines = text.splitlines()
    assert not [line for line in lines if re.match(r"\s*(shift|break|lines|Track|file)", line)]
    for first, rest in (("night", "shift one"), ("late", "shift two")):
        holding = [line for line in lines if first in line]
        assert holding
        assert all(re.search(first + r" +" + rest, line) for line in holding)
    if writer in ("report", "letter"):
        from markdown_it import MarkdownIt

        tokens = MarkdownIt("commonmark").enable("table").parse(text)
        images = [c for t in tokens for c in t.children or [] if c.type == "image"]
        assert len(images) == 3  # sex, crew and their intersection
        assert all(i.attrs["src"].startswith("data:image/png;base64,") for i in images)
        alt = "".join(child.content for child in images[1].children)
        assert "night shift one: 25.0%" in alt


def test_a_date_given_as_text_is_printed_as_given(report):
    """Attachment.from_audit documents ``date`` as text or a date; text used to crash."""
    from collective_ai.demands import Attachment

    attachment = Attachment.from_audit(report, data_description="d", date="30 November 2026")
    assert "- Date: 30 November 2026" in attachment.markdown
    assert "<li>Date: 30 November 2026</li>" in attachment.html
    assert "Date: &lt;b&gt;" in to_html(report, data_description="d", date="<b>")
