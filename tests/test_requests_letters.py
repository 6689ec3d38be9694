"""Data-access letters: the law's words, the same four asks, typed text kept as data."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from collective_ai.demands import render
from collective_ai.errors import InputError
from collective_ai.requests.asks import ASKS
from collective_ai.requests.laws import LAWS, law
from collective_ai.requests.letters import draft_letter


@pytest.mark.parametrize("law_id", list(LAWS))
def test_every_letter_asks_for_the_same_four_things_machine_readable(law_id):
    text = render(
        draft_letter(law_id=law_id, organisation="Acme", system="Rate", date="1 March 2027"),
        fmt="markdown",
    )
    group = law_id == "collective"
    for ask in ASKS:
        title, _ = ask.words(group=group)
        assert f"- {title}:" in text
    assert "machine-readable format" in text
    assert "as of December 2026" in text


def test_gdpr_letter_works_out_the_31_january_due_date():
    text = render(
        draft_letter(law_id="eu-gdpr", organisation="Acme", system="Rate", date="31 January 2027"),
        fmt="markdown",
    )
    # One month: Sunday 28 February moves to Monday 1 March; extended: 30 April.
    assert "due by 1 March 2027, or by 30 April 2027 at the latest if you extend it" in text
    assert "Article 15(1)(h)" in text
    assert "Article 15(1)(c)" in text
    assert "Article 15(1)(g)" in text
    assert "Article 20(1)" in text
    assert "Public holidays are not counted here" in text


def test_ccpa_letter_counts_45_calendar_days():
    text = render(
        draft_letter(law_id="ccpa", organisation="Acme", system="Rate", date="7 December 2026"),
        fmt="markdown",
    )
    assert "due by 21 January 2027, or by 7 March 2027 at the latest" in text
    # The right to know gives no logic: the letter says so and asks all the same.
    assert "This law does not oblige you to give this" in text


def test_admt_letter_says_it_is_not_yet_in_force_in_december_2026():
    before = render(
        draft_letter(law_id="cppa-admt", organisation="A", system="S", date="7 December 2026"),
        fmt="markdown",
    )
    after = render(
        draft_letter(law_id="cppa-admt", organisation="A", system="S", date="4 January 2027"),
        fmt="markdown",
    )
    assert "are not yet in force" in before
    assert "January 1, 2027" in before
    assert "are not yet in force" not in after
    assert law("cppa-admt").in_force(dt.date(2027, 1, 1))
    assert not law("cppa-admt").in_force(dt.date(2026, 12, 31))


def test_collective_letter_has_a_requested_date_and_signature_lines():
    document = draft_letter(
        law_id="collective", organisation="A", system="S", date="1 March 2027",
        reply_days=14, signers=3,
    )  # fmt: skip
    text = render(document, fmt="markdown")
    assert "No law sets a deadline" in text
    assert "by 15 March 2027" in text
    assert "| 3 | | | | |" in text


def test_typed_text_is_data_in_every_format():
    hostile = "**Acme** <script>alert(1)</script> [x](javascript:alert(1))"
    document = draft_letter(law_id="uk-gdpr", organisation=hostile, system="{{ 7*7 }}")
    markdown = render(document, fmt="markdown")
    assert "\\*\\*Acme\\*\\*" in markdown
    assert "\\<script\\>" in markdown
    html = render(document, fmt="html")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "{{ 7*7 }}" in html
    docx = render(document, fmt="docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        body = archive.read("word/document.xml").decode()
    assert "**Acme** &lt;script&gt;" in body


def test_the_letter_never_carries_a_member_code_or_a_name_field():
    document = draft_letter(law_id="eu-gdpr", organisation="A", system="S")
    assert "member code" not in document.plain_text().lower()
    assert "write here your name" in document.plain_text()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"law_id": "hipaa"}, "law"),
        ({"organisation": ""}, "organisation"),
        ({"system": "x" * 201}, "system"),
        ({"date": "31 February 2027"}, "date"),
        ({"law_id": "eu-gdpr", "reply_days": 10}, "reply_days"),
        ({"law_id": "collective", "reply_days": 0}, "reply_days"),
    ],
)
def test_bad_input_names_the_field(kwargs, field):
    arguments = {"law_id": "collective", "organisation": "A", "system": "S", **kwargs}
    with pytest.raises(InputError) as caught:
        draft_letter(**arguments)
    assert caught.value.field == field
