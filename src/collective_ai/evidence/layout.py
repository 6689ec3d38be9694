"""One layout for the evidence log, on paper and on screen.

The paper log sheet (:mod:`collective_ai.evidence.paper`), the form of
:class:`collective_ai.widgets.evidence_log.EvidenceLog` and the log in the book's
"Practical steps" chapter (and the workshop handout printed from it) show these columns, in
this order and under these names, so a sheet filled in by hand is typed into the form field
by field. ``tests/test_log_layout.py`` compares them.
"""

from __future__ import annotations

from typing import NamedTuple

from collective_ai.dates import EXAMPLE


class Column(NamedTuple):
    """One column of the log: the form's control, its heading, its hint, its stored field."""

    name: str
    label: str
    hint: str
    field: str  # the keyword of EvidenceStore.add_incident or add_system


LOG_COLUMNS = (
    Column("date", "Date", f"When it happened, such as {EXAMPLE}.", "date"),
    Column("system", "System", "What the system is called at work.", "system"),
    Column("decides", "What it decides or measures", "For example: units per hour.", "decides"),
    Column("where", "Where", "Site, department or shift.", "location"),
    Column(
        "what",
        "What happened",
        "In your own words, with the numbers; left out of exports unless asked.",
        "what",
    ),
    Column("effect", "Effect", "What it did: written up, hours cut, moved station...", "effect"),
    Column(
        "group",
        "Group affected",
        "Who it affected, e.g. night shift (not a name).",
        "affected_group",
    ),
    Column(
        "action",
        "What was said or done",
        'By whom, as a role: lead said "the system sets it".',
        "action",
    ),
    Column(
        "source", "Evidence kept", "Your notes, a notice posted to all, your pay slip.", "source"
    ),
    Column("reporter", "Reporter code", "The code your group gave you, never a name.", "reporter"),
)
#: The headings, in order: the paper sheet's table and the book's log.
LOG_LABELS = [column.label for column in LOG_COLUMNS]
