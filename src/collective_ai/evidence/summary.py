"""The evidence summary a committee attaches to an information request or a charge.

Counts by system and by effect, a timeline and the systems inventory. Narrative text (what
happened, what was done, how workers know, reporter codes) stays out unless
``include_text`` is set: a summary may travel further than the group that wrote it.
"""

from __future__ import annotations

from collections import Counter

from collective_ai.evidence import documents
from collective_ai.evidence.store import EvidenceStore, Incident, System

TITLE = "Evidence summary: AI systems at work"
CSV_FIELDS = ("id", "date", "system", "effect", "affected_group")
CSV_TEXT_FIELDS = ("what", "action", "outcome", "source", "reporter")


def counts(incidents: list[Incident], *, by: str) -> list[tuple[str, int]]:
    """How many incidents per value of ``by`` (``system`` or ``effect``), most first."""
    tally = Counter(getattr(i, by).strip() for i in incidents)
    return sorted(tally.items(), key=lambda item: (-item[1], item[0].lower()))


def summary_markdown(
    systems: list[System], incidents: list[Incident], *, include_text: bool = False
) -> str:
    """The summary as Markdown with every typed value escaped.

    Parameters
    ----------
    systems : list of System
        The systems in the log.
    incidents : list of Incident
        The incidents, oldest first.
    include_text : bool
        Include the free-text fields, which can identify people; off unless the
        committee asks for them.

    Returns
    -------
    str
    """
    parts = [f"# {TITLE}"]
    if incidents:
        first, last = incidents[0].date, incidents[-1].date
        parts.append(
            f"{len(incidents)} incident{'s' * (len(incidents) != 1)} recorded from {first} "
            f"to {last}, involving {len(systems)} system{'s' * (len(systems) != 1)}."
        )
    else:
        parts.append("No incidents have been recorded yet.")
    parts.append("## Incidents by system")
    parts.append(documents.markdown_table(["System", "Incidents"], counts(incidents, by="system")))
    parts.append("## Incidents by effect")
    parts.append(documents.markdown_table(["Effect", "Incidents"], counts(incidents, by="effect")))
    parts.append("## Timeline")
    headers = ["Date", "System", "Effect", "Group affected"]
    rows = [[i.date, i.system, i.effect, i.affected_group] for i in incidents]
    if include_text:
        headers += ["What happened", "What was done", "Outcome", "How we know"]
        rows = [
            [*row, i.what, i.action, i.outcome, i.source]
            for row, i in zip(rows, incidents, strict=True)
        ]
    parts.append(documents.markdown_table(headers, rows))
    parts.append("## Systems inventory")
    headers = [
        "System",
        "Vendor",
        "What it decides or measures",
        "Who it affects",
        "Where",
        "In use since",
    ]
    rows = [[s.name, s.vendor, s.decides, s.affects, s.location, s.since] for s in systems]
    if include_text:
        headers.append("How workers know")
        rows = [[*row, s.known_from] for row, s in zip(rows, systems, strict=True)]
    parts.append(documents.markdown_table(headers, rows))
    if not include_text:
        parts.append(
            "Accounts in workers' own words are kept by the committee and left out of this summary."
        )
    return "\n\n".join(parts) + "\n"


def csv_table(incidents: list[Incident], *, include_text: bool = False):
    fields = CSV_FIELDS + (CSV_TEXT_FIELDS if include_text else ())
    return list(fields), [[getattr(i, f) for f in fields] for i in incidents]


def export(store: EvidenceStore, *, fmt: str, include_text: bool = False) -> str | bytes:
    """The evidence summary of ``store`` as Markdown, HTML, .docx or CSV."""
    incidents = store.incidents()
    markdown = summary_markdown(store.systems(), incidents, include_text=include_text)
    table = csv_table(incidents, include_text=include_text)
    return documents.render(markdown, fmt=fmt, title=TITLE, table=table)


def attachment(store: EvidenceStore, *, include_text: bool = False):
    """The summary as an attachment for the drafter's information-request letter."""
    from collective_ai.demands import Attachment

    markdown = summary_markdown(store.systems(), store.incidents(), include_text=include_text)
    body = markdown.split("\n", 1)[1].lstrip()  # the letter gives the attachment its title
    return Attachment("Evidence summary", body)
