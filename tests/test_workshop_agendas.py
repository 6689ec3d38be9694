"""The facilitator guide's agendas add up, and every handout they name is in the pack."""

from __future__ import annotations

import re

import pytest

from collective_ai.workshop import sources
from collective_ai.workshop.handouts import HANDOUTS

# Heading words, and the session length the issue asks for (minutes, inclusive).
AGENDAS = {
    "90 minutes": (90, 90),
    "half day": (180, 240),
    "full day": (360, 420),
}


def _agendas() -> dict[str, list[dict]]:
    text = sources.GUIDE.read_text(encoding="utf-8")
    found = {}
    for heading in re.findall(r"^### (Agenda: .*)$", text, re.MULTILINE):
        header, *rows = sources.first_table(sources.section(sources.GUIDE, heading))
        found[heading] = [dict(zip(header, row, strict=True)) for row in rows]
    return found


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def test_there_is_one_agenda_per_length():
    headings = list(_agendas())
    assert [any(words in h for h in headings) for words in AGENDAS] == [True] * len(AGENDAS)


@pytest.mark.parametrize("heading", list(_agendas()))
def test_minutes_add_up_and_start_times_follow(heading):
    *blocks, total = _agendas()[heading]
    assert total["block"] == "**total**"
    stated = int(total["minutes"].strip("*"))
    assert sum(int(b["minutes"]) for b in blocks) == stated
    low, high = next(span for words, span in AGENDAS.items() if words in heading)
    assert low <= stated <= high
    clock = 0
    for block in blocks:
        assert _minutes(block["start"]) == clock, block["block"]
        clock += int(block["minutes"])
    if "full day" in heading:
        assert any(b["block"] in ("Break", "Lunch") for b in blocks)


@pytest.mark.parametrize("heading", list(_agendas()))
def test_every_handout_named_is_in_the_pack(heading):
    files = {h.filename for h in HANDOUTS.values()}
    named = []
    for block in _agendas()[heading]:
        named += re.findall(r"`([\w/.-]+\.pdf)`", block.get("handouts", ""))
    assert named
    assert set(named) <= files, set(named) - files


def test_the_pack_table_lists_every_handout():
    text = sources.section(sources.GUIDE, "The handout pack")
    listed = set(re.findall(r"`([\w/.-]+\.pdf)`", text))
    assert listed == {h.filename for h in HANDOUTS.values()}


def test_the_parser_sees_a_wrong_sum(tmp_path, monkeypatch):
    """A table whose minutes do not add up fails the check above."""
    guide = tmp_path / "guide.md"
    guide.write_text(
        "### Agenda: 90 minutes\n\n| start | block | minutes |\n| --- | --- | --- |\n"
        "| 0:00 | A | 50 |\n| 0:50 | B | 30 |\n| | **total** | **90** |\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sources, "GUIDE", guide)
    *blocks, total = _agendas()["Agenda: 90 minutes"]
    assert sum(int(b["minutes"]) for b in blocks) != int(total["minutes"].strip("*"))
