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
from collective_ai.i18n import _, format_number, format_percent, ngettext
from collective_ai.scoring import get_scenario
from collective_ai.scoring.params import fmt, span

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
    return "–" if value is None else format_percent(value)


def verdict(below: bool | None) -> str:
    """The four-fifths verdict in words."""
    if below is None:
        return _("cannot say")
    return _("below four-fifths") if below else _("at or above four-fifths")


def audit_view(table: AuditTable, *, caption: str | None = None) -> LearnerTable:
    """One audit table: people, how many selected, the rate and the verdict, in words."""
    rows = []
    for group in table.groups.values():
        if group.excluded:
            judged = _("left out (under 2% of the data)")
        elif group.impact_ratio is None:
            judged = _("cannot say")
        else:
            judged = verdict(group.four_fifths_flag)
        rows.append(
            (
                group.name,
                format_number(group.n),
                "–" if group.selected is None else format_number(group.selected),
                percent(group.selection_rate),
                percent(group.impact_ratio),
                judged,
            )
        )
    return LearnerTable(
        caption=caption or _("Selection rates by {label}").format(label=_label(table)),
        columns=(
            _label(table).capitalize(),
            _("People"),
            _("Selected"),
            _("Share selected"),
            _("Rate compared with the highest group"),
            _("Four-fifths rule"),
        ),
        rows=tuple(rows),
    )


def _label(table: AuditTable) -> str:
    """The column the audit grouped by, in words: a simulation's "group" is the lab's word,
    translated; a real audit's column name is the committee's own and is shown as it is."""
    return _("group") if table.label == "group" else table.label


def _judged(row: pd.Series) -> str:
    """A sweep's or a round's verdict in words: the audit's exact one, or "cannot say"."""
    return (
        verdict(bool(row["below_four_fifths"]))
        if pd.notna(row["impact_ratio"])
        else _("cannot say")
    )


def _outcome_columns(spec) -> tuple[str, str, str]:
    """Each group's outcome and the ratio, as a sweep's and a round's columns name them."""
    share, group, other = spec.favourable_share, spec.group, spec.other
    return (
        _("{group}: {share}").format(group=group, share=share),
        _("{group}: {share}").format(group=other, share=share),
        _("{group} rate as a share of {other} rate").format(group=group, other=other.lower()),
    )


def sweep_view(frame: pd.DataFrame, *, scenario: str, parameter: str, caption: str) -> LearnerTable:
    """A :func:`collective_ai.scoring.sweep` result: one row per setting, in words."""
    spec = get_scenario(scenario)
    label = spec.parameters[parameter].label
    group, other = (c for c in frame.columns if c not in (parameter, *_VERDICT))
    rows = tuple(
        (
            fmt(row[parameter]),
            percent(row[group]),
            percent(row[other]),
            percent(row["impact_ratio"]),
            _judged(row),
        )
        for _index, row in frame.iterrows()
    )
    return LearnerTable(
        caption=caption,
        columns=(label, *_outcome_columns(spec), _("Four-fifths rule")),
        rows=rows,
    )


_VERDICT = ("impact_ratio", "below_four_fifths")


def rounds_view(result, *, caption: str) -> LearnerTable:
    """A repeated score, round by round (:attr:`ScoringResult.by_round`), in words."""
    spec = result.scenario
    frame = result.by_round
    group, other = result.group_names
    word = spec.round_word.capitalize()
    rows = tuple(
        (
            f"{word} {index}",
            percent(row[group]),
            percent(row[other]),
            percent(row["impact_ratio"]),
            _judged(row),
        )
        for index, row in frame.iterrows()
    )
    return LearnerTable(
        caption=caption,
        columns=(word, *_outcome_columns(spec), _("Four-fifths rule")),
        rows=rows,
    )


def controls_view(scenario: str) -> LearnerTable:
    """What each control of a scoring lab means, its range and where it starts."""
    spec = get_scenario(scenario)
    rows = tuple(
        (p.label, span(p.low, p.high), fmt(p.default), p.units, p.help)
        for p in spec.parameters.values()
        if p.high > p.low
    )
    return LearnerTable(
        caption=_("The controls of the {title} lab").format(title=spec.title.lower()),
        columns=(_("Control"), _("Range"), _("Starts at"), _("Units"), _("What it means")),
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
            format_number(group.n),
            percent(group.selection_rate),
            "–" if group.ci95 is None else _interval(group.ci95),
        )
        for group in table.groups.values()
    )
    return LearnerTable(
        caption=_("How sure are the rates? 95% intervals by {label}").format(label=_label(table)),
        columns=(
            _label(table).capitalize(),
            _("People"),
            _("Share selected"),
            _("Likely range (95%)"),
        ),
        rows=rows,
    )


def _interval(bounds) -> str:
    return _("{low} to {high}").format(low=percent(bounds[0]), high=percent(bounds[1]))


def templates_view(library) -> LearnerTable:
    """The demand library: one row per template, grouped by family."""
    rows = tuple((t.title, t.family_title, t.id) for t in library)
    return LearnerTable(
        caption=ngettext("{count} demand template", "{count} demand templates", len(rows)).format(
            count=format_number(len(rows))
        ),
        columns=(_("Demand"), _("Family"), _("Short name")),
        rows=rows,
    )


def findings_view(findings: dict[str, str]) -> LearnerTable:
    """The audit findings a demand can answer, with what each means."""
    return LearnerTable(
        caption=_("Findings the demand library answers"),
        columns=(_("Finding"), _("What it means")),
        rows=tuple((name, meaning) for name, meaning in findings.items()),
    )


def fields_view(fields: dict[str, str], *, caption: str) -> LearnerTable:
    """The details a committee fills in for a document, each named as the drafter names it."""
    from collective_ai.demands.fields import COMMON_FIELDS as KNOWN

    named = (
        (_(KNOWN[n].label) if n in KNOWN else n.replace("_", " "), v) for n, v in fields.items()
    )
    return LearnerTable(caption=caption, columns=(_("Detail"), _("Value")), rows=tuple(named))


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
        why, won = escape_html(_("Why:")), escape_html(_("Where workers have won it:"))
        return (
            f'<div class="collective-ai-card"><p><b>{escape_html(t.title)}</b> '
            f"({escape_html(t.family_title)})</p><p><b>{why}</b> {escape_html(t.rationale)}</p>"
            f"<p><b>{won}</b></p><ul>{precedents}</ul></div>"
        )

    def __repr__(self) -> str:
        return self.template.describe()


def demand_view(template) -> DemandCard:
    """A demand template as a card a learner reads."""
    return DemandCard(template=template)
