"""collective_ai.classroom.grading: a folder of submissions becomes a gradebook and feedback,
and nothing a submission runs can change a grade."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_notebook

from collective_ai.classroom import answers, grading, judging, sandbox
from collective_ai.errors import InputError

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "submissions"
EXERCISES = FIXTURES / "exercises"
NOT_JSON = "This file was saved as text, not as a notebook {\n"
RIGHT = [
    "from collective_ai.selfcheck import check",
    'ratio = 0.3 / 0.4\ncheck("mini-lab:q1", ratio)',
    'pick = "b"\ncheck("mini-lab:q2", pick)',
    'demand = "An independent audit of pass rates for each group, shared with the union."\n'
    'check("mini-lab:q3", demand)',
]
needs_isolation = pytest.mark.skipif(
    bool(sandbox.isolation_problem()), reason="this machine cannot isolate a submission"
)


def notebook(*sources: str) -> str:
    nb = new_notebook(
        cells=[new_code_cell(source) for source in sources],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    return nbformat.writes(nb)


def test_answers_are_what_the_masters_check_calls_pass():
    master = nbformat.read(EXERCISES / "mini-lab.ipynb", as_version=4)
    assert answers.answer_expressions(master.cells, exercise="mini-lab") == {
        "q1": "ratio",
        "q2": "pick",
        "q3": "demand",
    }
    cells = [new_code_cell('%matplotlib inline\ncheck("lab:q1", letter.plain_text())')]
    assert answers.answer_expressions(cells, exercise="lab") == {"q1": "letter.plain_text()"}


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ('{"x": {"t": "number", "v": 0.75}}', {"x": 0.75}),
        ('{"x": {"t": "text", "v": "0.75"}}', {"x": "0.75"}),
        ('{"x": {"t": "ellipsis"}}', {"x": ...}),
        ('{"x": {"t": "list", "v": [{"t": "text", "v": "a"}]}}', {"x": ["a"]}),
        ('{"x": {"t": "number", "v": "0.75"}}', None),  # a string posing as a number
        ("not json", {}),
        ('["a list"]', {}),
    ],
)
def test_snapshots_decode_as_plain_data_only(reply, expected):
    decoded = answers.decode(reply)
    if expected is None:
        assert isinstance(decoded["x"], answers.Other)
    else:
        assert decoded == expected


def _verdict(qid: str, value: object, **extra) -> judging.Verdict:
    assignment = grading.Assignment.load("mini-lab", exercises_dir=EXERCISES)
    spec = {**assignment.questions[qid], **extra}
    return judging.verdict(spec, assignment.encoded[qid], value)


@pytest.mark.parametrize(
    ("qid", "value", "credit", "status"),
    [
        ("q1", 0.75, 1, "correct"),
        ("q1", 0.745, 1, "correct"),  # the tolerance is inclusive
        ("q1", "0.75", 0, "invalid"),  # a number typed as text is not a number
        ("q1", 75.0, 0, "incorrect"),  # a percentage for a rate
        ("q1", ..., 0, "unanswered"),
        ("q1", answers.Other("DataFrame"), 0, "invalid"),
        ("q2", "B", 1, "correct"),
        ("q3", "Audit each group.", 0, "incorrect"),  # right ideas, under 5 words
        ("q3", "An independent audit of every group.", 1, "correct"),
    ],
)
def test_the_grader_judges_with_the_keys_hidden_checks(qid, value, credit, status):
    verdict = _verdict(qid, value)
    assert (verdict.credit, verdict.status) == (credit, status)


def test_partial_credit_only_where_the_key_says():
    assert _verdict("q3", "We want an audit of the screener now.").credit == 0
    partly = _verdict("q3", "We want an audit of the screener now.", partial=True)
    assert (partly.credit, partly.status) == (0.5, "partly")


def test_assignment_reads_the_key_and_the_answer_variables():
    assignment = grading.Assignment.load("mini-lab", exercises_dir=EXERCISES)
    assert assignment.points == {"q1": 1.0, "q2": 1.0, "q3": 2.0}
    assert assignment.expressions == {"q1": "ratio", "q2": "pick", "q3": "demand"}


def test_assignment_names_what_is_missing(tmp_path):
    with pytest.raises(InputError, match="no master notebook"):
        grading.Assignment.load("nothing", exercises_dir=tmp_path)


@pytest.mark.parametrize(("timeout", "workers"), [(0, 2), (10, 0)])
def test_time_limit_and_workers_must_be_positive(timeout, workers):
    with pytest.raises(InputError, match="time limits above 0 s"):
        grading.grade_folder(
            FIXTURES / "mini-lab",
            exercise="mini-lab",
            exercises_dir=EXERCISES,
            timeout=timeout,
            workers=workers,
        )


def adversaries(outside: Path, submissions: Path) -> dict[str, str]:
    """Submissions that attack the grader; what each tries is in its first cells."""
    key = (EXERCISES / "keys" / "mini-lab.yaml").resolve()
    patch_disk = (
        "try:\n    open(judge.__file__, 'a').write('# patched')\nexcept OSError:\n    pass\n"
    )
    return {
        "patches-checks.ipynb": notebook(
            "import collective_ai.selfcheck as selfcheck\n"
            "import collective_ai.selfcheck.judge as judge\n"
            "for kind in judge.JUDGES:\n"
            "    judge.JUDGES[kind] = lambda question, answer: ('correct', '')\n"
            "selfcheck.check = lambda *args: True\n"
            "check = selfcheck.check\n" + patch_disk,
            'ratio = 0.5\ncheck("mini-lab:q1", ratio)',
            'pick = "a"\ncheck("mini-lab:q2", pick)',
            'demand = "no"\ncheck("mini-lab:q3", demand)',
        ),
        "reads-keys.ipynb": notebook(
            "import os\nfrom collective_ai.selfcheck import check\n"
            f"places = [os.environ.get('COLLECTIVE_AI_KEYS', ''), 'keys', '../keys', {str(key)!r}]\n"
            "text = ''\n"
            "for place in places:\n"
            "    for path in (place, os.path.join(place, 'mini-lab.yaml')):\n"
            "        try:\n"
            "            text += open(path).read()\n"
            "        except OSError:\n"
            "            pass\n"
            "        try:\n"
            "            open(path, 'w').write('q1: {kind: number, answer: 99}')\n"
            "        except OSError:\n"
            "            pass",
            'ratio = 0.75 if "answer: 0.75" in text else 0.5\ncheck("mini-lab:q1", ratio)',
            "pick = 'b' if 'answer: \"b\"' in text else 'a'\ncheck(\"mini-lab:q2\", pick)",
            'demand = "no"\ncheck("mini-lab:q3", demand)',
        ),
        "writes-outside.ipynb": notebook(
            "import os, pathlib\n"
            f"for path in [{str(outside / 'planted.txt')!r}, '../planted.txt',\n"
            f"             {str(submissions / 'planted.ipynb')!r},\n"
            "             os.path.expanduser('~/.ipython/profile_default/startup/x.py')]:\n"
            "    try:\n"
            "        pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)\n"
            "        pathlib.Path(path).write_text('planted')\n"
            "    except OSError:\n"
            "        pass",
            *RIGHT,
        ),
        "spawns.ipynb": notebook(
            "import os, subprocess\n"
            "subprocess.Popen(['sleep', '3171'])\n"
            "if os.fork() == 0:\n"
            "    os.setsid()\n"
            "    if os.fork() == 0:\n"
            "        os.execvp('sleep', ['sleep', '3172'])\n"
            "    os._exit(0)",
            *RIGHT,
        ),
        "floods.ipynb": notebook(
            RIGHT[0],
            RIGHT[1],
            *["import sys\nfor _ in range(256):\n    sys.stdout.write('x' * 2**20)"] * 3,
            "import os\nfor _ in range(256):\n    os.write(1, b'y' * 2**20)",
            *RIGHT[2:],
        ),
        "hangs-at-q3.ipynb": notebook(
            *RIGHT[:3],
            'demand = "An independent audit of pass rates for each group, shared with the union."\n'
            "while True:\n    pass\n"
            'check("mini-lab:q3", demand)',
        ),
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade once: the fixtures (right, partly wrong, broken, hanging, a removed question, a
    fake check(), widgets), a file that is not JSON and the six adversaries."""
    import psutil

    if sandbox.isolation_problem():
        pytest.skip("this machine cannot isolate a submission, so nothing is graded")
    root = tmp_path_factory.mktemp("grading")
    folder, outside, out = root / "in", root / "outside", root / "out"
    shutil.copytree(FIXTURES / "mini-lab", folder)
    outside.mkdir()
    (folder / "not-json.ipynb").write_text(NOT_JSON, encoding="utf-8")
    for name, text in adversaries(outside, folder).items():
        (folder / name).write_text(text, encoding="utf-8")
    key_before = (EXERCISES / "keys" / "mini-lab.yaml").read_bytes()
    report = grading.grade_folder(
        folder,
        exercise="mini-lab",
        exercises_dir=EXERCISES,
        out=out,
        cell_timeout=20,
        timeout=240,
        workers=2,
    )
    leftovers = psutil.Process().children(recursive=True)
    strays = [
        p.info["cmdline"]
        for p in psutil.process_iter(["cmdline"])
        if p.info["cmdline"] and p.info["cmdline"][-1] in ("3171", "3172")
    ]
    key_after = (EXERCISES / "keys" / "mini-lab.yaml").read_bytes()
    with (out / "gradebook.csv").open(newline="", encoding="utf-8") as handle:
        rows = {row["submission"]: row for row in csv.DictReader(handle)}
    return {
        "report": report,
        "rows": rows,
        "out": out,
        "folder": folder,
        "outside": outside,
        "leftovers": leftovers,
        "strays": strays,
        "key": (key_before, key_after),
    }


