"""The DemandDrafter when saving fails: said at once, in the status and the summary, and
nothing typed is lost (a full disk, a read-only folder, a file in the way, a second window)."""

from __future__ import annotations

import errno
import os
import tempfile

import pytest

from collective_ai.widgets.demand_drafter import DemandDrafter
from tests.lab_contract import status_line
from tests.test_widgets_demand_drafter import fill, saved_drafts


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECTIVE_AI_HOME", str(tmp_path))
    return tmp_path


def disk_full(monkeypatch):
    def no_space(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)


def read_only(monkeypatch):
    def refused(*_args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(kwargs.get("dir")))

    monkeypatch.setattr(tempfile, "mkstemp", refused)


def assert_not_saved(drafter, reason):
    assert drafter.not_saved.startswith("Your draft is NOT saved")
    assert drafter.summary.startswith(drafter.not_saved)
    assert reason in drafter.summary
    status = status_line(drafter.ui)
    assert 'role="alert"' in status
    assert "NOT saved" in status
    assert reason in status
    assert "NOT saved" in drafter.ui.children[1].value  # at the top, where it is seen


@pytest.mark.parametrize(
    ("fault", "reason"), [(disk_full, "the disk is full"), (read_only, "the disk is read-only")]
)
def test_a_failed_autosave_is_said_and_the_text_stays(home, monkeypatch, fault, reason):
    drafter = DemandDrafter()
    fill(drafter, employer="Acme Logistics")
    with monkeypatch.context() as patch:
        fault(patch)
        fill(drafter, employer="Acme Logistics and Sons")  # no exception in the callback
        assert_not_saved(drafter, reason)
        assert drafter.controls["employer"].value == "Acme Logistics and Sons"
        assert drafter.result.title == "Petition to Acme Logistics and Sons"
        drafter.controls["new_draft"].click()  # leaving would lose the text: refused
        assert drafter.controls["employer"].value == "Acme Logistics and Sons"
        assert "No new draft started" in status_line(drafter.ui)
    (saved,) = saved_drafts(home)
    assert saved["fields"]["employer"] == "Acme Logistics"  # the last good save, intact
    assert sorted(p.name for p in (home / "drafts").iterdir()) == sorted(
        [f"{drafter.draft.id}.json", f"{drafter.draft.id}.json.bak"]
    )  # and no temporary file
    fill(drafter, workplace="Riverside")  # the disk has room again: saved, and said
    assert drafter.not_saved is None
    assert "NOT saved" not in drafter.summary
    assert drafter.ui.children[1].value == ""
    assert saved_drafts(home)[0]["fields"]["employer"] == "Acme Logistics and Sons"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes anyway")
def test_a_read_only_drafts_folder_is_said(home):
    drafter = DemandDrafter()
    (home / "drafts").chmod(0o500)
    try:
        fill(drafter, employer="Acme")
        assert_not_saved(drafter, "permission")
    finally:
        (home / "drafts").chmod(0o700)


@pytest.mark.parametrize("where", ["home", "drafts"])
def test_a_drafts_home_that_is_a_file_is_one_message_at_construction(tmp_path, monkeypatch, where):
    monkeypatch.setenv("COLLECTIVE_AI_HOME", str(tmp_path / "home"))
    blocker = tmp_path / "home" if where == "home" else tmp_path / "home" / "drafts"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a folder", encoding="utf-8")
    drafter = DemandDrafter()  # no traceback
    assert_not_saved(drafter, f"{blocker} is a file, not a folder")
    assert status_line(drafter.ui).count("NOT saved") == 1
    fill(drafter, employer="Acme")
    assert drafter.controls["employer"].value == "Acme"
    assert_not_saved(drafter, "is a file, not a folder")
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_draft_that_is_a_folder_is_set_aside_with_one_message(home):
    (home / "drafts" / "abc123.json").mkdir(parents=True)
    (home / "drafts" / "abc123.json" / "notes.txt").write_text("mine", encoding="utf-8")
    drafter = DemandDrafter()  # no traceback
    assert drafter.not_saved is None
    status = status_line(drafter.ui)
    assert "abc123.json could not be read (it is a folder, not a draft file)" in status
    (aside,) = (home / "drafts").glob("abc123.json.corrupt-*")
    assert (aside / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_the_open_draft_replaced_by_a_folder_is_said(home):
    drafter = DemandDrafter()
    path = home / "drafts" / f"{drafter.draft.id}.json"
    path.unlink()
    path.mkdir()
    fill(drafter, employer="Acme")  # the folder is moved aside, the draft written again
    assert drafter.not_saved is None
    assert "could not be read" in status_line(drafter.ui)
    assert saved_drafts(home)[0]["fields"]["employer"] == "Acme"


def test_two_drafters_on_one_draft_warn_and_keep_both_versions(home):
    first, second = DemandDrafter(), DemandDrafter()
    assert first.draft.id == second.draft.id
    fill(first, employer="First window")
    fill(second, employer="Second window")
    assert "changed in another window" in second.not_saved
    assert second.summary.startswith("Your changes are NOT saved")
    assert "Duplicate" in status_line(second.ui)
    (saved,) = saved_drafts(home)
    assert saved["fields"]["employer"] == "First window"
    second.controls["duplicate_draft"].click()  # keep the second window's version
    assert second.not_saved is None
    assert second.draft.id != first.draft.id
    kept = {d["id"]: d["fields"]["employer"] for d in saved_drafts(home)}
    assert kept == {first.draft.id: "First window", second.draft.id: "Second window"}
