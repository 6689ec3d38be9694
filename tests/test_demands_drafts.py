"""Drafts: atomic autosave with a backup, restore across processes, corrupt files set aside."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from collective_ai.demands.drafts import Draft, DraftError, DraftStore, data_home
from collective_ai.errors import InputError


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECTIVE_AI_HOME", str(tmp_path))
    return DraftStore()


def make_draft(**changes) -> Draft:
    draft = Draft(
        name="Riverside petition",
        demands=["bias-test-results"],
        fields={"employer": "Acme ✊ اتحاد"},
    )
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


def test_home_comes_from_the_environment_or_platformdirs(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECTIVE_AI_HOME", str(tmp_path))
    assert data_home() == tmp_path
    assert DraftStore().root == tmp_path / "drafts"
    monkeypatch.delenv("COLLECTIVE_AI_HOME")
    from platformdirs import user_data_path

    assert data_home() == user_data_path("collective-ai", appauthor=False)


def test_save_and_load_round_trip(store):
    draft = make_draft()
    path = store.save(draft)
    assert path == store.root / f"{draft.id}.json"
    loaded = store.load(draft.id)
    assert loaded == draft
    assert json.loads(path.read_text(encoding="utf-8"))["fields"]["employer"] == "Acme ✊ اتحاد"


def test_previous_version_is_kept_as_backup_and_no_temp_files_remain(store):
    draft = make_draft()
    store.save(draft)
    draft.fields["employer"] = "Second version"
    store.save(draft)
    backup = store.root / f"{draft.id}.json.bak"
    assert json.loads(backup.read_text(encoding="utf-8"))["fields"]["employer"] == "Acme ✊ اتحاد"
    assert store.load(draft.id).fields["employer"] == "Second version"
    assert sorted(p.name for p in store.root.iterdir()) == [
        f"{draft.id}.json",
        f"{draft.id}.json.bak",
    ]


def test_corrupt_file_is_set_aside_reported_and_backup_used(store):
    draft = make_draft()
    store.save(draft)
    draft.fields["employer"] = "Newer"
    store.save(draft)
    path = store.root / f"{draft.id}.json"
    path.write_text('{"format": "collective-ai-draft/1", "id": tru', encoding="utf-8")
    fresh = DraftStore(store.root)
    loaded = fresh.load(draft.id)
    assert loaded.fields["employer"] == "Acme ✊ اتحاد"  # from the backup
    (aside,) = store.root.glob(f"{draft.id}.json.corrupt-*")
    assert aside.read_text(encoding="utf-8").endswith('"id": tru')  # kept untouched
    assert any("could not be read" in p and aside.name in p for p in fresh.problems)
    assert any("backup" in p for p in fresh.problems)


def test_saving_over_a_corrupt_file_sets_it_aside_first(store):
    draft = make_draft()
    store.save(draft)
    store.save(draft)  # a good backup exists now
    path = store.root / f"{draft.id}.json"
    path.write_bytes(b"\xff\xfe not json")
    good_backup = (store.root / f"{draft.id}.json.bak").read_bytes()
    store.save(draft)
    (aside,) = store.root.glob(f"{draft.id}.json.corrupt-*")
    assert aside.read_bytes() == b"\xff\xfe not json"
    assert (store.root / f"{draft.id}.json.bak").read_bytes() == good_backup
    assert store.problems


@pytest.mark.parametrize(
    "content",
    [
        "[]",
        '{"format": "other"}',
        json.dumps({"format": "collective-ai-draft/1", "id": "x"}),
        json.dumps(
            {
                "format": "collective-ai-draft/1",
                "id": "x",
                "name": "n",
                "form": "memo",
                "demands": [],
                "fields": {},
                "updated": "t",
            }
        ),
    ],
)
def test_wrong_shapes_count_as_corrupt(store, content):
    store.root.mkdir(parents=True)
    (store.root / "x.json").write_text(content, encoding="utf-8")
    assert store.list() == []
    assert not list(store.root.glob("x.json.corrupt-*"))  # listing changes nothing
    (said,) = store.repair()
    assert "could not be read" in said
    assert "x.json.corrupt-" in said
    assert store.list() == []
    assert list(store.root.glob("x.json.corrupt-*"))
    with pytest.raises(InputError, match="no readable draft"):
        store.load("x")


def test_list_last_duplicate_delete(store):
    first = make_draft(name="First")
    second = make_draft(name="Second")
    store.save(first)
    store.save(second)
    assert [d.name for d in store.list()] == ["Second", "First"]
    assert store.last().id == second.id
    copy = store.duplicate(first.id)
    assert copy.name == "Copy of First"
    assert copy.id != first.id
    assert copy.fields == first.fields
    assert store.last().id == copy.id
    store.delete(copy.id)
    assert not list(store.root.glob(f"{copy.id}*"))
    assert {d.name for d in store.list()} == {"First", "Second"}


def test_empty_store_has_no_last_draft(tmp_path):
    assert DraftStore(tmp_path / "nothing").last() is None


def test_draft_ids_cannot_escape_the_folder(store):
    with pytest.raises(InputError, match="not a draft id"):
        store.load("../../etc/passwd")


RESTORE = """
import json, sys
from collective_ai.demands.drafts import Draft, DraftStore
store = DraftStore()
if sys.argv[1] == "save":
    store.save(Draft(name="From process one", fields={"employer": "Acme 工会 ✊"}))
else:
    last = store.last()
    print(json.dumps({"name": last.name, "employer": last.fields["employer"]}))
