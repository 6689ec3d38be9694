"""The DemandDrafter widget: live preview, autosave, restore, drafts list, export."""

from __future__ import annotations

import base64
import json
import re

import docx
import ipywidgets as widgets
import pytest

from collective_ai.demands.registry import form_choices
from collective_ai.widgets.demand_drafter import DemandDrafter
from tests.lab_contract import part_with, status_line


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECTIVE_AI_HOME", str(tmp_path))
    return tmp_path


def fill(drafter: DemandDrafter, **values) -> None:
    for name, value in values.items():
        drafter.controls[name].value = value


DETAILS = {
    "employer": "Acme Logistics",
    "workplace": "Riverside depot",
    "ai_system": "RateTrack",
    "group_name": "Riverside Committee",
    "date": "2026-11-22",
}


def saved_drafts(home):
    return [json.loads(p.read_text(encoding="utf-8")) for p in (home / "drafts").glob("*.json")]


def test_starts_a_draft_with_the_seed_demands(home):
    drafter = DemandDrafter()
    assert drafter.controls["demand:bias-test-results"].value is True
    assert drafter.figure is None
    assert "Still to fill in: Employer, Workplace, AI system, Your group's name" in drafter.summary
    assert len(saved_drafts(home)) == 1


def test_typing_updates_preview_summary_result_and_the_saved_file(home):
    drafter = DemandDrafter()
    before = drafter.preview
    fill(drafter, **DETAILS)
    assert drafter.preview != before
    assert drafter.result.title == "Petition to Acme Logistics"
    assert "Still to fill in" not in drafter.summary
    (saved,) = saved_drafts(home)
    assert saved["fields"]["employer"] == "Acme Logistics"


def test_preview_escapes_what_people_type(home):
    drafter = DemandDrafter()
    fill(drafter, employer="<script>alert(1)</script> {{ 7*7 }}")
    assert "<script>" not in drafter.preview
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in drafter.preview


def test_choosing_demands_and_form_changes_the_document(home):
    drafter = DemandDrafter()
    fill(drafter, **DETAILS)
    drafter.controls["demand:advance-notice-of-new-technology"].value = True
    assert "Advance notice and bargaining" in drafter.summary
    assert drafter.controls["notice_days"].layout.display is None  # its field is shown
    assert drafter.controls["retention_days"].layout.display == "none"
    drafter.controls["form"].value = "letter"
    assert drafter.result.form == "letter"
    assert "Still to fill in: Contact" in drafter.summary
    assert drafter.controls["signers"].layout.display == "none"
    for name in (
        "demand:notice-of-ai-evaluation",
        "demand:bias-test-results",
        "demand:no-discipline-solely-on-ai",
        "demand:advance-notice-of-new-technology",
    ):
        drafter.controls[name].value = False
    assert drafter.summary == "No demands chosen yet: tick at least one."
    assert drafter.result is None
    assert drafter.preview == ""
    assert saved_drafts(home)[0]["demands"] == []


def test_a_field_that_is_too_long_shows_one_message(home):
    drafter = DemandDrafter()
    fill(drafter, free_text="x" * 5001)
    assert drafter.result is None
    assert "free_text" in drafter.summary
    assert "5,000" in drafter.summary
    assert saved_drafts(home)[0]["fields"]["free_text"] == "x" * 5001  # nothing typed is lost


def test_a_new_drafter_restores_the_last_draft(home):
    first = DemandDrafter()
    fill(first, **DETAILS, draft_name="Riverside petition")
    first.controls["form"].value = "proposal"
    second = DemandDrafter()
    assert second.controls["employer"].value == "Acme Logistics"
    assert second.controls["draft_name"].value == "Riverside petition"
    assert second.controls["form"].value == "proposal"
    assert second.result.title.startswith("Bargaining proposal")


def test_new_open_and_duplicate_drafts(home):
    drafter = DemandDrafter()
    fill(drafter, **DETAILS, draft_name="Original")
    original = drafter.draft.id
    drafter.controls["new_draft"].click()
    assert drafter.controls["employer"].value == ""
    assert drafter.draft.id != original
    assert len(saved_drafts(home)) == 2
    drafter.controls["draft"].value = original  # open from the list
    assert drafter.controls["employer"].value == "Acme Logistics"
    drafter.controls["duplicate_draft"].click()
    assert drafter.controls["draft_name"].value == "Copy of Original"
    assert drafter.draft.id != original
    assert len(saved_drafts(home)) == 3
    labels = [label for label, _ in drafter.controls["draft"].options]
    assert labels[0].startswith("Copy of Original (saved ")


def test_delete_asks_for_confirmation(home):
    drafter = DemandDrafter()
    fill(drafter, draft_name="Keep me")
    drafter.controls["new_draft"].click()
    fill(drafter, draft_name="Delete me")
    doomed = drafter.draft.id
    drafter.controls["delete_draft"].click()
    assert (home / "drafts" / f"{doomed}.json").exists()  # only asked so far
    drafter.controls["cancel_delete"].click()
    assert (home / "drafts" / f"{doomed}.json").exists()
    drafter.controls["delete_draft"].click()
    drafter.controls["confirm_delete"].click()
    assert not (home / "drafts" / f"{doomed}.json").exists()
    assert drafter.controls["draft_name"].value == "Keep me"


