"""The reading grades that bench/book_stats.py prints, against hand-worked counts."""

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "book_stats", Path(__file__).resolve().parent.parent / "bench" / "book_stats.py"
)
book_stats = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(book_stats)


@pytest.mark.parametrize(
    ("word", "count"),
    [("cat", 1), ("rate", 1), ("rates", 1), ("named", 1), ("wanted", 2), ("table", 2),
     ("changes", 2), ("union", 2), ("steward", 2), ("information", 4)],
)  # fmt: skip
def test_syllables_follow_the_vowel_group_rule(word, count):
    assert book_stats.syllables(word) == count


def test_roles_code_and_tables_are_not_counted():
    text = (
        "# Title\n\nA {term}`steward` asks {cite:p}`acme1967`. See {doc}`/book/glossary`.\n\n"
        "```python\nx = compute(1)\n```\n\n| a | b |\n|---|---|\n| one | two |\n\n"
        "```{admonition} Note\n:class: tip\n\nRead *this* first.\n```\n"
    )
    prose = book_stats.visible_prose(text)
    assert "acme1967" not in prose
    assert "compute" not in prose
    assert "one" not in prose
    assert "class" not in prose
    assert "glossary" not in prose
    assert book_stats.sentences(prose) == [
        "Title.", "A steward asks.", "See this chapter.", "Note.", "Read this first."
    ]  # fmt: skip


def test_definition_lists_are_prose_but_directive_options_are_not():
    prose = book_stats.visible_prose(
        "```{note}\n:class: tip\n\nNotice\n: The company tells us.\n```"
    )
    assert "class" not in prose
    assert "The company tells us." in prose


def test_abbreviations_do_not_end_sentences():
    prose = "In NLRB v. Acme Industrial Co. the Court ruled. It held for the union."
    assert len(book_stats.sentences(prose)) == 2


def test_grades_match_the_published_formulas_on_a_hand_count():
    # 2 sentences, 8 words ("The cat sat." 3 words; "The union won the vote." 5 words),
    # syllables 1+1+1 + 1+2+1+1+1 = 9, letters 3+3+3 + 3+5+3+3+4 = 27.
    grades = book_stats.reading_grades("The cat sat. The union won the vote.")
    assert grades["words"] == 8
    assert grades["sentences"] == 2
    assert grades["flesch_kincaid"] == pytest.approx(0.39 * 8 / 2 + 11.8 * 9 / 8 - 15.59)
    assert grades["coleman_liau"] == pytest.approx(0.0588 * 337.5 - 0.296 * 25 - 15.8)


def test_no_prose_gives_no_grade():
    assert book_stats.reading_grades("```python\nprint(1)\n```\n") is None


def test_a_notebooks_markdown_cells_are_separate_paragraphs(tmp_path, monkeypatch):
    """A cell ending without a full stop must not run into the next cell's first sentence."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("Read the table below"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_markdown_cell("Then answer."),
    ]
    nbformat.write(nb, tmp_path / "lab.ipynb")
    (tmp_path / "_toc.yml").write_text("root: lab\nparts: []\n")
    monkeypatch.setattr(book_stats, "ROOT", tmp_path)
    ((name, text),) = list(book_stats.pages())
    assert name == "lab"
    assert book_stats.sentences(book_stats.visible_prose(text)) == [
        "Read the table below", "Then answer."
    ]  # fmt: skip
