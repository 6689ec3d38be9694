"""Self-checks for the exercises: ``check("hiring-lab:q1", answer)``.

Feedback appears in the notebook with no network and no server: whether the answer is
right, a hint when it is not, the explanation when it is. The key is found by
:func:`collective_ai.selfcheck.keys.find_key`; in the student edition it is encoded (see
:mod:`collective_ai.selfcheck.encoding`). A learner never sees a traceback from ``check``:
a malformed answer, an unknown question or a missing key gives a result with a message.
"""

from __future__ import annotations

from dataclasses import dataclass

from collective_ai.errors import InputError
from collective_ai.escaping import escape_html
from collective_ai.palette import OKABE_ITO
from collective_ai.selfcheck import encoding, judge, keys

__all__ = ["CheckResult", "check", "last_result"]

_LAST: dict[str, CheckResult] = {}

_HEADINGS = {
    "correct": "Right",
    "incorrect": "Not yet",
    "unanswered": "Not answered yet",
    "invalid": "Check the form of your answer",
    "error": "This check could not run",
}
_SYMBOLS = {"correct": "\u2714", "incorrect": "\u2718"}
_COLOURS = {"correct": OKABE_ITO["bluish_green"], "incorrect": OKABE_ITO["vermillion"]}


@dataclass(frozen=True)
class CheckResult:
    """What one self-check found; shows itself as text or as an HTML box in a notebook.

    The status is said in words (:attr:`heading`) and by a symbol, never by colour alone.

    Parameters
    ----------
    question : str
        ``"exercise:qid"``.
    status : {"correct", "incorrect", "unanswered", "invalid", "error"}
        The verdict.
    message : str
        What the check found, in a sentence.
    hint, explanation : str
        A hint when the answer is not yet right; the key's explanation when it is.
    """

    question: str
    status: str
    message: str
    hint: str = ""
    explanation: str = ""

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    @property
    def heading(self) -> str:
        """ "Right", "Not yet", ...: the status in words, so nothing depends on colour."""
        return _HEADINGS[self.status]

    def lines(self) -> list[str]:
        body = [self.message] if self.message else []
        if self.hint:
            body.append(f"Hint: {self.hint}")
        if self.explanation:
            body.append(f"Why: {self.explanation}")
        return body

    def __repr__(self) -> str:
        symbol = _SYMBOLS.get(self.status, "?")
        return " ".join([f"{symbol} {self.question}: {self.heading}.", *self.lines()])

    def _repr_html_(self) -> str:
        colour = _COLOURS.get(self.status, OKABE_ITO["orange"])
        symbol = _SYMBOLS.get(self.status, "?")
        paragraphs = "".join(
            f"<p style='margin:0.2em 0'>{escape_html(x)}</p>" for x in self.lines()
        )
        return (
            f"<div role='status' class='collective-ai-selfcheck' style='border-left:6px solid "
            f"{colour};padding:0.4em 0.8em;margin:0.3em 0'>"
            f"<p style='margin:0.2em 0'><strong><span aria-hidden='true'>{symbol}</span> "
            f"{escape_html(self.heading)}</strong> "
            f"<span style='opacity:0.8'>({escape_html(self.question)})</span></p>"
            f"{paragraphs}</div>"
        )


def _split(question: object) -> tuple[str, str]:
    if not isinstance(question, str) or question.count(":") != 1:
        raise InputError(
            f"name the question as 'exercise:question', e.g. 'hiring-lab:q1'; got {question!r}",
            field="question",
        )
    exercise, qid = (part.strip() for part in question.split(":"))
    return exercise, qid


def _judge(question: str, answer: object) -> CheckResult:
    exercise, qid = _split(question)
    key = keys.load_key(exercise)
    if qid not in key:
        known = ", ".join(sorted(key))
        raise InputError(f"{exercise} has no question {qid!r}; it has {known}", field="question")
    spec = key[qid]
    if judge.is_unanswered(answer):
        todo = (
            "Write your answer between the quotes"
            if isinstance(answer, str)
            else "Replace ... with your answer"
        )
        return CheckResult(question, "unanswered", f"{todo}, then run the cell again.")
    status, message = judge.JUDGES[spec["kind"]](spec, answer)
    if status == "correct":
        explanation = spec.get("explanation")
        text = encoding.reveal_text(spec["salt"], explanation) if explanation else ""
        return CheckResult(question, status, message, explanation=text)
    hint = spec.get("hint", "") if status == "incorrect" else ""
    return CheckResult(question, status, message, hint=hint)


def last_result(question: str) -> CheckResult | None:
    """The latest result of ``check(question, ...)`` in this kernel; the grader reads it.

    Parameters
    ----------
    question : str
        ``"exercise:qid"``, as given to :func:`check`.

    Returns
    -------
    CheckResult or None
        None when that question was not checked in this kernel.
    """
    return _LAST.get(question)


def _remember(result: CheckResult) -> None:
    _LAST[result.question] = result


def check(question: str, answer: object) -> CheckResult:
    """Check ``answer`` against the key for ``question`` ("exercise:qid") and say why.

    Put it last in a cell so the notebook shows the result. It never raises: a learner
    who makes a mistake is owed a sentence, not a traceback.

    Parameters
    ----------
    question : str
        ``"exercise:qid"``, e.g. ``"hiring-lab:q1"``.
    answer : object
        The learner's answer (``...``, None or blank text: not answered yet).

    Returns
    -------
    CheckResult
        Truthy when right; an unknown question or a broken key gives status ``"error"``.
    """
    try:
        result = _judge(question, answer)
    except InputError as error:
        if error.field == "question":
            message = error.message
        else:
            message = f"the answer key has a problem ({error}); tell your instructor."
        result = CheckResult(str(question), "error", message)
    except Exception as error:  # a broken key must not show a learner a traceback
        result = CheckResult(
            str(question),
            "error",
            f"the answer key could not be read ({error}); tell your instructor.",
        )
    _remember(result)
    return result
