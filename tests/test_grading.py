"""collective_ai.classroom.grading: a folder of submissions becomes a gradebook and feedback."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from collective_ai.classroom import grading
from collective_ai.errors import InputError
from collective_ai.selfcheck import check

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "submissions"
EXERCISES = FIXTURES / "exercises"
NOT_JSON = "This file was saved as text, not as a notebook {\n"


def submissions_folder(folder: Path) -> Path:
    """The fixture submissions plus a file named .ipynb that is not JSON (written here, as
    a committed one would trip every notebook linter)."""
    shutil.copytree(FIXTURES / "mini-lab", folder)
    (folder / "not-json.ipynb").write_text(NOT_JSON, encoding="utf-8")
    return folder


def _hidden(source: str):
    return new_code_cell(source, metadata={"tags": ["hidden-test"]})


def test_hidden_tests_belong_to_the_check_above_or_the_named_question():
    nb = new_notebook(
        cells=[
            new_code_cell('check("lab:q1", x)'),
            _hidden("assert x == 1"),
            new_code_cell("y = 2\ncheck('lab:q2', y)"),
            _hidden("# question: q1\nassert x > 0"),
            _hidden("assert y == 2"),
        ]
    )
    assert grading.hidden_tests(nb, exercise="lab") == [
        ("q1", "assert x == 1"),
        ("q1", "# question: q1\nassert x > 0"),
        ("q2", "assert y == 2"),
    ]


def test_hidden_test_with_no_question_is_an_error():
    nb = new_notebook(cells=[new_code_cell("x = 1"), _hidden("assert x == 1")])
    with pytest.raises(InputError) as caught:
        grading.hidden_tests(nb, exercise="lab")
    assert caught.value.field == "lab.ipynb cell 2"


def test_assignment_reads_points_hidden_tests_and_questions():
    assignment = grading.Assignment.load("mini-lab", exercises_dir=EXERCISES)
    assert assignment.points == {"q1": 1.0, "q2": 1.0, "q3": 2.0}
    assert [qid for qid, _ in assignment.hidden] == ["q1", "q3"]
    assert assignment.expected == ["q1", "q2", "q3"]


def test_assignment_names_what_is_missing(tmp_path):
    with pytest.raises(InputError, match="no master notebook"):
        grading.Assignment.load("nothing", exercises_dir=tmp_path)


def test_otter_test_files_hold_the_check_and_hidden_cases(tmp_path):
    grading.Assignment.load("mini-lab", exercises_dir=EXERCISES).write_tests(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q1.py", "q2.py", "q3.py"]
    q3 = (tmp_path / "q3.py").read_text()
    assert "points = 2.0" in q3 and "all_or_nothing = True" in q3
    assert "assert_checked('mini-lab:q3')" in q3
    assert "write a full sentence" in q3
    assert "hidden_1" not in (tmp_path / "q2.py").read_text()
    for path in tmp_path.iterdir():
        compile(path.read_text(), str(path), "exec")


def test_assert_checked_reads_the_learners_last_check(monkeypatch):
    monkeypatch.chdir(EXERCISES)
    check("mini-lab:q2", "a")
    with pytest.raises(AssertionError, match="Not yet. Hint: It is a rule of thumb"):
        grading.assert_checked("mini-lab:q2")
    check("mini-lab:q2", "b")
    grading.assert_checked("mini-lab:q2")
    with pytest.raises(AssertionError, match="never ran"):
        grading.assert_checked("mini-lab:q99")


@pytest.mark.parametrize(
    ("value", "written"), [("=HYPERLINK(1)", "'=HYPERLINK(1)"), ("-2", "'-2"), ("ok", "ok")]
)
def test_csv_cells_cannot_become_formulas(value, written):
    assert grading._safe(value) == written


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the fixture folder once: correct, partly wrong, broken, hanging, not JSON,
    a removed question, a fake check() and one with widgets."""
    import psutil

    out = tmp_path_factory.mktemp("grades")
    folder = submissions_folder(tmp_path_factory.mktemp("in") / "mini-lab")
    report = grading.grade_folder(
        folder,
        exercise="mini-lab",
        exercises_dir=EXERCISES,
        out=out,
        timeout=90,
        workers=2,
    )
    leftovers = psutil.Process().children(recursive=True)
    with (out / "gradebook.csv").open(newline="", encoding="utf-8") as handle:
        rows = {row["submission"]: row for row in csv.DictReader(handle)}
    return report, rows, out, leftovers, folder


