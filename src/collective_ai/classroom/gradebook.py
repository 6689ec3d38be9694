"""The gradebook CSV: merged on regrade, safe to open in a spreadsheet, written atomically.

One row per learner, keyed by ``learner_id``. Grading some learners again replaces their
rows and keeps everyone else's. Every cell that a spreadsheet could read as a formula is
neutralised (:func:`neutralise`), because file names, answers and error texts come from
learners.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.files import write_atomic

FIXED = ["learner", "learner_id", "submission", "status", "score", "possible"]
TRAILING = ["to_read", "notes"]

# Spaces, control characters and the invisible ones a spreadsheet skips before a formula.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00a0\u180e\u202a\u202b\u202c\u202d\u202e"
_LEADING = re.compile(rf"^[\s{_INVISIBLE}\x00-\x1f]*")
_FORMULA = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value: object) -> str:
    """Text a spreadsheet shows as text: a leading ``'`` before anything formula-like.

    A cell is formula-like when, after any white space, newlines, control or zero-width
    characters, it starts with ``=``, ``+``, ``-`` or ``@`` (or their full-width forms), or
    when it starts with a tab, carriage return or newline at all (OWASP's CSV-injection
    advice). Plain numbers we write ourselves are never negative, so no score is touched.
    """
    text = str(value)
    lead = _LEADING.match(text).group(0)
    rest = text[len(lead) :]
    if rest.startswith(_FORMULA) or (lead and lead[0] in "\t\r\n"):
        return "'" + text
    return text


def number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


@dataclass
class Row:
    """One learner's line: what the grader found, before it is turned into text."""

    learner: str
    learner_id: str
    submission: str
    status: str
    scores: dict[str, float | None] = field(default_factory=dict)
    to_read: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    verdicts: dict = field(default_factory=dict)  # question id to judging.Verdict

    @property
    def total(self) -> float:
        return sum(score or 0.0 for score in self.scores.values())


def header(questions: list[str]) -> list[str]:
    return [*FIXED, *questions, *TRAILING]


def cells(row: Row, *, points: dict[str, float]) -> dict[str, str]:
    out = {
        "learner": row.learner,
        "learner_id": row.learner_id,
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


def write(path: Path, rows: list[Row], *, points: dict[str, float]) -> list[dict[str, str]]:
    """Merge ``rows`` into the gradebook at ``path`` (atomically); return every row."""
    merged = merge(_unneutralised(read(path)), [cells(row, points=points) for row in rows])
    write_atomic(path, to_csv(merged, header(list(points))))
    return merged


def _unneutralised(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows as read back: drop the ``'`` we added, so a merge does not add a second one."""
    return [
        {k: (v[1:] if v.startswith("'") and neutralise(v[1:]) == v else v) for k, v in r.items()}
        for r in rows
    ]
