"""A check of a published audit (:mod:`collective_ai.audit.check`), in words: Markdown or HTML.

Every name that came from the file is escaped; figures are shown as percentages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collective_ai.i18n import N_, _, format_decimal, format_number, format_percent

if TYPE_CHECKING:  # annotations only: the report is built by check.py, not imported from it
    from collective_ai.audit.check import CheckReport

#: Each finding's name in the tables (translated where shown: :func:`label`).
LABELS = {
    "crosses_four_fifths": N_("other side of four-fifths"),
    "rate_inconsistent": N_("rate does not fit its counts"),
    "ratio_inconsistent": N_("ratio does not fit the counts"),
    "missing": N_("missing"),
    "too_small": N_("too few people to tell"),
    "rounding": N_("publisher's rounding"),
    "excluded": N_("left out (under 2%)"),
    "unknown": N_("unknown category"),
    "match": N_("matches"),
}


def label(kind: str) -> str:
    """The name of a finding's kind, in the language in use."""
    return _(LABELS[kind])


def to_markdown(report: CheckReport) -> str:
    """A printable Markdown report; every name from the file is escaped, on one line."""
    from collective_ai.escaping import markdown_cell as md

    lines = ["# " + _("Check of a published bias audit"), ""]
    if report.source:
        lines += [_("File: {name}").format(name=md(report.source)), ""]
    lines += ["| " + _("Finding") + " | " + _("Rows") + " |", "| --- | --- |"]
    lines += [f"| {label(k)} | {n} |" for k, n in report.counts().items()]
    head = [_("Table"), _("Category"), _("People"), _("Printed rate"), _("Exact rate")]
    head += [_("Printed ratio"), _("Exact ratio"), _("Finding")]
    lines += ["", "| " + " | ".join(head) + " |", "|" + " --- |" * 8]
    for r in report.rows:
        exact_rate = "–" if r.exact_rate is None else format_percent(r.exact_rate, 2)
        exact_ratio = "–" if r.exact_ratio is None else format_decimal(r.exact_ratio, 4)
        cells = [
            md(r.table),
            md(r.category),
            "–" if r.applicants is None else str(r.applicants),
            md(r.printed_rate or "–"),
            exact_rate,
            md(r.printed_ratio or "–"),
            exact_ratio,
            label(r.status),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    details = [(r, f) for r in report.rows for f in r.findings if f.kind != "match"]
    if details:
        lines += ["", "## " + _("What each finding means"), ""]
        lines += [f"- {md(r.table)}, {md(r.category)}: {md(f.message)}." for r, f in details]
    lines += [
        "",
        _(
            "Exact figures are recomputed from the counts with fractions. A training "
            "aid, not legal advice."
        ),
    ]
    return "\n".join(lines) + "\n"


def html_table(report: CheckReport, *, table: str | None = None) -> str:
    """The rows of one table (or all) as an HTML table in words and percentages."""
    from collective_ai.escaping import escape_html as h

    head = [_("Category"), _("People"), _("Printed rate"), _("Rate from the counts")]
    head += [_("Printed ratio"), _("Ratio from the counts"), _("Finding")]
    body = []
    for r in report.rows:
        if table is not None and r.table != table:
            continue
        cells = [
            "–" if r.applicants is None else format_number(r.applicants),
            h(r.printed_rate or "–"),
            "–" if r.exact_rate is None else format_percent(r.exact_rate, 1),
            h(r.printed_ratio or "–"),
            "–" if r.exact_ratio is None else format_decimal(r.exact_ratio, 3),
            label(r.status),
        ]
        row = f'<th scope="row">{h(r.category)}</th>' + "".join(f"<td>{c}</td>" for c in cells)
        body.append(f"<tr>{row}</tr>")
    caption = (
        _("Check of the table by {name}").format(name=h(table))
        if table
        else _("Check of the published tables")
    )
    columns = "".join(f'<th scope="col">{c}</th>' for c in head)
    return (
        f"<table><caption>{caption}</caption><thead><tr>{columns}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )
