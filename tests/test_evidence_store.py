"""The evidence log: validation, migrations, many writers at once, and the CLI."""

import datetime as dt
import json
import sqlite3
import subprocess
import sys

import pytest

from collective_ai.cli import main
from collective_ai.errors import InputError
from collective_ai.evidence import store as store_module
from collective_ai.evidence.store import SCHEMA_VERSION, EvidenceStore

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def store(tmp_path):
    return EvidenceStore(tmp_path / "log.sqlite")


def test_incident_adds_its_system_once(store):
    first = store.add_incident(
        system="PaceMonitor", date="2026-11-02", effect="written up", decides="rate", today=TODAY
    )
    second = store.add_incident(
        system="pacemonitor", date="2026-10-01", effect="shift cut", vendor="Metricly", today=TODAY
    )
    assert (first, second) == (1, 2)
    [system] = store.systems()
    assert (system.name, system.decides, system.vendor) == ("PaceMonitor", "rate", "Metricly")
    assert [i.date for i in store.incidents()] == ["2026-10-01", "2026-11-02"]


def test_no_field_for_a_name(store):
    fields = {*store_module.SYSTEM_FIELDS, *store_module.INCIDENT_FIELDS}
    assert not {f for f in fields if "name" in f} - {"name"}  # "name" is the system's name
    with pytest.raises(InputError) as error:
        store.add_incident(
            system="PaceMonitor", date="2026-01-01", effect="x", worker_name="A", today=TODAY
        )
    assert error.value.field == "worker_name"
    assert store.count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": "2026-02-30"}, "date"),
        ({"date": "03/11/2026"}, "date"),  # 3 November or March 11: asked, not guessed
        ({"date": "2026-12-01"}, "date"),  # the day after TODAY
        ({"effect": "   "}, "effect"),
        ({"system": ""}, "system"),
        ({"what": "x" * 5001}, "what"),
        ({"since": "last spring"}, "since"),
    ],
)
def test_bad_input_names_the_field(store, changes, field):
    values = {"system": "S", "date": "2026-11-01", "effect": "written up", **changes}
    with pytest.raises(InputError) as error:
        store.add_incident(today=TODAY, **values)
    assert error.value.field == field
    assert store.count() == 0


def test_five_thousand_characters_are_allowed(store):
    store.add_incident(system="S", date="2026-11-01", effect="e", what="x" * 5000, today=TODAY)
    assert len(store.incidents()[0].what) == 5000


def test_edit_and_delete(store):
    new = store.add_incident(system="S", date="2026-11-01", effect="e", today=TODAY)
    store.update_incident(new, effect="written up", system="T", today=TODAY)
    assert (store.incident(new).effect, store.incident(new).system) == ("written up", "T")
    store.delete_incident(new)
    assert store.count() == 0
    with pytest.raises(InputError):
        store.delete_incident(new)


def test_wal_and_schema_version(store):
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.version() == SCHEMA_VERSION == 2


def test_a_version_one_file_is_migrated_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(store_module.MIGRATIONS[0])
        db.execute("INSERT INTO systems (name) VALUES ('Old')")
        db.execute("INSERT INTO incidents (system_id, date, effect) VALUES (1, '2025-01-02', 'e')")
        db.execute("PRAGMA user_version = 1")
    store = EvidenceStore(path)
    assert store.version() == 2
    assert [(i.system, i.date) for i in store.incidents()] == [("Old", "2025-01-02")]


def test_a_newer_file_is_refused(tmp_path):
    path = tmp_path / "new.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(InputError, match="newer version"):
        EvidenceStore(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("shopping list\n" * 100)
    with pytest.raises(InputError) as error:
        EvidenceStore(path)
    assert error.value.field == "db"


WRITER = """
import sys
from collective_ai.evidence.store import EvidenceStore
path, number, barrier = sys.argv[1], int(sys.argv[2]), sys.argv[3]
import os, time
while not os.path.exists(barrier):
    time.sleep(0.005)
store = EvidenceStore(path)
for j in range(5):
    store.add_incident(system=f"System {number % 3}", date="2026-11-01", effect=f"e{number}-{j}")
"""


def test_twenty_processes_writing_at_once_all_land(tmp_path):
    path = tmp_path / "shared.sqlite"
    barrier = tmp_path / "go"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(n), str(barrier)])
        for n in range(20)
    ]
    barrier.touch()  # every process starts writing at (nearly) the same moment
    assert [w.wait(timeout=120) for w in writers] == [0] * 20
    store = EvidenceStore(path)
    effects = sorted(i.effect for i in store.incidents())
    assert effects == sorted(f"e{n}-{j}" for n in range(20) for j in range(5))
    assert len(store.systems()) == 3


