"""collective_ai.scoring.cli: the ``simulate`` subcommand, driven through argparse."""

from __future__ import annotations

import argparse

import pytest

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
    assert out[2].startswith("40 and over") and "below 4/5" in out[2]


def test_writes_a_handout_with_its_description(tmp_path, capsys):
    target = tmp_path / "warehouse.pdf"
    argv = ["simulate", "warehouse", "--set", "n=2000", "--handout", str(target)]
    assert _run([*argv, "--across", "rounds"]) == 0
    assert target.read_bytes().startswith(b"%PDF")
    description = (tmp_path / "warehouse.txt").read_text(encoding="utf-8")
    assert "for each setting of Weeks: at 1," in description and "at 52," in description
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
    with pytest.raises(InputError, match="rounds.*not a parameter that varies here"):
        _run(["simulate", "hiring", "--handout", str(tmp_path / "x.png"), "--across", "rounds"])


def test_settings_parse_to_numbers():
    assert cli.parse_settings(["n=1000", " proxy_weight = 0.25"]) == {
        "n": 1000,
        "proxy_weight": 0.25,
    }
