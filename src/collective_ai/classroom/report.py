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


def show(value: object) -> str:
    """An answer as the class report lists it: short, one line."""
    if value is ...:
        return "(not answered)"
    if isinstance(value, float):
        text = f"{value:g}"
    elif isinstance(value, str):
        text = repr(" ".join(value.split()))
    elif isinstance(value, list):
        text = "[" + ", ".join(show(v) for v in value) + "]"
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def class_report(rows: list[Row], exercise: str, *, points: dict[str, float]) -> str:
    """Per question: how many got it right, the commonest wrong answers, who needs help."""
    graded = [row for row in rows if row.verdicts]
    possible = sum(points.values())
    lines = [f"Class report: {exercise}", f"{len(graded)} of {len(rows)} submissions graded", ""]
    for qid, worth in points.items():
        right = [r for r in graded if r.verdicts[qid].status == "correct"]
        share = f"{round(100 * len(right) / len(graded))}%" if graded else "-"
        lines.append(f"{qid} ({worth:g} points): {len(right)} of {len(graded)} right ({share})")
        wrong: dict[str, int] = {}
        for row in graded:
            if row.verdicts[qid].status != "correct":
                wrong[row.shown.get(qid, "?")] = wrong.get(row.shown.get(qid, "?"), 0) + 1
        for answer, count in sorted(wrong.items(), key=lambda item: (-item[1], item[0]))[:3]:
            lines.append(f"  - {count} answered {answer}")
        to_read = [r.learner for r in graded if qid in r.to_read]
        if to_read:
            lines.append(f"  - to read by hand: {', '.join(to_read)}")
    help_needed = [r for r in rows if not r.verdicts or r.total < possible / 2]
    lines += ["", "Who may need help (under half the points, or not graded):"]
    lines += [
        f"  - {r.learner} ({r.learner_id}): {r.total:g} of {possible:g}, {r.status}"
        for r in help_needed
    ] or ["  - nobody"]
    return "\n".join(lines) + "\n"
