"""The gradebook CSV: merged on regrade, safe to open in a spreadsheet, written atomically.

One row per learner, keyed by ``learner_id``. Grading some learners again replaces their
rows and keeps everyone else's. Every cell that a spreadsheet could read as a formula is
neutralised (:func:`neutralise`), because file names, answers and error texts come from
learners.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.escaping import neutralise
from collective_ai.files import write_atomic

FIXED = ["learner", "learner_id", "lms", "submission", "status", "score", "possible"]
TRAILING = ["to_read", "notes"]


def number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


@dataclass
class Row:
    """One learner's line: what the grader found, before it is turned into text."""

    learner: str
    learner_id: str
    lms: str
    submission: str
    status: str
    scores: dict[str, float | None] = field(default_factory=dict)
    to_read: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    verdicts: dict = field(default_factory=dict)  # question id to judging.Verdict
    shown: dict[str, str] = field(default_factory=dict)  # question id to the answer, short

    @property
    def total(self) -> float:
        return sum(score or 0.0 for score in self.scores.values())


def header(questions: list[str]) -> list[str]:
    return [*FIXED, *questions, *TRAILING]


def cells(row: Row, *, points: dict[str, float]) -> dict[str, str]:
    out = {
        "learner": row.learner,
        "learner_id": row.learner_id,
        "lms": row.lms,
        "submission": row.submission,
        "status": row.status,
        "score": number(row.total),
        "possible": number(sum(points.values())),
        "to_read": " ".join(row.to_read),
        "notes": "; ".join(dict.fromkeys(row.notes)),
    }
    out.update({qid: number(row.scores.get(qid)) for qid in points})
    return out


def read(path: Path) -> list[dict[str, str]]:
    """The rows of an existing gradebook, as text; [] when there is none."""
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or "learner_id" not in reader.fieldnames:
            raise InputError(
                "the existing gradebook has no learner_id column; move it away to start anew",
                field=str(path),
            )
        return list(reader)


def merge(old: list[dict[str, str]], new: list[dict[str, str]]) -> list[dict[str, str]]:
    """``old`` with every learner in ``new`` replaced, the rest kept; sorted by learner id."""
    by_id = {row["learner_id"]: row for row in old}
    by_id.update({row["learner_id"]: row for row in new})
    return [by_id[key] for key in sorted(by_id)]


def to_csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({key: neutralise(row.get(key, "")) for key in columns})
    return buffer.getvalue()


def write(
    path: Path, rows: list[Row], *, points: dict[str, float], manual: Path | None = None
) -> list[dict[str, str]]:
    """Merge ``rows`` into the gradebook at ``path`` (atomically), apply the manual scores;
    return every row."""
    merged = merge(_unneutralised(read(path)), [cells(row, points=points) for row in rows])
    if manual is not None and manual.is_file():
        apply_manual(merged, read_manual(manual, points=points), points=points)
    write_atomic(path, to_csv(merged, header(list(points))))
    return merged


def read_manual(path: Path, *, points: dict[str, float]) -> list[tuple[str, str, float, str]]:
    """``learner_id,question,score[,note]`` rows: scores the instructor gave by hand."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"learner_id", "question", "score"} - set(reader.fieldnames or [])
        if missing:
            raise InputError("needs the columns learner_id, question, score", field=path.name)
        found = []
        for line_no, line in enumerate(reader, start=2):
            qid = (line["question"] or "").strip()
            if qid not in points:
                raise InputError(f"no question {qid!r} in the key", field=path.name, row=line_no)
            try:
                score = float((line["score"] or "").replace(",", "."))
            except ValueError:
                raise InputError("score is not a number", field=path.name, row=line_no) from None
            if not 0 <= score <= points[qid]:
                raise InputError(
                    f"score must be 0 to {points[qid]:g} for {qid}", field=path.name, row=line_no
                )
            note = (line.get("note") or "").strip()
            found.append(((line["learner_id"] or "").strip(), qid, score, note))
    return found


def apply_manual(rows: list[dict[str, str]], scores, *, points: dict[str, float]) -> None:
    """Put the hand-given scores over the grader's and add the totals up again."""
    by_id = {row["learner_id"]: row for row in rows}
    for learner_id, qid, score, note in scores:
        row = by_id.get(learner_id)
        if row is None:
            continue  # not graded yet; applied when they are
        row[qid] = number(score)
        row["to_read"] = " ".join(q for q in row.get("to_read", "").split() if q != qid)
        extra = f"{qid} scored by hand" + (f": {note}" if note else "")
        notes = [x for x in row.get("notes", "").split("; ") if x]
        if extra not in notes:  # a kept row already says so from the last run
            row["notes"] = "; ".join([*notes, extra])
    for row in rows:
        row["score"] = number(sum(float(row[q]) for q in points if row.get(q, "") != ""))


def write_exports(
    out: Path,
    rows: list[dict[str, str]],
    *,
    exercise: str,
    possible: float,
    graded_at: datetime.datetime | None = None,
) -> list[Path]:
    """The files Canvas's and Moodle's gradebook imports read, for learners from each.

    Canvas: the header of its own gradebook export (Student, ID, SIS User ID, SIS Login ID,
    Section) and one column named after the exercise. Moodle's offline grading worksheet
    import finds its columns by their English names and refuses a file without all three of
    ``Identifier`` (``Participant N``), ``Grade`` and ``Last modified (grade)``; it skips a
    row whose grade was changed in Moodle after that time, so ``graded_at`` (now, by
    default) keeps a grade an instructor entered by hand after this run.
    """
    written = []
    canvas = [r for r in rows if r.get("lms") == "canvas"]
    if canvas:
        columns = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", exercise]
        lines = [
            {"Student": r["learner"], "ID": r["learner_id"], exercise: r["score"]} for r in canvas
        ]
        written.append(write_atomic(out / "canvas-import.csv", to_csv(lines, columns)))
    moodle = [r for r in rows if r.get("lms") == "moodle"]
    if moodle:
        when = graded_at or datetime.datetime.now(datetime.UTC)
        stamp = when.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
        columns = ["Identifier", "Full name", "Grade", "Maximum Grade", "Last modified (grade)"]
        lines = [
            {
                "Identifier": f"Participant {r['learner_id']}",
                "Full name": r["learner"],
                "Grade": r["score"],
                "Maximum Grade": number(possible),
                "Last modified (grade)": stamp,
            }
            for r in moodle
        ]
        written.append(write_atomic(out / "moodle-grading-worksheet.csv", to_csv(lines, columns)))
    return written


def _unneutralised(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows as read back: drop the ``'`` we added, so a merge does not add a second one."""
    return [
        {k: (v[1:] if v.startswith("'") and neutralise(v[1:]) == v else v) for k, v in r.items()}
        for r in rows
    ]
