"""collective_ai.evidence.faults and .backup: a log's faults named, reads that change nothing.

Each command on a file that is not a sound log exits 2 with one line naming the file and
the fault. The read-only and full disks are real: a tmpfs mounted for the test (root only;
elsewhere those tests skip, as no other way makes SQLite meet a read-only or full disk).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from collective_ai.cli import main
from collective_ai.evidence import store as store_module
from collective_ai.evidence.store import SCHEMA_VERSION, EvidenceStore

ADD = ["--system", "Pace", "--decides", "rate", "--where", "night", "--date", "2026-11-02"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["evidence", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, *argv: str) -> str:
    """The one-line error of a command that must exit 2."""
    code, _out, err = run(capsys, *argv)
    assert code == 2, err
    assert err.count("\n") == 1, err
    assert err.startswith("error: "), err
    return err


def add(db, effect: str = "written up") -> list[str]:
    return ["add", *ADD, "--effect", effect, "--db", str(db)]


def commands(db: Path, tmp_path: Path) -> dict[str, list[str]]:
    return {
        "list": ["list", "--db", str(db)],
        "export": ["export", "--db", str(db), "--format", "csv", "--out", str(tmp_path / "o.csv")],
        "add": add(db),
        "check": ["check", "--db", str(db)],
        "backup": ["backup", "--db", str(db), "--out", str(tmp_path / "copy.sqlite")],
    }


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


# ------------------------------------------------------------ another program's database


def contacts(path: Path, *, version: int) -> Path:
    """Another program's SQLite file; some programs set a schema version of their own."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE people (name TEXT, phone TEXT)")
    db.execute("INSERT INTO people VALUES ('Ana', '555')")
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # an old mtime shows any touch
    return path


@pytest.mark.parametrize("version", [0, 7])
@pytest.mark.parametrize("command", ["list", "export", "add", "check", "backup"])
def test_another_programs_database_is_left_unchanged(capsys, tmp_path, command, version):
    path = contacts(tmp_path / "contacts.db", version=version)
    before = snapshot(path)
    err = refused(capsys, *commands(path, tmp_path)[command])
    assert f"{path} is not an evidence log" in err
    assert "another program's database" in err
    assert "left unchanged" in err
    assert snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.db"]


def test_a_text_file_is_not_a_log_and_is_left_unchanged(capsys, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n", encoding="utf-8")
    before = snapshot(notes)
    err = refused(capsys, "add", *ADD, "--effect", "e", "--db", str(notes))
    assert f"{notes} is not an evidence log" in err
    assert "not an SQLite database" in err
    assert snapshot(notes) == before


def test_only_add_starts_a_log(capsys, tmp_path):
    db = tmp_path / "new.sqlite"
    assert run(capsys, "list", "--db", str(db))[:2] == (0, "[]\n")
    out = tmp_path / "summary.md"
    assert run(capsys, "export", "--db", str(db), "--format", "markdown", "--out", str(out))[0] == 0
    assert not db.exists()
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert run(capsys, *add(empty))[:2] == (0, "1\n")
    assert EvidenceStore(empty, read_only=True).count() == 1


def test_a_newer_log_is_refused_unchanged(capsys, tmp_path):
    path = tmp_path / "newer.sqlite"
    db = sqlite3.connect(path)  # not in WAL mode, as a later version or a backup may leave it
    db.executescript(";".join(store_module.MIGRATIONS))
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    before = snapshot(path)
    for command in ("list", "export", "add", "check", "backup"):
        err = refused(capsys, *commands(path, tmp_path)[command])
        assert snapshot(path) == before, command
        assert f"{path} was made by a newer version of the course" in err
        assert "update the package" in err
        assert "left unchanged" in err


# ------------------------------------------------------------------------- damage


def make_log(path: Path, incidents: int, *, what: str = "") -> Path:
    store = EvidenceStore(path)
    for n in range(incidents):
        store.add_incident(system=f"S{n % 3}", date="2026-11-01", effect=f"e{n}", what=what)
    return path  # every connection is closed, so the WAL is folded into the file


def incident_pages(path: Path) -> tuple[int, list[int], int]:
    """The incidents table's root page, its children (if the root is interior), page size."""
    db = sqlite3.connect(path)
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'incidents'").fetchone()[0]
    size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    data = path.read_bytes()
    base = (root - 1) * size
    if data[base] != 0x05:  # a leaf: no children
        return root, [], size
    cells = int.from_bytes(data[base + 3 : base + 5], "big")
    pointers = [
        int.from_bytes(data[base + 12 + 2 * i : base + 14 + 2 * i], "big") for i in range(cells)
    ]
    children = [int.from_bytes(data[base + p : base + p + 4], "big") for p in pointers]
    return root, [*children, int.from_bytes(data[base + 8 : base + 12], "big")], size


def spoil(path: Path, page: int, size: int) -> None:
    with path.open("r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\xff" * size)


@pytest.fixture
def damaged(tmp_path) -> Path:
    path = make_log(tmp_path / "log.sqlite", 3)
    root, _children, size = incident_pages(path)
    spoil(path, root, size)
    return path


@pytest.mark.parametrize("command", ["list", "export", "add", "backup"])
def test_a_damaged_log_says_so_and_what_to_do(capsys, tmp_path, damaged, command):
    err = refused(capsys, *commands(damaged, tmp_path)[command])
    assert f"{damaged} is a damaged evidence log" in err
    assert "restore a backup" in err
    assert "`evidence check`" in err
    assert not (tmp_path / "copy.sqlite").exists()  # no damaged backup


def test_check_counts_what_a_damaged_log_still_holds(capsys, tmp_path):
    path = make_log(tmp_path / "log.sqlite", 120, what="x" * 1000)
    _root, children, size = incident_pages(path)
    assert len(children) > 10
    spoil(path, children[len(children) // 2], size)  # one leaf in the middle
    code, out, err = run(capsys, "check", "--db", str(path))
    assert code == 2
    assert err.count("\n") == 1
    assert f"{path} is a damaged evidence log" in err
    readable = int(err.split(": ", 2)[2].split()[0])
    assert 100 <= readable < 120  # both sides of the damaged page are read
    assert "incidents that can still be read: 1-" in out


def test_check_passes_a_sound_log(capsys, tmp_path):
    path = make_log(tmp_path / "log.sqlite", 4)
    before = snapshot(path)
    code, out, _err = run(capsys, "check", "--db", str(path))
    assert code == 0
    assert out == f"{path}: no damage found (schema 2); 4 incidents and 3 systems can be read\n"
    assert snapshot(path) == before


# ------------------------------------------------------------------------- backup


def test_backup_copies_the_log_atomically_while_others_write(capsys, tmp_path):
    path = make_log(tmp_path / "log.sqlite", 5)
    out = tmp_path / "copy.sqlite"
    out.write_bytes(b"an older backup")
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom collective_ai.evidence.store import EvidenceStore\n"
            "s = EvidenceStore(sys.argv[1])\n"
            "for n in range(200): s.add_incident(system='W', date='2026-11-01', effect=f'w{n}')",
            str(path),
        ],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        code, printed, err = run(capsys, "backup", "--db", str(path), "--out", str(out))
    finally:
        assert writer.wait(timeout=120) == 0
    assert code == 0, err
    assert printed == f"backed up {path} to {out}\n"
    copy = EvidenceStore(out, read_only=True)
    assert 5 <= copy.count() <= 205
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert run(capsys, "check", "--db", str(out))[0] == 0
    assert run(capsys, *add(out))[0] == 0  # a backup is a log one can go on with


def test_backup_to_a_missing_folder_names_it(capsys, tmp_path):
    path = make_log(tmp_path / "log.sqlite", 1)
    err = refused(capsys, "backup", "--db", str(path), "--out", str(tmp_path / "no" / "b.sqlite"))
    assert "the folder" in err
    assert "does not exist" in err


# ------------------------------------------------------------------ folder, disks


def test_a_default_log_path_that_is_a_folder_says_so(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECTIVE_AI_HOME", str(tmp_path))
    (tmp_path / "evidence.sqlite").mkdir()
    for argv in (["list"], ["add", *ADD, "--effect", "e"], ["check"]):
        err = refused(capsys, *argv)
        assert f"{tmp_path / 'evidence.sqlite'} is a folder, not an evidence log file" in err


class Disk:
    """A small tmpfs mounted at ``path`` for one test."""

    def __init__(self, path: Path, size: str) -> None:
        self.path = path
        path.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.skip(f"mounting a tmpfs needs root (CAP_SYS_ADMIN): {done.stderr.strip()}")

    def read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True)

    def fill(self) -> None:
        with (self.path / "filler").open("wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * 4096)
            except OSError:
                pass

    def unmount(self) -> None:
        subprocess.run(["umount", "-l", str(self.path)], check=False)


@pytest.fixture
def disk(tmp_path):
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; no other way gives SQLite a read-only disk")
    mounted = Disk(tmp_path / "stick", "1m")
    yield mounted
    mounted.unmount()


def test_a_log_on_a_read_only_disk_can_be_read_but_not_added_to(capsys, tmp_path, disk):
    log = make_log(disk.path / "log.sqlite", 2)
    disk.read_only()
    code, out, err = run(capsys, "list", "--db", str(log))
    assert code == 0, err
    assert [line.strip() for line in out.splitlines() if '"effect"' in line] == [
        '"effect": "e0",',
        '"effect": "e1",',
    ]
    summary = tmp_path / "summary.md"
    assert (
        run(capsys, "export", "--db", str(log), "--format", "markdown", "--out", str(summary))[0]
        == 0
    )
    assert "| S0 | 1 |" in summary.read_text(encoding="utf-8")
    assert run(capsys, "check", "--db", str(log))[0] == 0
    assert run(capsys, "backup", "--db", str(log), "--out", str(tmp_path / "b.sqlite"))[0] == 0
    err = refused(capsys, *add(log))
    assert f"{log} is on a read-only disk" in err
    assert "not an evidence log" not in err
    err = refused(capsys, *add(disk.path / "new.sqlite"))
    assert "read-only disk" in err


def test_recent_changes_in_the_wal_are_read_from_a_read_only_disk(capsys, tmp_path, disk):
    source = make_log(tmp_path / "log.sqlite", 1)
    db = sqlite3.connect(source, isolation_level=None)
    db.execute("PRAGMA wal_autocheckpoint = 0")
    db.execute("UPDATE incidents SET effect = 'changed in the WAL'")
    for suffix in ("", "-wal"):  # as a stick pulled out while the log was open
        (disk.path / f"log.sqlite{suffix}").write_bytes(Path(f"{source}{suffix}").read_bytes())
    db.close()
    disk.read_only()
    code, out, err = run(capsys, "list", "--db", str(disk.path / "log.sqlite"))
    assert code == 0, err
    assert "changed in the WAL" in out


def test_a_full_disk_says_so_and_keeps_the_log(capsys, disk):
    log = make_log(disk.path / "log.sqlite", 1)
    disk.fill()
    err = refused(capsys, *add(log, "second"))
    assert f"the disk holding {log} is full" in err
    assert "nothing was changed" in err
    assert run(capsys, "list", "--db", str(log))[0] == 0  # still readable when full
    (disk.path / "filler").unlink()
    assert [i.effect for i in EvidenceStore(log, read_only=True).incidents()] == ["e0"]
