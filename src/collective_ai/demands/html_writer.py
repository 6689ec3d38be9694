"""The HTML writer: a self-contained printable page, rendered by an autoescaping template."""

from __future__ import annotations

import re

from collective_ai.demands.document import Document, image_as_text, is_embedded
from collective_ai.demands.sandbox import html_environment
from collective_ai.escaping import escape_html


def render_html(document: Document, *, fragment: bool = False) -> str:
    """A self-contained printable page (no external assets); data is autoescaped.

    Parameters
    ----------
    document : Document
        What :func:`~collective_ai.demands.render.build_document` made.
    fragment : bool
        Only the body, for a preview inside a notebook or the drafter.

    Returns
    -------
    str
        The page (or fragment), with any attachment after the document.
    """
    from markupsafe import Markup

    from collective_ai.i18n import using

    attachment_html = None
    if document.attachment is not None:
        attachment_html = Markup(
            _body_of(document.attachment.html)
            if document.attachment.html is not None
            else markdown_to_html(document.attachment.markdown)
        )
    template = html_environment().get_template("page.html.j2")
    with using(document.lang):
        return template.render(
            document=document,
            parts=_parts(document),
            signers=range(1, document.signers + 1),
            attachment_html=attachment_html,
            fragment=fragment,
        )


def _parts(document: Document) -> list[tuple[str, list]]:
    """(language, grouped blocks) for each half of the document, so each has its lang."""
    parts = [(document.lang, [])]
    for block in document.blocks:
        if block.kind == "language":
            parts.append((block.text, []))
        else:
            parts[-1][1].append(block)
    return [(lang, _group_bullets(blocks)) for lang, blocks in parts]


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
    """Markdown to HTML with raw HTML shown as text, unsafe links refused, and no image
    but an embedded PNG: any other would be fetched when the page is opened (a link stays
    a link, followed only if the reader clicks it)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    parser.add_render_rule("image", _image)
    return parser.render(markdown)


def _image(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    source = str(token.attrGet("src") or "")
    if is_embedded(source):
        return self.image(tokens, idx, options, env)
    alt = self.renderInlineAsText(token.children or [], options, env)
    return escape_html(image_as_text(source, alt))
