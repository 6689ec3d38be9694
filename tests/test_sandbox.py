"""collective_ai.classroom.sandbox: a submission runs confined or not at all.

Grading as root on a machine without user namespaces would let a submission read the keys,
the other submissions and the grader's processes; these check that the grader refuses
instead, and that the probe deciding it looks at what the confinement does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from collective_ai import cli
from collective_ai.classroom import sandbox
from collective_ai.errors import InputError

EXERCISES = Path(__file__).resolve().parent / "fixtures" / "submissions" / "exercises"
NOT_JSON = "This file was saved as text, not as a notebook {\n"


NO_NAMESPACES = "unshare: unshare failed: Operation not permitted"


def test_cli_refuses_to_grade_where_submissions_cannot_be_isolated(tmp_path, monkeypatch, capsys):
    """No weaker fallback: where a submission could read the keys, nothing is graded."""
    # raising=False: where there is no probe to replace, the test fails on what happens
    monkeypatch.setattr(sandbox, "isolation_problem", lambda: NO_NAMESPACES, raising=False)
    (tmp_path / "a.ipynb").write_text(NOT_JSON, encoding="utf-8")
    args = ["--exercise", "mini-lab", "--exercises", str(EXERCISES), "--out", str(tmp_path / "o")]
    code = cli.main(["classroom", "grade", str(tmp_path), *args])
    assert (code, capsys.readouterr().err.splitlines()) == (
        2,
        [
            "error: refusing to grade: submissions cannot be isolated from the keys, each "
            f"other and the grader on this machine ({NO_NAMESPACES}); grade on Linux with "
            "user namespaces enabled and util-linux's unshare installed"
        ],
    )
    assert not (tmp_path / "o").exists()


def test_the_sandbox_runs_nothing_it_cannot_confine(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "isolation_problem", lambda: NO_NAMESPACES, raising=False)
    with pytest.raises(InputError, match="refusing to grade"):
        sandbox.run(
            [sys.executable, "-c", "open('ran', 'x')"], scratch=tmp_path, hide=[], timeout=60
        )
    assert not (tmp_path / "ran").exists()


@pytest.fixture
def fresh_probe():
    sandbox.isolation_problem.cache_clear()
    yield sandbox.isolation_problem
    sandbox.isolation_problem.cache_clear()


def test_the_probe_says_what_is_missing(fresh_probe, monkeypatch):
    monkeypatch.setattr(sandbox.shutil, "which", lambda name: None)
    assert fresh_probe() == "the unshare command (util-linux) is not installed"


def test_the_probe_refuses_a_sandbox_that_does_not_confine(fresh_probe, monkeypatch):
    """It checks what the confinement does from inside, not that a command exists."""
    monkeypatch.setattr(sandbox, "_wrap", lambda command, *rest: command)  # no confinement
    assert fresh_probe() == (
        "a hidden folder could still be read; a file outside its folder could be written; "
        "the grader's own process could be seen"
    )


def test_a_mount_that_fails_stops_the_run(tmp_path, monkeypatch):
    """A submission never runs behind a hiding mount that did not take (nothing is mounted
    here: every mount call fails)."""
    calls = []

    def refuse(args, **kwargs):
        calls.append(args)
        return subprocess.CompletedProcess(args, 32, "", "mount: permission denied")

    monkeypatch.setattr(sandbox.subprocess, "run", refuse)
    monkeypatch.setattr(sandbox, "_loopback_up", lambda: None)
    (tmp_path / "keys").mkdir()
    with pytest.raises(SystemExit, match=r"not run, mount .* failed: mount: permission denied"):
        sandbox.confine(tmp_path / "scratch", [tmp_path / "keys"])
    assert len(calls) == 1
