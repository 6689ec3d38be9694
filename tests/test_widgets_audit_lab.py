"""collective_ai.widgets.audit_lab.AuditLab: set a control, see the audit, chart and summary move."""

import base64
import datetime
import re

import pytest

from collective_ai.audit import chart
from collective_ai.widgets.audit_lab import AuditLab
from collective_ai.widgets.base import LabView


@pytest.fixture
def lab():
    return AuditLab()


def png(lab):
    return chart.png_base64(lab.figure)


def test_starts_on_the_sample(lab):
    assert isinstance(lab, LabView)
    assert [t.label for t in lab.result.tables] == ["sex", "race_ethnicity", "sex / race_ethnicity"]
    assert lab.controls["chart"].value == "sex"
    assert "Female" in lab.summary and "under four-fifths" in lab.summary
    assert lab.result.tables[0].groups["Female"].four_fifths_flag is True


def test_exclusion_checkbox_updates_result_figure_and_summary(lab):
    lab.controls["chart"].value = "race_ethnicity"
    figure, before_png, before_summary = lab.figure, png(lab), lab.summary
    assert lab.result.tables[1].excluded == []
    lab.controls["exclude_small"].value = True
    race = lab.result.tables[1]
    assert race.excluded == [
        "Native American or Alaska Native (Not Hispanic or Latino)",
        "Native Hawaiian or Pacific Islander (Not Hispanic or Latino)",
    ]
    assert lab.figure is figure  # updated in place
    assert png(lab) != before_png
    assert lab.summary != before_summary and "(excluded)" not in before_summary


def test_group_dropdown_changes_the_audit(lab):
    before = png(lab)
    lab.controls["group"].value = "age_band"
    table = lab.result.tables[0]
    assert table.by == ["age_band"]
    assert table.groups["40 and over"].four_fifths_flag is True
    assert "40 and over" in lab.summary
    assert png(lab) != before


def test_score_column_adds_scoring_rates(lab):
    lab.controls["score"].value = "(none)"
    assert lab.result.tables[0].groups["Male"].scoring_rate is None
    lab.controls["score"].value = "score"
    assert lab.result.tables[0].groups["Male"].scoring_rate is not None


def test_upload_a_file(lab):
    content = b"team,advanced\nnight,yes\nday,yes\nnight,no\nday,yes\n"
    lab.controls["upload"].value = (
        {
            "name": "shift.csv",
            "type": "text/csv",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": datetime.datetime(2026, 11, 22, tzinfo=datetime.UTC),
        },
    )
    assert lab.controls["source"].value == "shift.csv"
    assert (lab.controls["group"].value, lab.controls["outcome"].value) == ("team", "advanced")
    assert lab.result.tables[0].groups["night"].impact_ratio == 0.5


def test_bad_choice_shows_one_message(lab):
    lab.load_csv("odd.csv", b"name,<b>ok</b>\nx,perhaps\n")
    assert lab.result is None
    assert "'perhaps' is not an outcome" in lab.summary
    assert "<b>ok</b>" not in lab._error.value and "&lt;b&gt;" in lab._error.value


def test_report_download_link(lab):
    lab.controls["report"].click()
    link = lab._download.value
    assert 'download="audit-report.html"' in link
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", link).group(1)
    page = base64.b64decode(encoded).decode("utf-8")
    assert "<h1>Bias audit report</h1>" in page
    assert "1200 rows from Synthetic sample" in page
    assert 'alt="Bar chart of the selection rate by sex.' in page
