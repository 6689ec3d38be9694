"""Turn chosen demands and a group's details into a petition, letter or proposal.

Rendering happens in two steps so that escaping lives in one place per format:

1. The demand text and the form (``forms/*.j2``) are rendered by Jinja2's sandboxed
   environment. Every value that comes in through ``{{ ... }}`` is wrapped between two
   Unicode noncharacters, so the output records which text is *data* (anything a person
   typed) and which is wording from the form or a template (checked plain text). The
   result is parsed into a :class:`Document`: headings, paragraphs, bullets, a signature
   table and an optional attachment.
2. A writer turns the document into Markdown (data backslash-escaped), a self-contained
   HTML page (rendered by an autoescaping Jinja2 template) or a .docx (data kept literal).

Nothing a person types is ever evaluated: values are passed to templates as data, so
``{{ 7*7 }}`` typed into a field comes out as typed.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from collective_ai.demands.library import (
    COMMON_FIELDS,
    FORMS,
    MAX_FIELD_CHARS,
    Template,
    fields_for,
)
from collective_ai.errors import InputError
from collective_ai.escaping import escape_markdown
from collective_ai.files import write_atomic

FORMS_DIR = Path(__file__).resolve().parent / "forms"
FORMATS = ("markdown", "html", "docx")
SUFFIXES = {"markdown": ".md", "html": ".html", "docx": ".docx"}
MEDIA_TYPES = {
    "markdown": "text/markdown",
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

# Noncharacters are reserved by Unicode for a program's internal use: they mark data.
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"
_DATA = re.compile(f"{_OPEN}(.*?){_CLOSE}", re.S)
# C0 controls other than tab and newline, and U+FFFE and U+FFFF, cannot be stored in .docx
# (XML 1.0) and are never meant as text; they are dropped along with our markers.
_XML_ILLEGAL = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xFFFE, 0xFFFF]
_DROP = dict.fromkeys([*_XML_ILLEGAL, 0xFDD0, 0xFDD1])


class Segmented(str):
    """Text that already carries data markers; templates pass it through unchanged."""


@dataclass(frozen=True)
class Span:
    text: str
    data: bool = False  # True: escape for the target format


BREAK = Span("\n")  # a line break inside a paragraph (the form's own newline)


@dataclass(frozen=True)
class Block:
    kind: str  # heading1 | heading2 | paragraph | bullet | signatures | attachment
    spans: tuple[Span, ...] = ()

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Attachment:
    """An audit report (or any Markdown) attached to a letter.

    ``markdown`` is the report as Markdown; ``html`` is the same report as an HTML
    fragment made by a trusted renderer (``collective_ai.audit``). Without ``html`` the
    Markdown is converted with raw HTML disabled, so an uploaded file cannot inject markup.
    """

    title: str
    markdown: str
    html: str | None = None

    @classmethod
    def from_audit(cls, report, *, data_description: str, date=None, charts: bool = True):
        """Attach a :func:`collective_ai.audit.audit` report, rendered by its own module."""
        from collective_ai.audit.report import to_html, to_markdown

        options = {"data_description": data_description, "date": date, "charts": charts}
        return cls("Bias audit report", to_markdown(report, **options), to_html(report, **options))


@dataclass(frozen=True)
class Document:
    form: str
    title: str
    blocks: tuple[Block, ...]
    signers: int = 0
    attachment: Attachment | None = None
    missing: tuple[str, ...] = ()  # required fields shown as [placeholders] in a preview
    values: dict = field(default_factory=dict, compare=False)

    def plain_text(self) -> str:
        """The words of the document without any markup (for self-checks and summaries)."""
        return "\n\n".join(b.text for b in self.blocks if b.spans)


# ------------------------------------------------------------------ Jinja2 environments


def _mark(value) -> str:
    if isinstance(value, Segmented):
        return value
    return f"{_OPEN}{clean_text(str(value))}{_CLOSE}"


def text_environment():
    """The sandbox every demand template and form is rendered in."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        undefined=StrictUndefined,
        finalize=_mark,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )


@cache
def _compiled(source: str):
    """Templates compile once per process: the live preview re-renders on every keystroke."""
    return _shared_environment().from_string(source)


@cache
def _shared_environment():
    return text_environment()


@cache
def _form_environment():
    from jinja2 import FileSystemLoader

    env = text_environment()
    env.loader = FileSystemLoader(FORMS_DIR)
    return env


@cache
def _html_environment():
    from jinja2 import FileSystemLoader
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        loader=FileSystemLoader(FORMS_DIR), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )


# ----------------------------------------------------------------------- field values


