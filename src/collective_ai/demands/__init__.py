"""Demand templates and the documents made from them: petitions, letters, proposals.

Heavy libraries (Jinja2, python-docx, PyYAML) load when first used, so the command line
stays quick to start.
"""

from collective_ai.demands.document import Attachment, Document
from collective_ai.demands.docx_writer import render_docx
from collective_ai.demands.html_writer import render_html
from collective_ai.demands.library import load_library
from collective_ai.demands.markdown_writer import render_markdown
from collective_ai.demands.registry import FAMILIES, FINDINGS, FORMATS, FORMS
from collective_ai.demands.render import build_document, export, render
from collective_ai.demands.template import Template

__all__ = [
    "FAMILIES",
    "FINDINGS",
    "FORMATS",
    "FORMS",
    "Attachment",
    "Document",
    "Template",
    "build_document",
    "draft_document",
    "export",
    "load_library",
    "render",
    "render_docx",
    "render_html",
    "render_markdown",
]


def draft_document(template_ids, *, form: str, fields: dict, attachment=None, strict=True):
    """Look templates up by id and build the document: the one call a notebook needs.

    Parameters
    ----------
    template_ids : iterable of str
        Ids of built-in templates, in the order they are numbered.
    form, fields, attachment, strict
        As for :func:`build_document`.

    Returns
    -------
    Document
        Ready for :func:`render` or :func:`export`.

    Raises
    ------
    InputError
        An unknown id, or anything :func:`build_document` refuses.

    Examples
    --------
    >>> doc = draft_document(
    ...     ["human-review-before-decisions"], form="letter", fields={}, strict=False
    ... )
    >>> doc.form
    'letter'
    """
    library = load_library()
    templates = [library.get(t) for t in template_ids]
    return build_document(templates, form=form, fields=fields, attachment=attachment, strict=strict)
