"""collective_ai.files: one atomic write, and every file the package writes goes through it."""

from __future__ import annotations

import ast
import errno
import os
from pathlib import Path

import pytest

import collective_ai
from collective_ai.cli import main
from collective_ai.files import describe_failure, remove_stale_temporaries, write_atomic
from tests.lab_contract import status_line


def no_space(_fd):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_writes_text_or_bytes_exactly_and_replaces_the_old_file(tmp_path):
    target = tmp_path / "report.md"
    assert write_atomic(target, "first ✊\r\nline\n") == target
    assert target.read_bytes() == "first ✊\r\nline\n".encode()
    write_atomic(target, b"\x00second")
    assert target.read_bytes() == b"\x00second"
    assert os.listdir(tmp_path) == ["report.md"]


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, step):
    target = tmp_path / "report.md"
    target.write_text("the previous good report", encoding="utf-8")

    def fail(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    if step == "write":
        # SIM115: this stands in for os.fdopen, so the caller (write_atomic) closes the file.
        monkeypatch.setattr(os, "fdopen", lambda fd, mode: open(fd, mode, buffering=0))  # noqa: SIM115
        monkeypatch.setattr(os, "fsync", fail)  # an unbuffered write then a failing flush
    else:
        monkeypatch.setattr(os, step, fail)
    with pytest.raises(OSError, match="No space left on device") as raised:
        write_atomic(target, "the new report, cut short " * 1000)
    assert raised.value.errno == errno.ENOSPC
    assert raised.value.filename == str(target)  # the person's file, not our temporary one
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "the previous good report"
    assert os.listdir(tmp_path) == ["report.md"]


def test_an_interrupt_leaves_no_temporary_file(tmp_path, monkeypatch):
    def interrupted(_fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "handout.pdf", b"%PDF")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []


def test_data_reaches_the_disk_before_a_rename_in_the_same_folder(tmp_path, monkeypatch):
    """What makes the write atomic: fsync of the data, rename over the target, fsync of
    the folder. A plain ``open(target, "w")`` does none of it."""
    calls = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        calls.append(("fsync", os.fstat(fd).st_ino))
        real_fsync(fd)

    def replace(source, target):
        calls.append(("replace", os.stat(source).st_ino, Path(source), Path(target)))
        assert Path(target).read_bytes() == b"old"  # untouched until the rename
        real_replace(source, target)

    target = tmp_path / "draft.json"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_atomic(target, b"new")
    (_, synced), (_, renamed, source, into), *folder = calls
    assert synced == renamed
    assert source.parent == tmp_path
    assert source != target
    assert into == target
    if os.name == "posix":  # the rename itself is made durable too
        assert folder == [("fsync", os.stat(tmp_path).st_ino)]
    assert target.read_bytes() == b"new"


def test_describe_failure_speaks_plainly(tmp_path):
    assert describe_failure(OSError(errno.ENOSPC, "x")) == "the disk is full"
    assert describe_failure(OSError(errno.EROFS, "x")) == "the disk is read-only"
    assert describe_failure(IsADirectoryError(errno.EISDIR, "x", "out.md")) == (
        "out.md is a folder, not a file"
    )


def test_stale_temporary_files_go_and_fresh_ones_stay(tmp_path):
    old, fresh, mine = tmp_path / ".a.json.x1.tmp", tmp_path / ".a.json.x2.tmp", tmp_path / "a.tmp"
    for path in (old, fresh, mine):
        path.write_bytes(b"")
    os.utime(old, (0, 0))
    os.utime(mine, (0, 0))
    assert remove_stale_temporaries(tmp_path) == [old]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".a.json.x2.tmp", "a.tmp"]
    assert remove_stale_temporaries(tmp_path / "missing") == []


# --- every writer keeps the previous file when the disk fills up --------------------------

CSV = "sex,selected\nF,1\nF,0\nM,1\nM,1\n"
FIELDS = [
    *("--field", "employer=Acme", "--field", "workplace=Depot", "--field", "ai_system=Rate"),
    *("--field", "group_name=Committee", "--field", "contact=c@example.org"),
]


def audit_args(folder: Path, target: Path) -> list[str]:
    (folder / "data.csv").write_text(CSV, encoding="utf-8")
    data = str(folder / "data.csv")
    return ["audit", data, "--group", "sex", "--selected", "selected", "--out", str(target)]


def render_args(_folder: Path, target: Path) -> list[str]:
    chosen = ["--template", "bias-test-results", "--form", "letter", "--format", "docx"]
    return ["demands", "render", *chosen, *FIELDS, "--out", str(target)]


def handout_args(_folder: Path, target: Path) -> list[str]:
    return ["simulate", "hiring", "--set", "n=500", "--handout", str(target)]


