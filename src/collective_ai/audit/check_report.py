"""A check of a published audit (:mod:`collective_ai.audit.check`), in words: Markdown or HTML.

Every name that came from the file is escaped; figures are shown as percentages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the report is built by check.py, not imported from it
    from collective_ai.audit.check import CheckReport

LABELS = {
    "crosses_four_fifths": "other side of four-fifths",
    "rate_inconsistent": "rate does not fit its counts",
    "ratio_inconsistent": "ratio does not fit the counts",
    "missing": "missing",
    "too_small": "too few people to tell",
    "rounding": "publisher's rounding",
    "excluded": "left out (under 2%)",
    "unknown": "unknown category",
    "match": "matches",
}


def to_markdown(report: CheckReport) -> str:
    """A printable Markdown report; every name from the file is escaped, on one line."""
    from collective_ai.escaping import markdown_cell as md

    lines = ["# Check of a published bias audit", ""]
    if report.source:
        lines += [f"File: {md(report.source)}", ""]
    lines += ["| Finding | Rows |", "| --- | --- |"]
    lines += [f"| {LABELS[k]} | {n} |" for k, n in report.counts().items()]
    lines += [
        "",
        "| Table | Category | People | Printed rate | Exact rate | Printed ratio "
        "| Exact ratio | Finding |",
        "|" + " --- |" * 8,
    ]
    for r in report.rows:
        exact_rate = "–" if r.exact_rate is None else f"{r.exact_rate:.2%}"
        exact_ratio = "–" if r.exact_ratio is None else f"{r.exact_ratio:.4f}"
        cells = [
            md(r.table),
            md(r.category),
            "–" if r.applicants is None else str(r.applicants),
            md(r.printed_rate or "–"),
            exact_rate,
            md(r.printed_ratio or "–"),
            exact_ratio,
            LABELS[r.status],
        ]
        lines.append("| " + " | ".join(cells) + " |")
    details = [(r, f) for r in report.rows for f in r.findings if f.kind != "match"]
    if details:
        lines += ["", "## What each finding means", ""]
        lines += [f"- {md(r.table)}, {md(r.category)}: {md(f.message)}." for r, f in details]
    lines += [
        "",
        "Exact figures are recomputed from the counts with fractions. A training "
        "aid, not legal advice.",
    ]
    return "\n".join(lines) + "\n"


def html_table(report: CheckReport, *, table: str | None = None) -> str:
    """The rows of one table (or all) as an HTML table in words and percentages."""
    from collective_ai.escaping import escape_html as h

    head = ["Category", "People", "Printed rate", "Rate from the counts", "Printed ratio"]
    head += ["Ratio from the counts", "Finding"]
    body = []
    for r in report.rows:
        if table is not None and r.table != table:
            continue
        cells = [
            "–" if r.applicants is None else f"{r.applicants:,}",
            h(r.printed_rate or "–"),
            "–" if r.exact_rate is None else f"{r.exact_rate:.1%}",
            h(r.printed_ratio or "–"),
            "–" if r.exact_ratio is None else f"{r.exact_ratio:.3f}",
            LABELS[r.status],
        ]
        row = f'<th scope="row">{h(r.category)}</th>' + "".join(f"<td>{c}</td>" for c in cells)
        body.append(f"<tr>{row}</tr>")
    caption = f"Check of the table by {h(table)}" if table else "Check of the published tables"
    columns = "".join(f'<th scope="col">{c}</th>' for c in head)
    return (
        f"<table><caption>{caption}</caption><thead><tr>{columns}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )
