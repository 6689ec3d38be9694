"""The survey's question bank (``questions.yaml``), loaded once and checked on load."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

BANK_FILE = Path(__file__).resolve().parent / "questions.yaml"
KINDS = ("single", "multi", "breakdown")
PHASES = ("systems", "effects", "bias", "training", "outcomes", "breakdown")


@dataclass(frozen=True)
class Question:
    id: str
    phase: str
    kind: str
    text: str
    options: tuple[str, ...]
    signals: dict = field(default_factory=dict, compare=False)

    @property
    def multi(self) -> bool:
        return self.kind == "multi"


@cache
def load_bank() -> tuple[Question, ...]:
    """Every question in the bank, in order; a malformed bank is a bug (ValueError).

    Returns
    -------
    tuple of Question
        Read once from ``questions.yaml`` and cached.
    """
    import yaml

    from collective_ai.demands.registry import FINDINGS

    data = yaml.safe_load(BANK_FILE.read_text(encoding="utf-8"))
    questions = []
    for entry in data["questions"]:  # YAML 1.1 reads a bare Yes or No as a boolean
        if any(isinstance(o, bool) for o in entry["options"]):
            raise ValueError(f"question {entry['id']}: quote the options Yes and No")
    for entry in data["questions"]:
        question = Question(
            id=entry["id"],
            phase=entry["phase"],
            kind=entry["kind"],
            text=entry["text"],
            options=tuple(str(o) for o in entry["options"]),
            signals={str(k): v for k, v in (entry.get("signals") or {}).items()},
        )
        if question.kind not in KINDS or question.phase not in PHASES:
            raise ValueError(f"question {question.id}: bad kind or phase")
        for answer, finding in question.signals.items():
            if answer not in question.options or finding not in FINDINGS:
                raise ValueError(f"question {question.id}: bad signal {answer!r}: {finding!r}")
        questions.append(question)
    if len({q.id for q in questions}) != len(questions):
        raise ValueError("question ids must be unique")
    return tuple(questions)


def find_question(column: str) -> Question | None:
    """The bank question a column holds, by id or by its text (case and spacing ignored).

    KoboToolbox prefixes grouped questions with their group (``group_ai/told_about_system``),
    so the part after the last ``/`` is compared too.

    Parameters
    ----------
    column : str
        A column header from a form tool's export.

    Returns
    -------
    Question or None
        None when the column is no bank question.
    """
    wanted = {_norm(column), _norm(column.rsplit("/", 1)[-1])}
    for question in load_bank():
        if _norm(question.id) in wanted or _norm(question.text) in wanted:
            return question
    return None


def _norm(text: str) -> str:
    return " ".join(str(text).lower().split())
