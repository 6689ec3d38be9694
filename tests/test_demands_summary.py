"""The text alternative of a document names its kind, title, demands and what is missing."""

from __future__ import annotations

from collective_ai.demands import draft_document, load_library
from collective_ai.demands.summary import describe


def test_a_petition_with_missing_fields_is_described_in_words():
    library = load_library()
    templates = [library.get("bias-test-results")]
    document = draft_document(
        ["bias-test-results"], form="petition", fields={"employer": "Acme"}, strict=False
    )
    assert describe(document, templates) == (
        f"A petition titled “Petition to Acme” with 1 demand: {templates[0].title}. "
        "It has 20 signature lines. Still to fill in: Workplace, AI system, Your group's name."
    )


def test_no_demands_asks_for_one():
    assert describe(None, []) == "No demands chosen yet: tick at least one."
