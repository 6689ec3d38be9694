"""Grade a folder of submitted notebooks into a CSV gradebook and one feedback file each.

otter-grader does the grading (see the instructor guide for why otter and not nbgrader):
each question of the key becomes one otter test file whose cases are "the learner's own
``check()`` of this question was right" plus every ``hidden-test`` cell of the master that
belongs to the question; the question's points are earned only if every case passes. ``otter run`` (otter's runner without Docker) executes the
submission in a fresh kernel and scores those tests. This module is the glue otter does not
provide here: a time limit (otter's runner has none), a process per submission so a hang
or a crash costs one row and not the run, the gradebook and the feedback files.

A hidden-test cell belongs to the question named on its first line (``# question: q2``) or,
failing that, to the last question whose ``check("EXERCISE:qN", ...)`` appears above it.
"""

from __future__ import annotations

import concurrent.futures
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from collective_ai.classroom import student
from collective_ai.errors import InputError
from collective_ai.selfcheck import keys, last_result

HIDDEN_TEST_TAG = student.HIDDEN_TEST_TAG
_EXPLICIT = re.compile(r"^\s*#\s*question:\s*(?P<qid>[\w.-]+)\s*$")

_TEST_FILE = '''"""Otter test for {question}: written by collective_ai.classroom.grading."""

from otter.test_files import test_case

OK_FORMAT = False
name = {qid!r}
points = {points!r}
all_or_nothing = True


@test_case(hidden=False)
def selfcheck(env):
    from collective_ai.classroom.grading import assert_checked

    assert_checked({question!r})
'''

_HIDDEN_CASE = """

@test_case(hidden=True)
def hidden_{n}(env):
    from collective_ai.selfcheck import check

    # the real check, even if the submission defined its own
    exec(compile({source!r}, "hidden test {n} of {qid}", "exec"), {{**env, "check": check}})
"""


def assert_checked(question: str) -> None:
    """Inside the grading kernel: fail unless the learner's last check of ``question`` was right."""
    result = last_result(question)
    if result is None:
        raise AssertionError(
            "its check(...) never ran: the cell was removed, or an earlier cell stopped with an error."
        )
    if not result.correct:
        raise AssertionError(" ".join([f"{result.heading}.", *result.lines()]))


def _references(exercise: str, source: str) -> list[str]:
    pattern = re.compile(r"""["']""" + re.escape(exercise) + r""":([\w.-]+)["']""")
    return pattern.findall(source)


def hidden_tests(master: nbformat.NotebookNode, *, exercise: str) -> list[tuple[str, str]]:
    """``(question id, source)`` for every hidden-test cell of ``master``, in order."""
    found, current = [], None
    for number, cell in enumerate(master.cells, start=1):
        if cell.cell_type != "code":
            continue
        if HIDDEN_TEST_TAG in cell.get("metadata", {}).get("tags", []):
            first = cell.source.split("\n", 1)[0]
            explicit = _EXPLICIT.match(first)
            qid = explicit["qid"] if explicit else current
            if qid is None:
                raise InputError(
                    "hidden test before any check(...): start it with '# question: qN'",
                    field=f"{exercise}.ipynb cell {number}",
                )
            found.append((qid, cell.source))
        elif refs := _references(exercise, cell.source):
            current = refs[-1]
    return found


