"""HTML for the chapter and the widgets: tables a learner reads, every value escaped.

Values go through :func:`_text`: HTML-escaped, with invisible direction controls and
zero-width characters spelt out as the evidence exports do.

Plain column names, counts in words where hidden, shares as percentages.
"""

from __future__ import annotations

from collective_ai.escaping import escape_html, show_invisible
from collective_ai.evidence.bank import load_bank, shown_options, shown_text
from collective_ai.i18n import N_, _, ngettext


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
    caption = _("{question}: people and share of each group").format(question=summary.question)
    return table(*summary.table(), caption=caption)


def totals_table(summary) -> str:
    return table(*summary.totals_table(), caption=_("People who answered, by group"))


def bullets(lines) -> str:
    """A list of lines, each escaped."""
    return "<ul>" + "".join(f"<li>{_text(line)}</li>" for line in lines) + "</ul>"


def notes_list(summary) -> str:
    return bullets(summary.notes)


def findings_list(summary) -> str:
    """Each finding the survey supports, and the demands that answer it."""
    if not summary.findings:
        return "<p>" + _text(_("No finding from this question reaches the threshold.")) + "</p>"
    items = []
    for finding in summary.findings:
        demands = "; ".join(_text(t["title"]) for t in finding["templates"])
        meaning = _(finding["meaning"])
        answered = ngettext(
            "({count} person answered \u201c{answer}\u201d).",
            "({count} people answered \u201c{answer}\u201d).",
            finding["people"],
        ).format(count=finding["people"], answer=_text(finding["answer"]))
        said = _("Demands that answer it: {demands}.").format(demands=demands)
        items.append(
            f"<li><b>{_text(meaning[:1].upper() + meaning[1:])}</b> {answered} {said}</li>"
        )
    return "<ul>" + "".join(items) + "</ul>"


PHASE_NAMES = {
    "systems": N_("Which systems are in use"),
    "effects": N_("How they affect evaluations and assignments"),
    "bias": N_("Patterns of unfair treatment"),
    "training": N_("Training and support"),
    "outcomes": N_("Outcomes an audit can compare"),
    "breakdown": N_("Groups to compare"),
}


def bank_table() -> str:
    """The question bank: what each question asks and its answers."""
    rows = [
        [
            _(PHASE_NAMES[q.phase]),
            shown_text(q),
            _("several") if q.multi else _("one"),
            ", ".join(shown_options(q)),
        ]
        for q in load_bank()
    ]
    headers = [_("Part"), _("Question"), _("Answers to pick"), _("Answers")]
    return table(headers, rows, caption=_("The question bank"))


def suppression_table(
    counts: dict, totals: dict, result, *, caption: str, by: str | None = None
) -> str:
    """A small hand-worked table after :func:`~collective_ai.evidence.suppression.suppress`."""
    answers = list(next(iter(counts.values())))
    hidden = _("hidden")
    rows = [
        [
            group,
            hidden if group in result.totals else totals[group],
            *(hidden if (group, a) in result.cells else counts[group][a] for a in answers),
        ]
        for group in counts
    ]
    return table([by or _("Group"), _("People"), *answers], rows, caption=caption)
