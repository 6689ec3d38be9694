"""The notebooks' prose in the language in use, for the live views (Voila, JupyterLab, hub).

The Spanish book's translators write each chapter's paragraphs, headings and list items
into ``locales/<lang>/LC_MESSAGES/<page>.po`` (Sphinx's gettext route); Sphinx's message
is the MyST source of that paragraph on one line. A live view reads the notebook's own
Markdown, so :func:`translate_markdown` swaps each paragraph, heading and list item whose
source is a confirmed message for its translation, before the MyST is made plain. What
has no confirmed translation (a fuzzy entry, a table cell, a paragraph inside a directive
that does not match) stays in English, as it does in the Spanish book.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)(\S.*)$")
_HEADING = re.compile(r"^(#{1,6}\s+)(\S.*)$")
_QUOTE = re.compile(r"^\s*>\s?")
# Lines that are markup, never a message: fences, directive options, tables, HTML, targets.
_MARKUP = re.compile(r"^\s*(?:```|~~~|:::|:[a-z-]+:|\||<|\(.*\)=$|\$\$)")


def page_messages(course_root: Path, docname: str, lang: str) -> dict[str, str]:
    """The confirmed translations of one page (``notebooks/hiring-screener``), or none."""
    path = Path(course_root) / "locales" / lang / "LC_MESSAGES" / f"{docname}.po"
    if not path.is_file():
        return {}
    return dict(_read(str(path), path.stat().st_mtime))


@lru_cache(maxsize=32)
def _read(path: str, _mtime: float) -> tuple[tuple[str, str], ...]:
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        catalog = read_po(handle)
    return tuple(
        (m.id, m.string)
        for m in catalog
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    )


def translated_heading(heading: str, path: Path, course_root: Path) -> str:
    """A chapter's heading (a link's text) in the language in use, if its page has it."""
    from collective_ai.i18n import DEFAULT, language

    lang = language()
    if lang == DEFAULT:
        return heading
    try:
        docname = Path(path).resolve().relative_to(Path(course_root).resolve()).with_suffix("")
    except ValueError:
        return heading
    return page_messages(course_root, docname.as_posix(), lang).get(heading, heading)


def translate_markdown(source: str, messages: dict[str, str]) -> str:
    """``source`` with every paragraph, heading and list item found in ``messages``
    replaced by its translation (markers and indentation kept)."""
    if not messages:
        return source
    out: list[str] = []
    unit: list[str] = []

    def flush() -> None:
        if unit:
            out.extend(_translated(unit, messages))
            unit.clear()

    for line in source.split("\n"):
        if line.lstrip().startswith("|"):  # a table row: each cell is its own message
            flush()
            out.append(_row(line, messages))
        elif not line.strip(" >") or _MARKUP.match(line):
            flush()
            out.append(line)
        elif _HEADING.match(line):
            flush()
            unit.append(line)
            flush()
        else:
            if _ITEM.match(line):
                flush()
            unit.append(line)
    flush()
    return "\n".join(out)


def _translated(lines: list[str], messages: dict[str, str]) -> list[str]:
    quote = _QUOTE.match(lines[0])
    if quote and all(_QUOTE.match(line) for line in lines):  # a block quote: "> text"
        inner = [line[_QUOTE.match(line).end() :] for line in lines]
        found = _translated(inner, messages)
        return lines if found is inner else [quote.group(0) + line for line in found]
    first = _HEADING.match(lines[0]) or _ITEM.match(lines[0])
    prefix = first.group(1) if first else re.match(r"\s*", lines[0]).group(0)
    text = first.group(2) if first else lines[0].strip()
    key = " ".join([text, *(line.strip() for line in lines[1:])]).strip()
    found = messages.get(key)
    return [prefix + found] if found else lines


def _row(line: str, messages: dict[str, str]) -> str:
    cells = line.split("|")
    for i, cell in enumerate(cells):
        found = messages.get(cell.strip())
        if found:
            cells[i] = cell.replace(cell.strip(), found.replace("|", "\\|"))
    return "|".join(cells)