@pytest.mark.parametrize(
    ("name", "arguments", "others"),
    [
        ("report.md", audit_args, ["data.csv"]),
        ("letter.docx", render_args, []),
        ("handout.png", handout_args, ["handout.txt"]),
    ],
)
def test_a_full_disk_keeps_each_command_s_previous_file(
    tmp_path, monkeypatch, capsys, name, arguments, others
):
    target = tmp_path / name
    argv = arguments(tmp_path, target)
    for path in (target, *(tmp_path / o for o in others if o.endswith(".txt"))):
        path.write_bytes(b"previous good file")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    monkeypatch.setattr(os, "fsync", no_space)
    code = main(argv)
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert "No space left" in err
    assert name in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_full_disk_keeps_the_drafters_previous_export(tmp_path, monkeypatch):
    from collective_ai.widgets.demand_drafter import DemandDrafter

    monkeypatch.setenv("COLLECTIVE_AI_HOME", str(tmp_path / "home"))
    drafter = DemandDrafter()
    for name, value in [("employer", "Acme"), ("workplace", "Depot"), ("ai_system", "Rate")]:
        drafter.controls[name].value = value
    drafter.controls["group_name"].value = "Committee"
    drafter.controls["date"].value = "2026-11-22"
    first = drafter.export(fmt="markdown", folder=tmp_path / "out")
    good = first.read_bytes()
    drafter.controls["employer"].value = "Acme Logistics"
    monkeypatch.setattr(os, "fsync", no_space)
    assert drafter.export(fmt="markdown", folder=tmp_path / "out") is None
    monkeypatch.undo()
    status = status_line(drafter.ui)
    assert "Not exported" in status
    assert "the disk is full" in status
    assert first.read_bytes() == good
    assert os.listdir(tmp_path / "out") == [first.name]


def test_the_bundled_sample_is_rewritten_atomically(tmp_path, monkeypatch):
    from collective_ai.audit.sample import write_sample

    target = tmp_path / "sample.csv"
    target.write_text("previous", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OSError, match="No space left on device"):
        write_sample(target)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "previous"
    assert os.listdir(tmp_path) == ["sample.csv"]


# --- and no module writes any other way ---------------------------------------------------

PACKAGE = Path(collective_ai.__file__).parent
# Streams a running process writes as it goes: no whole file exists to replace atomically.
STREAMED = {Path("hub/process.py"): ["line 76: open for writing"]}  # the hub's own log


def _plain_writes(source: str) -> list[str]:
    """Calls that write a file directly: Path.write_text/write_bytes, open() for writing,
    and the methods savefig or to_csv given anything but an in-memory ``buffer``. (A plain
    function of ours named ``to_csv`` returns text, and ``os.fdopen`` of a pipe writes no file.)"""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        args = [*node.args, *(k.value for k in node.keywords if k.arg in ("mode", "path"))]
        if name in ("write_text", "write_bytes"):
            found.append(f"line {node.lineno}: {name}")
        elif name == "open":
            modes = [a.value for a in args if isinstance(a, ast.Constant)]
            if any(isinstance(m, str) and set(m) & set("wax+") for m in modes):
                found.append(f"line {node.lineno}: {name} for writing")
        elif (
            name in ("savefig", "to_csv", "to_excel", "to_parquet")
            and isinstance(func, ast.Attribute)
            and node.args
        ):
            first = node.args[0]
            if not (isinstance(first, ast.Name) and "buffer" in first.id):
                found.append(f"line {node.lineno}: {name} to a file")
    return found


def test_every_file_the_package_writes_goes_through_write_atomic():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative == Path("files.py"):
            continue
        found = _plain_writes(path.read_text(encoding="utf-8"))
        if found and found != STREAMED.get(relative):
            offenders[str(relative)] = found
    assert offenders == {}


def test_the_write_finder_finds_plain_writes():
    source = (
        "p.write_text('x')\nopen(p, 'w')\nopen(p, mode='ab')\nfig.savefig(path)\n"
        "df.to_csv(p)\nfig.savefig(buffer)\nopen(p)\nopen(p, 'rb')\ndf.to_csv(index=False)\n"
        "to_csv(rows, columns)\n"
    )
    assert [f.split(": ")[0] for f in _plain_writes(source)] == [
        "line 1",
        "line 2",
        "line 3",
        "line 4",
        "line 5",
    ]


@pytest.mark.skipif(not hasattr(os, "fchmod"), reason="POSIX permission bits")
def test_permissions_are_those_a_plain_write_gives(tmp_path):
    plain, atomic = tmp_path / "plain.md", tmp_path / "atomic.md"
    plain.write_text("x", encoding="utf-8")
    write_atomic(atomic, "x")
    assert atomic.stat().st_mode == plain.stat().st_mode  # not mkstemp's 0o600
    atomic.chmod(0o640)
    write_atomic(atomic, "y")
    assert atomic.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its own
    write_atomic(atomic, "z", mode=0o600)
    assert atomic.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("arguments", [audit_args, render_args], ids=["audit", "render"])
def test_an_out_path_that_is_a_folder_is_one_line_and_left_alone(tmp_path, capsys, arguments):
    folder = tmp_path / "reports"
    folder.mkdir()
    code = main(arguments(tmp_path, folder))
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert str(folder) in err
    assert "folder" in err.lower()
    assert list(folder.iterdir()) == []
    assert not [p for p in tmp_path.iterdir() if p.name[0] == "."]
