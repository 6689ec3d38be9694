"""Figures and downloads carried inside the page: alt text escaped, bytes intact."""

from __future__ import annotations

import base64
from html.parser import HTMLParser

from matplotlib.figure import Figure

from collective_ai.embed import data_uri, download_link, img_html, img_markdown, png_bytes


def test_img_html_escapes_the_alt_text():
    html = img_html(b"\x89PNG", alt='ratio "0.5" <b>')
    assert 'alt="ratio &quot;0.5&quot; &lt;b&gt;"' in html
    assert 'src="data:image/png;base64,iVBORw=="' in html


def test_img_markdown_escapes_the_alt_text():
    markdown = img_markdown(b"\x89PNG", alt="a [link](javascript:x)")
    assert markdown.startswith(r"![a \[link\]\(javascript\:x\)](data:image/png;base64,")


def test_text_is_utf8_and_bytes_round_trip():
    text = "Solidarité ✊🏽 عمال"
    uri = data_uri(text, media_type="text/markdown")
    head, payload = uri.split(",", 1)
    assert head == "data:text/markdown;charset=utf-8;base64"
    assert base64.b64decode(payload).decode("utf-8") == text
    raw = bytes(range(256))
    assert base64.b64decode(data_uri(raw, media_type="application/x").split(",")[1]) == raw


def test_download_link_is_one_anchor_with_escaped_name_and_label():
    class Anchors(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []

        def handle_starttag(self, tag, attrs):
            self.found.append((tag, dict(attrs)))

    html = download_link("x", filename='a"b.md', media_type="text/markdown", label="<b>Get</b>")
    parser = Anchors()
    parser.feed(html)
    assert [tag for tag, _ in parser.found] == ["a"]
    assert parser.found[0][1]["download"] == 'a"b.md'
    assert "&lt;b&gt;Get&lt;/b&gt;" in html


def test_png_bytes_uses_the_figure_dpi_unless_told():
    figure = Figure(figsize=(2, 1), dpi=50)
    figure.add_subplot().plot([0, 1])
    small, large = png_bytes(figure), png_bytes(figure, dpi=100)
    assert small.startswith(b"\x89PNG")
    assert len(large) > len(small)


def test_a_phone_drawing_is_chosen_by_the_screen_width_not_by_a_script():
    from collective_ai.embed import PHONE_BELOW

    out = img_html(b"wide", alt="A chart", min_width="560px", phone_png=b"narrow")
    assert out.startswith("<picture>")
    assert out.endswith("</picture>")
    media = f'media="(max-width: {PHONE_BELOW - 1}px)"'
    assert f'<source {media} srcset="{data_uri(b"narrow", media_type="image/png")}">' in out
    assert data_uri(b"wide", media_type="image/png") in out
    assert "min-width" not in out  # the phone drawing fits: nothing holds the picture wide
    assert "<picture>" not in img_html(b"wide", alt="A chart")
