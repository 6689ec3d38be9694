"""Tables a learner reads: words and percentages, plain column names, no data-frame dumps.

A lab chapter shows results to people who do not program. So a table says "13%" and
"below four-fifths", not ``0.129`` and ``True``; it has a caption; and it renders the same
in the book, JupyterLab, Voila and print (an HTML ``<table>``, with a plain-text form for
terminals and the notebook tests). The raw data stay available behind a toggle
(:func:`for_the_curious`) for a learner who wants to see them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from collective_ai.audit.tables import AuditTable
from collective_ai.embed import scroll_box
from collective_ai.escaping import escape_html
from collective_ai.scoring import get_scenario
from collective_ai.scoring.params import fmt

TABLE_CLASS = "collective-ai-table"
# Inline styles, so the table reads the same in the book, JupyterLab and Voila: ruled rows,
# a caption in the body colour (WCAG AA), and category names kept on one line.
_TABLE = "border-collapse:collapse;margin:0.5em 0"
_CAPTION = "caption-side:top;text-align:left;font-weight:600;padding:0.25em 0;color:inherit"
_CELL = "border-bottom:1px solid #767676;padding:0.3em 0.6em;text-align:left;vertical-align:top"
_NAME = _CELL + ";white-space:nowrap"
_SHORT = 24  # a cell this short ("below four-fifths", "13%") stays on one line


def _td(cell: str) -> str:
    style = _NAME if len(cell) <= _SHORT else _CELL
    return f'<td style="{style}">{escape_html(cell)}</td>'


@dataclass(frozen=True)
class LearnerTable:
    """A captioned table of already-worded cells; displays as HTML in every view."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def _repr_html_(self) -> str:
        head = "".join(
            f'<th scope="col" style="{_CELL}">{escape_html(c)}</th>' for c in self.columns
        )
        body = "".join(
            "<tr>"
            + "".join(
                f'<th scope="row" style="{_NAME}">{escape_html(cell)}</th>' if i == 0 else _td(cell)
                for i, cell in enumerate(row)
            )
            + "</tr>"
            for row in self.rows
        )
        return scroll_box(
            f'<table class="{TABLE_CLASS}" style="{_TABLE}">'
            f'<caption style="{_CAPTION}">{escape_html(self.caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )

    def __str__(self) -> str:
        rows = [self.columns, *self.rows]
        widths = [max(len(row[i]) for row in rows) for i in range(len(self.columns))]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
        ]
        return "\n".join([self.caption, *lines])

    __repr__ = __str__


def percent(value: float | None) -> str:
    """``0.129`` as "13%"; a missing rate as "no one"."""
    return "–" if value is None else f"{value:.0%}"


def verdict(below: bool | None) -> str:
    """The four-fifths verdict in words."""
    if below is None:
        return "cannot say"
    return "below four-fifths" if below else "at or above four-fifths"


def audit_view(table: AuditTable, *, caption: str | None = None) -> LearnerTable:
    """One audit table: people, how many selected, the rate and the verdict, in words."""
    rows = []
    for group in table.groups.values():
        if group.excluded:
            judged = "left out (under 2% of the data)"
        elif group.impact_ratio is None:
            judged = "cannot say"
        else:
            judged = verdict(group.four_fifths_flag)
        rows.append(
            (
                group.name,
                f"{group.n:,}",
                "–" if group.selected is None else f"{group.selected:,}",
                percent(group.selection_rate),
                percent(group.impact_ratio),
                judged,
            )
        )
    return LearnerTable(
        caption=caption or f"Selection rates by {table.label}",
        columns=(
            table.label.capitalize(),
            "People",
            "Selected",
            "Share selected",
            "Rate compared with the highest group",
            "Four-fifths rule",
        ),
        rows=tuple(rows),
    )


def _judged(row: pd.Series) -> str:
    """A sweep's or a round's verdict in words: the audit's exact one, or "cannot say"."""
    return (
        verdict(bool(row["below_four_fifths"])) if pd.notna(row["impact_ratio"]) else "cannot say"
    )


def sweep_view(frame: pd.DataFrame, *, scenario: str, parameter: str, caption: str) -> LearnerTable:
    """A :func:`collective_ai.scoring.sweep` result: one row per setting, in words."""
    spec = get_scenario(scenario)
    label = spec.parameters[parameter].label
    rows = tuple(
        (
            fmt(row[parameter]),
            percent(row[spec.group]),
            percent(row[spec.other]),
            percent(row["impact_ratio"]),
            _judged(row),
        )
        for _, row in frame.iterrows()
    )
    return LearnerTable(
        caption=caption,
        columns=(
            label,
            f"{spec.group}: share who {spec.favourable_verb}",
            f"{spec.other}: share who {spec.favourable_verb}",
            f"{spec.group} rate as a share of {spec.other.lower()} rate",
            "Four-fifths rule",
        ),
        rows=rows,
    )


