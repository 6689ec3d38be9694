"""Judge one extracted answer against the instructor's key, in the grader's own process.

The same judges as the learner's self-check (:mod:`collective_ai.selfcheck.judge`) decide
right or wrong, so practice and grade agree; on top, the key's hidden checks, which the
student edition's key does not carry:

- ``min_words`` (text): a written answer needs at least this many words;
- ``partial: true`` (choices, text): credit in proportion to what is right (for choices,
  right picks less wrong ones, over the size of the answer; never below 0);
- ``manual: true`` (text): the score is provisional and the answer is flagged for the
  instructor to read (a manual-scores file then overrides it).

The type is part of every check: a number typed in quotes is text, not a number.
"""

from __future__ import annotations

from dataclasses import dataclass

from collective_ai.classroom.answers import Other
from collective_ai.selfcheck import encoding, judge


@dataclass(frozen=True)
class Verdict:
    """One question of one submission: the share of its points earned, and why."""

    credit: float  # 0 to 1
    status: str  # correct, partly, incorrect, invalid, unanswered
    message: str = ""
    hint: str = ""


def _partial(spec: dict, encoded: dict, value: object) -> float:
    if spec["kind"] == "choices":
        picks = judge.as_picks(value) or []
        hits, key = judge.choice_hits(encoded, picks)
        return max(0.0, (hits - (len(picks) - hits)) / len(key))
    if spec["kind"] == "text" and isinstance(value, str):
        covered, items = judge.text_coverage(encoded, value)
        return covered / len(items)
    return 0.0


def verdict(spec: dict, encoded: dict, value: object) -> Verdict:
    """Judge ``value`` (plain data from :mod:`.answers`) for one question of the key."""
    if judge.is_unanswered(value):
        return Verdict(0.0, "unanswered")  # "not answered" says it all
    if isinstance(value, Other):
        return Verdict(0.0, "invalid", f"the answer is a {value.name}, not a plain value")
    status, message = judge.JUDGES[spec["kind"]](encoded, value)
    hint = spec.get("hint", "") if status == "incorrect" else ""
    if status == "correct":
        words = len(encoding.words(value)) if isinstance(value, str) else 0
        if spec.get("min_words", 0) > words:
            return Verdict(0.0, "incorrect", f"write at least {spec['min_words']} words")
        return Verdict(1.0, "correct")
    if status == "incorrect" and spec.get("partial"):
        credit = _partial(spec, encoded, value)
        if credit > 0:
            return Verdict(credit, "partly", message, hint)
    return Verdict(0.0, status, message, hint)
