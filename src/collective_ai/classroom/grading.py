"""Grade a folder of submitted notebooks: nothing a submission runs can change a grade.

Each submission runs in a throwaway copy, confined (:mod:`.sandbox`), one cell at a time
with a time limit per cell (:mod:`.worker`). The grader takes the answer variables out of
the kernel as JSON (:mod:`.answers`) and judges them here, in its own process, against the
key it read before any submission ran (:mod:`.judging`). The kernel never has the key's
path, its contents or a copy of it; the learner's own ``check()`` calls decide nothing.

Why not otter-grader's ``otter run``: it runs its tests inside the learner's kernel, where a
first cell can replace the judges, and has neither a time limit nor confinement; nbclient
(already part of Jupyter) runs cells one by one with a limit each, which is all we need.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import shutil
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from collective_ai.classroom import answers, gradebook, judging, lms, report, sandbox, student
from collective_ai.errors import InputError
from collective_ai.files import write_atomic
from collective_ai.selfcheck import encoding, keys


@dataclass
class Assignment:
    """What grading needs to know about one exercise, read once before anything runs."""

    exercise: str
    questions: dict[str, dict]  # the instructor's key, plain
    encoded: dict[str, dict]  # the same, as the judges read it
    expressions: dict[str, str]  # question id to what its check() is given
    master_path: Path
    key_path: Path
    originals: dict[Path, tuple[bytes, int]]  # the instructor's files and modes, to prove
    # they were not touched (and to put them back if they were)

    @property
    def points(self) -> dict[str, float]:
        return {qid: float(spec.get("points", 1)) for qid, spec in self.questions.items()}

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
        cells = student.split_master(master, name=master_path.name).student.cells
        names = answers.answer_expressions(cells, exercise=exercise)
        unknown = sorted(set(names) - set(questions))
        if unknown:
            raise InputError(f"check of {unknown[0]!r}, not in the key", field=key_path.name)
        missing = [qid for qid in questions if qid not in names]
        if missing:
            raise InputError(
                f"{missing[0]} has no check('{exercise}:{missing[0]}', NAME) in the student notebook",
                field=master_path.name,
            )
        encoded = encoding.encode_key(questions, exercise=exercise, seed=key_path.read_bytes())
        return cls(
            exercise=exercise,
            questions=questions,
            encoded=encoded["questions"],
            expressions=names,
            master_path=master_path,
            key_path=key_path,
            originals={p: (p.read_bytes(), p.stat().st_mode) for p in (master_path, key_path)},
        )

    def restore_if_changed(self) -> list[str]:
        """Put back any instructor file that changed on disk; say which."""
        changed = []
        for path, (data, mode) in self.originals.items():
            try:
                same = path.read_bytes() == data
            except OSError:
                same = False
            if not same:
                os.chmod(write_atomic(path, data), stat.S_IMODE(mode))
                changed.append(path.name)
        return changed


@dataclass(frozen=True)
class Settings:
    cell_timeout: float = 60
    timeout: float = 600
    limits: sandbox.Limits = sandbox.DEFAULT_LIMITS
    hide: tuple[Path, ...] = ()


def _cell_questions(nb, exercise: str) -> list[str | None]:
    """For each cell, the question it works towards: the next one checked at or below it."""
    owners, upcoming = [], None
    for cell in reversed(nb.cells):
        found = (
            answers.questions_in(cell.source, exercise=exercise) if cell.cell_type == "code" else []
        )
        upcoming = found[0] if found else upcoming
        owners.append(upcoming)
    return owners[::-1]


def _where(owners: list[str | None], cell: int) -> str:
    qid = owners[cell - 1] if 0 < cell <= len(owners) else None
    return qid or "the cells after the last question"


def _copy_submission(submission: lms.Submission, nb, scratch: Path) -> tuple[Path, list[str]]:
    """The notebook (and, for a learner's own folder, its regular files) in a throwaway
    folder; and what was left out."""
    work, left_out = scratch / "work", []
    if lms._MOODLE_DIR.match(submission.path.parent.name):
        left_out = lms.copy_files(submission, work)
    else:
        work.mkdir()
    target = work / submission.path.name
    write_atomic(target, nbformat.writes(nb))
    return target, left_out


def _execute(nb_path: Path, assignment: Assignment, settings: Settings, scratch: Path):
    spec = {
        "notebook": str(nb_path),
        "answers": assignment.expressions,
        "exercise": assignment.exercise,
        "cell_timeout": settings.cell_timeout,
        "snapshot_timeout": min(settings.cell_timeout, 30),
    }
    spec_path = scratch / "spec.json"
    write_atomic(spec_path, json.dumps(spec))
    command = [sys.executable, "-m", "collective_ai.classroom.worker", str(spec_path), "{fd}"]
    return sandbox.run(
        command,
        scratch=scratch,
        hide=list(settings.hide),
        timeout=settings.timeout,
        limits=settings.limits,
    )


def grade_one(
    submission: lms.Submission, assignment: Assignment, settings: Settings
) -> tuple[gradebook.Row, str]:
    """Grade one file, and what it printed; every failure is a status in the row."""
    row = gradebook.Row(
        submission.learner, submission.learner_id, submission.layout, submission.label, "graded"
    )
    row.notes += [f"a later notebook counts, not {p.name}" for p in submission.superseded]
    row.notes += [
        f"{p.name}: not a regular file ({kind}); not graded" for p, kind in submission.refused
    ]
    try:
        if submission.kind:
            raise lms.NotRegular(submission.kind)
        nb = nbformat.reads(lms.read_bytes(submission).decode("utf-8"), as_version=4)
        nbformat.validate(nb)
    except lms.NotRegular as error:  # never opened: nothing of what it points at is read
        row.status = "not a regular file"
        row.notes.append(str(error))
        return row, ""
    except Exception as error:  # any unreadable file is one row, not a crashed run
        first = str(error).strip().split("\n", 1)[0][:200]
        row.status = "not a notebook"
        row.notes.append(f"could not be read as a notebook: {first}")
        return row, ""
    # Cells tagged hidden-test are the instructor's (a master graded as a submission has
    # them); they would only run the learner's check() without a key, so they are left out.
    nb.cells = [c for c in nb.cells if student.HIDDEN_TEST_TAG not in c.metadata.get("tags", [])]
    owners = _cell_questions(nb, assignment.exercise)
    present = {qid for qid in owners if qid}
    row.notes += [
        f"{qid}: its check cell was removed" for qid in assignment.expressions if qid not in present
    ]
    scratch = Path(tempfile.mkdtemp(prefix="collective-ai-grade-"))
    try:
        copied, left_out = _copy_submission(submission, nb, scratch)
        row.notes += left_out
        outcome = _execute(copied, assignment, settings, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    tampered = assignment.restore_if_changed()
    if tampered:
        row.notes.append(
            f"the answer key or master changed on disk during this run: restored {', '.join(tampered)}"
        )
    if outcome.strays:
        row.notes.append(f"{outcome.strays} background process(es) it left were stopped")
    try:
        result = json.loads(outcome.result.decode("utf-8"))
    except ValueError:
        result = None
    if not isinstance(result, dict):
        row.status = "timed out" if outcome.code is None else "could not be run"
        limit = (
            f"still running after {settings.timeout:g} s" if outcome.code is None else "it stopped"
        )
        row.notes.append(f"{limit} before any answer could be read")
        row.scores = dict.fromkeys(assignment.points)
        return row, outcome.log
    values = answers.decode(result.get("values", {}))
    errors = [c for c in result.get("cells", []) if c.get("error")]
    for cell in errors:
        row.notes.append(f"{_where(owners, cell['cell'])}: {cell['error']}")
    stopped = result.get("stopped")
    if errors:
        row.status = "graded, with errors"
    if stopped:
        where = _where(owners, stopped["cell"])
        row.status = f"stopped at {where}"
        why = {"timeout": f"a cell ran past the {settings.cell_timeout:g} s limit"}.get(
            stopped["reason"], stopped["reason"]
        )
        row.notes.append(f"stopped at {where}: {why}; the questions before it are graded")
    for qid, points in assignment.points.items():
        value = values.get(qid, ...)
        verdict = judging.verdict(assignment.questions[qid], assignment.encoded[qid], value)
        row.scores[qid] = round(points * verdict.credit, 4)
        row.verdicts[qid] = verdict
        row.shown[qid] = report.show(value)
        if assignment.questions[qid].get("manual"):
            row.to_read.append(qid)
    return row, outcome.log


def _hidden(folders: list[Path], scratch_root: Path) -> tuple[Path, ...]:
    """Folders the submission must not see, less any that hold what it needs to run."""
    needed = [Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable), Path(__file__)]
    needed = [p.resolve() for p in [*needed, scratch_root]]
    keep = []
    for folder in {f.resolve() for f in folders if f.exists()}:
        if folder == Path("/") or any(n == folder or folder in n.parents for n in needed):
            continue
        keep.append(folder)
    return tuple(sorted(keep))


@dataclass
class Report:
    rows: list[gradebook.Row]
    gradebook: Path
    feedback: Path
    isolation: str

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.status] = counts.get(row.status, 0) + 1
        parts = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        noun = "submission" if len(self.rows) == 1 else "submissions"
        return (
            f"{len(self.rows)} {noun} ({parts}). Gradebook: {self.gradebook}; "
            f"feedback: {self.feedback}/ (isolation: {self.isolation})"
        )


def grade_folder(
    submissions: Path,
    *,
    exercise: str,
    exercises_dir: Path = Path("exercises"),
    out: Path = Path("_build/grades"),
    cell_timeout: float = 60,
    timeout: float = 600,
    workers: int = 2,
    limits: sandbox.Limits | None = None,
    manual: Path | None = None,
) -> Report:
    """Grade every learner's latest notebook under ``submissions`` into ``out``.

    Each submission runs confined in its own process and is judged outside it, so nothing
    a learner's code does decides their grade.

    Parameters
    ----------
    submissions : pathlib.Path
        A folder as Canvas or Moodle downloads it, or one notebook per learner.
    exercise : str
        The exercise's name (``exercises/NAME.ipynb``).
    exercises_dir : pathlib.Path
        The folder of masters and keys.
    out : pathlib.Path
        Where the gradebook, feedback, logs and LMS imports go.
    cell_timeout, timeout : float
        Seconds one cell, and one whole submission, may run.
    workers : int
        Submissions graded at once.
    limits : sandbox.Limits, optional
        Memory, file size and process limits of each run.
    manual : pathlib.Path, optional
        Scores given by hand (default ``out/manual-scores.csv``), merged into the
        gradebook.

    Returns
    -------
    Report
        The rows graded and where everything was written.

    Raises
    ------
    InputError
        Limits under 1, no such folder, no notebooks in it, or an exercise whose master
        and key disagree; or (``sandbox.IsolationUnavailable``) a machine that cannot
        confine a submission, where nothing is graded.
    """
    if timeout <= 0 or cell_timeout <= 0 or workers < 1:
        raise InputError(
            "give time limits above 0 s and at least 1 worker", field="timeout/workers"
        )
    if not submissions.is_dir():
        raise InputError(f"no folder {submissions}", field="submissions")
    found = lms.discover(submissions)
    if not found:
        raise InputError(f"no .ipynb files in {submissions}", field="submissions")
    assignment = Assignment.load(exercise, exercises_dir=exercises_dir)
    isolation = sandbox.isolation()  # or refuse before anything is written or run
    for folder in (out, out / "feedback", out / "logs"):
        folder.mkdir(parents=True, exist_ok=True)
    hide = [exercises_dir, assignment.key_path.parent, out, submissions, Path.home()]
    settings = Settings(
        cell_timeout,
        timeout,
        limits or sandbox.Limits(),
        _hidden(hide, Path(tempfile.gettempdir())),
    )

    def one(submission: lms.Submission) -> gradebook.Row:
        row, log = grade_one(submission, assignment, settings)
        write_atomic(out / "logs" / f"{_file_stem(row)}.log", log)
        return row

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        rows = list(pool.map(one, found))
    path = out / "gradebook.csv"
    manual = manual or out / "manual-scores.csv"
    merged = gradebook.write(path, rows, points=assignment.points, manual=manual)
    possible = sum(assignment.points.values())
    gradebook.write_exports(out, merged, exercise=exercise, possible=possible)
    for row in rows:
        text = report.feedback_text(row, assignment.exercise, points=assignment.points)
        write_atomic(out / "feedback" / f"{_file_stem(row)}.txt", text)
    write_atomic(
        out / "class-report.txt",
        report.class_report(rows, assignment.exercise, points=assignment.points),
    )
    return Report(rows, path, out / "feedback", isolation)


def _file_stem(row: gradebook.Row) -> str:
    """A file name for a learner's feedback: their id, safe on every file system."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in row.learner_id)
    return safe.lstrip(".")[:100] or "learner"


def default_exercises_dir(exercise: str, *, start: Path | None = None) -> Path:
    """``exercises/`` from the working folder upward, else beside this package's source."""
    here = (start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        for candidate in (folder / "exercises", folder):
            if (candidate / f"{exercise}.ipynb").is_file() and (candidate / "keys").is_dir():
                return candidate
    repo = Path(__file__).resolve().parents[3] / "exercises"
    return repo if (repo / f"{exercise}.ipynb").is_file() else Path("exercises")


def check_exercise(exercise: str, *, exercises_dir: Path, cell_timeout: float = 120) -> str:
    """Validate a new exercise without the test suite: its key, its student edition, and a
    run of the master through the grader, which must score full marks.

    Parameters
    ----------
    exercise : str
        The exercise's name.
    exercises_dir : pathlib.Path
        The folder of masters and keys.
    cell_timeout : float
        Seconds one cell may run.

    Returns
    -------
    str
        One sentence saying what was checked.

    Raises
    ------
    InputError
        The key and the master disagree, or the master does not score full marks.
    """
    assignment = Assignment.load(exercise, exercises_dir=exercises_dir)  # key and checks agree
    with tempfile.TemporaryDirectory(prefix="collective-ai-check-") as scratch:
        folder, out = Path(scratch) / "in", Path(scratch) / "out"
        folder.mkdir()
        shutil.copyfile(assignment.master_path, folder / f"{exercise}.ipynb")
        run = grade_folder(
            folder,
            exercise=exercise,
            exercises_dir=exercises_dir,
            out=out,
            cell_timeout=cell_timeout,
        )
    row = run.rows[0]
    short = [
        f"{qid} ({row.verdicts[qid].status}{': ' + row.verdicts[qid].message if row.verdicts[qid].message else ''})"
        for qid in assignment.points
        if qid in row.verdicts and row.verdicts[qid].credit < 1
    ]
    if row.status != "graded" or short or not row.verdicts:
        problems = "; ".join([*short, *row.notes]) or row.status
        raise InputError(f"the master does not score full marks: {problems}", field=exercise)
    possible = sum(assignment.points.values())
    return (
        f"{exercise}: {len(assignment.points)} questions, each checked and in the key; "
        f"the student edition parses; the master scores {row.total:g} of {possible:g}."
    )
