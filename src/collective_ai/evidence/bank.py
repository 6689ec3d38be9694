"""The survey's question bank (``questions.yaml``), loaded once and checked on load.

A language's version is a whole file beside it (``questions.es.yaml``): the same ids, each
question's text and its answers in the same order. A paper form and the bank's table are
printed from it, and a form tool's export in that language is read as the same questions.
"""

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


def translation_file(lang: str) -> Path:
    """Where the bank in ``lang`` is kept (it may not exist: English is then shown)."""
    return BANK_FILE.with_name(f"questions.{lang}.yaml")


@cache
def _translated(path: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Question id -> (text, options) read from a translation; refused if it drifts."""
    import yaml

    if not path.is_file():
        return {}
    bank = {q.id: q for q in load_bank()}
    out = {}
    for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
        question = bank.get(entry["id"])
        options = tuple(str(o) for o in entry["options"])
        if question is None or len(options) != len(question.options):
            raise ValueError(f"{path.name}: question {entry['id']}: not the English bank's")
        out[question.id] = (str(entry["text"]), options)
    if set(out) != set(bank):
        raise ValueError(f"{path.name}: the questions differ from the English bank's")
    return out


def _in_language(question: Question, lang: str | None = None):
    from collective_ai.i18n import language

    return _translated(translation_file(lang or language())).get(question.id)


def shown_text(question: Question) -> str:
    """The question as a person reads it in the language in use."""
    found = _in_language(question)
    return found[0] if found else question.text


def shown_options(question: Question) -> tuple[str, ...]:
    """The question's answers in the language in use, in the bank's order."""
    found = _in_language(question)
    return found[1] if found else question.options


def every_version(question: Question) -> list[tuple[str, tuple[str, ...]]]:
    """(text, options) of the question in English and every translation kept beside it."""
    versions = [(question.text, question.options)]
    for path in _translation_files(BANK_FILE.parent):
        found = _translated(path).get(question.id)
        if found:
            versions.append(found)
    return versions


def known_options(question: Question, seen=()) -> list[str]:
    """The question's answers in the bank's order, once each: first in the language of the
    version that holds most of ``seen`` (the answers a file gave), then in the others."""
    versions = [options for _text, options in every_version(question)]
    versions.sort(key=lambda options: -len(set(options) & set(seen)))  # stable: English first
    return list(dict.fromkeys(o for options in versions for o in options))


def signals(question: Question) -> dict[str, str]:
    """Answer -> finding in every language: a Spanish form's "Nunca" signals as "Never"."""
    out = {}
    for _text, options in every_version(question):
        for answer, finding in question.signals.items():
            out.setdefault(options[question.options.index(answer)], finding)
    return out


@cache
def _translation_files(folder: Path) -> tuple[Path, ...]:
    return tuple(sorted(folder.glob("questions.*.yaml")))


@cache
def _index(folder: Path) -> dict[str, Question]:
    """Each question by its id and by its text in every language (normalised)."""
    index = {}
    for question in load_bank():
        for text, _options in every_version(question):
            index.setdefault(_norm(text), question)
        index.setdefault(_norm(question.id), question)
    return index


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
    index = _index(BANK_FILE.parent)
    for wanted in (_norm(column), _norm(column.rsplit("/", 1)[-1])):
        if wanted in index:
            return index[wanted]
    return None


def _norm(text: str) -> str:
    return " ".join(str(text).lower().split())
