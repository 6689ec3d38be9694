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


#: Characters that change how the text around them is shown but are themselves invisible:
#: the direction controls (embeddings, overrides, isolates, marks; Unicode UAX 9) and the
#: zero-width characters. U+202E can make ``exe.txt`` read as ``txt.exe``.
INVISIBLE = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
    "\u200e\u200f\u061c"  # left-to-right, right-to-left and Arabic letter marks
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width space, non-joiner, joiner, word joiner, BOM
)
_INVISIBLE_RUN = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")


def show_invisible(text: object) -> str:
    """``text`` with each invisible direction control or zero-width character spelt out.

    ``"a\\u202eb"`` becomes ``"a[U+202E]b"``: a reader sees that the character was typed
    and where, and it can no longer reorder or hide what follows. The characters are shown
    rather than dropped so an export keeps every trace of what was logged.
    """
    return _INVISIBLE_RUN.sub(lambda found: f"[U+{ord(found.group()):04X}]", str(text))


# Spaces, control characters and the invisible ones a spreadsheet skips before a formula.
_SKIPPED = "\u200b\u200c\u200d\u2060\ufeff\u00a0\u180e\u202a\u202b\u202c\u202d\u202e"
_LEADING = re.compile(rf"^[\s{_SKIPPED}\x00-\x1f]*")
_FORMULA = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value: object) -> str:
    """Text a spreadsheet shows as text: a leading ``'`` before anything formula-like.

    A cell is formula-like when, after any white space, newlines, control or zero-width
    characters, it starts with ``=``, ``+``, ``-`` or ``@`` (or their full-width forms), or
    when it starts with a tab, carriage return or newline at all (OWASP's CSV-injection
    advice). The gradebook and the evidence exports pass every cell through here. A plain
    negative number is prefixed too: the gradebook writes no negative scores.
    """
    text = str(value)
    lead = _LEADING.match(text).group(0)
    rest = text[len(lead) :]
    if rest.startswith(_FORMULA) or (lead and lead[0] in "\t\r\n"):
        return "'" + text
    return text


def markdown_cell(value: object) -> str:
    """Data as one piece of Markdown: escaped, on one line, invisible controls shown.

    A category with a line break would otherwise end a table row or a bullet early.
    """
    return escape_markdown(show_invisible(" ".join(str(value).split())))
