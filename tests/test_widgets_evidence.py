"""EvidenceLog and SurveyLab: set a control, press a button, see result, figure and summary move."""

import base64
import datetime as dt
import re

import pytest

from collective_ai.embed import png_bytes
from collective_ai.widgets.evidence_log import NEW, EvidenceLog
from collective_ai.widgets.survey_lab import SurveyLab
from tests.lab_contract import assert_keeps_the_lab_contract, part_with, shown

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def log(tmp_path):
    return EvidenceLog(tmp_path / "log.sqlite", today=TODAY)


def fill(log, **values):
    base = {
        "system": "PaceMonitor",
        "decides": "units per hour",
        "where": "night shift",
        "date": "2026-11-02",
        "effect": "written up",
        "group": "night shift",
    }
    for name, value in {**base, **values}.items():
        log.controls[name].value = value


def test_add_edit_delete_with_confirmation(log):
    assert_keeps_the_lab_contract(log)
    assert log.result == []
    assert "empty" in log.summary
    before = png_bytes(log.figure)
    fill(log)
    log.controls["save"].click()
    assert [i.effect for i in log.result] == ["written up"]
    assert log.summary.startswith("1 incident about 1 system")
    assert png_bytes(log.figure) != before
    new_id = log.result[0].id
    assert log.controls["incident"].value == new_id
    log.controls["effect"].value = "hours cut"
    log.controls["save"].click()
    assert [i.effect for i in log.result] == ["hours cut"]
    log.controls["delete"].click()
    assert log.result
    assert "cannot be undone" in log.message  # nothing deleted yet
    assert log.controls["confirm"].layout.display is None
    log.controls["confirm"].click()
    assert log.result == []
    assert log.controls["incident"].value == NEW


def test_a_bad_field_is_one_message_and_nothing_is_saved(log):
    fill(log, date="2026-12-25")
    log.controls["save"].click()
    assert log.result == []
    assert log.message.startswith("Not saved: Date: ")  # the form's own label
    assert "future" in log.message


def test_a_date_that_could_be_two_days_is_asked_and_the_form_kept(log):
    fill(log, date="03/04/2026", effect="hours cut")
    log.controls["save"].click()
    assert log.result == []
    assert "3 April 2026 or 4 March 2026?" in log.message
    assert log.controls["date"].value == "03/04/2026"  # what was typed stays
    assert log.controls["effect"].value == "hours cut"
    log.controls["date_order"].value = "month-first"
    log.controls["save"].click()
    assert [i.date for i in log.result] == ["2026-03-04"]
    assert "4 March 2026" in log._table.value
    assert log.controls["date"].value == "4 March 2026"  # shown back with the month's name


def test_the_log_survives_a_restart(tmp_path):
    first = EvidenceLog(tmp_path / "log.sqlite", today=TODAY)
    fill(first)
    first.controls["save"].click()
    again = EvidenceLog(tmp_path / "log.sqlite", today=TODAY)
    assert [i.system for i in again.result] == ["PaceMonitor"]


def test_export_offers_a_download_with_typed_text_escaped(log):
    fill(log, system="<b>Pace</b>")
    log.controls["save"].click()
    log.controls["format"].value = "html"
    log.controls["export"].click()
    link = part_with(log.ui, "download=")
    assert link.startswith('<a download="evidence-summary.html"')
    page = base64.b64decode(re.search(r"base64,([^\"]+)", link).group(1)).decode()
    assert "<b>Pace</b>" not in page
    assert "&lt;b&gt;Pace&lt;/b&gt;" in page
    assert "<b>Pace</b>" not in shown(log.ui)


@pytest.fixture(scope="module")
def lab():
    return SurveyLab()


def test_survey_lab_starts_on_the_synthetic_survey(lab):
    assert_keeps_the_lab_contract(lab)
    assert lab.result.responses == 240
    assert "Bar chart of the answers to" in lab.summary
    suppressed = any(c["suppressed"] for c in lab.result.cells)
    assert ("hidden" in shown(lab.ui)) is suppressed


def test_changing_the_breakdown_and_k_recomputes(lab):
    before, figure = png_bytes(lab.figure), lab.figure
    lab.controls["by"].value = lab.responses.resolve("shift", field_name="by")
    assert lab.result.by == ["Which shift do you usually work?"]
    assert lab.figure is figure
    assert png_bytes(lab.figure) != before
    lab.controls["k"].value = 50
    assert lab.result.k == 50
    assert all(c["count"] in (None, 0) or c["count"] >= 50 for c in lab.result.cells)
    assert any(c["suppressed"] for c in lab.result.cells)
    assert "hidden" in shown(lab.ui)
    lab.controls["k"].value = 5


def test_a_loaded_file_with_a_mistake_shows_one_message(lab):
    lab.load_csv("broken.csv", b"shift,answer\nDay,Yes\nNight\n")
    assert lab.result is None
    assert "row 3" in lab.summary
    lab.load_csv("tricky.csv", b"shift,answer\n" + b"<script>x</script>,Yes\n" * 6)
    lab.controls["question"].value = "answer"
    lab.controls["by"].value = "shift"
    assert "<script>" not in shown(lab.ui)
    assert "&lt;script&gt;" in shown(lab.ui)
    lab.controls["source"].value = lab.controls["source"].options[0]


def test_static_views_need_no_kernel(lab, log):
    view = lab.static_view()
    html = "".join(getattr(w, "value", "") for w in view.children)
    assert "cannot run the survey lab" in html
    assert len(view.children[1].children[1].children) == 3  # three precomputed questions
    assert "cannot run the evidence log" in log.static_view().children[0].value


def test_tables_shown_from_a_loaded_file_are_releases_kept_in_the_ledger(tmp_path):
    from collective_ai.disclosure.ledger import ReleaseLedger

    ledger = ReleaseLedger(tmp_path / "ledger.sqlite")
    lab = SurveyLab(ledger=ledger)
    rows = [
        f"{site},{shift},{'Yes' if i % 3 else 'No'}"
        for i, (site, shift) in enumerate(
            [("North", "Day"), ("South", "Night"), ("East", "Day")] * 12
        )
    ]
    lab.load_csv("site-survey.csv", ("Site,Shift,Written up\n" + "\n".join(rows) + "\n").encode())
    lab.controls["question"].value = "Written up"
    lab.controls["by"].value = "Shift"
    lab.controls["by"].value = "Site"
    specs = [(r.spec["question"], r.spec["by"]) for r in ledger.releases("site-survey.csv")]
    assert ("Written up", ["Shift"]) in specs
    assert ("Written up", ["Site"]) in specs
    # The synthetic sample is not the committee's data: its tables stay out of the ledger.
    lab.controls["source"].value = lab.controls["source"].options[0]
    assert not ledger.releases(lab.controls["source"].value)


def test_a_table_with_every_count_hidden_says_what_to_try(tmp_path):
    from collective_ai.disclosure.ledger import ReleaseLedger

    lab = SurveyLab(ledger=ReleaseLedger(tmp_path / "ledger.sqlite"))
    rows = [f"Site {i % 4},{'Yes' if i % 2 else 'No'}" for i in range(12)]
    lab.load_csv("tiny-sites.csv", ("Site,Written up\n" + "\n".join(rows) + "\n").encode())
    lab.controls["question"].value = "Written up"
    lab.controls["by"].value = "Site"
    assert all(c["suppressed"] for c in lab.result.cells)
    assert "fewer breakdowns" in lab.summary
    assert "fewer breakdowns" in shown(lab.ui)
    assert "<img" not in shown(lab.ui)  # no empty chart
