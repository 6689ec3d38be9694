"""The live views: MyST as plain Markdown, applied on open and undone on save."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import nbformat
import pytest

from collective_ai.live.contents import CourseContentsManager
from collective_ai.live.myst import (
    DIRECTIVE,
    REFERENCES_TAG,
    ROLE,
    STASH,
    Course,
    find_course_root,
    plain_markdown,
    restore,
    show,
)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(
    p for folder in ("notebooks", "exercises") for p in (ROOT / folder).glob("*.ipynb")
)


@pytest.fixture(scope="module")
def course() -> Course:
    return Course.at(ROOT)


def test_a_citation_reads_author_year_and_links_to_the_list(course):
    text, cited = plain_markdown("as the guidelines say {cite:p}`cfr1607`.", course=course)
    label = course.sources["cfr1607"].label
    assert text == f"as the guidelines say ([{label}](#ref-cfr1607))."
    assert label.endswith("1978")
    assert cited == ["cfr1607"]


def test_several_keys_split_over_lines(course):
    text, cited = plain_markdown("{cite:p}`cfr1607,\n eeoc1979qa`", course=course)
    assert text.count("](#ref-") == 2
    assert "; " in text
    assert cited == ["cfr1607", "eeoc1979qa"]


def test_an_unknown_key_shows_the_key_not_raw_markup(course):
    text, _ = plain_markdown("{cite:p}`nosuchkey2099`", course=course)
    assert text == "([nosuchkey2099](#ref-nosuchkey2099))"


def test_chapter_links_take_the_chapter_heading(course):
    here = ROOT / "notebooks"
    text, _ = plain_markdown("see {doc}`/book/scoring-systems`", course=course, here=here)
    heading = (ROOT / "book" / "scoring-systems.md").read_text().split("\n# ", 1)
    title = next(
        line[2:]
        for line in (ROOT / "book/scoring-systems.md").read_text().splitlines()
        if line.startswith("# ")
    )
    assert heading
    assert text == f"see [{title}](../book/scoring-systems.md)"
    text, _ = plain_markdown("{doc}`this lab <hiring-screener>`", course=course, here=here)
    assert text == "[this lab](hiring-screener.ipynb)"


def test_terms_become_emphasis(course):
    text, _ = plain_markdown(
        "a {term}`proxy\nfeature <proxy feature>` and {term}`audit`", course=course
    )
    assert text == "a *proxy feature* and *audit*"


def test_an_exercise_fence_becomes_a_titled_quote(course):
    source = "```{exercise}\n:label: q1\n\nWhat is **2 + 2**?\n```\n\n```{solution-end}\n```"
    text, _ = plain_markdown(source, course=course)
    assert text.startswith("> **Exercise**\n>\n> What is **2 + 2**?")
    assert "```" not in text
    assert ":label:" not in text


def test_no_course_file_keeps_raw_markup_after_rendering(course):
    for path in [*NOTEBOOKS, *sorted((ROOT / "book").rglob("*.md"))]:
        if path.suffix == ".ipynb":
            sources = [c.source for c in nbformat.read(path, 4).cells if c.cell_type == "markdown"]
        else:
            sources = [path.read_text(encoding="utf-8")]
        for source in sources:
            text, _ = plain_markdown(source, course=course, here=path.parent)
            assert not ROLE.search(text), (path.name, ROLE.search(text)[0])
            assert not DIRECTIVE.search(text), (path.name, text[:80])


def test_show_then_restore_gives_back_the_notebook(course):
    path = ROOT / "notebooks" / "hiring-screener.ipynb"
    original = nbformat.read(path, 4)
    shown = show(nbformat.read(path, 4), course=course, here=path.parent)
    assert shown.cells[-1].metadata.tags == [REFERENCES_TAG]
    assert "## References" in shown.cells[-1].source
    assert not any(ROLE.search(c.source) for c in shown.cells if c.cell_type == "markdown")
    assert restore(shown) == original


def test_a_cell_the_learner_edited_keeps_the_edit(course):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("x {term}`audit`")])
    show(nb, course=course, here=None)
    nb.cells[0].source = "my own note"
    restore(nb)
    assert nb.cells[0].source == "my own note"
    assert STASH not in nb.cells[0].metadata


def test_the_contents_manager_shows_plain_markdown_and_saves_myst(tmp_path):
    (tmp_path / "references.bib").write_text(
        "@misc{k2020, author = {{Some Union}}, title = {T}, year = {2020}}\n", encoding="utf-8"
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("A claim {cite:p}`k2020`.")])
    nbformat.write(nb, tmp_path / "n.ipynb")
    manager = CourseContentsManager(root_dir=str(tmp_path))
    assert find_course_root(tmp_path) == tmp_path

    async def round_trip():
        model = await manager.get("n.ipynb")
        assert model["content"].cells[0].source == "A claim ([Some Union 2020](#ref-k2020))."
        assert re.search(
            r'<a id="ref-k2020"></a>Some Union \(2020\)', model["content"].cells[1].source
        )
        await manager.save({"type": "notebook", "content": model["content"]}, "n.ipynb")

    asyncio.run(round_trip())
    saved = nbformat.read(tmp_path / "n.ipynb", 4)
    assert [c.source for c in saved.cells] == ["A claim {cite:p}`k2020`."]


def test_handed_out_exercises_read_right_in_any_jupyterlab(tmp_path):
    """The student edition's notebooks carry no raw MyST, and name chapters without
    linking them (a zip holds no book)."""
    from collective_ai.classroom.student import build_student_edition

    for folder in build_student_edition(ROOT / "exercises", out=tmp_path):
        nb = nbformat.read(folder / f"{folder.name}.ipynb", 4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                assert not ROLE.search(cell.source)
                assert not DIRECTIVE.search(cell.source)
                assert "](../" not in cell.source, (folder.name, cell.source[:120])
        assert any(c.cell_type == "markdown" and "> **Exercise**" in c.source for c in nb.cells)
