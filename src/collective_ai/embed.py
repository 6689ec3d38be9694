"""Figures and files carried inside a page, so they work with no server and no network.

Every chart the course shows in HTML is an ``<img>`` holding its own text alternative and a
``data:`` URI; every download a widget offers is a ``data:`` link. They are made here, in one
place, so alt text and escaping cannot be forgotten by one caller and not another.
"""

from __future__ import annotations

import base64
import io

from collective_ai.escaping import escape_html, escape_markdown


def png_bytes(figure, *, dpi: float | None = None) -> bytes:
    """A matplotlib figure as PNG bytes (at ``dpi``, else the figure's own)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi or figure.dpi)
    return buffer.getvalue()


def data_uri(content: str | bytes, *, media_type: str) -> str:
    """``content`` as a base64 ``data:`` URI (text is encoded as UTF-8)."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    charset = ";charset=utf-8" if isinstance(content, str) else ""
    return f"data:{media_type}{charset};base64,{base64.b64encode(raw).decode('ascii')}"


def img_html(
    png: bytes,
    *,
    alt: str,
    width: str = "100%",
    min_width: str | None = None,
    phone_png: bytes | None = None,
) -> str:
    """An ``<img>`` carrying its text alternative (escaped) and its pixels.

    ``phone_png`` is the same chart drawn for a phone's width: the browser shows it on a
    screen narrower than :data:`PHONE_BELOW` CSS px (a ``<picture>`` source chosen by a
    media query, which needs no script or style sheet), so a phone gets a chart redrawn for
    it, lettering at full size, rather than a wide one shrunk or scrolled. Without one,
    ``min_width`` keeps a chart's lettering legible: the image stops shrinking there and its
    container scrolls sideways instead (see :func:`scroll_box`).
    """
    style = f"max-width:{width};height:auto" + (
        f";min-width:{min_width}" if min_width and phone_png is None else ""
    )
    image = (
        f'<img alt="{escape_html(alt)}" style="{style}" '
        f'src="{data_uri(png, media_type="image/png")}">'
    )
    if phone_png is None:
        return image
    source = (
        f'<source media="(max-width: {PHONE_BELOW - 1}px)" '
        f'srcset="{data_uri(phone_png, media_type="image/png")}">'
    )
    return f"<picture>{source}{image}</picture>"


#: Screens narrower than this (CSS px) get a chart's phone drawing.
PHONE_BELOW = 600


def panels_html(pngs: list[bytes], *, alts: list[str], width: int) -> str:
    """A chart's panels as pictures that sit side by side where they fit and one under
    another where they do not (a phone): each stays at its own size, text included, and
    only shrinks to fit a screen narrower than one panel (``width`` CSS px)."""
    images = "".join(
        f'<img alt="{escape_html(alt)}" width="{width}" style="max-width:100%;height:auto" '
        f'src="{data_uri(png, media_type="image/png")}">'
        for png, alt in zip(pngs, alts, strict=True)
    )
    return (
        '<div class="collective-ai-panels" '
        f'style="display:flex;flex-wrap:wrap;gap:8px 12px;max-width:100%">{images}</div>'
    )


def scroll_box(inner_html: str, *, css_class: str = "") -> str:
    """A block that scrolls sideways when its content is wider than a phone's screen.

    ``lab-a11y.js`` makes a box that does scroll reachable by keyboard (WCAG 2.1.1).
    """
    classes = " ".join(c for c in (css_class, "collective-ai-scroll") if c)
    return f'<div class="{classes}" style="overflow-x:auto;max-width:100%">{inner_html}</div>'


#: A download link drawn as a button (WCAG AA blue on white, underlined like a link).
DOWNLOAD_STYLE = (
    "display:inline-block;margin:0.25em 0;padding:0.35em 0.9em;border:2px solid #1565c0;"
    "border-radius:4px;color:#1565c0;background:#fff;font-weight:600;text-decoration:underline"
)


def img_markdown(png: bytes, *, alt: str) -> str:
    """The Markdown image for a report: the alt text is escaped like any other data."""
    return f"![{escape_markdown(alt)}]({data_uri(png, media_type='image/png')})"


def download_link(content: str | bytes, *, filename: str, media_type: str, label: str) -> str:
    """A link that saves ``content`` as ``filename``: works offline, in Voila and in the book."""
    return (
        f'<a download="{escape_html(filename)}" style="{DOWNLOAD_STYLE}" '
        f'href="{data_uri(content, media_type=media_type)}">{escape_html(label)}</a>'
    )
