"""Drafts: atomic autosave with a backup, restore across processes, corrupt files set aside."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from collective_ai.demands.drafts import Draft, DraftStore, data_home
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
    assert copy.name == "Copy of First" and copy.id != first.id
    assert copy.fields == first.fields and store.last().id == copy.id
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
