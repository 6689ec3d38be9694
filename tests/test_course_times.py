"""The landing page says how long each chapter and lab takes, and the totals add up.

A chapter's time is its reading time at 150 words a minute (a careful reader, with the
discussion questions), rounded up to the next 5 minutes; a lab or exercise states its own
"Time to learn" in its Prerequisites. The table in book/index.md must match both, so an
edited chapter cannot leave the landing page promising the wrong time.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INDEX = ROOT / "book" / "index.md"
WORDS_PER_MINUTE = 150
ROW = re.compile(r"^\|\s*\{doc\}`(?P<doc>[^`]+)`\s*\|[^|]*\|\s*(?P<minutes>\d+)\s*\|", re.M)
TOTAL = re.compile(
    r"^\|\s*\*\*(?P<what>[^*]+)\*\*\s*\|[^|]*\|\s*\*\*(?P<minutes>\d+)\*\*\s*\|", re.M
)
STATED = re.compile(r"\*\*Time to learn\*\*: (\d+) minutes")


def minutes_for(doc: str) -> int:
    """The time a chapter, lab or exercise takes, by the rule in this module's docstring."""
    path = ROOT / doc.lstrip("/")
    notebook = path.with_suffix(".ipynb")
    if notebook.exists():
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        return int(STATED.search(text)[1])
    text = path.with_suffix(".md").read_text(encoding="utf-8")
    text = re.sub(r"\{[a-z:]+\}`[^`]*`", "x", text)
    words = len(re.findall(r"[A-Za-z0-9']+", text))
    return 5 * math.ceil(words / WORDS_PER_MINUTE / 5)


def table() -> tuple[list[tuple[str, int]], dict[str, int]]:
    text = INDEX.read_text(encoding="utf-8")
    section = text[text.index("## How long it takes") :]
    section = section[: section.index("\n## ", 1)] if "\n## " in section[1:] else section
    rows = [(m["doc"], int(m["minutes"])) for m in ROW.finditer(section)]
    totals = {m["what"].strip(): int(m["minutes"]) for m in TOTAL.finditer(section)}
    return rows, totals


def test_the_landing_page_lists_every_chapter_and_lab_of_the_course():
    rows, _ = table()
    listed = {doc for doc, _ in rows}
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    course = re.findall(r"file: ((?:book|notebooks|exercises)/[\w/-]+)", toc)
    back_matter = {
        "book/glossary",
        "book/facilitator-guide",
        "book/instructor-guide",
        "book/references",
        "book/license",
        "exercises/index",
        "book/case-studies/index",
    }
    expected = {f"/{f}" for f in course if f not in back_matter}
    assert listed == expected


@pytest.mark.parametrize(("doc", "minutes"), table()[0])
def test_each_time_matches_the_chapter(doc, minutes):
    assert minutes == minutes_for(doc), f"{doc}: the landing page says {minutes} min"


def test_the_totals_add_up():
    rows, totals = table()
    exercises = sum(m for doc, m in rows if doc.startswith("/exercises/"))
    course = sum(m for doc, m in rows if not doc.startswith("/exercises/"))
    assert totals == {"The course": course, "The exercises": exercises}
