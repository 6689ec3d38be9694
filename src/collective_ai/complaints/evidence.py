"""What a pack is built from: the evidence log, an audit, or a check of a published audit.

The log gives the facts (one per incident, in date order) and an evidence summary whose
counts follow the survey's small-count rule (:func:`collective_ai.evidence.suppress`):
no count from 1 to k-1 is shown, nor one that would give such a count away by
subtraction. The facts name no one: a date, the system and what it did, never the
reporter, the group affected or the words a worker wrote.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from collective_ai.audit.check_report import label, to_markdown
from collective_ai.demands.document import Attachment, check_attachment
from collective_ai.errors import InputError
from collective_ai.evidence.documents import markdown_table
from collective_ai.evidence.faults import LogFault
from collective_ai.evidence.store import EvidenceStore
from collective_ai.evidence.summary import counts
from collective_ai.evidence.suppression import DEFAULT_K, check_k, suppress
from collective_ai.i18n import _, ngettext


@dataclass(frozen=True)
class Fact:
    """One dated event the pack states: typed text, kept as data in every format.

    Parameters
    ----------
    date : datetime.date
        When it happened.
    system : str
        The system's name, as the log has it.
    text : str
        What it did ("written up"), as typed.
    """

    date: dt.date
    system: str
    text: str


def open_log(path):
    """The evidence log at ``path``, read-only; a missing file is an error, not an empty log."""
    path = Path(path)
    if not path.is_file():
        raise InputError(_("there is no evidence log at {path}").format(path=path), field="log")
    try:
        return EvidenceStore(path, read_only=True)
    except LogFault as fault:  # another program's file, a damaged log: said in words
        raise InputError(fault.message, field="log") from None


def log_facts(store, *, system: str | None = None) -> list[Fact]:
    """The log's incidents (of one system, if given) as facts, oldest first.

    Parameters
    ----------
    store : EvidenceStore
        The committee's log.
    system : str, optional
        Only this system's incidents.

    Returns
    -------
    list of Fact

    Raises
    ------
    InputError
        ``system`` names no system in the log.
    """
    incidents = [i for i in store.incidents() if not system or i.system.lower() == system.lower()]
    if system and not incidents:
        raise InputError(
            _("the log has no incident with the system {system!r}").format(system=system),
            field="system",
        )
    return [Fact(dt.date.fromisoformat(i.date), i.system, i.effect) for i in incidents]


def _protected_table(label: str, counted: list[tuple[str, int]], *, k: int) -> str:
    from collective_ai.evidence.survey import HIDDEN

    values = dict(counted)
    total = sum(values.values())
    hidden = suppress({"all": values}, totals={"all": total}, k=k).cells if values else ()
    rows = [[name, _(HIDDEN) if ("all", name) in hidden else n] for name, n in counted]
    return markdown_table([label, _("Incidents")], rows)


def summary_markdown(store, *, system: str | None = None, k: int = DEFAULT_K) -> str:
    """The evidence summary for a pack: counts with small ones hidden, and the inventory.

    Parameters
    ----------
    store : EvidenceStore
        The committee's log.
    system : str, optional
        Only this system's incidents.
    k : int
        No count from 1 to ``k - 1`` is shown (the survey's threshold, at least 3).

    Returns
    -------
    str
        Markdown with every typed value escaped.
    """
    from collective_ai.dates import show_date  # the date range in the pack's language

    k = check_k(k)
    incidents = [i for i in store.incidents() if not system or i.system.lower() == system.lower()]
    systems = [s for s in store.systems() if not system or s.name.lower() == system.lower()]
    parts = []
    if len(incidents) >= k:
        parts.append(
            _("The log holds {count} incidents from {first} to {last}.").format(
                count=len(incidents),
                first=show_date(incidents[0].date),
                last=show_date(incidents[-1].date),
            )
        )
        parts.append(_protected_table(_("System"), counts(incidents, by="system"), k=k))
        parts.append(_protected_table(_("Effect"), counts(incidents, by="effect"), k=k))
    else:
        parts.append(
            _(
                "The log holds fewer than {k} incidents, so no counts are shown: a small "
                "count can point to one person."
            ).format(k=k)
        )
    parts.append(_("Systems in use:"))
    rows = [[s.name, s.vendor, s.decides, s.affects, s.location, s.since] for s in systems]
    headers = [_("System"), _("Vendor"), _("What it decides"), _("Who it affects")]
    headers += [_("Where"), _("In use since")]
    parts.append(markdown_table(headers, rows))
    parts.append(
        _(
            "Counts from 1 to {most} are hidden, and so is any count that would let one be "
            "worked out by subtraction. Workers' own words, reporter codes and the groups "
            "affected stay with the committee."
        ).format(most=k - 1)
    )
    return "\n\n".join(parts) + "\n"


def log_attachment(store, *, system: str | None = None, k: int = DEFAULT_K):
    """The protected evidence summary (:func:`summary_markdown`) as a pack's attachment.

    Parameters
    ----------
    store : EvidenceStore
        The committee's log.
    system : str, optional
        Only this system's incidents.
    k : int
        No count from 1 to ``k - 1`` is shown.

    Returns
    -------
    Attachment
    """
    return Attachment(_("Evidence summary"), summary_markdown(store, system=system, k=k))


def audit_check_attachment(report):
    """A check of a published audit as a pack's attachment.

    Parameters
    ----------
    report : CheckReport
        What :func:`collective_ai.audit.check.check_published` found.

    Returns
    -------
    Attachment
    """
    body = to_markdown(report).split("\n", 1)[1].lstrip()  # the pack gives the title
    return Attachment(_("Check of the published bias audit"), body)


def check_sentence(report) -> str:
    """What the check found, in one sentence for the pack's facts."""
    found = {k: n for k, n in report.counts().items() if n and k not in ("match", "unknown")}
    if not found:
        return _("Every printed figure in the published summary matches its own counts.")
    listed = "; ".join(
        ngettext("{finding}: {n} row", "{finding}: {n} rows", n).format(finding=label(k), n=n)
        for k, n in found.items()
    )
    return _("Recomputing the published summary from its own counts found: {findings}.").format(
        findings=listed
    )


def audit_attachment(report, *, data_description: str):
    """An audit (:func:`collective_ai.audit.audit`) attached with its own renderer."""
    return Attachment.from_audit(report, data_description=data_description)


def read_report(path) -> str:
    """An audit report saved as Markdown (``collective-ai audit --format markdown``)."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            _("no such file: {path}").format(path=path), field="audit-report"
        ) from None
    except (UnicodeDecodeError, OSError):
        raise InputError(
            _("{path} is not a readable UTF-8 text file").format(path=path), field="audit-report"
        ) from None


def combined(attachments: list):
    """One attachment from several (a document carries one), each under its own heading."""
    if not attachments:
        return None
    if len(attachments) == 1:
        joined = attachments[0]
    else:
        body = "\n\n".join(f"## {a.title}\n\n{a.markdown.strip()}" for a in attachments)
        joined = Attachment(_("Evidence"), body + "\n")
    check_attachment(joined)
    return joined
