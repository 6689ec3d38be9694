"""collective_ai.scoring.cli: the ``simulate`` subcommand, driven through argparse."""

from __future__ import annotations

import argparse

import pytest

from collective_ai.cli import main
from collective_ai.errors import InputError
from collective_ai.scoring import cli


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="collective_ai")
    cli.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.run(args)


def test_prints_the_summary_and_the_audit_table(capsys):
    assert _run(["simulate", "hiring", "--set", "proxy_weight=0.3", "--set", "n=20000"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Applicants aged 40 and over advance at ")
    assert out[1].split()[:3] == ["group", "people", "selected"]
    assert out[2].startswith("40 and over")
    assert "below 4/5" in out[2]


def test_writes_a_handout_with_its_description(tmp_path, capsys):
    target = tmp_path / "warehouse.pdf"
    argv = ["simulate", "warehouse", "--set", "n=2000", "--handout", str(target)]
    assert _run([*argv, "--across", "rounds"]) == 0
    assert target.read_bytes().startswith(b"%PDF")
    description = (tmp_path / "warehouse.txt").read_text(encoding="utf-8")
    assert "for each setting of Weeks: at 1," in description
    assert "at 52," in description
    assert f"handout written to {target}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("setting", "pattern"),
    [
        ("proxy_weight", r"--set.*NAME=VALUE"),
        ("=3", r"--set.*NAME=VALUE"),
        ("proxy_weight=lots", r"proxy_weight.*'lots' is not a number"),
        ("proxy_weight=2", r"proxy_weight.*from 0 to 1"),
        ("speed=2", r"speed.*unknown parameter"),
    ],
)
def test_bad_settings_are_input_errors_naming_the_field(setting, pattern):
    with pytest.raises(InputError, match=pattern):
        _run(["simulate", "hiring", "--set", setting])


def test_unknown_handout_parameter_is_named(tmp_path):
    with pytest.raises(InputError, match=r"rounds.*not a parameter that varies here"):
        _run(["simulate", "hiring", "--handout", str(tmp_path / "x.png"), "--across", "rounds"])


def test_settings_parse_to_numbers():
    assert cli.parse_settings(["n=1000", " proxy_weight = 0.25"]) == {
        "n": 1000,
        "proxy_weight": 0.25,
    }


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "Infinity", "NaN"])
@pytest.mark.parametrize("name", ["n", "proxy_weight"])
def test_settings_that_are_not_finite_numbers_are_refused(name, value, capsys):
    code = main(["simulate", "hiring", "--set", f"{name}={value}"])
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"error: field {name!r}: {value!r} is not a finite number\n"


def test_a_huge_whole_number_is_refused_by_its_range():
    with pytest.raises(InputError, match=r"n.*from 100 to 2,000,000, got 1e\+300"):
        _run(["simulate", "hiring", "--set", "n=1e300"])


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("handout.xyz", "should end in .pdf, .png or .svg, not 'handout.xyz'"),
        ("handout", "should end in .pdf, .png or .svg, not 'handout'"),
        ("handout.txt", "should end in .pdf, .png or .svg"),  # would clash with its text
        ("folder", "is a folder; give a file name such as"),
        ("folder.pdf", "is a folder"),
        ("missing/handout.pdf", "the folder"),
    ],
)
def test_a_handout_path_that_cannot_be_written_is_one_line(tmp_path, capsys, name, needle):
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder.pdf").mkdir()
    before = sorted(p.name for p in tmp_path.iterdir())
    code = main(["simulate", "hiring", "--set", "n=500", "--handout", str(tmp_path / name)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("error: field '--handout': ")
    assert needle in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written beside it
    assert not any((tmp_path / "folder").iterdir())
