"""The no-laptop path: a printable survey from the question bank and an evidence log sheet.

Both are Markdown first and reach paper through the same writers as every export
(:func:`collective_ai.evidence.documents.render`): a page to print, or a Word file to edit.
Neither asks for a name: the log sheet has a column for the group's reporter code. The log
sheet's columns are the evidence log form's (:mod:`collective_ai.evidence.layout`).
"""

from __future__ import annotations

from collective_ai.dates import EXAMPLE
from collective_ai.evidence import documents
from collective_ai.evidence.bank import load_bank
from collective_ai.evidence.layout import LOG_LABELS

BOX = "\u2610"  # a ballot box to tick
SURVEY_TITLE = "Workplace survey: AI systems at our work"
LOG_TITLE = "Evidence log sheet"


def survey_markdown(*, workplace: str = "") -> str:
    """The question bank as a paper form: one tick box per answer."""
    where = f" at {documents.cell(workplace)}" if workplace.strip() else ""
    parts = [
        f"# {SURVEY_TITLE}",
        f"This survey is run by workers{where}, for workers. Do not write your name "
        "anywhere on it. Answer only what you want to; fold the sheet and hand it to the "
        "person your group chose to keep the forms. Results are shared only as totals, and "
        "never for a group smaller than five people.",
    ]
    for number, question in enumerate(load_bank(), start=1):
        how = "Tick all that apply." if question.multi else "Tick one."
        boxes = "\n".join(f"- {BOX} {documents.cell(o)}" for o in question.options)
        parts.append(f"**{number}. {documents.cell(question.text)}** {how}\n\n{boxes}")
    parts.append("Thank you. Keep this sheet out of sight of managers until it is handed in.")
    return "\n\n".join(parts) + "\n"


def log_sheet_markdown(*, rows: int = 12) -> str:
    """A table to fill in by hand, one incident a row."""
    blank = [[""] * len(LOG_LABELS) for _ in range(rows)]
    return (
        f"# {LOG_TITLE}\n\n"
        "One row for each time an AI system affected someone's work. Write the reporter "
        "code your group gave you, never a name. Give the sheet to the person who keeps "
        "the group's log.\n\n"
        f"Write each date with the month in words, such as {EXAMPLE}.\n\n"
        "Vendor of the system, if known: ______________________\n\n"
        + documents.markdown_table(LOG_LABELS, blank)
        + "\n"
    )


def render(which: str, *, fmt: str = "html", workplace: str = "") -> str | bytes:
    """``which`` is ``survey`` or ``log``; ``fmt`` is html, markdown or docx."""
    if which == "survey":
        return documents.render(survey_markdown(workplace=workplace), fmt=fmt, title=SURVEY_TITLE)
    return documents.render(log_sheet_markdown(), fmt=fmt, title=LOG_TITLE)