def _scores(row: dict) -> tuple:
    return (row["status"], row["score"], row["q1"], row["q2"], row["q3"])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("correct.ipynb", ("graded", "4", "1", "1", "2")),
        ("widgets.ipynb", ("graded", "4", "1", "1", "2")),
        # q1 wrong (0.8); q3 covers 1 of the 2 key ideas and has too few words
        ("partly-wrong.ipynb", ("graded", "1", "0", "1", "0")),
        # the q1 cell divides by zero; the rest still runs and is graded
        ("broken.ipynb", ("graded, with errors", "3", "0", "1", "2")),
        ("question-removed.ipynb", ("graded", "3", "1", "0", "2")),
        # its own check() always agrees: the grader never asks it
        ("fake-check.ipynb", ("graded", "0", "0", "0", "0")),
        # q1 answered, then a loop that never ends before q2
        ("hanging.ipynb", ("stopped at q2", "1", "1", "0", "0")),
        ("not-json.ipynb", ("not a notebook", "0", "", "", "")),
        # replaced the judges and check() in its kernel, answered wrongly: judged here
        ("patches-checks.ipynb", ("graded", "0", "0", "0", "0")),
        ("writes-outside.ipynb", ("graded", "4", "1", "1", "2")),
        ("spawns.ipynb", ("graded", "4", "1", "1", "2")),
        ("floods.ipynb", ("graded", "4", "1", "1", "2")),
        ("hangs-at-q3.ipynb", ("stopped at q3", "2", "1", "1", "0")),
    ],
)
def test_gradebook_row(graded, name, expected):
    row = graded["rows"][name]
    assert _scores(row) == expected
    assert row["possible"] == "4"


