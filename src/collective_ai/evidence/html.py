"""HTML for the chapter and the widgets: tables a learner reads, every value escaped.

Values go through :func:`_text`: HTML-escaped, with invisible direction controls and
zero-width characters spelt out as the evidence exports do.

Plain column names, counts in words where hidden, shares as percentages.
"""

from __future__ import annotations

from collective_ai.escaping import escape_html, show_invisible
from collective_ai.evidence.bank import load_bank


def _text(value) -> str:
    return escape_html(show_invisible(value))


def table(headers: list[str], rows: list[list], *, caption: str) -> str:
    head = "".join(f'<th scope="col">{escape_html(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_text(v)}</td>" for v in row) + "</tr>" for row in rows)
    return (
        f"<table><caption>{_text(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def summary_table(summary) -> str:
    """A survey summary: group, answer, people (or "hidden"), share of the group."""
    return table(*summary.table(), caption=f"{summary.question}: people and share of each group")


def totals_table(summary) -> str:
    return table(*summary.totals_table(), caption="People who answered, by group")


def bullets(lines) -> str:
    """A list of lines, each escaped."""
    return "<ul>" + "".join(f"<li>{_text(line)}</li>" for line in lines) + "</ul>"


def notes_list(summary) -> str:
    return bullets(summary.notes)


def findings_list(summary) -> str:
    """Each finding the survey supports, and the demands that answer it."""
    if not summary.findings:
        return "<p>No finding from this question reaches the threshold.</p>"
    items = []
    for finding in summary.findings:
        demands = "; ".join(_text(t["title"]) for t in finding["templates"])
        items.append(
            f"<li><b>{_text(finding['meaning'][:1].upper() + finding['meaning'][1:])}</b> "
            f"({finding['people']} people answered \u201c{_text(finding['answer'])}\u201d). "
            f"Demands that answer it: {demands}.</li>"
        )
    return "<ul>" + "".join(items) + "</ul>"


PHASE_NAMES = {
    "systems": "Which systems are in use",
    "effects": "How they affect evaluations and assignments",
    "bias": "Patterns of unfair treatment",
    "training": "Training and support",
    "outcomes": "Outcomes an audit can compare",
    "breakdown": "Groups to compare",
}


def bank_table() -> str:
    """The question bank: what each question asks and its answers."""
    rows = [
        [PHASE_NAMES[q.phase], q.text, "several" if q.multi else "one", ", ".join(q.options)]
        for q in load_bank()
    ]
    return table(
        ["Part", "Question", "Answers to pick", "Answers"], rows, caption="The question bank"
    )


def suppression_table(
    counts: dict, totals: dict, result, *, caption: str, by: str = "Group"
) -> str:
    """A small hand-worked table after :func:`~collective_ai.evidence.suppression.suppress`."""
    answers = list(next(iter(counts.values())))
    rows = [
        [
            group,
            "hidden" if group in result.totals else totals[group],
            *("hidden" if (group, a) in result.cells else counts[group][a] for a in answers),
        ]
        for group in counts
    ]
    return table([by, "People", *answers], rows, caption=caption)
