"""Turn chosen demands and a group's details into a petition, letter or proposal.

Rendering happens in two steps so that escaping lives in one place per format:

1. The demand text and the form (``forms/*.j2``) are rendered in the sandbox
   (:mod:`collective_ai.demands.sandbox`), which marks every typed value as data, and
   the result is parsed into a :class:`~collective_ai.demands.document.Document`.
2. A writer turns the document into Markdown (data backslash-escaped), a self-contained
   HTML page (autoescaped) or a .docx (data kept literal); :data:`registry.FORMAT_LIST`
   names them.

Nothing a person types is ever evaluated: ``{{ 7*7 }}`` typed into a field comes out as typed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from collective_ai.dates import iso_date
from collective_ai.demands.document import (
    Attachment,
    Document,
    Segmented,
    check_attachment,
    parse_blocks,
)
from collective_ai.demands.fields import check_fields
from collective_ai.demands.registry import FORMAT_LIST, FORMATS, FORMS, SUFFIXES
from collective_ai.demands.registry import form as registered
from collective_ai.demands.sandbox import compiled, form_environment
from collective_ai.demands.template import Template
from collective_ai.errors import InputError
from collective_ai.files import write_atomic
from collective_ai.i18n import _, language, using


def build_document(
    templates: list[Template],
    *,
    form: str,
    fields: dict,
    attachment: Attachment | None = None,
    strict: bool = True,
    today: dt.date | None = None,
) -> Document:
    """The form filled in with the chosen demands, as blocks ready for any writer.

    Parameters
    ----------
    templates : list of Template
        The chosen demands, in the order they are numbered.
    form : str
        ``"petition"``, ``"letter"`` or ``"proposal"`` (the keys of ``FORMS``).
    fields : dict
        The group's details by field name; each is checked and marked as data.
    attachment : Attachment, optional
        An audit report; only the information-request letter takes one.
    strict : bool
        Refuse missing required fields; without it they show as ``[Label]`` so a live
        preview still renders.
    today : datetime.date, optional
        The date a blank date field takes (for repeatable tests).

    Returns
    -------
    Document

    Raises
    ------
    InputError
        No demand, an unknown form or field, an attachment on a form that takes none, or
        (with ``strict``) a missing required field.
    """
    templates = list(templates)
    if not templates:
        raise InputError(_("choose at least one demand"), field="template")
    if attachment is not None and not (form in FORMS and registered(form).attachment):
        raise InputError(
            _("only the information-request letter takes an attachment"), field="attachment"
        )
    if attachment is not None:
        check_attachment(attachment)
    values, missing = check_fields(
        fields, form=form, templates=templates, strict=strict, today=today
    )
    # Template wording (checked plain text at load) is the form's own text, not data.
    demands = [
        {
            "number": i,
            "title": Segmented(t.title),
            "text": Segmented(compiled(t.text).render(values)),
            "request": Segmented(compiled(t.request).render(values)),
            "rationale": Segmented(t.rationale),
            "precedents": [
                {"text": Segmented(p.text), "cite": Segmented(p.cite)} for p in t.precedents
            ],
        }
        for i, t in enumerate(templates, start=1)
    ]
    # Each template's note and usage caution, printed once however many demands share it.
    notes = list(dict.fromkeys([_(t.note) for t in templates] + [t.usage for t in templates]))
    source = (
        form_environment()
        .get_template(f"{form}.j2")
        .render(
            **values,
            demands=demands,
            attachment=attachment,
            notes=[Segmented(n) for n in notes if n],
        )
    )
    blocks = parse_blocks(source)
    title = next((b.text for b in blocks if b.kind == "heading1"), form.title())
    signers = int(values["signers"]) if form == "petition" else 0
    return Document(
        form, title, tuple(blocks), signers, attachment, tuple(missing), values, language()
    )


def build_bilingual(
    chosen: list[str], *, languages: tuple[str, str], form: str, fields: dict, **options
) -> Document:
    """One document in two languages, one after the other: what a union office prints.

    Each half is the whole document built in its language, with that language's
    templates (``chosen`` are template ids) and wording; the second half starts on a new
    page. A petition's signature table and a letter's attachment come once, at the end.

    Parameters
    ----------
    chosen : list of str
        Template ids, in order.
    languages : tuple of str
        The two languages, such as ``("en", "es")``.
    form, fields, **options
        As for :func:`build_document` (``extra_dirs`` is passed to the library).

    Returns
    -------
    Document
        In the first language, with a ``language`` block before the second half.
    """
    from collective_ai.demands.document import Block, Span
    from collective_ai.demands.library import load_library

    extra_dirs = options.pop("extra_dirs", ())
    halves = []
    for lang in languages:
        with using(lang):
            library = load_library(extra_dirs=extra_dirs)
            templates = [library.get(t, field_name="--template") for t in chosen]
            halves.append(build_document(templates, form=form, fields=fields, **options))
    first, second = halves
    blocks = (
        *_without_signing(first.blocks),
        Block("language", (Span(second.lang),)),
        *second.blocks,
    )
    return Document(
        form,
        f"{first.title} / {second.title}",
        blocks,
        second.signers,
        second.attachment,
        first.missing,
        first.values,
        first.lang,
    )


def render(document: Document, *, fmt: str) -> str | bytes:
    """The document as Markdown text, an HTML page, or .docx bytes.

    Parameters
    ----------
    document : Document
        What :func:`build_document` made.
    fmt : str
        ``"markdown"``, ``"html"`` or ``"docx"`` (the keys of ``FORMATS``).

    Returns
    -------
    str or bytes
        Bytes for .docx, text for the others.

    Raises
    ------
    InputError
        An unknown format.

    See Also
    --------
    render_markdown, render_html, render_docx : the writers themselves.
    """
    writer = next((f.writer for f in FORMAT_LIST if f.name == fmt), None)
    if writer is None:
        raise InputError(
            _("choose one of {choices}, not {value!r}").format(
                choices=", ".join(FORMATS), value=fmt
            ),
            field="format",
        )
    return writer()(document)


def export(document: Document, path, *, fmt: str | None = None) -> Path:
    """Write the document to ``path`` atomically, so a failed write leaves the old file.

    Parameters
    ----------
    document : Document
        What :func:`build_document` made.
    path : str or pathlib.Path
        A file name ending in .md, .html or .docx.
    fmt : str, optional
        The format, when the suffix should not decide it.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    InputError
        An unknown suffix, a folder as ``path``, or a folder that does not exist.
    """
    path = Path(path)
    fmt = fmt or next((f for f, s in SUFFIXES.items() if path.suffix.lower() == s), None)
    if fmt is None:
        raise InputError(_("the file name should end in .md, .html or .docx"), field="out")
    if path.is_dir():
        raise InputError(
            _("{path} is a folder; give a file name inside it").format(path=path), field="out"
        )
    if not path.parent.is_dir():
        raise InputError(
            _("the folder {folder} does not exist").format(folder=path.parent), field="out"
        )
    return write_atomic(path, render(document, fmt=fmt))


def file_name(document: Document, *, fmt: str) -> str:
    """A safe file name such as ``petition-2026-11-22.docx``."""
    try:  # the file's date sorts (2026-11-22) though the document shows 22 November 2026
        date = iso_date(document.values.get("date", ""))
    except InputError:
        date = ""
    return f"{document.form}{'-' + date if date else ''}{SUFFIXES[fmt]}"


def _without_signing(blocks) -> list:
    """The first half of a bilingual document: no attachment, and no signature section
    (its heading, words and table), which the second half closes with."""
    kept = [b for b in blocks if b.kind != "attachment"]
    table = next((i for i, b in enumerate(kept) if b.kind == "signatures"), None)
    if table is None:
        return kept
    heading = max((i for i, b in enumerate(kept[:table]) if b.kind == "heading2"), default=table)
    return kept[:heading] + kept[table + 1 :]
