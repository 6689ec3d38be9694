"""``audit --format ll144``: every field 6 RCNY 5-303 and 5-301(d) require, in Markdown and HTML."""

import datetime

import pandas as pd
import pytest

from collective_ai.audit import audit, ll144
from collective_ai.cli import main
from collective_ai.errors import InputError

# Hand-made: 100 women (30 selected), 100 men (50 selected), 3 people of unknown sex;
# race A 121 (49), B 79 (30), C 3 (2): C is 3 of 203 = 1.5%, under 2%.
ROWS = (
    [("F", "A", 1)] * 18
    + [("F", "A", 0)] * 42
    + [("F", "B", 1)] * 11
    + [("F", "B", 0)] * 28
    + [("F", "C", 1)] * 1
    + [("M", "A", 1)] * 30
    + [("M", "A", 0)] * 30
    + [("M", "B", 1)] * 19
    + [("M", "B", 0)] * 19
    + [("M", "C", 1)] * 1
    + [("M", "C", 0)] * 1
    + [("", "A", 1)] * 1
    + [("", "B", 0)] * 2
)


@pytest.fixture
def report():
    frame = pd.DataFrame(ROWS, columns=["sex", "race", "selected"])
    return audit(frame, groups=["sex", "race"], selected="selected", exclude_small=True)


@pytest.fixture
def summary(report):
    return ll144.build_summary(
        report,
        audit_date="2026-11-30",
        distribution_date=datetime.date(2025, 1, 15),
        data_source="Applications to store jobs, Jan to Oct 2026",
        data_type="historical",
    )


def test_hand_worked_counts(report):
    sex, race, both = report.tables
    assert (sex.groups["F"].n, sex.groups["F"].selected, sex.unknown) == (100, 30, 3)
    assert sex.groups["F"].impact_ratio == pytest.approx(0.6)
    assert race.excluded == ["C"]
    assert race.unknown == 0
    assert both.unknown == 3


def test_every_required_field_is_present(summary):
    present = ll144.present_fields(summary)
    assert set(present) == {f.key for f in ll144.REQUIRED}
    assert all(present.values())


@pytest.mark.parametrize("render", [ll144.to_markdown, ll144.to_html])
def test_each_required_field_is_printed(summary, render):
    text = render(summary)
    # Dates (5-303(a)(1), (a)(2)) and the source of the data (5-303(a)(1), 5-302).
    assert "Date of the most recent bias audit" in text
    assert "30 November 2026" in text
    assert "Distribution date of the tool" in text
    assert "15 January 2025" in text
    assert "Applications to store jobs" in text
    assert "historical data" in text
    # Unknown counts for every table: 3 for sex and for the intersection, 0 for race.
    assert "People in an unknown category (sex)" in text
    assert "People in an unknown category (race)" in text
    # Applicants, rates and ratios for sex, race and their intersection (5-301(b)(3)).
    for heading in ("Results by sex", "Results by race", "Results by sex / race"):
        assert heading in text.replace("\\", "")
    assert "30.0%" in text
    assert "0.600" in text
    assert "50.0%" in text
    # The 2% exclusion: named, with its applicants, its share and its rate (5-301(d)).
    assert "excluded (under 2%)" in text
    assert "3 of the 203 applicants" in text
    assert "1.5%" in text
    assert "66.7%" in text
    # The checklist names each rule and finds every field.
    for field in ll144.REQUIRED:
        assert field.rule in text
    assert "MISSING" not in text


def test_html_is_one_page_and_escapes_typed_text(report):
    summary = ll144.build_summary(
        report,
        audit_date="2026-11-30",
        distribution_date="2025-01-15",
        data_source="<script>alert(1)</script> **bold**",
        data_type="test",
    )
    html = ll144.to_html(summary)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert html.startswith("<!DOCTYPE html>")
    assert "http" not in html
    assert "why historical data was not used" in html
    markdown = ll144.to_markdown(summary)
    assert "**bold**" not in markdown
    assert r"\*\*bold\*\*" in markdown


def test_missing_field_is_shown_not_hidden(summary):
    summary.report.tables[0].groups["F"].selection_rate = None
    assert ll144.present_fields(summary)["rates"] is False
    assert "Selection or scoring rate of each category (6 RCNY 5-303(a)(1)): MISSING" in (
        ll144.to_markdown(summary)
    )


def test_one_group_column_is_refused(report):
    frame = pd.DataFrame(ROWS, columns=["sex", "race", "selected"])
    single = audit(frame, groups=["sex"], selected="selected")
    with pytest.raises(InputError, match="--group twice"):
        ll144.build_summary(
            single,
            audit_date="2026-11-30",
            distribution_date="2025-01-15",
            data_source="x",
            data_type="historical",
        )


def test_bad_date_is_refused(report):
    with pytest.raises(InputError, match="YYYY-MM-DD") as caught:
        ll144.build_summary(
            report,
            audit_date="30/11/2026",
            distribution_date="2025-01-15",
            data_source="x",
            data_type="historical",
        )
    assert caught.value.field == "--audit-date"


AUDIT = ["--group", "sex", "--group", "race", "--selected", "selected", "--format", "ll144"]


def write_rows(tmp_path):
    path = tmp_path / "decisions.csv"
    lines = ["sex,race,selected"] + [f"{s},{r},{o}" for s, r, o in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_command_line_writes_markdown_and_html(tmp_path, capsys):
    path = write_rows(tmp_path)
    common = ["audit", str(path), *AUDIT, "--exclude-small", "--audit-date", "2026-11-30"]
    common += ["--distribution-date", "2025-01-15", "--data-source", "store jobs"]
    common += ["--data-type", "historical"]
    assert main(common) == 0
    assert capsys.readouterr().out.startswith("# Summary of bias audit results")
    out = tmp_path / "summary.html"
    assert main([*common, "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_command_line_names_every_missing_option(tmp_path, capsys):
    path = write_rows(tmp_path)
    code = main(["audit", str(path), *AUDIT, "--data-type", "test"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--audit-date, --distribution-date, --data-source" in err


def test_required_table_lists_every_field_and_rule():
    html = ll144.required_html()
    for field in ll144.REQUIRED:
        assert f'<th scope="row">{field.label}</th><td>{field.rule}</td>' in html


def test_people_assessed_counts_people_when_the_input_is_counts(report):
    """The same people as one count row per combination: the summary says 203, not 8 rows."""
    frame = pd.DataFrame(ROWS, columns=["sex", "race", "selected"])
    counts = frame.groupby(["sex", "race"]).agg(
        n=("selected", "size"), selected=("selected", "sum")
    )
    from_counts = audit(
        counts.reset_index(), groups=["sex", "race"], selected="selected", n="n", exclude_small=True
    )
    summary = ll144.build_summary(
        from_counts,
        audit_date="2026-11-30",
        distribution_date=datetime.date(2025, 1, 15),
        data_source="Applications",
        data_type="historical",
    )
    assert len(counts) == 8
    assert f"- **People assessed:** {len(ROWS)}" in ll144.to_markdown(summary)