"""


def test_a_draft_saved_in_one_process_is_restored_in_another(tmp_path):
    env = {**os.environ, "COLLECTIVE_AI_HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    for step in ("save", "restore"):
        done = subprocess.run(
            [sys.executable, "-c", RESTORE, step],
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        )
    assert json.loads(done.stdout) == {"name": "From process one", "employer": "Acme 工会 ✊"}
    assert Path(tmp_path, "drafts").is_dir()


def saved_twice(store, **changes) -> Draft:
    """A draft saved twice, so it has a backup."""
    draft = make_draft(**changes)
    store.save(draft)
    store.save(draft)
    return draft


def test_a_copy_under_another_drafts_name_is_set_aside(store):
    first = saved_twice(store, name="First")
    second = saved_twice(store, name="Second")
    wrong = store.root / f"{second.id}.json"
    wrong.write_bytes((store.root / f"{first.id}.json.bak").read_bytes())  # restored by hand
    fresh = DraftStore(store.root)
    fresh.repair()
    assert sorted(d.id for d in fresh.list()) == sorted([first.id, second.id])
    assert fresh.load(second.id).name == "Second"  # from its own backup
    (aside,) = store.root.glob(f"{second.id}.json.corrupt-*")
    assert json.loads(aside.read_text(encoding="utf-8"))["id"] == first.id
    assert any(f"holds draft {first.id!r}" in p and aside.name in p for p in fresh.problems)


def test_a_backup_of_another_draft_is_not_restored(store):
    first = saved_twice(store, name="First")
    second = saved_twice(store, name="Second")
    (store.root / f"{second.id}.json").write_text("{broken", encoding="utf-8")
    (store.root / f"{second.id}.json.bak").write_bytes(
        (store.root / f"{first.id}.json").read_bytes()
    )
    with pytest.raises(InputError, match="no readable draft"):
        store.load(second.id)
    assert [d.name for d in store.list()] == ["First"]
    assert len(list(store.root.glob(f"{second.id}.json*.corrupt-*"))) == 2


def test_a_second_window_does_not_overwrite_the_first_ones_changes(store):
    draft = saved_twice(store)
    mine, theirs = DraftStore(store.root).load(draft.id), DraftStore(store.root).load(draft.id)
    mine.fields["employer"] = "Typed in the first window"
    store.save(mine)
    theirs.fields["employer"] = "Typed in the second window"
    with pytest.raises(DraftError, match="changed in another window") as refused:
        store.save(theirs)
    assert refused.value.changed
    assert store.load(draft.id).fields["employer"] == "Typed in the first window"
    assert theirs.fields["employer"] == "Typed in the second window"  # still in hand
    store.save(theirs, overwrite=True)  # the person chose to keep theirs
    assert store.load(draft.id).fields["employer"] == "Typed in the second window"
    store.save(mine := store.load(draft.id))  # a reopened draft saves as usual
    assert store.load(draft.id) == mine


KILLED_MID_SAVE = """
import os, sys, time
from collective_ai.demands.drafts import Draft, DraftStore

def stuck(*_args):
    print("temporary file written", flush=True)
    time.sleep(60)

os.replace = stuck
DraftStore().save(Draft(id="killed", name="Killed mid-save"))
"""


def test_temporary_files_of_a_killed_save_are_cleaned_up(store, tmp_path):
    env = {**os.environ, "COLLECTIVE_AI_HOME": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_SAVE], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "temporary file written"
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    (orphan,) = [p for p in store.root.iterdir() if p.name.startswith(".killed.json.")]
    store.repair()
    assert store.list() == []
    assert orphan.exists()  # young: it may be another window's save under way
    an_hour_ago = orphan.stat().st_mtime - 3600
    os.utime(orphan, (an_hour_ago, an_hour_ago))
    other = store.root / "notes.tmp"  # not named like a temporary file: kept
    other.write_text("mine", encoding="utf-8")
    os.utime(other, (an_hour_ago, an_hour_ago))
    assert store.list() == []
    assert orphan.exists()  # listing changes nothing
    store.repair()
    assert store.list() == []
    assert sorted(p.name for p in store.root.iterdir()) == ["notes.tmp"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_draft_saved_with_a_byte_order_mark_opens(store, encoding):
    draft = make_draft()
    path = store.save(draft)
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))  # as Notepad saves
    assert path.read_bytes()[:2] in (b"\xef\xbb", b"\xff\xfe", b"\xfe\xff")
    assert DraftStore(store.root).load(draft.id) == draft
    assert [d.id for d in DraftStore(store.root).list()] == [draft.id]


def test_a_draft_nested_too_deeply_is_set_aside(store):
    store.root.mkdir(parents=True)
    (store.root / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    store.repair()
    assert store.list() == []
    assert list(store.root.glob("deep.json.corrupt-*"))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_drafts_and_backups_are_for_their_owner_only(store):
    draft = saved_twice(store)
    paths = sorted(store.root.iterdir())
    assert [p.name for p in paths] == [f"{draft.id}.json", f"{draft.id}.json.bak"]
    assert [p.stat().st_mode & 0o777 for p in paths] == [0o600, 0o600]


def test_a_draft_that_cannot_be_looked_at_is_reported_not_raised(store, monkeypatch):
    draft = saved_twice(store)
    path = store.root / f"{draft.id}.json"
    real_exists, real_read = Path.exists, Path.read_bytes

    def exists(self):
        if self.name.startswith(draft.id):
            raise PermissionError(13, "Permission denied", str(self))
        return real_exists(self)

    def read_bytes(self):
        if self.name.startswith(draft.id):
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    def replace(source, _target):
        raise PermissionError(13, "Permission denied", str(source))

    monkeypatch.setattr(Path, "exists", exists)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(os, "replace", replace)
    store.repair()
    assert store.list() == []  # no traceback
    assert any(
        path.name in p and "permission was refused" in p and "has not been changed" in p
        for p in store.problems
    )
    with pytest.raises(InputError, match="no readable draft"):
        store.load(draft.id)
