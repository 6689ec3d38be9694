"""The one entry point: every subcommand is registered, and starting it stays light.

The audit of a million rows must finish in 1.5 s with the interpreter's start included, so
building the parser may not import the heavy libraries a subcommand uses only when it runs
(nbformat alone costs 1.8 s through jsonschema). Checked in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys

import pytest

from collective_ai.cli import EXIT_USER_ERROR, main, run_command
from collective_ai.errors import InputError

HEAVY = [
    "nbformat",
    "pandas",
    "numpy",
    "matplotlib",
    "scipy",
    "jinja2",
    "docx",
    "ipywidgets",
    "pypdf",
]


def test_building_the_parser_imports_no_heavy_library():
    code = (
        "import sys, json; from collective_ai.cli import build_parser; build_parser(); "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    loaded = json.loads(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )
    assert loaded == []


def test_every_subcommand_is_registered(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    usage = capsys.readouterr().out
    choices = re.search(r"\{([a-z,-]+)\}", usage).group(1).split(",")
    for name in choices:  # each one answers its own --help
        with pytest.raises(SystemExit) as stop:
            main([name, "--help"])
        assert stop.value.code == 0, name
    assert set(choices) == {
        "audit",
        "audit-check",
        "demands",
        "desk",
        "classroom",
        "simulate",
        "evidence",
        "survey",
        "hub",
        "complaint",
        "campaign",
        "request",
    }


def test_usage_error_is_one_line_and_exit_code_two(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["audit"])
    assert stop.value.code == EXIT_USER_ERROR
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_missing_file_is_one_line_and_exit_code_two(capsys, tmp_path):
    code = main(["audit", str(tmp_path / "absent.csv"), "--group", "g", "--selected", "s"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == EXIT_USER_ERROR
    assert len(err) == 1
    assert "absent.csv" in err[0]


@pytest.mark.parametrize(
    "error",
    [
        InputError("should be a number", field="k"),
        FileNotFoundError(2, "No such file or directory", "absent.csv"),
        UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
    ],
)
def test_every_entry_point_shows_a_persons_mistake_as_one_line(capsys, error):
    """run_command is shared by ``python -m collective_ai`` and ``... .classroom``."""

    def fails(_args):
        raise error

    parser = argparse.ArgumentParser()
    parser.set_defaults(run=fails)
    assert run_command(parser, []) == EXIT_USER_ERROR
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line == f"error: {error}"
