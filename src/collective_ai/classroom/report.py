"""What the grader tells each learner, and what it tells the instructor about the class.

Plain text, no markup: nothing a learner typed can render as markup. Feedback names
questions (``q3``), never cell numbers, and says each thing once.
"""

from __future__ import annotations

from collective_ai.classroom.gradebook import Row

_STATUS_WORDS = {
    "correct": "right",
    "partly": "partly right",
    "incorrect": "not yet",
    "invalid": "not the form asked for",
    "unanswered": "not answered",
}


def _question_lines(row: Row, qid: str, points: float) -> list[str]:
    score = row.scores.get(qid)
    verdict = row.verdicts.get(qid)
    if score is None or verdict is None:
        return [f"{qid}: not graded"]
    lines = [f"{qid}: {score:g} of {points:g}, {_STATUS_WORDS.get(verdict.status, verdict.status)}"]
    details = [verdict.message, f"Hint: {verdict.hint}" if verdict.hint else ""]
    lines += [f"  - {text}" for text in dict.fromkeys(details) if text]
    return lines


def feedback_text(row: Row, exercise: str, *, points: dict[str, float]) -> str:
    """One learner's feedback file."""
    lines = [
        f"Exercise: {exercise}",
        f"Submission: {row.submission}",
        f"Status: {row.status}",
        f"Score: {row.total:g} of {sum(points.values()):g}",
        "",
    ]
    for qid, worth in points.items():
        lines += _question_lines(row, qid, worth)
    if row.to_read:
        lines += ["", f"Your instructor will read your written answer to {', '.join(row.to_read)}."]
    notes = list(dict.fromkeys(row.notes))
    if notes:
        lines += ["", "Notes:", *(f"  - {note}" for note in notes)]
    return "\n".join(lines) + "\n"