def clean_text(text: str) -> str:
    """Normalise line ends and drop control characters that no document format can hold."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_DROP)


def check_fields(
    values: dict, *, form: str, templates, strict: bool = True, today: dt.date | None = None
) -> tuple[dict, list[str]]:
    """Validated values for every field the form needs, and the labels of missing ones.

    With ``strict`` a missing required field raises one :class:`InputError` naming all of
    them; without, each is shown as ``[Label]`` so a live preview still renders.
    """
    if form not in FORMS:
        raise InputError(f"choose one of {', '.join(FORMS)}, not {form!r}", field="form")
    needed = {f.name: f for f in fields_for(templates, form)}
    known = {**COMMON_FIELDS, **needed}
    out: dict[str, str] = {}
    for name, raw in values.items():
        if name not in known:
            raise InputError(
                f"this form has no such field; fields: {', '.join(needed)}", field=name
            )
        out[name] = _clean_value(name, raw)
    missing = []
    for name, f in needed.items():
        value = out.get(name, "").strip()
        if not value and f.required(form):
            missing.append(f)
            out[name] = f"[{f.label}]"
        elif not value:
            out[name] = f.default
        elif f.kind == "number":
            out[name] = str(_whole_number(value, f))
    if strict and missing:
        names = ", ".join(f"{f.label} ({f.name})" for f in missing)
        raise InputError(f"please fill in the required fields: {names}", field=missing[0].name)
    if not out.get("date", "").strip():
        out["date"] = (today or dt.date.today()).isoformat()
    for name in set(known) - set(out):
        out[name] = known[name].default
    return out, [f.label for f in missing]


def _clean_value(name: str, raw) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        raise InputError(f"should be text, not {type(raw).__name__}", field=name)
    text = clean_text(str(raw))
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise InputError("contains a broken character (a lone surrogate); retype it", field=name)
    if len(text) > MAX_FIELD_CHARS:
        raise InputError(
            f"is {len(text):,} characters long; the limit is {MAX_FIELD_CHARS:,}. "
            "Shorten it or attach the rest as a separate document.",
            field=name,
        )
    return text


def _whole_number(text: str, f) -> int:
    try:
        number = int(text.strip().replace(",", ""))
    except ValueError:
        raise InputError(f"should be a whole number, not {text!r}", field=f.name) from None
    if not f.minimum <= number <= f.maximum:
        raise InputError(f"should be between {f.minimum} and {f.maximum}", field=f.name)
    return number


# ------------------------------------------------------------------ building a document


def build_document(
    templates: list[Template],
    *,
    form: str,
    fields: dict,
    attachment: Attachment | None = None,
    strict: bool = True,
    today: dt.date | None = None,
) -> Document:
    """The form filled in with the chosen demands, as blocks ready for any writer."""
    templates = list(templates)
    if not templates:
        raise InputError("choose at least one demand", field="template")
    if attachment is not None and form != "letter":
        raise InputError(
            "only the information-request letter takes an attachment", field="attachment"
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
            "text": Segmented(_compiled(t.text).render(values)),
            "request": Segmented(_compiled(t.request).render(values)),
            "rationale": Segmented(t.rationale),
            "precedents": [
                {"text": Segmented(p.text), "cite": Segmented(p.cite)} for p in t.precedents
            ],
        }
        for i, t in enumerate(templates, start=1)
    ]
    # Each template's note and usage caution, printed once however many demands share it.
    notes = list(dict.fromkeys([t.note for t in templates] + [t.usage for t in templates]))
    source = (
        _form_environment()
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
    return Document(form, title, tuple(blocks), signers, attachment, tuple(missing), values)


_CONTROL = re.compile("[" + re.escape("".join(map(chr, _XML_ILLEGAL))) + "]")
_PNG = "data:image/png;base64,"


def check_attachment(attachment: Attachment) -> None:
    """Refuse an attachment no document can hold: control characters, a broken chart.

    Typed fields lose such characters quietly; a file with them is more likely the wrong
    file, so the person is told which line to look at.
    """
    for number, line in enumerate(f"{attachment.title}\n{attachment.markdown}".split("\n")):
        found = _CONTROL.search(line)
        if found:
            where = f"line {number}" if number else "its name"
            raise InputError(
                f"{where} holds U+{ord(found.group()):04X}, an invisible code that no "
                "document can hold; is this the right file?",
                field="attachment",
            )
    for source, alt, line in _images_of(attachment.markdown):
        if source.startswith(_PNG) and not _is_png(source[len(_PNG) :]):
            raise InputError(
                f"line {line}: the chart {alt!r} is not a readable PNG image", field="attachment"
            )


def _images_of(markdown: str):
    from markdown_it import MarkdownIt

    for token in MarkdownIt("commonmark", {"html": False}).enable("table").parse(markdown):
        if token.type == "inline":
            for source, alt in _images(token):
                yield source, alt, token.map[0] + 1 if token.map else None


def _is_png(encoded: str) -> bool:
    from PIL import Image

    try:
        data = base64.b64decode(encoded, validate=True)
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.verify()
    except Exception:  # noqa: BLE001 - any failure to read it means it cannot be embedded
        return False
    return True


_MARKERS = (("# ", "heading1"), ("## ", "heading2"), ("- ", "bullet"))
_DIRECTIVES = {"::signatures::": "signatures", "::attachment::": "attachment"}


def parse_blocks(source: str) -> list[Block]:
    """Parse rendered form text: block markers count only in the form's own wording.

    A line beginning ``# `` is a heading, ``## `` a subheading, ``- `` a bullet;
    ``::signatures::`` and ``::attachment::`` place those parts; blank lines end a
    paragraph. Data never starts a block, so a person typing ``# x`` gets ``# x``.
    """
    blocks: list[Block] = []
    paragraph: list[Span] = []

    def flush():
        if paragraph:
            blocks.append(Block("paragraph", tuple(paragraph)))
            paragraph.clear()

    for line in _lines(source):
        if all(not s.text.strip() for s in line):
            flush()
            continue
        first = line[0]
        kind = None
        if not first.data:
            directive = _DIRECTIVES.get(first.text.strip()) if len(line) == 1 else None
            if directive:
                flush()
                blocks.append(Block(directive))
                continue
            for prefix, name in _MARKERS:
                if first.text.startswith(prefix):
                    kind = name
                    line = [Span(first.text[len(prefix) :]), *line[1:]]
                    break
        if kind:
            flush()
            blocks.append(Block(kind, _merge(line)))
        else:
            if paragraph:
                paragraph.append(BREAK)
            paragraph.extend(_merge(line))
    flush()
    return blocks


def _lines(source: str) -> list[list[Span]]:
    """Split on the form's own newlines only; newlines inside data stay in the data."""
    lines: list[list[Span]] = [[]]
    for i, part in enumerate(_DATA.split(source)):
        if i % 2:
            lines[-1].append(Span(part, data=True))
            continue
        pieces = part.split("\n")
        for j, piece in enumerate(pieces):
            if j:
                lines.append([])
            if piece:
                lines[-1].append(Span(piece))
    return [line or [Span("")] for line in lines]