def _scores(row: dict) -> tuple:
    return (row["status"], row["score"], row["q1"], row["q2"], row["q3"])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("correct.ipynb", ("graded", "4", "1", "1", "2")),
        ("widgets.ipynb", ("graded", "4", "1", "1", "2")),
        # q1 wrong (0.8); q3 covers 1 of 2 points and fails the hidden 'full sentence' test
        ("partly-wrong.ipynb", ("graded", "1", "0", "1", "0")),
        # the q1 cell divides by zero; the rest of the notebook still runs and is graded
        ("broken.ipynb", ("graded, with errors", "3", "0", "1", "2")),
        ("question-removed.ipynb", ("graded", "3", "1", "0", "2")),
        # replaced check() with one that always agrees: the grader's own check still says no
        ("fake-check.ipynb", ("graded", "0", "0", "0", "0")),
        ("hanging.ipynb", ("timed out", "0", "", "", "")),
        ("not-json.ipynb", ("not a notebook", "0", "", "", "")),
    ],
)
def test_gradebook_row(graded, name, expected):
    _, rows, *_ = graded
    assert _scores(rows[name]) == expected
    assert rows[name]["possible"] == "4"


@pytest.mark.slow
def test_gradebook_notes_say_what_went_wrong(graded):
    _, rows, *_ = graded
    assert rows["broken.ipynb"]["notes"] == "cell 2: ZeroDivisionError: float division by zero"
    assert rows["question-removed.ipynb"]["notes"] == "q2: its check cell was removed"
    assert "timed out after 90 s" in rows["hanging.ipynb"]["notes"]
    assert rows["not-json.ipynb"]["notes"].startswith("could not be read as a notebook")
    assert rows["correct.ipynb"]["notes"] == ""


@pytest.mark.slow
def test_one_feedback_file_per_learner(graded):
    report, _, out, _, folder = graded
    files = sorted(p.name for p in (out / "feedback").iterdir())
    assert files == sorted(p.stem + ".txt" for p in folder.iterdir())
    text = (out / "feedback" / "partly-wrong.txt").read_text()
    assert "Score: 1 of 4" in text
    assert "q1: 0 of 1\n  - your check: Not yet. Hint: Divide the lower selection rate" in text
    assert "a hidden test: write a full sentence" in text
    assert "Hint" not in (out / "feedback" / "correct.txt").read_text()
    assert "8 submissions" in report.summary()


@pytest.mark.slow
def test_a_hang_leaves_no_kernel_behind(graded):
    leftovers = graded[3]
    assert leftovers == []


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "collective_ai.classroom", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(("timeout", "workers"), [(0, 2), (10, 0)])
def test_time_limit_and_workers_must_be_positive(timeout, workers):
    with pytest.raises(InputError, match="time limit above 0 s"):
        grading.grade_folder(
            FIXTURES / "mini-lab",
            exercise="mini-lab",
            exercises_dir=EXERCISES,
            timeout=timeout,
            workers=workers,
        )


def test_cli_reports_a_bad_exercise_in_one_line(tmp_path):
    (tmp_path / "a.ipynb").write_text(NOT_JSON, encoding="utf-8")
    run = _cli("grade", str(tmp_path), "--exercise", "nope", "--exercises", str(EXERCISES))
    assert run.returncode == 2
    assert run.stderr.startswith("error: field 'exercise': no master notebook")
    assert "Traceback" not in run.stderr


def test_cli_grades_a_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.ipynb").write_text(NOT_JSON, encoding="utf-8")
    run = _cli(
        "grade",
        str(folder),
        "--exercise",
        "mini-lab",
        "--exercises",
        str(EXERCISES),
        "--out",
        str(tmp_path / "o"),
    )
    assert run.returncode == 0, run.stderr
    assert "1 submission (1 not a notebook)" in run.stdout
    assert (tmp_path / "o" / "gradebook.csv").read_text().splitlines()[0] == (
        "submission,status,score,possible,q1,q2,q3,notes"
    )
