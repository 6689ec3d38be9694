"""Text a person types is data: escape it for the format it lands in.

Every renderer in the package (audit reports, demand documents, widget previews) passes
user text through these functions, so a name like ``**Local 7**`` or
``[a](javascript:alert(1))`` shows exactly as typed and is never turned into markup.
"""

from __future__ import annotations

import html
import re

# CommonMark: any ASCII punctuation may be backslash-escaped (spec 0.31, section 2.4).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~\"'&=:$%^@;,?/])")


def escape_html(text: object) -> str:
    """HTML-escape ``text`` (quotes included) so it is shown, never parsed."""
    return html.escape(str(text), quote=True)


def escape_markdown(text: object) -> str:
    """Backslash-escape every Markdown punctuation character in ``text``.

    Line breaks are kept; leading spaces become ``&nbsp;`` entities, so indented text is
    neither read as a code block nor trimmed away.
    """
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = []
    for line in lines:
        stripped = line.lstrip(" ")
        indent = "&nbsp;" * (len(line) - len(stripped))
        out.append(indent + _MARKDOWN_SPECIAL.sub(r"\\\1", stripped))
    return "\n".join(out)
