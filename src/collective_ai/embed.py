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


def img_html(png: bytes, *, alt: str, width: str = "100%") -> str:
    """An ``<img>`` carrying its text alternative (escaped) and its pixels."""
    return (
        f'<img alt="{escape_html(alt)}" style="max-width:{width};height:auto" '
        f'src="{data_uri(png, media_type="image/png")}">'
    )


def img_markdown(png: bytes, *, alt: str) -> str:
    """The Markdown image for a report: the alt text is escaped like any other data."""
    return f"![{escape_markdown(alt)}]({data_uri(png, media_type='image/png')})"


def download_link(content: str | bytes, *, filename: str, media_type: str, label: str) -> str:
    """A link that saves ``content`` as ``filename``: works offline, in Voila and in the book."""
    return (
        f'<a download="{escape_html(filename)}" '
        f'href="{data_uri(content, media_type=media_type)}">{escape_html(label)}</a>'
    )