@pytest.mark.slow
def test_a_submission_cannot_read_or_keep_a_change_to_the_key(graded):
    before, after = graded["key"]
    assert after == before
    row = graded["rows"]["reads-keys.ipynb"]  # the key folder is hidden: it found nothing
    assert _scores(row) == ("graded", "0", "0", "0", "0")
    assert "changed on disk" not in row["notes"]
    # every submission graded after it was judged against the key as it was
    assert graded["rows"]["correct.ipynb"]["score"] == "4"


@pytest.mark.slow
def test_nothing_is_written_outside_a_submissions_folder(graded):
    assert list(graded["outside"].iterdir()) == []
    assert not (graded["folder"] / "planted.ipynb").exists()
    assert not (graded["folder"].parent / "planted.txt").exists()


@pytest.mark.slow
def test_no_process_outlives_its_submission(graded):
    assert graded["leftovers"] == []
    assert graded["strays"] == []


@pytest.mark.slow
def test_a_flood_of_output_is_bounded(graded):
    log = graded["out"] / "logs" / "floods.log"
    assert log.stat().st_size <= 20_000


@pytest.mark.slow
def test_feedback_names_the_question_where_it_stopped(graded):
    text = (graded["out"] / "feedback" / "hangs-at-q3.txt").read_text()
    assert "stopped at q3: a cell ran past the 20 s limit" in text
    assert "q1: 1 of 1, right" in text
    assert "q3: 0 of 2, not answered" in text
    assert re.search(r"cell \d", text) is None