def _merge(spans) -> tuple[Span, ...]:
    return tuple(s for s in spans if s.text)


# ------------------------------------------------------------------------------ writers


def render(document: Document, *, fmt: str) -> str | bytes:
    """The document as Markdown text, an HTML page, or .docx bytes."""
    writers = {"markdown": render_markdown, "html": render_html, "docx": render_docx}
    if fmt not in writers:
        raise InputError(f"choose one of {', '.join(FORMATS)}, not {fmt!r}", field="format")
    return writers[fmt](document)


def export(document: Document, path, *, fmt: str | None = None) -> Path:
    """Write the document to ``path`` (format from the suffix unless ``fmt`` is given)."""
    path = Path(path)
    fmt = fmt or next((f for f, s in SUFFIXES.items() if path.suffix.lower() == s), None)
    if fmt is None:
        raise InputError("the file name should end in .md, .html or .docx", field="out")
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a file name inside it", field="out")
    if not path.parent.is_dir():
        raise InputError(f"the folder {path.parent} does not exist", field="out")
    return write_atomic(path, render(document, fmt=fmt))


def file_name(document: Document, *, fmt: str) -> str:
    """A safe file name such as ``petition-2026-11-22.docx``."""
    date = re.sub(r"[^0-9A-Za-z-]", "", document.values.get("date", ""))[:10]
    return f"{document.form}{'-' + date if date else ''}{SUFFIXES[fmt]}"


def _markdown_inline(spans, *, one_line: bool = False) -> str:
    """Inline Markdown; in headings and bullets typed line breaks become spaces."""
    out = []
    for span in spans:
        if span == BREAK:
            out.append(" " if one_line else "\\\n")
        elif span.data:
            text = span.text.replace("\t", "    ")  # a leading tab would start a code block
            out.append(escape_markdown(" ".join(text.split()) if one_line else text))
        else:
            out.append(span.text)
    return "".join(out)


def _markdown_signatures(count: int) -> str:
    rows = [
        "| No. | Name | Job or department | Signature | Date |",
        "| --- | --- | --- | --- | --- |",
    ]
    rows += [f"| {i} | | | | |" for i in range(1, count + 1)]
    return "\n".join(rows)


