"""The no-laptop path: a printable survey from the question bank and an evidence log sheet.

Both are Markdown first and reach paper through the same writers as every export
(:func:`collective_ai.evidence.documents.render`): a page to print, or a Word file to edit.
Neither asks for a name: the log sheet has a column for the group's reporter code. The log
sheet's columns are the evidence log form's (:mod:`collective_ai.evidence.layout`).
"""

from __future__ import annotations

from collective_ai.dates import example
from collective_ai.evidence import documents
from collective_ai.evidence.bank import load_bank, shown_options, shown_text
from collective_ai.evidence.layout import shown_labels
from collective_ai.i18n import N_, _

BOX = "\u2610"  # a ballot box to tick
SURVEY_TITLE = N_("Workplace survey: AI systems at our work")
LOG_TITLE = N_("Evidence log sheet")


def survey_markdown(*, workplace: str = "") -> str:
    """The question bank as a paper form: one tick box per answer."""
    if workplace.strip():
        run = _("This survey is run by workers at {workplace}, for workers.").format(
            workplace=documents.cell(workplace)
        )
    else:
        run = _("This survey is run by workers, for workers.")
    parts = [
        f"# {_(SURVEY_TITLE)}",
        run
        + " "
        + _(
            "Do not write your name anywhere on it. Answer only what you want to; fold the "
            "sheet and hand it to the person your group chose to keep the forms. Results are "
            "shared only as totals, and never for a group smaller than five people."
        ),
    ]
    for number, question in enumerate(load_bank(), start=1):
        how = _("Tick all that apply.") if question.multi else _("Tick one.")
        boxes = "\n".join(f"- {BOX} {documents.cell(o)}" for o in shown_options(question))
        parts.append(f"**{number}. {documents.cell(shown_text(question))}** {how}\n\n{boxes}")
    parts.append(_("Thank you. Keep this sheet out of sight of managers until it is handed in."))
    return "\n\n".join(parts) + "\n"


def log_sheet_markdown(*, rows: int = 12) -> str:
    """A table to fill in by hand, one incident a row."""
    labels = shown_labels()
    blank = [[""] * len(labels) for _row in range(rows)]
    intro = _(
        "One row for each time an AI system affected someone's work. Write the reporter "
        "code your group gave you, never a name. Give the sheet to the person who keeps "
        "the group's log."
    )
    dates = _("Write each date with the month in words, such as {example}.").format(
        example=example()
    )
    vendor = _("Vendor of the system, if known:")
    return (
        f"# {_(LOG_TITLE)}\n\n{intro}\n\n{dates}\n\n{vendor} ______________________\n\n"
        + documents.markdown_table(labels, blank)
        + "\n"
    )


def render(which: str, *, fmt: str = "html", workplace: str = "") -> str | bytes:
    """``which`` is ``survey`` or ``log``; ``fmt`` is html, markdown or docx."""
    if which == "survey":
        markdown = survey_markdown(workplace=workplace)
        return documents.render(markdown, fmt=fmt, title=_(SURVEY_TITLE))
    return documents.render(log_sheet_markdown(), fmt=fmt, title=_(LOG_TITLE))