@pytest.mark.slow
def test_feedback_says_each_thing_once(graded):
    out = graded["out"] / "feedback"
    text = (out / "partly-wrong.txt").read_text()
    assert "Score: 1 of 4" in text
    assert "q1: 0 of 1, not yet\n  - Hint: Divide the lower selection rate" in text
    assert "q3: 0 of 2, not yet\n  - Your answer covers 1 of the 2 points" in text
    assert "Hint" not in (out / "correct.txt").read_text()
    for path in out.iterdir():
        lines = [line for line in path.read_text().splitlines() if line.strip()]
        assert len(lines) == len(set(lines)), path.name
    assert (out / "broken.txt").read_text().count("ZeroDivisionError") == 1


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "collective_ai.classroom", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )


def test_cli_reports_a_bad_exercise_in_one_line(tmp_path):
    (tmp_path / "a.ipynb").write_text(NOT_JSON, encoding="utf-8")
    run = _cli("grade", str(tmp_path), "--exercise", "nope", "--exercises", str(EXERCISES))
    assert run.returncode == 2
    assert run.stderr.startswith("error: field 'exercise': no master notebook")
    assert "Traceback" not in run.stderr


@needs_isolation
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
        "learner,learner_id,lms,submission,status,score,possible,q1,q2,q3,to_read,notes"
    )


@needs_isolation
def test_cli_finds_the_course_exercises_from_any_folder(tmp_path):
    (tmp_path / "a.ipynb").write_text(NOT_JSON, encoding="utf-8")
    run = _cli("grade", ".", "--exercise", "hiring-lab", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "1 submission (1 not a notebook)" in run.stdout
    assert (tmp_path / "grades" / "hiring-lab" / "gradebook.csv").is_file()


@pytest.mark.slow
@needs_isolation
def test_check_validates_an_exercise_by_grading_its_master(tmp_path):
    assert grading.check_exercise("mini-lab", exercises_dir=EXERCISES).endswith(
        "the master scores 4 of 4."
    )
    broken = tmp_path / "exercises"
    shutil.copytree(EXERCISES, broken)
    key = broken / "keys" / "mini-lab.yaml"
    key.write_text(key.read_text().replace("answer: 0.75", "answer: 0.8"), encoding="utf-8")
    with pytest.raises(InputError, match=r"does not score full marks: q1 \(incorrect\)"):
        grading.check_exercise("mini-lab", exercises_dir=broken)


def test_check_names_a_question_without_a_key_entry(tmp_path):
    broken = tmp_path / "exercises"
    shutil.copytree(EXERCISES, broken)
    key = broken / "keys" / "mini-lab.yaml"
    key.write_text(key.read_text() + "q4: {kind: choice, answer: a}\n", encoding="utf-8")
    run = _cli("check", "mini-lab", "--exercises", str(broken))
    assert run.returncode == 2
    assert run.stderr.strip() == (
        "error: field 'mini-lab.ipynb': q4 has no check('mini-lab:q4', NAME) in the student notebook"
    )


def test_what_learners_install_holds_no_key_or_master():
    """requirements.txt installs this package: no exercise, key or master is inside it."""
    package = REPO / "src" / "collective_ai"
    files = [p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()]
    assert not [f for f in files if f.endswith(".ipynb")]
    exercises = {p.stem for p in (REPO / "exercises").glob("*.ipynb")}
    data = [package / f for f in files if f.endswith((".yaml", ".yml", ".json"))]
    assert not [p for p in data if p.stem in exercises]  # no key under an exercise's name

    def looks_like_a_key(path):  # question ids mapping to entries with an answer
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = loaded.values() if isinstance(loaded, dict) else []
        return any(isinstance(e, dict) and "answer" in e for e in entries)

    assert not [p for p in data if looks_like_a_key(p)]
    assert "exercises" not in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def test_a_key_changed_on_disk_is_put_back_as_it_was(tmp_path):
    exercises = tmp_path / "exercises"
    shutil.copytree(EXERCISES, exercises)
    key = exercises / "keys" / "mini-lab.yaml"
    key.chmod(0o644)
    assignment = grading.Assignment.load("mini-lab", exercises_dir=exercises)
    original = key.read_bytes()
    key.write_text("q1: {kind: number, answer: 99}\n", encoding="utf-8")
    assert assignment.restore_if_changed() == ["mini-lab.yaml"]
    assert key.read_bytes() == original
    assert key.stat().st_mode & 0o777 == 0o644
    assert assignment.restore_if_changed() == []
