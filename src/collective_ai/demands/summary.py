"""The plain-language text alternative of a document: what a screen reader and a printout get."""

from __future__ import annotations

from collective_ai.demands.registry import form
from collective_ai.i18n import _, format_number, ngettext


def describe(document, templates) -> str:
    """One paragraph saying what ``document`` is, its demands, and what is still to fill in.

    ``document`` may be None when ``templates`` is empty (nothing to render yet).
    """
    if not templates:
        return _("No demands chosen yet: tick at least one.")
    titles = "; ".join(t.title for t in templates)
    text = ngettext(
        "{form} titled “{title}” with {count} demand: {titles}.",
        "{form} titled “{title}” with {count} demands: {titles}.",
        len(templates),
    ).format(
        form=_(form(document.form).described),
        title=document.title,
        count=len(templates),
        titles=titles,
    )
    if document.form == "petition":
        text += " " + ngettext(
            "It has {count} signature line.", "It has {count} signature lines.", document.signers
        ).format(count=document.signers)
    if document.missing:
        text += " " + _("Still to fill in: {fields}.").format(fields=", ".join(document.missing))
    return text


def describe_library(library) -> str:
    """How many templates the library holds, and in how many families, in one sentence."""
    templates = ngettext("{count} template", "{count} templates", len(library)).format(
        count=format_number(len(library))
    )
    families = ngettext("{count} family", "{count} families", len(library.families())).format(
        count=format_number(len(library.families()))
    )
    return _("{templates} in {families}.").format(templates=templates, families=families)
