"""One layout for the evidence log, on paper and on screen.

The paper log sheet (:mod:`collective_ai.evidence.paper`), the form of
:class:`collective_ai.widgets.evidence_log.EvidenceLog` and the log in the book's
"Practical steps" chapter (and the workshop handout printed from it) show these columns, in
this order and under these names, so a sheet filled in by hand is typed into the form field
by field. ``tests/test_log_layout.py`` compares them.
"""

from __future__ import annotations

from typing import NamedTuple

from collective_ai.dates import example
from collective_ai.i18n import N_, _


class Column(NamedTuple):
    """One column of the log: the form's control, its heading, its hint, its stored field."""

    name: str
    label: str
    hint: str
    field: str  # the keyword of EvidenceStore.add_incident or add_system

    @property
    def shown_label(self) -> str:
        """The heading in the language in use."""
        return _(self.label)

    @property
    def shown_hint(self) -> str:
        """The hint in the language in use, its example date written in that language."""
        return _(self.hint).format(example=example())


LOG_COLUMNS = (
    Column("date", N_("Date"), N_("When it happened, such as {example}."), "date"),
    Column("system", N_("System"), N_("What the system is called at work."), "system"),
    Column(
        "decides",
        N_("What it decides or measures"),
        N_("For example: units per hour."),
        "decides",
    ),
    Column("where", N_("Where"), N_("Site, department or shift."), "location"),
    Column(
        "what",
        N_("What happened"),
        N_("In your own words, with the numbers; left out of exports unless asked."),
        "what",
    ),
    Column(
        "effect",
        N_("Effect"),
        N_("What it did: written up, hours cut, moved station..."),
        "effect",
    ),
    Column(
        "group",
        N_("Group affected"),
        N_("Who it affected, e.g. night shift (not a name)."),
        "affected_group",
    ),
    Column(
        "action",
        N_("What was said or done"),
        N_('By whom, as a role: lead said "the system sets it".'),
        "action",
    ),
    Column(
        "source",
        N_("Evidence kept"),
        N_("Your notes, a notice posted to all, your pay slip."),
        "source",
    ),
    Column(
        "reporter",
        N_("Reporter code"),
        N_("The code your group gave you, never a name."),
        "reporter",
    ),
)
#: The headings, in order: the paper sheet's table and the book's log (English; shown
#: through :func:`shown_labels`).
LOG_LABELS = [column.label for column in LOG_COLUMNS]


def shown_labels() -> list[str]:
    """:data:`LOG_LABELS` in the language in use."""
    return [column.shown_label for column in LOG_COLUMNS]
