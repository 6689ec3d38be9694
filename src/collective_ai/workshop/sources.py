"""Read the handouts' words from the sources the book is built from.

One source of truth: the worksheet's questions come from the exercise notebook's student
edition (:func:`collective_ai.classroom.student.split_master`, so a solution cannot slip
in), the ground rules and evaluation questions from the facilitator guide, the log's
columns from the practical-steps chapter. MyST roles and directives are turned into plain
words, since paper has no links and no cross-references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from collective_ai.errors import InputError

ROOT = Path(__file__).resolve().parents[3]
BOOK = ROOT / "book"
EXERCISES = ROOT / "exercises"
GUIDE = BOOK / "facilitator-guide.md"
PRACTICAL_STEPS = BOOK / "practical-steps.md"

_CITE = re.compile(r"\s*\{cite:[pt]\}`[^`]*`")
_ROLE = re.compile(r"\{(doc|ref|term|numref)\}`([^`<]*?)\s*(?:<([^`>]*)>)?`")
_SEE = re.compile(r"\s*\(see [^()]*\)")
_LABEL = re.compile(r"^\(\S+\)=\s*$", re.MULTILINE)
# "Store it in `rate_women`." and the like: instructions for a notebook, not for paper.
_STORE = re.compile(r"\s*(?:Answer [^.]*? and )?[Ss]tore [^.]*?`[a-z_]+`[^.]*\.")
_EXERCISE = re.compile(r"^```\{exercise\}\s*\n(?P<body>.*?)^```\s*$", re.MULTILINE | re.DOTALL)
_OPTION = re.compile(r"^:(\w+):.*$\n?", re.MULTILINE)
# Sections of an exercise notebook that only make sense in a notebook.
NOTEBOOK_ONLY = ("overview", "prerequisites", "imports", "summary", "what's next")


@cache
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def plain_myst(text: str) -> str:
    """MyST for paper: citations dropped, cross-reference roles reduced to their words."""
    text = _CITE.sub("", text)
    text = _ROLE.sub(_role_words, text)
    text = _LABEL.sub("", text)
    return _SEE.sub("", text)


def _role_words(match: re.Match) -> str:
    """A role's explicit text, else (for a bare path or label) its last part in words."""
    role, text, target = match.groups()
    if target is not None or role == "term":
        return text
    return text.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")


def to_html(markdown: str) -> str:
    """Markdown (raw HTML disabled, so source text cannot inject markup) to HTML."""
    return _markdown().render(plain_myst(markdown))


def inline_html(markdown: str) -> str:
    """One line of Markdown to HTML without the surrounding paragraph."""
    return _markdown().renderInline(plain_myst(markdown))


def section(path: Path, heading: str) -> str:
    """The Markdown under the heading ``heading`` (any level), up to the next heading of the
    same or a higher level. InputError if the heading is missing, so a renamed heading
    stops the build instead of printing an empty handout."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        match = re.match(r"^(#+)\s+(.*?)\s*$", line)
        if match and match.group(2).lower() == heading.lower():
            level = len(match.group(1))
            body = []
            for other in lines[number + 1 :]:
                found = re.match(r"^(#+)\s", other)
                if found and len(found.group(1)) <= level:
                    break
                body.append(other)
            return "\n".join(body).strip()
    raise InputError(f"no heading {heading!r} in {path.name}", field="heading")


def numbered_items(markdown: str) -> list[str]:
    """The items of the first numbered list in ``markdown`` (continuation lines joined)."""
    items: list[str] = []
    for line in markdown.splitlines():
        match = re.match(r"^\d+\.\s+(.*)$", line)
        if match:
            items.append(match.group(1).strip())
        elif items and line.startswith("   ") and line.strip():
            items[-1] += " " + line.strip()
        elif items and not line.strip():
            continue
        elif items:
            break
    return items


def first_table(markdown: str) -> list[list[str]]:
    """The first pipe table in ``markdown`` as rows of cells (header first, no rule row)."""
    rows = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                rows.append(cells)
        elif rows:
            break
    if not rows:
        raise InputError("no table found", field="table")
    return rows


@dataclass(frozen=True)
class Question:
    """One worksheet question: its label in the book and key, and its words for paper."""

    label: str  # e.g. "audit-by-hand-q1"
    key_id: str  # e.g. "q1", the entry in exercises/keys/NAME.yaml
    text: str  # Markdown


@dataclass(frozen=True)
class Worksheet:
    """An exercise for paper: its title and, in order, context blocks and questions."""

    title: str
    blocks: list  # str (Markdown context, section headings included) or Question


def worksheet(name: str, *, exercises: Path = EXERCISES) -> Worksheet:
    """The student edition of ``exercises/NAME.ipynb``, reduced to what paper can carry.

    Only markdown cells of the student split are read (never the master's solution cells
    or any code), and only the numbered sections: the overview, imports and summary talk
    about running cells.
    """
    from collective_ai.classroom.student import read_notebook, split_master

    path = exercises / f"{name}.ipynb"
    student = split_master(read_notebook(path), name=path.name).student
    title, blocks, skipping = name, [], False
    for cell in student.cells:
        if cell.cell_type != "markdown":
            continue
        source = cell.source
        heading = re.match(r"^(#+)\s+(.*)$", source.splitlines()[0]) if source else None
        if heading and len(heading.group(1)) == 1:
            title = heading.group(2).strip()
            continue
        if heading and len(heading.group(1)) == 2:
            skipping = heading.group(2).strip().lower() in NOTEBOOK_ONLY
        if skipping:
            continue
        exercise = _EXERCISE.search(source)
        if exercise:
            options = dict(re.findall(r"^:(\w+):\s*(.*)$", exercise["body"], re.MULTILINE))
            label = options.get("label", "")
            text = _STORE.sub("", _OPTION.sub("", exercise["body"])).strip()
            blocks.append(Question(label, label.rsplit("-", 1)[-1], text))
        else:
            blocks.append(source)
    if not any(isinstance(b, Question) for b in blocks):
        raise InputError(f"no exercises found in {path.name}", field=name)
    return Worksheet(title, blocks)
