"""Free-text answers, for the committee's eyes only.

A sentence one person wrote can name them ("the only forklift driver on nights"), however
its count is hidden, so free text never appears in a table or a release. The committee
still needs to read it: :func:`private_answers` writes the answers to a file that says, at
the top and in plain words, that it is not for sharing. Answers are sorted alphabetically,
so their order does not tell who answered when.
"""

from __future__ import annotations

from collective_ai.errors import InputError
from collective_ai.evidence import documents
from collective_ai.evidence.responses import Responses
from collective_ai.i18n import _


def private_answers(responses: Responses, *, question: str) -> str:
    """The answers to a free-text question as private Markdown.

    Parameters
    ----------
    responses : Responses
        What :func:`~collective_ai.evidence.responses.read_responses` read.
    question : str
        The column, by header or bank id.

    Returns
    -------
    str
        Markdown: a warning, how many wrote something, then each answer as a list item.

    Raises
    ------
    InputError
        An unknown column, or one that says who answered.
    """
    column = responses.resolve(question, field_name="question")
    answers = sorted(a for a in responses.frame[column] if a != "")
    if not answers:
        raise InputError(_("no one wrote anything in this column"), field="question", column=column)
    lines = [
        "# " + _("Free-text answers: {question}").format(question=documents.cell(column)),
        "",
        "**"
        + _("Not for sharing.")
        + "** "
        + _(
            "These are people's own words. One sentence can show who wrote it, so this file "
            "is for the committee to read, never to post, print for others or attach to a "
            "release. Quote from it only after taking out anything that points to a person, "
            "and only with their agreement."
        ),
        "",
        _(
            "{count} of {total} people wrote something. Answers are in alphabetical order, "
            "not the order they came in."
        ).format(count=len(answers), total=len(responses)),
        "",
        *(f"- {documents.cell(a)}" for a in answers),
    ]
    return "\n".join(lines) + "\n"
