"""The plain-language text alternative of a document: what a screen reader and a printout get."""

from __future__ import annotations

from collective_ai.demands.registry import form


def describe(document, templates) -> str:
    """One paragraph saying what ``document`` is, its demands, and what is still to fill in.

    ``document`` may be None when ``templates`` is empty (nothing to render yet).
    """
    if not templates:
        return "No demands chosen yet: tick at least one."
    titles = "; ".join(t.title for t in templates)
    plural = "demand" if len(templates) == 1 else "demands"
    count = f"{len(templates)} {plural}"
    text = f"{form(document.form).described} titled “{document.title}” with {count}: {titles}."
    if document.form == "petition":
        text += f" It has {document.signers} signature lines."
    if document.missing:
        text += f" Still to fill in: {', '.join(document.missing)}."
    return text
