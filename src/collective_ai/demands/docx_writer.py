"""The .docx writer: headings, paragraphs, bullets and a signature table, text kept literal.

python-docx loads when a document is first written.
"""

from __future__ import annotations

import base64
import io
import unicodedata

from collective_ai.demands.document import (
    BREAK,
    Document,
    attachment_heading,
    image_as_text,
    inline_images,
    is_embedded,
    signature_columns,
)
from collective_ai.i18n import _, using


def render_docx(document: Document) -> bytes:
    """A Word document: headings, paragraphs, bullets and a signature table, text literal.

    Typed text is written as plain runs, never interpreted, so nothing needs escaping.

    Parameters
    ----------
    document : Document
        The filled-in form; its attachment's Markdown follows it.

    Returns
    -------
    bytes
        The .docx file.
    """
    with using(document.lang):
        return _render_docx(document)


def _render_docx(document: Document) -> bytes:
    from docx import Document as Docx

    docx = Docx()
    docx.core_properties.title = core_property(document.title)
    docx.core_properties.author = core_property(document.values.get("group_name", ""))
    for block in document.blocks:
        if block.kind in ("heading1", "heading2"):
            paragraph = docx.add_heading(level=1 if block.kind == "heading1" else 2)
            _add_runs(paragraph, block.spans)
        elif block.kind == "bullet":
            _add_runs(docx.add_paragraph(style="List Bullet"), block.spans)
        elif block.kind == "signatures":
            _docx_signatures(docx, document)
        elif block.kind == "language":
            docx.add_page_break()  # the same document follows in another language
        elif block.kind == "attachment" and document.attachment:
            docx.add_page_break()
            docx.add_heading(attachment_heading(document.attachment.title), level=1)
            markdown_to_docx(document.attachment.markdown, docx)
        elif block.spans:
            _add_runs(docx.add_paragraph(), block.spans)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


def core_property(text: str) -> str:
    """Text for a document property (title, author), which .docx caps at 255 characters:
    a long typed employer name shortens the file's title instead of failing the letter."""
    text = " ".join(text.split())
    return text if len(text) <= 255 else text[:254] + "…"


def _add_runs(paragraph, spans) -> None:
    for span in spans:
        if span == BREAK:
            paragraph.add_run().add_break()
            continue
        run = paragraph.add_run(span.text)  # python-docx turns \n and \t into breaks and tabs
        if _is_rtl(span.text):
            _set_rtl(run)


def _is_rtl(text: str) -> bool:
    """True when the first strongly directional character is right-to-left (Unicode UAX 9)."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def _set_rtl(run) -> None:
    from docx.oxml import OxmlElement

    run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def _docx_signatures(docx, document: Document) -> None:
    headers = signature_columns(document)
    count = document.signers
    table = docx.add_table(rows=count + 1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for i, row in enumerate(table.rows[1:], start=1):
        row.cells[0].text = str(i)


def markdown_to_docx(markdown: str, docx) -> None:
    """Add Markdown (headings, paragraphs, lists, tables) to a .docx, text kept literal."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(markdown)
    row: list[str] | None = None
    rows: list[list[str]] = []
    style = None
    for token in tokens:
        if token.type == "heading_open":
            style = ("heading", min(int(token.tag[1]) + 1, 9))
        elif token.type == "bullet_list_open":
            style = "List Bullet"
        elif token.type == "ordered_list_open":
            style = "List Number"
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            style = None
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            rows.append(row)
            row = None
        elif token.type == "table_close":
            _docx_table(docx, rows)
            rows = []
        elif token.type == "inline" and row is not None:
            row.append(_inline_text(token))
        elif token.type == "inline" and inline_images(token):
            if _inline_text(token).strip():  # the words around an image are kept too
                _docx_paragraph(docx, _inline_text(token), style)
            for source, alt in inline_images(token):
                _docx_picture(docx, source, alt)
            if isinstance(style, tuple):
                style = None
        elif token.type == "inline":
            _docx_paragraph(docx, _inline_text(token), style)
            if isinstance(style, tuple):
                style = None
        elif token.type in ("fence", "code_block"):
            docx.add_paragraph(token.content.rstrip("\n"))


def _inline_text(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            parts.append("\n" if child.type == "hardbreak" else " ")
        elif child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
    return "".join(parts)


def _docx_picture(docx, source: str, alt: str) -> None:
    """Embed a base64 PNG chart with its alt text; any other image is never fetched or
    linked, only named: its alt text and address as text."""
    from docx.shared import Inches

    if not is_embedded(source):
        docx.add_paragraph(image_as_text(source, alt))
        return
    encoded = source.split(",", 1)[1]
    shape = docx.add_picture(io.BytesIO(base64.b64decode(encoded)), width=Inches(6))
    shape._inline.docPr.set("descr", alt)
    docx.add_paragraph(_("Chart: {alt}").format(alt=alt))


def _docx_paragraph(docx, text: str, style) -> None:
    if isinstance(style, tuple):
        docx.add_heading(text, level=style[1])
    else:
        docx.add_paragraph(text, style=style)


def _docx_table(docx, rows: list[list[str]]) -> None:
    if not rows:
        return
    width = max(len(r) for r in rows)
    table = docx.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for cells, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(cells.cells, values, strict=False):
            cell.text = value