def test_export_writes_a_file_and_offers_a_download(home, tmp_path):
    drafter = DemandDrafter()
    fill(drafter, **DETAILS, signers="4")
    drafter.controls["format"].value = "docx"
    drafter.controls["folder"].value = str(tmp_path / "out")
    drafter.controls["export"].click()
    path = tmp_path / "out" / "petition-2026-11-22.docx"
    assert drafter.last_export == path
    assert docx.Document(path).paragraphs[0].text == "Petition to Acme Logistics"
    link = part_with(drafter.ui, "download=")
    assert 'download="petition-2026-11-22.docx"' in link
    encoded = link.split("base64,")[1].split('"')[0]
    assert base64.b64decode(encoded) == path.read_bytes()


def test_export_with_missing_fields_says_which(home, tmp_path):
    drafter = DemandDrafter()
    assert drafter.export(fmt="markdown", folder=tmp_path / "out") is None
    status = status_line(drafter.ui)
    assert "Not exported" in status
    assert "Employer (employer)" in status
    assert not (tmp_path / "out").exists()


def test_default_export_folder_is_inside_the_course_home(home):
    assert DemandDrafter().controls["folder"].value == str(home / "exports")


def test_a_corrupt_draft_is_reported_and_set_aside(home):
    drafter = DemandDrafter()
    fill(drafter, employer="Kept")
    path = home / "drafts" / f"{drafter.draft.id}.json"
    path.write_text("{broken", encoding="utf-8")
    again = DemandDrafter()
    assert "could not be read" in status_line(again.ui)
    assert list((home / "drafts").glob("*.corrupt-*"))
    # The backup holds the version saved just before "Kept" was typed.
    assert again.controls["employer"].value == ""
    assert "backup" in status_line(again.ui)


def test_controls_are_labelled(home):
    drafter = DemandDrafter()
    for name, control in drafter.controls.items():
        assert getattr(control, "description", ""), name


def displayed(drafter, monkeypatch, *, static: bool):
    shown = []
    monkeypatch.setenv("COLLECTIVE_AI_STATIC", "1" if static else "0")
    monkeypatch.setattr("IPython.display.display", lambda *objs: shown.extend(objs))
    drafter._ipython_display_()
    view, *script = shown
    assert ("collective-ai-targets" in script[0].data) if script else static
    return view


def test_live_display_is_the_drafter(home, monkeypatch):
    drafter = DemandDrafter()
    assert displayed(drafter, monkeypatch, static=False) is drafter.ui


def test_static_book_shows_a_notice_and_a_sample_in_each_form(home, monkeypatch):
    drafter = DemandDrafter()
    fill(drafter, employer="My real employer")  # a learner's draft never reaches the page
    view = displayed(drafter, monkeypatch, static=True)
    notice, choice = view.children
    assert 'role="note"' in notice.value
    assert "cannot run the demand drafter" in notice.value
    assert all(how in notice.value for how in ("own-data.html", "desk", "hub"))
    radio, stack = choice.children
    assert isinstance(radio, widgets.RadioButtons)
    assert radio.description == "Document"
    assert [label for label, _ in radio.options] == [label for label, _ in form_choices()]
    parts = [*view.children, radio, *stack.children]
    names = ["HTML", "VBox", "RadioButtons", "HTML", "HTML", "HTML"]
    assert [type(w).__name__ for w in parts] == names  # no live control
    petition, letter, proposal = (frame.value for frame in stack.children)
    assert all(
        'class="collective-ai-frame collective-ai-scroll"' in f
        for f in (petition, letter, proposal)
    )
    assert all("My real employer" not in f for f in (petition, letter, proposal))
    # Each frame opens with its text summary: what a screen reader and a printout get.
    assert re.match(
        r'<div class="collective-ai-frame collective-ai-scroll"[^>]*><p>A petition titled “Petition to Example Employer',
        petition,
    )
    assert "It has 5 signature lines." in petition
    assert petition.count("<tr>") == 6
    assert "Share every bias test of the system" in petition
    assert (
        "<p>An information-request letter titled “Request for information about SampleScore”"
        in letter
    )
    assert "Director of Operations" in letter
    assert "committee@example.org" in letter
    assert "<p>A bargaining proposal titled" in proposal
    assert "Still to fill in" not in proposal


def test_the_date_box_reads_dates_as_people_write_them(home):
    drafter = DemandDrafter()
    fill(drafter, **{**DETAILS, "date": "03/04/2026"})
    assert drafter.result is None
    assert "3 April 2026 or 4 March 2026?" in drafter.summary
    assert drafter.controls["date"].value == "03/04/2026"  # kept as typed, and saved
    (saved,) = saved_drafts(home)
    assert saved["fields"]["date"] == "03/04/2026"
    fill(drafter, date="March 4, 2026")
    assert drafter.result.values["date"] == "4 March 2026"
    assert "4 March 2026" in drafter.preview
