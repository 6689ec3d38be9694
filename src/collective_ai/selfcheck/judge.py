"""Compare a learner's answer with one encoded question.

Each judge returns ``(status, detail)``: status is ``correct``, ``incorrect``,
``unanswered`` or ``invalid`` (the answer is not the right shape, e.g. text where a number
was asked); ``detail`` adds what the status alone does not say. A malformed answer is never an exception: the message says what was expected.
"""

from __future__ import annotations

import math
import re

from collective_ai.selfcheck import encoding


def _describe(value: object) -> str:
    text = repr(value)
    return f"{type(value).__name__} {text[:60] + '...' if len(text) > 60 else text}"


def is_unanswered(answer: object) -> bool:
    """``...`` and ``None`` are the placeholders the student notebooks start with."""
    return answer is ... or answer is None or (isinstance(answer, str) and not answer.strip())


_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_FRACTION = re.compile(r"^[+-]?\d+(?:\.\d+)?\s*/\s*\d+(?:\.\d+)?$")


def _as_number(answer: object) -> float | None:
    """A real number, never text: ``"0.75"`` in quotes is a string, and grading says so."""
    if isinstance(answer, bool | str | bytes):
        return None
    try:
        value = float(answer)
    except (TypeError, ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def _text_hint(text: str) -> str:
    """What to write instead of a number typed as text."""
    shown = text.strip()
    if _DECIMAL_COMMA.match(shown):
        return f" Write {shown.replace(',', '.')}, with a decimal point and no quotes."
    if _FRACTION.match(shown):
        return f" Write {shown} without quotes, so Python works it out."
    if shown.endswith("%"):
        return " Give a share of 1 without quotes or a % sign: 24% is 0.24."
    try:
        float(shown)
    except ValueError:
        return ""
    return f" Write {shown} without quotes: text in quotes is not a number."


def within(value: float, expected: float, tolerance: float) -> bool:
    """``|value - expected| <= tolerance``, inclusive despite binary rounding (0.745 vs 0.75)."""
    slack = 1e-9 * max(1.0, abs(expected), tolerance)
    return abs(value - expected) - tolerance <= slack


def judge_number(question: dict, answer: object) -> tuple[str, str]:
    value = _as_number(answer)
    if value is None:
        hint = _text_hint(answer) if isinstance(answer, str) else ""
        return "invalid", f"Expected one number, such as 0.75; got {_describe(answer)}.{hint}"
    expected = encoding.reveal_number(question["salt"], question["value"])
    tolerance = question.get("tolerance", 0.0)
    if within(value, expected, tolerance):
        return "correct", ""
    if 0 <= expected <= 1 < abs(value) <= 100 and within(value / 100, expected, tolerance):
        return "incorrect", "That looks like a percentage: give it as a share of 1 (24% is 0.24)."
    return "incorrect", ""


def _options_check(question: dict, picks: list[str]) -> str | None:
    options = question.get("options")
    if not options:
        return None
    allowed = {encoding.normalise(o) for o in options}
    stray = [p for p in picks if p not in allowed]
    if stray:
        return f"{stray[0]!r} is not one of the options: {', '.join(map(str, options))}."
    return None


def _as_pick(answer: object) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, str | int | float):
        return None
    return encoding.normalise(answer) or None


def judge_choice(question: dict, answer: object) -> tuple[str, str]:
    pick = _as_pick(answer)
    if pick is None:
        return "invalid", f"Expected one option as text, such as 'b'; got {_describe(answer)}."
    problem = _options_check(question, [pick])
    if problem:
        return "invalid", problem
    if encoding.digest(question["salt"], pick) == question["answer"]:
        return "correct", ""
    return "incorrect", ""


def as_picks(answer: object) -> list[str] | None:
    if isinstance(answer, str):
        answer = answer.split(",")
    if not isinstance(answer, list | tuple | set | frozenset):
        return None
    picks = [_as_pick(item) for item in answer]
    if any(p is None for p in picks):
        return None
    return sorted(set(picks))


def choice_hits(question: dict, picks: list[str]) -> tuple[int, set[str]]:
    """How many of the (normalised) ``picks`` belong to the answer, and the answer's set."""
    key = set(question["answer"])
    return sum(encoding.digest(question["salt"], p) in key for p in picks), key


def judge_choices(question: dict, answer: object) -> tuple[str, str]:
    picks = as_picks(answer)
    if not picks:
        return "invalid", (
            f"Expected a list of options, such as ['a', 'c']; got {_describe(answer)}."
        )
    problem = _options_check(question, picks)
    if problem:
        return "invalid", problem
    hits, key = choice_hits(question, picks)
    if hits == len(picks) == len(key):
        return "correct", ""
    return "incorrect", (
        f"{hits} of your {len(picks)} picks belong; the full answer has {len(key)}."
    )


def _singulars(word: str) -> set[str]:
    """``word`` and what it would be without an English plural ending (s, es, ies)."""
    found = {word, word.removesuffix("s"), word.removesuffix("es")}
    if word.endswith("ies"):
        found.add(word[:-3] + "y")
    return found


def _phrases(tokens: list[str], max_words: int) -> set[str]:
    """Every run of up to ``max_words`` words, the last word also in its singular forms."""
    found = set()
    for n in range(1, max_words + 1):
        for i in range(len(tokens) - n + 1):
            head, last = tokens[i : i + n - 1], tokens[i + n - 1]
            for variant in _singulars(last):
                found.add(" ".join([*head, variant]))
    return found


def text_coverage(question: dict, answer: str) -> tuple[int, list]:
    """How many of the key's ``must_include`` items the text covers, and the items."""
    tokens = encoding.words(answer)
    items = question["must_include"]
    longest = max(item["max_words"] for item in items)
    hashed = {encoding.digest(question["salt"], p) for p in _phrases(tokens, longest)}
    return sum(bool(hashed.intersection(item["any"])) for item in items), items


def judge_text(question: dict, answer: object) -> tuple[str, str]:
    if not isinstance(answer, str):
        return "invalid", f"Expected your answer as text in quotes; got {_describe(answer)}."
    covered, items = text_coverage(question, answer)
    if covered == len(items):
        return "correct", "Your answer covers every point the key looks for."
    return (
        "incorrect",
        f"Your answer covers {covered} of the {len(items)} points the key looks for.",
    )


JUDGES = {
    "number": judge_number,
    "choice": judge_choice,
    "choices": judge_choices,
    "text": judge_text,
}
