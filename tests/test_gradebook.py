"""collective_ai.classroom.gradebook and .lms: the class's gradebook, in the LMS's shapes,
from a download read without following a link."""

from __future__ import annotations

import contextlib
import csv
import datetime
import os
import shutil
import threading
from pathlib import Path

import pytest

from collective_ai.classroom import gradebook, grading, lms, sandbox
from collective_ai.errors import InputError

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "submissions"
EXERCISES = FIXTURES / "exercises"
POINTS = {"q1": 1.0, "q2": 1.0, "q3": 2.0}
SECRET = "SECRET-only-its-owner-may-read"
needs_isolation = pytest.mark.skipif(
    bool(sandbox.isolation_problem()), reason="this machine cannot isolate a submission"
)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("  =1+1", "'  =1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("\u200b=1+1", "'\u200b=1+1"),  # a zero-width space before it
        ("\ufeff@x", "'\ufeff@x"),
        ("\tplain", "'\tplain"),
        ("\uff1dcmd", "'\uff1dcmd"),  # full-width equals
        ("Jo Bloggs", "Jo Bloggs"),
        ("q1: 2 - 1", "q1: 2 - 1"),
        ("4", "4"),
    ],
)
def test_cells_that_could_be_formulas_are_neutralised(value, written):
    assert gradebook.neutralise(value) == written


@pytest.mark.parametrize(
    ("path", "learner", "learner_id", "layout", "attempt"),
    [
        ("in/smithjane_101_555_mini-lab.ipynb", "smithjane", "101", "canvas", 0),
        ("in/smithjane_LATE_101_556_mini-lab-2.ipynb", "smithjane", "101", "canvas", 2),
        ("in/Jo Bloggs_203_assignsubmission_file_/mini-lab.ipynb", "Jo Bloggs", "203", "moodle", 0),
        ("in/Ana Ruiz_204_assignsubmission_file_mini-lab.ipynb", "Ana Ruiz", "204", "moodle", 0),
        ("in/correct.ipynb", "correct", "correct", "plain", 0),
    ],
)
def test_learners_are_read_from_the_lms_names(path, learner, learner_id, layout, attempt):
    found = lms.identify(Path(path))
    assert (found.learner, found.learner_id, found.layout, found.attempt) == (
        learner,
        learner_id,
        layout,
        attempt,
    )


def test_the_latest_of_several_submissions_counts(tmp_path):
    for name, mtime in [
        ("smithjane_101_555_mini-lab.ipynb", 1000),
        ("smithjane_101_556_mini-lab-1.ipynb", 500),  # a resubmission, whatever its date
        ("doejohn_102_557_mini-lab.ipynb", 1000),
    ]:
        (tmp_path / name).write_text("{}")
        os.utime(tmp_path / name, (mtime, mtime))
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "x-checkpoint.ipynb").write_text("{}")
    found = {s.learner_id: s for s in lms.discover(tmp_path)}
    assert sorted(found) == ["101", "102"]
    assert found["101"].path.name == "smithjane_101_556_mini-lab-1.ipynb"
    assert [p.name for p in found["101"].superseded] == ["smithjane_101_555_mini-lab.ipynb"]


def test_a_learners_notebook_counts_before_a_link_of_theirs(tmp_path):
    learner = tmp_path / "Jo Bloggs_203_assignsubmission_file_"
    learner.mkdir()
    (learner / "mini-lab.ipynb").write_text("{}")
    os.utime(learner / "mini-lab.ipynb", (1000, 1000))
    (learner / "newer.ipynb").symlink_to("/etc/passwd")  # newer, by its date and its target's
    (found,) = lms.discover(tmp_path)
    assert found.path.name == "mini-lab.ipynb"
    assert found.refused == [(learner / "newer.ipynb", "a link")]