def rounds_view(result, *, caption: str) -> LearnerTable:
    """A repeated score, round by round (:attr:`ScoringResult.by_round`), in words."""
    spec = result.scenario
    frame = result.by_round
    rows = tuple(
        (
            f"{spec.round_noun.capitalize()} {index}",
            percent(row[spec.group]),
            percent(row[spec.other]),
            percent(row["impact_ratio"]),
            _judged(row),
        )
        for index, row in frame.iterrows()
    )
    return LearnerTable(
        caption=caption,
        columns=(
            spec.round_noun.capitalize(),
            f"{spec.group}: share who {spec.favourable_verb}",
            f"{spec.other}: share who {spec.favourable_verb}",
            f"{spec.group} rate as a share of {spec.other.lower()} rate",
            "Four-fifths rule",
        ),
        rows=rows,
    )


def controls_view(scenario: str) -> LearnerTable:
    """What each control of a scoring lab means, its range and where it starts."""
    spec = get_scenario(scenario)
    rows = tuple(
        (p.label, f"{fmt(p.low)} to {fmt(p.high)}", fmt(p.default), p.units, p.help)
        for p in spec.parameters.values()
        if p.high > p.low
    )
    return LearnerTable(
        caption=f"The controls of the {spec.title.lower()} lab",
        columns=("Control", "Range", "Starts at", "Units", "What it means"),
        rows=rows,
    )


@dataclass(frozen=True)
class Curious:
    """Raw data behind a closed toggle, for a learner who wants to see them."""

    label: str
    frame: pd.DataFrame

    def _repr_html_(self) -> str:
        table = self.frame.to_html(float_format=lambda v: f"{v:.3f}", border=0)
        return (
            f"<details><summary>{escape_html(self.label)}</summary>"
            f'<div class="collective-ai-curious">{table}</div></details>'
        )

    def __repr__(self) -> str:
        return f"{self.label}\n{self.frame.to_string()}"


def for_the_curious(frame: pd.DataFrame, *, label: str) -> Curious:
    """Wrap a data frame so it shows only when the learner opens it."""
    return Curious(label=label, frame=frame)


@dataclass(frozen=True)
class Sentences:
    """A few plain sentences (an audit's readings, its notes), as a list in every view."""

    items: tuple[str, ...]

    def _repr_html_(self) -> str:
        if len(self.items) == 1:
            return f"<p>{escape_html(self.items[0])}</p>"
        return "<ul>" + "".join(f"<li>{escape_html(s)}</li>" for s in self.items) + "</ul>"

    def __repr__(self) -> str:
        return "\n".join(self.items)


def sentences(*items: str) -> Sentences:
    """Show sentences as text a learner reads, not as a program's printout."""
    return Sentences(items=tuple(items))


def intervals_view(table: AuditTable) -> LearnerTable:
    """Each group's selection rate with its 95% Wilson interval, in percentages."""
    rows = tuple(
        (
            group.name,
            f"{group.n:,}",
            percent(group.selection_rate),
            "–" if group.ci95 is None else f"{percent(group.ci95[0])} to {percent(group.ci95[1])}",
        )
        for group in table.groups.values()
    )
    return LearnerTable(
        caption=f"How sure are the rates? 95% intervals by {table.label}",
        columns=(table.label.capitalize(), "People", "Share selected", "Likely range (95%)"),
        rows=rows,
    )


def templates_view(library) -> LearnerTable:
    """The demand library: one row per template, grouped by family."""
    rows = tuple((t.title, t.family_title, t.id) for t in library)
    return LearnerTable(
        caption=f"{len(rows)} demand templates",
        columns=("Demand", "Family", "Short name"),
        rows=rows,
    )


def findings_view(findings: dict[str, str]) -> LearnerTable:
    """The audit findings a demand can answer, with what each means."""
    return LearnerTable(
        caption="Findings the demand library answers",
        columns=("Finding", "What it means"),
        rows=tuple((name, meaning) for name, meaning in findings.items()),
    )


def fields_view(fields: dict[str, str], *, caption: str) -> LearnerTable:
    """The details a committee fills in for a document."""
    return LearnerTable(
        caption=caption,
        columns=("Detail", "Value"),
        rows=tuple((name.replace("_", " "), value) for name, value in fields.items()),
    )


@dataclass(frozen=True)
class DemandCard:
    """One demand template in plain words: why, where it was won, what it answers."""

    template: object

    def _repr_html_(self) -> str:
        t = self.template
        precedents = "".join(
            f"<li>{escape_html(p.text)} <cite>{escape_html(p.cite)}</cite></li>"
            for p in t.precedents
        )
        return (
            f'<div class="collective-ai-card"><p><b>{escape_html(t.title)}</b> '
            f"({escape_html(t.family_title)})</p><p><b>Why:</b> {escape_html(t.rationale)}</p>"
            f"<p><b>Where workers have won it:</b></p><ul>{precedents}</ul></div>"
        )

    def __repr__(self) -> str:
        return self.template.describe()


def demand_view(template) -> DemandCard:
    """A demand template as a card a learner reads."""
    return DemandCard(template=template)