@dataclass
class Assignment:
    """What grading needs to know about one exercise, read from its master and key."""

    exercise: str
    points: dict[str, float]  # question id to points, in key order
    hidden: list[tuple[str, str]]
    expected: list[str]  # question ids the student notebook refers to

    @classmethod
    def load(cls, exercise: str, *, exercises_dir: Path) -> Assignment:
        master_path = exercises_dir / f"{exercise}.ipynb"
        key_path = exercises_dir / "keys" / f"{exercise}.yaml"
        if not master_path.is_file():
            raise InputError(f"no master notebook {master_path}", field="exercise")
        if not key_path.is_file():
            raise InputError(f"no answer key {key_path}", field="exercise")
        master = student.read_notebook(master_path)
        questions = keys.read_yaml_key(key_path)
        hidden = hidden_tests(master, exercise=exercise)
        unknown = sorted({qid for qid, _ in hidden} - set(questions))
        if unknown:
            raise InputError(f"hidden test for {unknown[0]!r}, not in the key", field=key_path.name)
        code = "\n".join(
            c.source
            for c in student.split_master(master, name=exercise).student.cells
            if c.cell_type == "code"
        )
        return cls(
            exercise=exercise,
            points={qid: float(spec.get("points", 1)) for qid, spec in questions.items()},
            hidden=hidden,
            expected=[qid for qid in questions if qid in set(_references(exercise, code))],
        )

    def write_tests(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for qid, points in self.points.items():
            text = _TEST_FILE.format(question=f"{self.exercise}:{qid}", qid=qid, points=points)
            cases = [source for owner, source in self.hidden if owner == qid]
            for n, source in enumerate(cases, start=1):
                text += _HIDDEN_CASE.format(n=n, source=source, qid=qid)
            (folder / f"{qid}.py").write_text(text, encoding="utf-8")


def build_autograder(assignment: Assignment, *, folder: Path) -> Path:
    """otter's autograder zip for ``assignment`` (``otter generate``, without Docker files)."""
    tests = folder / "tests"
    if tests.exists():
        shutil.rmtree(tests)
    assignment.write_tests(tests)
    zip_path = folder / "autograder.zip"
    with warnings.catch_warnings():  # otter's traitlets usage is deprecated, not our concern
        warnings.simplefilter("ignore", DeprecationWarning)
        from otter.generate import main as otter_generate

        otter_generate(
            tests_dir=str(tests),
            output_path=str(zip_path),
            no_config=True,
            no_requirements=True,
            no_environment=True,
        )
    return zip_path


@dataclass
class Graded:
    """One row of the gradebook and the text of one feedback file."""

    submission: str
    status: str
    scores: dict[str, float | None] = field(default_factory=dict)
    feedback: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(score or 0.0 for score in self.scores.values())


def _missing(assignment: Assignment, nb: nbformat.NotebookNode) -> list[str]:
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    present = set(_references(assignment.exercise, code))
    return [qid for qid in assignment.expected if qid not in present]


def _kill_tree(pid: int) -> None:
    """Kill a worker and its kernel: jupyter starts kernels in their own session."""
    import psutil

    try:
        parent = psutil.Process(pid)
        family = [*parent.children(recursive=True), parent]
    except psutil.NoSuchProcess:
        return
    for process in family:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(family, timeout=10)


def _run_worker(
    submission: Path, *, autograder: Path, keys_dir: Path, timeout: float, log: Path
) -> dict | str:
    """Grade one notebook in a child process; its payload, or why there is none."""
    with tempfile.TemporaryDirectory(prefix="grade-") as scratch:
        result = Path(scratch) / "result.json"
        env = {**os.environ, keys.ENV_VAR: str(keys_dir.resolve()), "TMPDIR": scratch}
        env.pop("COLLECTIVE_AI_EDITION", None)
        command = [sys.executable, "-m", "collective_ai.classroom.worker"]
        command += [str(autograder.resolve()), str(submission.resolve()), str(result)]
        with log.open("w", encoding="utf-8") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_tree(process.pid)
                return f"timed out after {timeout:g} s (a cell may run forever or wait for input)"
        if not result.is_file():
            return f"could not be run (exit code {process.returncode}; see {log.name})"
        return json.loads(result.read_text(encoding="utf-8"))


def _case_line(case: dict) -> str:
    if case["passed"]:
        return "hidden test passed" if case["hidden"] else "your check: right"
    reason = case["message"].strip().rsplit("\n", 1)[-1]
    reason = reason.split(": ", 1)[1] if ": " in reason else reason
    kind = "a hidden test" if case["hidden"] else "your check"
    return f"{kind}: {reason}"


def grade_one(
    submission: Path,
    assignment: Assignment,
    *,
    autograder: Path,
    keys_dir: Path,
    timeout: float,
    logs: Path,
) -> Graded:
    """Grade one file; every failure becomes a status in the row, never an exception."""
    name = submission.name
    try:
        nb = nbformat.read(submission, as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # any unreadable file is one row, not a crashed run
        first = str(error).strip().split("\n", 1)[0][:200]
        return Graded(name, "not a notebook", notes=[f"could not be read as a notebook: {first}"])
    notes = [f"{qid}: its check cell was removed" for qid in _missing(assignment, nb)]
    payload = _run_worker(
        submission,
        autograder=autograder,
        keys_dir=keys_dir,
        timeout=timeout,
        log=logs / f"{submission.stem}.log",
    )
    if isinstance(payload, str):
        status = "timed out" if payload.startswith("timed out") else "could not be run"
        return Graded(name, status, notes=[*notes, payload])
    graded = Graded(name, "graded", notes=notes)
    for qid in assignment.points:
        question = payload["questions"].get(qid)
        graded.scores[qid] = question["score"] if question else 0.0
        graded.feedback[qid] = [_case_line(case) for case in question["cases"]] if question else []
    if payload["errors"]:
        graded.status = "graded, with errors"
        graded.notes += payload["errors"]
    return graded


def _safe(value: object) -> str:
    """A spreadsheet must not run a learner's file name or error text as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def write_gradebook(rows: list[Graded], assignment: Assignment, *, path: Path) -> None:
    questions = list(assignment.points)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["submission", "status", "score", "possible", *questions, "notes"])
        possible = sum(assignment.points.values())
        for row in rows:
            scores = [_number(row.scores.get(qid)) for qid in questions]
            writer.writerow(
                [_safe(row.submission), row.status, _number(row.total), _number(possible), *scores]
                + [_safe("; ".join(row.notes))]
            )


def feedback_text(row: Graded, assignment: Assignment) -> str:
    """Plain text for one learner: no markup, so nothing they typed can render as markup."""
    possible = sum(assignment.points.values())
    lines = [
        f"Exercise: {assignment.exercise}",
        f"Submission: {row.submission}",
        f"Status: {row.status}",
        f"Score: {row.total:g} of {possible:g}",
        "",
    ]
    for qid, points in assignment.points.items():
        score = row.scores.get(qid)
        lines.append(f"{qid}: {'not graded' if score is None else f'{score:g} of {points:g}'}")
        lines.extend(f"  - {line}" for line in row.feedback.get(qid, []))
    if row.notes:
        lines += ["", "Notes:", *(f"  - {note}" for note in row.notes)]
    return "\n".join(lines) + "\n"


@dataclass
class Report:
    rows: list[Graded]
    gradebook: Path
    feedback: Path

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.status] = counts.get(row.status, 0) + 1
        parts = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        noun = "submission" if len(self.rows) == 1 else "submissions"
        return f"{len(self.rows)} {noun} ({parts}). Gradebook: {self.gradebook}; feedback: {self.feedback}/"


def grade_folder(
    submissions: Path,
    *,
    exercise: str,
    exercises_dir: Path = Path("exercises"),
    out: Path = Path("_build/grades"),
    timeout: float = 120,
    workers: int = 2,
) -> Report:
    """Grade every ``*.ipynb`` in ``submissions``; write ``gradebook.csv`` and ``feedback/``."""
    if timeout <= 0 or workers < 1:
        raise InputError(
            "give a time limit above 0 s and at least 1 worker", field="timeout/workers"
        )
    files = sorted(submissions.glob("*.ipynb"))
    if not files:
        raise InputError(f"no .ipynb files in {submissions}", field="submissions")
    assignment = Assignment.load(exercise, exercises_dir=exercises_dir)
    out.mkdir(parents=True, exist_ok=True)
    autograder = build_autograder(assignment, folder=out / "autograder")
    logs, feedback = out / "logs", out / "feedback"
    logs.mkdir(exist_ok=True)
    feedback.mkdir(exist_ok=True)
    options = {
        "autograder": autograder,
        "keys_dir": exercises_dir / "keys",
        "timeout": timeout,
        "logs": logs,
    }
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        rows = list(pool.map(lambda path: grade_one(path, assignment, **options), files))
    gradebook = out / "gradebook.csv"
    write_gradebook(rows, assignment, path=gradebook)
    for path, row in zip(files, rows, strict=True):
        (feedback / f"{path.stem}.txt").write_text(feedback_text(row, assignment), encoding="utf-8")
    return Report(rows, gradebook, feedback)
