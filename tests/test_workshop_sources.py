"""Reading the handouts' words from the book's sources (no browser needed)."""

from __future__ import annotations

import pytest

from collective_ai.errors import InputError
from collective_ai.workshop import sources
from collective_ai.workshop.handouts import HANDOUTS, ground_rules_html, worksheet_html


def test_plain_myst_drops_citations_and_keeps_the_words_of_roles():
    text = "Rule {cite:p}`cfr1607`, see {doc}`/book/practical-steps` and {term}`proxy feature`."
    assert sources.plain_myst(text) == "Rule, see practical steps and proxy feature."
    assert sources.plain_myst("{doc}`the steps </book/practical-steps>`") == "the steps"


def test_to_html_escapes_raw_markup():
    assert "<script>" not in sources.to_html("a <script>alert(1)</script> b")


def test_section_stops_at_the_next_heading_and_a_missing_one_is_an_error(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("# T\n## A\none\n### A1\ntwo\n## B\nthree\n", encoding="utf-8")
    assert sources.section(page, "A") == "one\n### A1\ntwo"
    with pytest.raises(InputError, match="no heading 'C'"):
        sources.section(page, "C")


def test_numbered_items_and_first_table():
    assert sources.numbered_items("intro\n\n1. one\n   more\n2. two\n\nafter") == [
        "one more",
        "two",
    ]
    assert sources.first_table("x\n| a | b |\n| --- | --- |\n| 1 | 2 |\n") == [
        ["a", "b"],
        ["1", "2"],
    ]


def test_worksheet_is_the_student_edition_without_notebook_talk():
    sheet = sources.worksheet("audit-by-hand")
    questions = [b for b in sheet.blocks if isinstance(b, sources.Question)]
    assert [q.key_id for q in questions] == ["q1", "q2", "q3", "q4", "q5"]
    html = worksheet_html()
    assert "Store" not in html
    assert "solution" not in html
    assert "36 / 150" not in html
    assert "Prerequisites" not in html
    assert "Imports" not in html


def test_ground_rules_come_from_the_facilitator_guide():
    html = ground_rules_html()
    assert html.count("<li>") == 6
    assert "<strong>Personal devices only.</strong>" in html


def test_registry_names_are_unique_files():
    files = [h.filename for h in HANDOUTS.values()]
    assert len(files) == len(set(files))
