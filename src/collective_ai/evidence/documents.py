"""Markdown in, Markdown, HTML, .docx or CSV out, with typed text kept as data.

The evidence summary and the survey tables are built once, as Markdown in which every
piece of text a person typed or uploaded is backslash-escaped, its invisible direction
controls and zero-width characters spelt out (:func:`~collective_ai.escaping.show_invisible`,
so a pasted U+202E cannot reorder a committee's table). The demand drafter's
writers (:mod:`collective_ai.demands.html_writer`, :mod:`~collective_ai.demands.docx_writer`)
then turn it into a self-contained HTML page (raw HTML disabled) or a Word file (text
literal), and every file goes through
:func:`collective_ai.files.write_atomic`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.escaping import escape_html, neutralise, show_invisible
from collective_ai.escaping import markdown_cell as cell
from collective_ai.files import write_atomic
from collective_ai.i18n import _, language

FORMATS = ("markdown", "html", "docx", "csv")
#: What a download link needs for each format: media type and file suffix.
MEDIA = {
    "html": ("text/html", ".html"),
    "markdown": ("text/markdown", ".md"),
    "csv": ("text/csv", ".csv"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
}

_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: Georgia, "Times New Roman", serif; line-height: 1.5; max-width: 48em;
  margin: 2em auto; padding: 0 1em; color: #000; background: #fff; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #000; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }}
td:empty {{ height: 2.2em; }}
@media print {{ body {{ margin: 0; max-width: none; }} tr {{ break-inside: avoid; }} }}
</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""


def markdown_table(headers: list[str], rows: list[list]) -> str:
    """A Markdown table; ``headers`` are the course's own words, ``rows`` are data."""
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def html_page(markdown: str, *, title: str) -> str:
    """A printable page with no external assets; raw HTML in the Markdown shows as text."""
    from collective_ai.demands.html_writer import markdown_to_html

    return _PAGE.format(
        lang=escape_html(language()), title=escape_html(title), body=markdown_to_html(markdown)
    )


def docx_bytes(markdown: str, *, title: str) -> bytes:
    """A Word document of the Markdown, every piece of text literal."""
    from docx import Document

    from collective_ai.demands.docx_writer import core_property, markdown_to_docx

    document = Document()
    document.core_properties.title = core_property(title)
    markdown_to_docx(markdown, document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def csv_text(headers: list[str], rows: list[list]) -> str:
    """CSV for a spreadsheet: invisible controls shown, formula-like cells defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(
        [["" if v is None else neutralise(show_invisible(v)) for v in row] for row in rows]
    )
    return buffer.getvalue()


def download(content: str | bytes, *, fmt: str, stem: str, label: str) -> str:
    """A ``data:`` link that saves ``content`` as ``stem`` plus the format's suffix."""
    from collective_ai.embed import download_link

    media_type, suffix = MEDIA[fmt]
    return download_link(content, filename=f"{stem}{suffix}", media_type=media_type, label=label)


def render(markdown: str, *, fmt: str, title: str, table=None) -> str | bytes:
    """``markdown`` as ``fmt``; ``csv`` needs ``table`` (headers, rows)."""
    if fmt == "markdown":
        return markdown
    if fmt == "html":
        return html_page(markdown, title=title)
    if fmt == "docx":
        return docx_bytes(markdown, title=title)
    if fmt == "csv" and table is not None:
        return csv_text(*table)
    raise InputError(
        _("choose one of {choices}, not {value!r}").format(choices=", ".join(FORMATS), value=fmt),
        field="format",
    )


def write(content: str | bytes, out) -> Path:
    """Write atomically to ``out``, whose folder must exist."""
    out = Path(out)
    if not out.parent.is_dir():
        raise InputError(
            _("the folder {folder} does not exist").format(folder=out.parent), field="out"
        )
    return write_atomic(out, content)