def test_cli_add_list_export(tmp_path, capsys):
    db = str(tmp_path / "log.sqlite")
    common = ["--decides", "units per hour", "--where", "night shift", "--db", db]
    assert (
        main(
            [
                "evidence",
                "add",
                "--system",
                "Pace",
                "--date",
                "2026-11-02",
                "--effect",
                "written up",
                "--group",
                "night shift",
                *common,
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == "1\n"
    assert main(["evidence", "list", "--db", db]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert (entry["system"], entry["effect"], entry["affected_group"]) == (
        "Pace",
        "written up",
        "night shift",
    )
    assert main(["evidence", "list", "--db", db, "--format", "markdown"]) == 0
    assert "| 1 |" in capsys.readouterr().out
    out = tmp_path / "summary.md"
    assert main(["evidence", "export", "--db", db, "--format", "markdown", "--out", str(out)]) == 0
    assert "| Pace | 1 |" in out.read_text()


@pytest.mark.parametrize(
    ("option", "value", "field"),
    [
        ("--date", "2026-11-31", "date"),
        ("--date", "2999-01-01", "date"),
        ("--effect", "", "effect"),
        ("--system", "y" * 5001, "system"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(tmp_path, option, value, field):
    args = {
        "--system": "S",
        "--decides": "d",
        "--where": "w",
        "--date": "2026-11-01",
        "--effect": "e",
        option: value,
    }
    argv = [
        sys.executable,
        "-m",
        "collective_ai",
        "evidence",
        "add",
        "--db",
        str(tmp_path / "x.sqlite"),
    ]
    for key, item in args.items():
        argv += [key, item]
    done = subprocess.run(argv, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert f"field {field!r}" in done.stderr
    assert "Traceback" not in done.stderr


# Direction controls and zero-width characters: U+202E can make "exe.txt" read "txt.exe".
INVISIBLE = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
INVISIBLE += "\u200b\u200c\u200d\u2060\ufeff"


def _export_text(path, fmt) -> str:
    if fmt != "docx":
        return path.read_text(encoding="utf-8")
    from docx import Document

    document = Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("fmt", ["markdown", "csv", "html", "docx"])
def test_exports_show_direction_controls_and_zero_width_characters(tmp_path, fmt):
    log = EvidenceStore(tmp_path / "log.sqlite")
    log.add_incident(
        system="Pace\u202eMonitor",
        date="2026-11-02",
        effect="written" + "".join(INVISIBLE) + "up",
        affected_group="night\u2067 shift",
        today=TODAY,
    )
    out = tmp_path / f"summary.{fmt}"
    argv = ["evidence", "export", "--db", str(log.path), "--format", fmt, "--out", str(out)]
    assert main(argv) == 0
    text = _export_text(out, fmt)
    assert not set(INVISIBLE) & set(text)
    assert "Pace[U+202E]Monitor" in text.replace("\\", "")
    assert "night[U+2067] shift" in text.replace("\\", "")
    assert "".join(f"[U+{ord(c):04X}]" for c in INVISIBLE) in text.replace("\\", "")


def test_the_gradebook_and_the_evidence_csv_share_one_neutraliser():
    from collective_ai import escaping
    from collective_ai.classroom import gradebook
    from collective_ai.evidence import documents

    assert gradebook.neutralise is escaping.neutralise
    # The evidence CSV's own check missed a formula behind a space or in full-width forms.
    rows = [["\u00a0=HYPERLINK(1)"], ["\uff1dcmd"], [" @SUM(A1)"], ["\u200b=1"]]
    assert documents.csv_text(["effect"], rows).splitlines()[1:] == [
        "'\u00a0=HYPERLINK(1)",
        "'\uff1dcmd",
        "' @SUM(A1)",
        "[U+200B]=1",  # shown, so no longer a formula
    ]
