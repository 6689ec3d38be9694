"""``python -m collective_ai audit``: input as people have it, output as documented."""

import argparse
import importlib.util
import json
import subprocess
import sys

import pytest

from collective_ai.audit import cli
from collective_ai.errors import InputError


def parse(*argv):
    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers())
    return parser.parse_args(["audit", *map(str, argv)])


def run_json(capsys, *argv):
    args = parse(*argv)
    assert args.run(args) == 0
    return json.loads(capsys.readouterr().out)


def write(tmp_path, text, *, name="data.csv", encoding="utf-8", newline="\n"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


SIMPLE = "sex,selected\nF,1\nF,0\nM,1\nM,1\n"


def test_one_group_gives_one_table(tmp_path, capsys):
    data = run_json(capsys, write(tmp_path, SIMPLE), "--group", "sex", "--selected", "selected")
    assert len(data["tables"]) == 1
    table = data["tables"][0]
    assert table["by"] == ["sex"]
    assert table["reference"] == "M"
    assert table["groups"]["F"]["impact_ratio"] == 0.5
    assert table["groups"]["F"]["four_fifths_flag"] is True
    assert "scoring_rate" not in table["groups"]["F"]


def test_spreadsheet_export_bom_semicolons_crlf_quotes_words(tmp_path, capsys):
    text = (
        'sex;"race; as reported";outcome;score\n'
        'F;"Black; African American";Selected;"3,5"\n'
        "F;White;REJECTED;2\n"
        'M;"Black; African American";yes;4,25\n'
        "M;White;No;1\n"
        ";White;TRUE;1\n"
    )
    path = write(tmp_path, text, encoding="utf-8-sig", newline="\r\n")
    data = run_json(
        capsys,
        path,
        "--group",
        "sex",
        "--group",
        "race; as reported",
        "--selected",
        "outcome",
        "--score",
        "score",
    )
    assert [t["by"] for t in data["tables"]] == [
        ["sex"],
        ["race; as reported"],
        ["sex", "race; as reported"],
    ]
    sex, race, both = data["tables"]
    assert sex["unknown"] == 1
    assert both["unknown"] == 1
    assert race["unknown"] == 0
    assert sex["groups"]["F"]["selected"] == 1
    assert race["groups"]["White"]["n"] == 3
    assert "F / Black; African American" in both["groups"]
    # known-sex scores 3.5, 2, 4.25, 1: median 2.75; above it: one F, one M
    assert sex["groups"]["F"]["scoring_rate"] == 0.5


def test_unknown_values_and_exclusion(tmp_path, capsys):
    rows = ["g,s"] + ["a,1"] * 60 + ["b,0"] * 40 + ["b,1"] * 50 + ["c,1"] + ["Declined,0"] * 7
    path = write(tmp_path, "\n".join(rows) + "\n")
    argv = [path, "--group", "g", "--selected", "s", "--unknown", "declined"]
    plain = run_json(capsys, *argv)["tables"][0]
    assert plain["unknown"] == 7
    assert plain["excluded"] == []
    assert plain["reference"] == "a"
    table = run_json(capsys, *argv, "--exclude-small")["tables"][0]
    assert table["excluded"] == ["c"]  # 1 of 151 known rows is under 2%
    assert table["groups"]["c"]["impact_ratio"] is None
    assert table["groups"]["c"]["n"] == 1


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_report_formats_written_to_out(tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    data = write(tmp_path, SIMPLE)
    args = parse(data, "--group", "sex", "--selected", "selected", "--format", fmt, "--out", out)
    assert args.run(args) == 0
    text = out.read_text(encoding="utf-8")
    assert "Bias audit report" in text
    assert "4 rows read from data" in text


# --- errors a person can make: one message, the column and the row ---------------------------


def error_of(*argv) -> InputError:
    args = parse(*argv)
    with pytest.raises(InputError) as caught:
        args.run(args)
    return caught.value


def test_missing_column(tmp_path):
    error = error_of(write(tmp_path, SIMPLE), "--group", "gender", "--selected", "selected")
    assert (error.column, error.row) == ("gender", 1)
    assert "sex, selected" in str(error)


def test_unreadable_outcome(tmp_path):
    path = write(tmp_path, "sex,selected\nF,1\nM,maybe\n")
    error = error_of(path, "--group", "sex", "--selected", "selected")
    assert (error.column, error.row) == ("selected", 3)
    assert "'maybe'" in str(error)


def test_blank_outcome(tmp_path):
    path = write(tmp_path, "sex,selected\nF,1\nM,\n")
    error = error_of(path, "--group", "sex", "--selected", "selected")
    assert (error.column, error.row) == ("selected", 3)


def test_unreadable_score(tmp_path):
    path = write(tmp_path, "sex,selected,score\nF,1,2\nM,0,n/a\n")
    error = error_of(path, "--group", "sex", "--selected", "selected", "--score", "score")
    assert (error.column, error.row) == ("score", 3)


@pytest.mark.parametrize("text", ["", "\ufeff", "\n\n"])
def test_empty_file(tmp_path, text):
    error = error_of(write(tmp_path, text), "--group", "sex", "--selected", "selected")
    assert "empty" in str(error)
    assert error.row == 1


def test_header_only(tmp_path):
    error = error_of(write(tmp_path, "sex,selected\n"), "--group", "sex", "--selected", "selected")
    assert error.row == 2


def test_not_utf8(tmp_path):
    path = write(tmp_path, "sex,selected\nF,1\nJosé,0\n", encoding="latin-1")
    error = error_of(path, "--group", "sex", "--selected", "selected")
    assert "UTF-8" in str(error)
    assert error.row == 3


def test_ragged_row(tmp_path):
    path = write(tmp_path, "sex,selected\nF,1\nM,1,extra,more\n")
    error = error_of(path, "--group", "sex", "--selected", "selected")
    assert error.row == 3
    assert "4 fields but the header has 2" in str(error)


def test_short_row(tmp_path):
    path = write(tmp_path, "sex,selected\nF,1\n\nM\n")
    error = error_of(path, "--group", "sex", "--selected", "selected")
    assert error.row == 4
    assert "1 field but the header has 2" in str(error)


needs_full_cli = pytest.mark.skipif(
    importlib.util.find_spec("collective_ai.demands.cli") is None,
    reason="collective_ai.cli also imports collective_ai.demands.cli, not written yet",
)


@needs_full_cli
def test_whole_command_exit_code_two_and_one_line(tmp_path):
    path = write(tmp_path, "sex,selected\nF,1\nM,maybe\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "collective_ai",
            "audit",
            str(path),
            "--group",
            "sex",
            "--selected",
            "selected",
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: column 'selected', row 3: 'maybe' is not an outcome; use 1/0, true/false, "
        "yes/no or selected/rejected"
    ]


@needs_full_cli
def test_whole_command_json(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "collective_ai",
            "audit",
            str(write(tmp_path, SIMPLE)),
            "--group",
            "sex",
            "--selected",
            "selected",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout)["tables"][0]["reference"] == "M"


# --- every row's field count, quoted or not; errors name the right row -----------------------


@pytest.mark.parametrize(
    ("text", "row", "found"),
    [
        # one field too many beside one too few: the total count of delimiters matches
        ("sex,selected\nF,1\nF,1,x\nM\nM,0\n", 3, 3),
        # a quote anywhere in the file used to switch the check off
        ('sex,selected\n"F, cis",1\nM,1,extra\n', 3, 3),
        ('sex,selected\n"F\nsecond line",1\nM\n', 3, 1),
        # a quoted delimiter is part of a field, not a new field
        ('sex,selected\n"a,b",1\n"c",1,2\n', 3, 3),
    ],
)
def test_every_row_is_counted(tmp_path, text, row, found):
    for newline in ("\n", "\r\n"):
        path = write(tmp_path, text, newline=newline)
        error = error_of(path, "--group", "sex", "--selected", "selected")
        assert error.row == row
        assert f"{found} field" in str(error)


def test_rows_are_numbered_as_a_spreadsheet_does(tmp_path):
    # a quoted line break stays inside row 2; the blank line is row 3; 'maybe' is in row 5
    text = 'sex,selected\n"F\nwith a line break",1\n\nM,1\nM,maybe\n'
    for extra in ("", '"'):  # with and without quotes elsewhere
        path = write(tmp_path, text.replace("M,1", f"{extra}M{extra},1"))
        error = error_of(path, "--group", "sex", "--selected", "selected")
        assert (error.column, error.row) == ("selected", 5)
    plain = write(tmp_path, "sex,selected,score\nF,1,1\n\n  \nM,1,2\nM,0,x\n")
    error = error_of(plain, "--group", "sex", "--selected", "selected", "--score", "score")
    assert (error.column, error.row) == ("score", 6)


def test_quoted_file_gives_the_same_counts(tmp_path, capsys):
    plain = run_json(capsys, write(tmp_path, SIMPLE), "--group", "sex", "--selected", "selected")
    quoted = SIMPLE.replace("F,", '"F",')
    data = run_json(
        capsys, write(tmp_path, quoted, name="q.csv"), "--group", "sex", "--selected", "selected"
    )
    assert data == plain


def test_too_many_categories_is_refused_unless_allowed(tmp_path, capsys):
    rows = ["id,selected"] + [f"person {i},{i % 2}" for i in range(1001)]
    path = write(tmp_path, "\n".join(rows) + "\n")
    error = error_of(path, "--group", "id", "--selected", "selected")
    assert error.column == "id"
    assert "1,001 categories" in str(error)
    assert "--many-categories" in str(error)
    data = run_json(capsys, path, "--group", "id", "--selected", "selected", "--many-categories")
    assert len(data["tables"][0]["groups"]) == 1001


# --- small things that were silently wrong ----------------------------------------------------


def test_group_equal_to_selected_is_refused(tmp_path):
    path = write(tmp_path, SIMPLE)
    error = error_of(path, "--group", "selected", "--selected", "selected")
    assert error.column == "selected"
    assert "also a group column" in str(error)
    error = error_of(path, "--group", "sex", "--group", "sex", "--selected", "selected")
    assert error.column == "sex"
    assert "twice" in str(error)
    error = error_of(path, "--group", "sex", "--selected", "selected", "--score", "selected")
    assert "also the score column" in str(error)


def test_duplicate_column_names_are_refused(tmp_path):
    path = write(tmp_path, "sex,selected,sex\nF,1,M\nM,0,F\n")
    error = error_of(path, "--group", "sex", "--selected", "selected")
    assert (error.column, error.row) == ("sex", 1)
    assert "columns 1, 3" in str(error)
    # an unnamed column twice (trailing commas from a spreadsheet) is no problem
    trailing = write(tmp_path, "sex,selected,,\nF,1,,\nM,0,,\n", name="t.csv")
    args = parse(trailing, "--group", "sex", "--selected", "selected")
    assert args.run(args) == 0


@pytest.mark.parametrize("spelling", ["1.00", "1.0", "+1", " 1 "])
def test_outcome_numbers_equal_to_one_or_zero(tmp_path, capsys, spelling):
    path = write(tmp_path, f"sex,selected\nF,{spelling}\nF,0.00\nM,1\nM,1\n")
    data = run_json(capsys, path, "--group", "sex", "--selected", "selected")
    assert data["tables"][0]["groups"]["F"]["selected"] == 1


def test_outcome_two_point_five_is_still_refused(tmp_path):
    path = write(tmp_path, "sex,selected\nF,1\nM,0.5\n")
    error = error_of(path, "--group", "sex", "--selected", "selected")
    assert error.row == 3
    assert "'0.5' is not an outcome" in str(error)


@pytest.mark.parametrize(("value", "shown"), [("NaN", "'NaN'"), ("nan", "'nan'"), ("", "a blank")])
def test_nan_score_is_named_as_typed(tmp_path, value, shown):
    path = write(tmp_path, f"sex,selected,score\nF,1,2\nM,0,{value}\n")
    error = error_of(path, "--group", "sex", "--selected", "selected", "--score", "score")
    assert (error.column, error.row) == ("score", 3)
    assert str(error).endswith(f"{shown} is not a number")


def test_dash_reads_standard_input(tmp_path, capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SIMPLE.encode())))
    data = run_json(capsys, "-", "--group", "sex", "--selected", "selected")
    assert data["tables"][0]["groups"]["F"]["n"] == 2


