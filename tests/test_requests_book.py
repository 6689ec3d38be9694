"""The chapter's example letter and worked dates are what the package makes today."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from collective_ai.deadlines import due_date
from collective_ai.demands import render
from collective_ai.requests.laws import law
from collective_ai.requests.letters import draft_letter

PAGE = Path(__file__).resolve().parent.parent / "book" / "formal-action" / "data-requests.md"


def as_shown(markdown: str) -> str:
    """The letter as the chapter shows it: headings in bold, no escapes, no attachment."""
    body = markdown.split("\n---\n")[0].strip()
    body = re.sub(r"\\(.)", r"\1", body.replace("\\\n", "\0")).replace("\0", "\\\n")
    return re.sub(r"^#{1,2} (.*)$", r"**\1**", body, flags=re.M)


def test_the_example_letter_is_the_one_the_tool_writes():
    page = PAGE.read_text(encoding="utf-8")
    shown = page.split("Here is the letter above, as the tool writes it:", 1)[1]
    shown = shown.split(":class: note\n\n", 1)[1].split("\n:::", 1)[0].strip()
    document = draft_letter(
        law_id="eu-gdpr",
        organisation="RideCo Europe B.V.",
        system="Driver rating and account review",
        date="31 January 2027",
    )
    assert shown == as_shown(render(document, fmt="markdown"))


def test_the_worked_dates_in_the_chapter():
    page = " ".join(PAGE.read_text(encoding="utf-8").split())
    gdpr = law("eu-gdpr").rule
    received = dt.date(2027, 1, 31)
    assert gdpr.due(received) == dt.date(2027, 3, 1)
    assert "**Monday 1 March 2027**" in page
    assert gdpr.due(received, extended=True) == dt.date(2027, 4, 30)
    assert "**30 April 2027**, a Friday" in page
    assert due_date(start=dt.date(2028, 1, 31), months=1) == dt.date(2028, 2, 29)
    assert "Tuesday 29 February 2028" in page
    ccpa = law("ccpa").rule
    assert ccpa.due(dt.date(2026, 12, 7)) == dt.date(2027, 1, 21)
    assert ccpa.due(dt.date(2026, 12, 7), extended=True) == dt.date(2027, 3, 7)
    assert "Thursday 21 January 2027" in page
    assert "due on 7 March 2027" in page