def _not_a_file(case: str, folder: Path, outside: Path) -> tuple[str, str, str]:
    """Make ``case`` in ``folder``: its gradebook label, what it is, and text of what it
    points at that must not reach any file the grader writes."""
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text(SECRET)
    (outside / "folder" / "mini-lab.ipynb").write_text(SECRET)
    moodle = "Jo Bloggs_203_assignsubmission_file_"
    if case == "link to /etc/passwd":
        (folder / "passwd.ipynb").symlink_to("/etc/passwd")
        return "passwd.ipynb", "a link", Path("/etc/passwd").read_text()[:10]
    if case == "link to the answer key":
        (folder / "key.ipynb").symlink_to(EXERCISES / "keys" / "mini-lab.yaml")
        return "key.ipynb", "a link", "kind: number"
    if case == "link to a file in the folder":
        (folder / "notes.txt").write_text(SECRET)
        (folder / "notes.ipynb").symlink_to("notes.txt")
        return "notes.ipynb", "a link", SECRET
    if case == "link to a folder outside":
        (folder / "elsewhere").symlink_to(outside / "folder", target_is_directory=True)
        return "elsewhere", "a link to a folder", SECRET
    if case == "Moodle learner folder that is a link":
        (folder / moodle).symlink_to(outside / "folder", target_is_directory=True)
        return moodle, "a link to a folder", SECRET
    if case == "link to a folder in the folder":
        (folder / "real").mkdir()
        (folder / "real" / "a.ipynb").write_text("{")
        (folder / "again").symlink_to("real", target_is_directory=True)
        return "again", "a link to a folder", SECRET
    if case == "named pipe":
        os.mkfifo(folder / "pipe.ipynb")
        return "pipe.ipynb", "a named pipe", SECRET
    try:  # like /dev/null; only root may make one
        os.mknod(folder / "null.ipynb", 0o600 | 0o020000, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device needs root")
    return "null.ipynb", "a device", SECRET


def _unblock(fifo: Path) -> None:
    """A grader that opens a named pipe waits for a writer forever: be that writer."""
    with contextlib.suppress(OSError):  # nobody is reading it, as it should be
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


@needs_isolation
@pytest.mark.parametrize(
    "case",
    [
        "link to /etc/passwd",
        "link to the answer key",
        "link to a file in the folder",
        "link to a folder outside",
        "Moodle learner folder that is a link",
        "link to a folder in the folder",
        "named pipe",
        "device",
    ],
)
def test_what_is_not_a_regular_file_gets_a_row_and_is_never_read(tmp_path, case):
    """The grader reads a download in its own process, outside the sandbox: a link there
    would hand it, and the gradebook, whatever the link points at."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    label, kind, secret = _not_a_file(case, folder, tmp_path / "outside")
    watchdog = threading.Timer(20, _unblock, [folder / "pipe.ipynb"])
    watchdog.start()
    try:
        grading.grade_folder(folder, exercise="mini-lab", exercises_dir=EXERCISES, out=out)
    finally:
        watchdog.cancel()
    rows = {row["submission"]: row for row in _read(out / "gradebook.csv")}
    assert (rows[label]["status"], rows[label]["notes"]) == (
        "not a regular file",
        f"not a regular file ({kind}); not graded",
    )
    written = "".join(p.read_text() for p in out.rglob("*") if p.is_file())
    assert secret not in written


@pytest.mark.parametrize("swapped", ["the notebook", "its learner's folder"])
def test_a_notebook_swapped_for_a_link_after_it_was_found_is_not_read(tmp_path, swapped):
    """Between finding a file and reading it, a link can take its place: it is opened
    again from the download's folder, one folder at a time, following no link."""
    folder, outside = tmp_path / "in", tmp_path / "outside"
    learner = folder / "Jo Bloggs_203_assignsubmission_file_"
    learner.mkdir(parents=True)
    (outside / "folder").mkdir(parents=True)
    (outside / "folder" / "mini-lab.ipynb").write_text(SECRET)
    shutil.copy(FIXTURES / "mini-lab" / "correct.ipynb", learner / "mini-lab.ipynb")
    (found,) = lms.discover(folder)
    if swapped == "the notebook":
        (learner / "mini-lab.ipynb").unlink()
        (learner / "mini-lab.ipynb").symlink_to(outside / "folder" / "mini-lab.ipynb")
    else:
        learner.rename(tmp_path / "moved")
        learner.symlink_to(outside / "folder", target_is_directory=True)
    assignment = grading.Assignment.load("mini-lab", exercises_dir=EXERCISES)
    row, _ = grading.grade_one(found, assignment, grading.Settings())
    assert (row.status, row.notes) == (
        "not a regular file",
        ["not a regular file (a link); not graded"],
    )


def _row(learner_id: str, **scores) -> dict[str, str]:
    return {"learner_id": learner_id, "learner": learner_id, **scores}


def test_a_regrade_replaces_its_learners_and_keeps_the_rest():
    old = [_row("a", score="1"), _row("b", score="2")]
    assert gradebook.merge(old, [_row("b", score="4"), _row("c", score="3")]) == [
        _row("a", score="1"),
        _row("b", score="4"),
        _row("c", score="3"),
    ]


def test_manual_scores_are_checked_against_the_key(tmp_path):
    path = tmp_path / "manual.csv"
    path.write_text("learner_id,question,score\n203,q3,3\n", encoding="utf-8")
    with pytest.raises(InputError, match="score must be 0 to 2 for q3") as caught:
        gradebook.read_manual(path, points=POINTS)
    assert caught.value.row == 2
    path.write_text("learner_id,question,score\n203,q9,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="no question 'q9'"):
        gradebook.read_manual(path, points=POINTS)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def lms_graded(tmp_path_factory):
    """Canvas and Moodle downloads in one folder, graded; then one learner regraded."""
    if sandbox.isolation_problem():
        pytest.skip("this machine cannot isolate a submission, so nothing is graded")
    root = tmp_path_factory.mktemp("lms")
    first, out = root / "first", root / "out"
    right, wrong = (
        FIXTURES / "mini-lab" / "correct.ipynb",
        FIXTURES / "mini-lab" / "partly-wrong.ipynb",
    )
    moodle = first / "Jo Bloggs_203_assignsubmission_file_"
    moodle.mkdir(parents=True)
    shutil.copy(wrong, first / "smithjane_101_555_mini-lab.ipynb")
    shutil.copy(right, first / "smithjane_101_556_mini-lab-1.ipynb")
    shutil.copy(right, first / "doejohn_LATE_102_557_mini-lab.ipynb")
    shutil.copy(right, first / "=cmd_105_560_mini-lab.ipynb")  # a name that is a formula
    shutil.copy(wrong, moodle / "mini-lab.ipynb")
    (moodle / "notes.txt").write_text("a learner's own file beside the notebook")
    (moodle / "passwd.txt").symlink_to("/etc/passwd")
    os.mkfifo(moodle / "pipe")
    shutil.copy(right, first / "Ana Ruiz_204_assignsubmission_file_mini-lab.ipynb")
    (first / "Ana Ruiz_204_assignsubmission_file_zz.ipynb").symlink_to("/etc/passwd")
    options = {"exercise": "mini-lab", "exercises_dir": EXERCISES, "out": out, "cell_timeout": 30}
    grading.grade_folder(first, **options)
    before = _read(out / "gradebook.csv")
    again = root / "again"
    again.mkdir()
    shutil.copy(wrong, again / "doejohn_LATE_102_558_mini-lab.ipynb")
    (out / "manual-scores.csv").write_text(
        "learner_id,question,score,note\n203,q3,2,a clear demand\n", encoding="utf-8"
    )
    grading.grade_folder(again, **options)
    return {"before": before, "after": _read(out / "gradebook.csv"), "out": out}


@pytest.mark.slow
def test_canvas_and_moodle_downloads_are_graded_by_learner(lms_graded):
    rows = {r["learner_id"]: r for r in lms_graded["before"]}
    assert sorted(rows) == ["101", "102", "105", "203", "204"]
    assert (rows["101"]["learner"], rows["101"]["score"]) == ("smithjane", "4")  # the resubmission
    assert "a later notebook counts, not smithjane_101_555_mini-lab.ipynb" in rows["101"]["notes"]
    assert rows["203"]["submission"] == "Jo Bloggs_203_assignsubmission_file_/mini-lab.ipynb"
    assert (rows["203"]["lms"], rows["203"]["score"]) == ("moodle", "1")
    assert rows["204"]["submission"] == "Ana Ruiz_204_assignsubmission_file_mini-lab.ipynb"
    assert rows["105"]["learner"] == "'=cmd"  # a name that is a formula stays text


@pytest.mark.slow
def test_a_learners_links_and_pipes_are_named_not_read(lms_graded):
    """A link or named pipe beside a notebook is neither opened nor copied for the run, and
    a link named like a newer notebook does not replace the learner's notebook."""
    rows = {r["learner_id"]: r for r in lms_graded["before"]}
    assert (rows["203"]["status"], rows["203"]["score"]) == ("graded", "1")
    assert "passwd.txt: not a regular file (a link); not copied" in rows["203"]["notes"]
    assert "pipe: not a regular file (a named pipe); not copied" in rows["203"]["notes"]
    assert (rows["204"]["status"], rows["204"]["score"]) == ("graded", "4")
    assert rows["204"]["notes"] == (
        "Ana Ruiz_204_assignsubmission_file_zz.ipynb: not a regular file (a link); not graded"
    )
    written = "".join(p.read_text() for p in lms_graded["out"].rglob("*") if p.is_file())
    assert Path("/etc/passwd").read_text()[:10] not in written


@pytest.mark.slow
def test_a_regrade_merges_and_manual_scores_override(lms_graded):
    rows = {r["learner_id"]: r for r in lms_graded["after"]}
    assert sorted(rows) == ["101", "102", "105", "203", "204"]  # nobody lost
    assert rows["102"]["score"] == "1"  # regraded from the partly wrong notebook
    assert rows["101"]["score"] == "4"  # kept from the first run
    assert (rows["203"]["q3"], rows["203"]["score"]) == ("2", "3")
    assert "q3 scored by hand: a clear demand" in rows["203"]["notes"]
    assert rows["105"]["learner"] == "'=cmd"  # guarded once, not once per regrade


@pytest.mark.slow
def test_the_gradebook_cannot_run_a_formula(lms_graded):
    text = (lms_graded["out"] / "gradebook.csv").read_text(encoding="utf-8")
    assert "\n'=cmd," in text
    assert "\n=cmd" not in text


@pytest.mark.slow
def test_exports_for_canvas_and_moodle(lms_graded):
    out = lms_graded["out"]
    canvas = _read(out / "canvas-import.csv")
    assert list(canvas[0]) == [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        "mini-lab",
    ]
    assert {r["ID"]: r["mini-lab"] for r in canvas} == {"101": "4", "102": "1", "105": "4"}
    moodle = _read(out / "moodle-grading-worksheet.csv")
    # Moodle's importer refuses a worksheet without Identifier, Grade and
    # "Last modified (grade)" (mod/assign/feedback/offline/importgradeslib.php).
    stamps = {r.pop("Last modified (grade)") for r in moodle}
    assert len(stamps) == 1
    assert datetime.datetime.fromisoformat(stamps.pop()).tzinfo is not None
    assert moodle == [
        {
            "Identifier": "Participant 203",
            "Full name": "Jo Bloggs",
            "Grade": "3",
            "Maximum Grade": "4",
        },
        {
            "Identifier": "Participant 204",
            "Full name": "Ana Ruiz",
            "Grade": "4",
            "Maximum Grade": "4",
        },
    ]


def test_moodle_worksheet_carries_the_grading_time(tmp_path):
    rows = [{"lms": "moodle", "learner": "Jo", "learner_id": "7", "score": "2"}]
    when = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)
    gradebook.write_exports(tmp_path, rows, exercise="x", possible=4, graded_at=when)
    (line,) = _read(tmp_path / "moodle-grading-worksheet.csv")
    assert line["Last modified (grade)"] == "2026-12-01T09:30:00+00:00"
    assert not (tmp_path / "canvas-import.csv").exists()


@pytest.mark.slow
def test_class_report_per_question(lms_graded):
    text = (lms_graded["out"] / "class-report.txt").read_text(encoding="utf-8")
    assert "q1 (1 points): 0 of 1 right (0%)" in text  # the regrade run: doejohn's notebook
    assert "  - 1 answered 0.8" in text
    assert "doejohn (102): 1 of 4" in text


def test_feedback_flags_a_written_answer_and_names_questions():
    from collective_ai.classroom import report
    from collective_ai.classroom.judging import Verdict

    row = gradebook.Row("Jo", "203", "moodle", "x.ipynb", "graded", to_read=["q3"])
    row.scores = {"q1": 1.0, "q2": 0.0, "q3": 1.0}
    row.verdicts = {
        "q1": Verdict(1.0, "correct"),
        "q2": Verdict(0.0, "invalid", "Expected one option as text", "same"),
        "q3": Verdict(0.5, "partly", "Your answer covers 1 of the 2 points"),
    }
    row.notes = ["q2: NameError: name 'pick' is not defined"] * 2
    text = report.feedback_text(row, "mini-lab", points=POINTS)
    assert "q3: 1 of 2, partly right\n  - Your answer covers 1 of the 2 points" in text
    assert "Your instructor will read your written answer to q3." in text
    assert text.count("NameError") == 1
    assert (
        "q2: 0 of 1, not the form asked for\n  - Expected one option as text\n  - Hint: same"
        in text
    )


def test_manual_scores_applied_twice_say_so_once():
    rows = [{"learner_id": "203", "q1": "1", "q2": "0", "q3": "0", "to_read": "q3", "notes": ""}]
    for _ in range(2):
        gradebook.apply_manual(rows, [("203", "q3", 1.5, "clear")], points=POINTS)
    assert rows[0] == {
        "learner_id": "203",
        "q1": "1",
        "q2": "0",
        "q3": "1.5",
        "to_read": "",
        "notes": "q3 scored by hand: clear",
        "score": "2.5",
    }
