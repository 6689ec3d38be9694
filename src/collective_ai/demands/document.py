"""The document model: text marked as data or wording, parsed into blocks any writer reads.

The sandbox (:mod:`collective_ai.demands.sandbox`) wraps every value that comes in through
``{{ ... }}`` between two Unicode noncharacters, so the rendered form records which text is
*data* (anything a person typed) and which is wording from the form or a template (checked
plain text). :func:`parse_blocks` turns that into a :class:`Document`: headings,
paragraphs, bullets, a signature table and an optional attachment.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, field

from collective_ai.errors import InputError
from collective_ai.i18n import N_, _

# Noncharacters are reserved by Unicode for a program's internal use: they mark data.
OPEN, CLOSE = "\ufdd0", "\ufdd1"
_DATA = re.compile(f"{OPEN}(.*?){CLOSE}", re.S)
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
    kind: str  # heading1 | heading2 | paragraph | bullet | signatures | attachment | language
    spans: tuple[Span, ...] = ()

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Attachment:
    """An audit report (or any Markdown) attached to a letter.

    Parameters
    ----------
    title : str
        The attachment's heading.
    markdown : str
        The report as Markdown (what the Markdown and .docx writers use).
    html : str, optional
        The same report as an HTML fragment made by a trusted renderer
        (``collective_ai.audit``). Without it the Markdown is converted with raw HTML
        disabled, so an uploaded file cannot inject markup.
    """

    title: str
    markdown: str
    html: str | None = None

    @classmethod
    def from_audit(cls, report, *, data_description: str, date=None, charts: bool = True):
        """Attach a :func:`collective_ai.audit.audit` report, rendered by its own module.

        Parameters
        ----------
        report : AuditReport
            The audit to attach.
        data_description : str
            What data was audited, in the reader's words (printed with the report).
        date : str or datetime.date, optional
            The audit's date.
        charts : bool
            Include the charts (as images with alt text).

        Returns
        -------
        Attachment
        """
        from collective_ai.audit.report import to_html, to_markdown

        options = {"data_description": data_description, "date": date, "charts": charts}
        return cls(
            _("Bias audit report"), to_markdown(report, **options), to_html(report, **options)
        )


@dataclass(frozen=True)
class Document:
    """A filled-in form as blocks of text, each span marked as the form's wording or data.

    Writers read only this, so each format escapes typed data in one place.

    Parameters
    ----------
    form : str
        The form's id (a key of ``FORMS``).
    title : str
        The first heading.
    blocks : tuple of Block
        Headings, paragraphs and bullets in order.
    signers : int
        Signature lines to print (petitions).
    attachment : Attachment, optional
        A report appended to the document.
    missing : tuple of str
        Labels of required fields not filled in, shown as ``[Label]`` in a preview.
    values : dict
        The checked field values the form was rendered with.
    lang : str
        The language of its wording (the first half's, in a bilingual document: a
        ``language`` block starts each further half and names its language).
    """

    form: str
    title: str
    blocks: tuple[Block, ...]
    signers: int = 0
    attachment: Attachment | None = None
    missing: tuple[str, ...] = ()  # required fields shown as [placeholders] in a preview
    values: dict = field(default_factory=dict, compare=False)
    lang: str = "en"

    def plain_text(self) -> str:
        """The words of the document without any markup (for self-checks and summaries)."""
        return "\n\n".join(b.text for b in self.blocks if b.spans)


# The signature table's columns, in every writer.
SIGNATURE_COLUMNS = (N_("No."), N_("Name"), N_("Job or department"), N_("Signature"), N_("Date"))


def signature_columns(document: Document | None = None) -> tuple[str, ...]:
    """The signature table's column headings: in each of a bilingual document's languages
    ("Name / Nombre"), else in the language in use."""
    from collective_ai.i18n import using

    languages = [document.lang] if document else []
    languages += [b.text for b in document.blocks if b.kind == "language"] if document else []
    if len(languages) < 2:
        return tuple(_(c) for c in SIGNATURE_COLUMNS)
    headings = []
    for column in SIGNATURE_COLUMNS:
        words = []
        for lang in languages:
            with using(lang):
                words.append(_(column))
        headings.append(" / ".join(dict.fromkeys(words)))
    return tuple(headings)


def attachment_heading(title: str) -> str:
    """The heading over an attached report."""
    return _("Attachment: {title}").format(title=title)


def clean_text(text: str) -> str:
    """Normalise line ends and drop control characters that no document format can hold."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_DROP)


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
    for token in _parser().parse(markdown):
        if token.type == "inline":
            for source, alt in inline_images(token):
                yield source, alt, token.map[0] + 1 if token.map else None


def _is_png(encoded: str) -> bool:
    from PIL import Image

    try:
        data = base64.b64decode(encoded, validate=True)
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.verify()
    except Exception:  # any failure to read it means it cannot be embedded
        return False
    return True


def is_embedded(source: str) -> bool:
    """True for the one kind of image a document may show: a PNG carried inside it.

    Any other source (``https://``, ``//host``, a file path) would be fetched when the
    document is opened, telling that host who read it and when.
    """
    return source.startswith(_PNG)


def image_as_text(source: str, alt: str) -> str:
    """What a document shows instead of an image it will not load: its alt text and address."""
    return _("[Image not included: {alt} ({source})]").format(alt=alt, source=source)


# An embedded chart as the audit report writes it: alt text escaped, one line.
_EMBEDDED_IMAGE = re.compile(r"!\[(?:\\.|[^\\\]\n])*\]\(data:image/png;base64,[A-Za-z0-9+/=]*\)")


def without_remote_images(markdown: str) -> str:
    """Markdown in which only embedded PNG charts are images; any other image shows as text.

    Every image starts with ``![``; written ``!\\[`` it reads as typed, alt text and
    address, and loads nothing. Code blocks are left as they are (nothing in them is an
    image). Should a stray form escape that, every ``![`` is escaped.
    """
    if all(is_embedded(source) for source, _, _ in _images_of(markdown)):
        return markdown
    markdown = markdown.replace("\r\n", "\n").replace("\r", "\n")
    code = {
        number
        for token in _parser().parse(markdown)
        if token.type in ("fence", "code_block") and token.map
        for number in range(*token.map)
    }
    lines = markdown.split("\n")
    out = "\n".join(
        line if number in code else _escape_images(line) for number, line in enumerate(lines)
    )
    if all(is_embedded(source) for source, _, _ in _images_of(out)):
        return out
    return markdown.replace("![", "!\\[")


def _escape_images(line: str) -> str:
    kept = _EMBEDDED_IMAGE.findall(line)
    others = [part.replace("![", "!\\[") for part in _EMBEDDED_IMAGE.split(line)]
    return "".join(part + image for part, image in zip(others, [*kept, ""], strict=True))


def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def inline_images(token) -> list[tuple[str, str]]:
    """The (source, alt text) of each image in a markdown-it inline token."""
    return [
        (child.attrs.get("src", ""), "".join(c.content for c in child.children or []))
        for child in token.children or []
        if child.type == "image"
    ]


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
