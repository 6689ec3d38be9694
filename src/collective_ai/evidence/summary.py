"""The evidence summary a committee attaches to an information request or a charge.

Counts by system and by effect, a timeline and the systems inventory. Narrative text (what
happened, what was done, how workers know, reporter codes) stays out unless
``include_text`` is set: a summary may travel further than the group that wrote it.
"""

from __future__ import annotations

from collections import Counter

from collective_ai.dates import show_date
from collective_ai.evidence import documents
from collective_ai.evidence.store import EvidenceStore, Incident, System
from collective_ai.i18n import N_, _, ngettext, pgettext

TITLE = N_("Evidence summary: AI systems at work")
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
    parts = [f"# {_(TITLE)}"]
    if incidents:
        first, last = show_date(incidents[0].date), show_date(incidents[-1].date)
        recorded = ngettext(
            "{count} incident recorded from {first} to {last}",
            "{count} incidents recorded from {first} to {last}",
            len(incidents),
        ).format(count=len(incidents), first=first, last=last)
        involving = ngettext(
            "involving {count} system", "involving {count} systems", len(systems)
        ).format(count=len(systems))
        parts.append(_("{recorded}, {involving}.").format(recorded=recorded, involving=involving))
    else:
        parts.append(_("No incidents have been recorded yet."))
    parts.append("## " + _("Incidents by system"))
    parts.append(
        documents.markdown_table([_("System"), _("Incidents")], counts(incidents, by="system"))
    )
    parts.append("## " + _("Incidents by effect"))
    parts.append(
        documents.markdown_table([_("Effect"), _("Incidents")], counts(incidents, by="effect"))
    )
    parts.append("## " + _("Timeline"))
    headers = [_("Date"), _("System"), _("Effect"), _("Group affected")]
    rows = [[show_date(i.date), i.system, i.effect, i.affected_group] for i in incidents]
    if include_text:
        headers += [_("What happened"), _("What was done"), _("Outcome"), _("How we know")]
        rows = [
            [*row, i.what, i.action, i.outcome, i.source]
            for row, i in zip(rows, incidents, strict=True)
        ]
    parts.append(documents.markdown_table(headers, rows))
    parts.append("## " + _("Systems inventory"))
    headers = [
        _("System"),
        _("Vendor"),
        _("What it decides or measures"),
        _("Who it affects"),
        _("Where"),
        _("In use since"),
    ]
    rows = [[s.name, s.vendor, s.decides, s.affects, s.location, s.since] for s in systems]
    if include_text:
        headers.append(_("How workers know"))
        rows = [[*row, s.known_from] for row, s in zip(rows, systems, strict=True)]
    parts.append(documents.markdown_table(headers, rows))
    if not include_text:
        parts.append(
            _(
                "Accounts in workers' own words are kept by the committee and left out of this summary."
            )
        )
    return "\n\n".join(parts) + "\n"


def csv_table(incidents: list[Incident], *, include_text: bool = False):
    """Headers and rows for a spreadsheet: the stored fields, named in the language in use
    (English keeps the field names: ``id``, ``date``, ...); dates stay ISO, so they sort."""
    fields = CSV_FIELDS + (CSV_TEXT_FIELDS if include_text else ())
    return [_csv_header(f) for f in fields], [[getattr(i, f) for f in fields] for i in incidents]


def _csv_header(field: str) -> str:
    return {
        "id": pgettext("csv column", "id"),
        "date": pgettext("csv column", "date"),
        "system": pgettext("csv column", "system"),
        "effect": pgettext("csv column", "effect"),
        "affected_group": pgettext("csv column", "affected_group"),
        "what": pgettext("csv column", "what"),
        "action": pgettext("csv column", "action"),
        "outcome": pgettext("csv column", "outcome"),
        "source": pgettext("csv column", "source"),
        "reporter": pgettext("csv column", "reporter"),
    }[field]


def export(store: EvidenceStore, *, fmt: str, include_text: bool = False) -> str | bytes:
    """The evidence summary of ``store`` as Markdown, HTML, .docx or CSV."""
    incidents = store.incidents()
    markdown = summary_markdown(store.systems(), incidents, include_text=include_text)
    table = csv_table(incidents, include_text=include_text)
    return documents.render(markdown, fmt=fmt, title=_(TITLE), table=table)


def attachment(store: EvidenceStore, *, include_text: bool = False):
    """The summary as an attachment for the drafter's information-request letter."""
    from collective_ai.demands import Attachment

    markdown = summary_markdown(store.systems(), store.incidents(), include_text=include_text)
    body = markdown.split("\n", 1)[1].lstrip()  # the letter gives the attachment its title
    return Attachment(_("Evidence summary"), body)