def render_markdown(document: Document) -> str:
    """Markdown in which typed text is backslash-escaped, so it shows exactly as typed."""
    parts = []
    for block in document.blocks:
        one_line = block.kind in ("heading1", "heading2", "bullet")
        text = _markdown_inline(block.spans, one_line=one_line)
        if block.kind == "heading1":
            parts.append(f"# {text}")
        elif block.kind == "heading2":
            parts.append(f"## {text}")
        elif block.kind == "bullet":
            parts.append(f"- {text}")
        elif block.kind == "signatures":
            parts.append(_markdown_signatures(document.signers))
        elif block.kind == "attachment" and document.attachment:
            title = escape_markdown(document.attachment.title)
            body = _without_raw_html(document.attachment.markdown.strip())
            parts.append(f"---\n\n## Attachment: {title}\n\n{body}")
        else:
            parts.append(text)
    return _join_markdown(parts)


def _without_raw_html(markdown: str) -> str:
    """Show any raw HTML in an attached report as text (an entity renders as ``<``)."""
    return markdown.replace("<", "&lt;")


def _join_markdown(parts: list[str]) -> str:
    # Consecutive bullets form one list; everything else is separated by a blank line.
    out = ""
    for i, part in enumerate(parts):
        if i:
            tight = part.startswith("- ") and parts[i - 1].startswith("- ")
            out += "\n" if tight else "\n\n"
        out += part
    return out + "\n"


def render_html(document: Document, *, fragment: bool = False) -> str:
    """A self-contained printable page (no external assets); data is autoescaped."""
    from markupsafe import Markup

    attachment_html = None
    if document.attachment is not None:
        attachment_html = Markup(
            _body_of(document.attachment.html)
            if document.attachment.html is not None
            else markdown_to_html(document.attachment.markdown)
        )
    template = _html_environment().get_template("page.html.j2")
    return template.render(
        document=document,
        blocks=_group_bullets(document.blocks),
        signers=range(1, document.signers + 1),
        attachment_html=attachment_html,
        fragment=fragment,
    )


def _group_bullets(blocks) -> list:
    """Consecutive bullets become one ``list`` entry so HTML gets a single <ul>."""
    grouped: list = []
    for block in blocks:
        if block.kind == "bullet" and grouped and isinstance(grouped[-1], list):
            grouped[-1].append(block)
        elif block.kind == "bullet":
            grouped.append([block])
        else:
            grouped.append(block)
    return grouped


def _body_of(html: str) -> str:
    match = re.search(r"<body[^>]*>(.*)</body>", html, re.S | re.I)
    return match.group(1) if match else html


def markdown_to_html(markdown: str) -> str:
    """Markdown to HTML with raw HTML shown as text and unsafe links refused."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)


# ------------------------------------------------------------------------------- .docx


def render_docx(document: Document) -> bytes:
    """A Word document: headings, paragraphs, bullets and a signature table, text literal."""
    from docx import Document as Docx

    docx = Docx()
    docx.core_properties.title = document.title
    docx.core_properties.author = document.values.get("group_name", "")
    for block in document.blocks:
        if block.kind in ("heading1", "heading2"):
            paragraph = docx.add_heading(level=1 if block.kind == "heading1" else 2)
            _add_runs(paragraph, block.spans)
        elif block.kind == "bullet":
            _add_runs(docx.add_paragraph(style="List Bullet"), block.spans)
        elif block.kind == "signatures":
            _docx_signatures(docx, document.signers)
        elif block.kind == "attachment" and document.attachment:
            docx.add_page_break()
            docx.add_heading(f"Attachment: {document.attachment.title}", level=1)
            markdown_to_docx(document.attachment.markdown, docx)
        elif block.spans:
            _add_runs(docx.add_paragraph(), block.spans)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


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


def _docx_signatures(docx, count: int) -> None:
    headers = ("No.", "Name", "Job or department", "Signature", "Date")
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
        elif token.type == "inline" and _images(token):
            for source, alt in _images(token):
                _docx_picture(docx, source, alt)
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


def _images(token) -> list[tuple[str, str]]:
    return [
        (child.attrs.get("src", ""), "".join(c.content for c in child.children or []))
        for child in token.children or []
        if child.type == "image"
    ]


def _docx_picture(docx, source: str, alt: str) -> None:
    """Embed a base64 PNG chart with its alt text; any other image becomes its alt text."""
    from docx.shared import Inches

    prefix = "data:image/png;base64,"
    if source.startswith(prefix):
        shape = docx.add_picture(
            io.BytesIO(base64.b64decode(source[len(prefix) :])), width=Inches(6)
        )
        shape._inline.docPr.set("descr", alt)
    docx.add_paragraph(f"Chart: {alt}")


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