@needs_full_cli
def test_dash_reads_a_pipe(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "collective_ai",
            "audit",
            "-",
            "--group",
            "sex",
            "--selected",
            "selected",
            "--format",
            "markdown",
        ],
        input=SIMPLE,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "4 rows read from standard input" in done.stdout


@needs_full_cli
def test_standard_input_past_the_limit_is_refused_in_one_line():
    """A pipe is copied aside to be read twice: past --max-input-mb it stops, exit code 2."""
    rows = "F,1\n" * (600 * 1024)  # 2.4 MB
    command = [sys.executable, "-m", "collective_ai", "audit", "-", "--group", "sex"]
    command += ["--selected", "selected", "--max-input-mb", "1"]
    done = subprocess.run(command, input="sex,selected\n" + rows, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: field '--max-input-mb': the input is over 1 MB, the most read from standard "
        "input; name the file instead, or raise the limit"
    ]
    raised = subprocess.run(
        [*command[:-1], "3"], input="sex,selected\n" + rows, capture_output=True, text=True
    )
    assert raised.returncode == 0, raised.stderr
    assert json.loads(raised.stdout)["tables"][0]["groups"]["F"]["n"] == 600 * 1024


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "lots"])
def test_the_input_limit_must_be_a_positive_number(value, capsys):
    with pytest.raises(SystemExit) as caught:
        parse("-", "--group", "sex", "--selected", "selected", "--max-input-mb", value)
    assert caught.value.code == 2
    assert "--max-input-mb: expected a number of MB above 0" in capsys.readouterr().err
