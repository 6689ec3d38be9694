"""The Markdown writer: typed text backslash-escaped, so it shows exactly as typed."""

from __future__ import annotations

from collective_ai.demands.document import (
    BREAK,
    Document,
    attachment_heading,
    signature_columns,
    without_remote_images,
)
from collective_ai.escaping import escape_markdown
from collective_ai.escaping import markdown_cell as cell


def _markdown_inline(spans, *, one_line: bool = False) -> str:
    """Inline Markdown; in headings and bullets typed line breaks become spaces."""
    out = []
    for span in spans:
        if span == BREAK:
            out.append(" " if one_line else "\\\n")
        elif span.data and one_line:
            out.append(cell(span.text))
        elif span.data:
            text = span.text.replace("\t", "    ")  # a leading tab would start a code block
            out.append(escape_markdown(text))
        else:
            out.append(span.text)
    return "".join(out)


def _markdown_signatures(document: Document) -> str:
    columns = signature_columns(document)
    count = document.signers
    rows = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    rows += [f"| {i} | | | | |" for i in range(1, count + 1)]
    return "\n".join(rows)


def render_markdown(document: Document) -> str:
    """Markdown in which typed text is backslash-escaped, so it shows exactly as typed.

    Parameters
    ----------
    document : Document
        The filled-in form (see :func:`~collective_ai.demands.render.build_document`).

    Returns
    -------
    str
        The document, then any attachment with its raw HTML, and any image but an
        embedded chart, shown as text.
    """
    from collective_ai.i18n import using

    with using(document.lang):
        return _join_markdown(list(_markdown_parts(document)))


def _markdown_parts(document: Document):
    for block in document.blocks:
        one_line = block.kind in ("heading1", "heading2", "bullet")
        text = _markdown_inline(block.spans, one_line=one_line)
        if block.kind == "heading1":
            yield f"# {text}"
        elif block.kind == "heading2":
            yield f"## {text}"
        elif block.kind == "bullet":
            yield f"- {text}"
        elif block.kind == "signatures":
            yield _markdown_signatures(document)
        elif block.kind == "language":
            yield "---"  # the same document follows in another language
        elif block.kind == "attachment" and document.attachment:
            title = attachment_heading(cell(document.attachment.title))
            body = without_remote_images(_without_raw_html(document.attachment.markdown.strip()))
            yield f"---\n\n## {title}\n\n{body}"
        else:
            yield text


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
