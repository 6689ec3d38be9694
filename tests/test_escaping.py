"""Typed text shows exactly as typed: checked by rendering with real parsers."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from collective_ai.escaping import escape_html, escape_markdown

HOSTILE = [
    "**Local 7**",
    "[a](javascript:alert(1))",
    "<script>alert('x')</script>",
    "{{ 7*7 }}",
    "# not a heading",
    "1. not a list",
    "- not a bullet",
    "    four spaces, not code",
    "`code` and _under_ and ~~strike~~",
    "a | table | row",
    "![img](http://example.com/x.png)",
    "&amp; stays &amp;",
    "<https://autolink.example>",
    "back\\slash",
    "مرحبا بالعمال ✊🏽 שלום 工会",
]


def _visible_text(tokens) -> str:
    out = []
    for token in tokens:
        if token.children:
            out.append(_visible_text(token.children))
        elif token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_escaped_text_renders_as_plain_text(text):
    tokens = MarkdownIt("commonmark").parse(escape_markdown(text))
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in (t.children or [])}
    assert kinds <= {"paragraph_open", "paragraph_close", "inline", "text", "softbreak"}
    assert _visible_text(tokens).replace("\u00a0", " ") == text


def test_markdown_escape_keeps_line_breaks():
    tokens = MarkdownIt("commonmark").parse(escape_markdown("line one\n**line two**"))
    assert _visible_text(tokens) == "line one\n**line two**"


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("text", HOSTILE)
def test_html_escaped_text_has_no_tags_and_reads_back(text):
    parser = _Collect()
    parser.feed(f'<p title="{escape_html(text)}">{escape_html(text)}</p>')
    assert parser.tags == ["p"]
    assert "".join(parser.text) == text


def test_html_escape_accepts_non_strings():
    assert escape_html(3) == "3"
