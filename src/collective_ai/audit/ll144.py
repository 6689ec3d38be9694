"""The summary of a bias audit that NYC Local Law 144 requires an employer to publish.

What it must hold, from the DCWP rules (6 RCNY 5-300 to 5-304, final rules adopted April 6,
2023, as of December 2026):

- 6 RCNY 5-303(a)(1): the date of the most recent bias audit and a summary of its results:
  the source and explanation of the data used, the number of people the tool assessed who
  fall in an unknown category, and, for all categories, the number of applicants or
  candidates, the selection or scoring rates (as applicable) and the impact ratios;
- 6 RCNY 5-303(a)(2): the tool's distribution date (the date the employer began using it);
- 6 RCNY 5-301(b)(3) and (c)(4): the figures separately for sex, for race/ethnicity and for
  the intersectional categories of sex with race/ethnicity; (b)(5) and (c)(5): the number
  left out of the calculations because their category is unknown;
- 6 RCNY 5-301(d): the independent auditor may leave a category that is under 2% of the
  audit's data out of the impact ratio calculations; the summary of results then gives the
  auditor's justification, and that category's number of applicants and its selection or
  scoring rate;
- 6 RCNY 5-302: historical data; test data only when there is too little historical data,
  and then the summary says why historical data was not used and how the test data was
  generated and obtained.

:data:`REQUIRED` is the one list of those fields; :func:`present_fields` says which of
them a rendered summary holds, so tests (and a steward) can check a summary field by field.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from collective_ai.audit import report as report_style
from collective_ai.audit.frame import AuditReport
from collective_ai.audit.tables import AuditTable
from collective_ai.dates import show_date
from collective_ai.errors import InputError
from collective_ai.escaping import escape_html
from collective_ai.escaping import markdown_cell as cell
from collective_ai.i18n import N_, _, format_decimal, format_number, format_percent, language

DATA_TYPES = ("historical", "test")


@dataclass(frozen=True)
class Field:
    """One item the rule requires in a published summary."""

    key: str
    label: str
    rule: str


#: The registry of what a published summary must hold, in the order it is printed.
REQUIRED: tuple[Field, ...] = (
    Field("audit_date", N_("Date of the most recent bias audit"), "6 RCNY 5-303(a)(1)"),
    Field("distribution_date", N_("Distribution date of the tool"), "6 RCNY 5-303(a)(2)"),
    Field("data_source", N_("Source and explanation of the data"), "6 RCNY 5-303(a)(1), 5-302"),
    Field(
        "unknown", N_("People in an unknown category"), "6 RCNY 5-303(a)(1), 5-301(b)(5), (c)(5)"
    ),
    Field("applicants", N_("Number of applicants in each category"), "6 RCNY 5-303(a)(1)"),
    Field("rates", N_("Selection or scoring rate of each category"), "6 RCNY 5-303(a)(1)"),
    Field("impact_ratios", N_("Impact ratio of each category"), "6 RCNY 5-303(a)(1)"),
    Field(
        "intersections",
        N_("Sex, race/ethnicity and their intersections, each separately"),
        "6 RCNY 5-301(b)(3), (c)(4)",
    ),
    Field(
        "exclusions",
        N_("Categories under 2% left out, with the justification, applicants and rate"),
        "6 RCNY 5-301(d)",
    ),
)


@dataclass
class Summary:
    """What goes into a Local Law 144 summary besides the audit tables."""

    report: AuditReport
    audit_date: datetime.date
    distribution_date: datetime.date
    data_source: str
    data_type: str
    tool: str = ""


def build_summary(
    report: AuditReport,
    *,
    audit_date,
    distribution_date,
    data_source: str,
    data_type: str,
    tool: str = "",
) -> Summary:
    """Check the facts a summary needs and bundle them with the audit.

    Dates may be :class:`datetime.date` or ISO text (``2026-11-30``). A summary needs at
    least two group columns, since the rule asks for sex, race/ethnicity and their
    intersection (6 RCNY 5-301(b)(3)); anything missing is an :class:`InputError`.
    """
    if len(report.tables) < 3:
        raise InputError(
            _(
                "a Local Law 144 summary needs sex and race/ethnicity: give --group twice, "
                "so the intersection is audited too (6 RCNY 5-301(b)(3))"
            ),
            field="--group",
        )
    if data_type not in DATA_TYPES:
        raise InputError(_("say whether the data is historical or test"), field="--data-type")
    if not data_source or not data_source.strip():
        raise InputError(
            _("describe where the data came from and what it covers (6 RCNY 5-303(a)(1))"),
            field="--data-source",
        )
    return Summary(
        report=report,
        audit_date=_date(audit_date, field="--audit-date"),
        distribution_date=_date(distribution_date, field="--distribution-date"),
        data_source=data_source.strip(),
        data_type=data_type,
        tool=tool.strip(),
    )


def _date(value, *, field: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    if value is None or not str(value).strip():
        raise InputError(_("a Local Law 144 summary needs this date (YYYY-MM-DD)"), field=field)
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(
            _("{value!r} is not a date; write it as YYYY-MM-DD").format(value=str(value)),
            field=field,
        ) from None


# --- the content, format-free ------------------------------------------------------------------


def _pct(value) -> str:
    return "–" if value is None else format_percent(value, 1)


def _ratio(value) -> str:
    return "–" if value is None else format_decimal(value, 3)


def _facts(summary: Summary, *, esc) -> list[tuple[str, str]]:
    """(label, text) pairs of the facts at the top; typed text is escaped with ``esc``."""
    report = summary.report
    kind = (
        _("historical data from the tool's use")
        if summary.data_type == "historical"
        else _(
            "test data (the summary must say why historical data was not used and how "
            "the test data was generated and obtained, 6 RCNY 5-302)"
        )
    )
    source = _("{source} ({kind})").format(source=esc(summary.data_source), kind=kind)
    facts = [
        (_("Date of the most recent bias audit"), show_date(summary.audit_date)),
        (_("Distribution date of the tool"), show_date(summary.distribution_date)),
        (_("Source and explanation of the data"), source),
        (_("People assessed"), format_number(report.people)),
    ]
    for table in report.tables:
        unknown = _("People in an unknown category ({label})").format(label=esc(table.label))
        facts.append((unknown, str(table.unknown)))
    if summary.tool:
        facts.insert(0, (_("Tool"), esc(summary.tool)))
    return facts


def _columns(table: AuditTable) -> list[str]:
    columns = [_("Category"), _("Applicants")]
    if _has_selection(table):
        columns += [_("Selected"), _("Selection rate"), _("Impact ratio")]
    if table.has_score:
        columns += [_("Scored above the median"), _("Scoring rate"), _("Scoring impact ratio")]
    return columns


def _has_selection(table: AuditTable) -> bool:
    return any(g.selected is not None for g in table.groups.values())


def _rows(table: AuditTable) -> list[list[str]]:
    rows = []
    for group in table.groups.values():
        cells = [group.name, str(group.n)]
        if _has_selection(table):
            ratio = _("excluded (under 2%)") if group.excluded else _ratio(group.impact_ratio)
            cells += [str(group.selected), _pct(group.selection_rate), ratio]
        if table.has_score:
            excluded = _("excluded (under 2%)")
            ratio = excluded if group.excluded else _ratio(group.scoring_impact_ratio)
            cells += [str(group.above_median), _pct(group.scoring_rate), ratio]
        rows.append(cells)
    return rows


def _exclusions(table: AuditTable, *, esc=str) -> list[str]:
    """One sentence per excluded category: the reason, its applicants and its rate."""
    known = sum(g.n for g in table.groups.values())
    out = []
    for name in table.excluded:
        group = table.groups[name]
        rate = group.selection_rate if group.selection_rate is not None else group.scoring_rate
        out.append(
            _(
                "{name}: {n} of the {known} applicants with a known category "
                "({share}), under the 2% of the data below which the rule lets "
                "a category be left out of impact ratios (6 RCNY 5-301(d)); its rate is "
                "{rate}."
            ).format(
                name=esc(name),
                n=group.n,
                known=known,
                share=format_percent(group.n / known, 1),
                rate=_pct(rate),
            )
        )
    return out


def _table_notes(table: AuditTable, *, esc) -> list[str]:
    reference = esc(table.reference) if table.reference else _("no category")
    notes = [
        _("Impact ratios compare each rate with {reference}, the most selected category.").format(
            reference=reference
        )
    ]
    if table.has_score and table.median_score is not None:
        notes.append(
            _("Scoring rate: the share scoring above the median score, {score}.").format(
                score=f"{table.median_score:g}"
            )
        )
    if not table.excluded:
        notes.append(_("No category was left out of the impact ratios."))
    return notes


INTRO = N_(
    "This summary holds what New York City's rules ask an employer or employment agency to "
    "publish about the most recent bias audit of an automated employment decision tool "
    "(6 RCNY 5-303). Selection rate: the share of a category selected. Impact ratio: that "
    "rate divided by the rate of the most selected category (6 RCNY 5-300)."
)
NOTICE = N_(
    "Made with Collective AI Expertise, a training aid. It is not an independent auditor's "
    "bias audit and not legal advice."
)


# --- Markdown -------------------------------------------------------------------------------------


def to_markdown(summary: Summary) -> str:
    """The summary as Markdown; typed or data-derived text is escaped, each on one line."""
    md = cell
    lines = ["# " + _(TITLE), "", _(INTRO), ""]
    lines += [f"- **{label}:** {text}" for label, text in _facts(summary, esc=md)]
    for table in summary.report.tables:
        lines += ["", "## " + _("Results by {label}").format(label=md(table.label)), ""]
        columns = _columns(table)
        lines += ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
        for name, *cells in _rows(table):
            lines.append("| " + " | ".join([md(name), *cells]) + " |")
        lines += [""] + [f"- {note}" for note in _table_notes(table, esc=md)]
        excluded = _exclusions(table, esc=md)
        if excluded:
            lines += ["", _("Left out of the impact ratios:"), ""]
            lines += [f"- {sentence}" for sentence in excluded]
    lines += ["", "## " + _(CHECKLIST), ""]
    lines += [f"- {line}" for line in _checklist(summary)]
    lines += ["", _(NOTICE)]
    return "\n".join(lines) + "\n"


# --- HTML -----------------------------------------------------------------------------------------

# The audit report's print style: one look for every page a steward prints.
STYLE = report_style.STYLE
TITLE = N_("Summary of bias audit results (NYC Local Law 144)")
CHECKLIST = N_("What the rule requires, and where it is here")


def to_html(summary: Summary) -> str:
    """The summary as one self-contained, printable HTML page."""
    h = escape_html
    title = h(_(TITLE))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title><style>{STYLE}</style></head><body>",
        f"<h1>{title}</h1>",
        f"<p>{h(_(INTRO))}</p>",
        "<dl>",
        *(f"<dt>{h(label)}</dt><dd>{text}</dd>" for label, text in _facts(summary, esc=h)),
        "</dl>",
    ]
    for table in summary.report.tables:
        head = "".join(f'<th scope="col">{h(c)}</th>' for c in _columns(table))
        body = "".join(
            f'<tr><th scope="row">{h(name)}</th>'
            + "".join(f"<td>{h(c)}</td>" for c in cells)
            + "</tr>"
            for name, *cells in _rows(table)
        )
        results = h(_("Results by {label}").format(label=table.label))
        parts += [
            f"<section><h2>{results}</h2>",
            f"<table><caption>{results}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>",
            _list(_table_notes(table, esc=h), escaped=True),
        ]
        excluded = _exclusions(table, esc=h)
        if excluded:
            left_out = h(_("Left out of the impact ratios:"))
            parts += [f"<p>{left_out}</p>", _list(excluded, escaped=True)]
        parts.append("</section>")
    parts += [f"<h2>{h(_(CHECKLIST))}</h2>"]
    parts.append(_list(_checklist(summary)))
    parts += [f"<p>{h(_(NOTICE))}</p>", "</body></html>"]
    return "\n".join(parts) + "\n"


def _checklist(summary: Summary) -> list[str]:
    present = present_fields(summary)
    return [
        (
            _("{item} ({rule}): included.") if present[f.key] else _("{item} ({rule}): MISSING.")
        ).format(item=_(f.label), rule=f.rule)
        for f in REQUIRED
    ]


def _list(items, *, escaped: bool = False) -> str:
    """A ``<ul>``; ``escaped`` says the data in the items is already escaped."""
    shown = items if escaped else [escape_html(item) for item in items]
    return "<ul>" + "".join(f"<li>{item}</li>" for item in shown) + "</ul>"


# --- checking a summary ---------------------------------------------------------------------------


def present_fields(summary: Summary) -> dict[str, bool]:
    """Which required fields the summary actually holds (read from its content, not assumed).

    A field counts as present only when the data behind it is there: a rate and a ratio for
    every compared category, an unknown count for every table, a reason and a rate for
    every excluded category.
    """
    tables = summary.report.tables
    groups = [g for t in tables for g in t.groups.values()]

    def rate(g):
        return g.selection_rate if g.selection_rate is not None else g.scoring_rate

    def ratio(g):
        return g.impact_ratio if g.impact_ratio is not None else g.scoring_impact_ratio

    return {
        "audit_date": summary.audit_date is not None,
        "distribution_date": summary.distribution_date is not None,
        "data_source": bool(summary.data_source) and summary.data_type in DATA_TYPES,
        "unknown": all(isinstance(t.unknown, int) for t in tables),
        "applicants": all(g.n > 0 for g in groups),
        "rates": all(rate(g) is not None for g in groups),
        "impact_ratios": all(g.excluded or ratio(g) is not None for g in groups)
        and any(t.reference is not None for t in tables),
        "intersections": len(tables) >= 3 and len(tables[-1].by) >= 2,
        "exclusions": all(len(_exclusions(t)) == len(t.excluded) for t in tables),
    }


# --- command line ---------------------------------------------------------------------------------


def add_arguments(parser) -> None:
    """The facts ``audit --format ll144`` needs that no CSV holds."""
    group = parser.add_argument_group(_("Local Law 144 summary (--format ll144)"))
    group.add_argument("--audit-date", metavar="YYYY-MM-DD", help=_("date of the bias audit"))
    group.add_argument(
        "--distribution-date",
        metavar="YYYY-MM-DD",
        help=_("date the employer began using the tool"),
    )
    group.add_argument(
        "--data-source", metavar="TEXT", help=_("where the data came from, what it covers")
    )
    group.add_argument("--data-type", choices=DATA_TYPES, help=_("historical or test data"))
    group.add_argument("--tool", metavar="NAME", default="", help=_("name of the tool audited"))


def render_args(report: AuditReport, args) -> str:
    """The summary for ``audit --format ll144``: HTML when ``--out`` ends in .html."""
    needed = {
        "--audit-date": args.audit_date,
        "--distribution-date": args.distribution_date,
        "--data-source": args.data_source,
        "--data-type": args.data_type,
    }
    missing = [option for option, value in needed.items() if not value]
    if missing:
        raise InputError(
            _("a Local Law 144 summary needs {options} (6 RCNY 5-303(a))").format(
                options=", ".join(missing)
            ),
            field=missing[0],
        )
    summary = build_summary(
        report,
        audit_date=args.audit_date,
        distribution_date=args.distribution_date,
        data_source=args.data_source or "",
        data_type=args.data_type or "",
        tool=args.tool or "",
    )
    out = getattr(args, "out", None) or ""
    if out.lower().endswith((".html", ".htm")):
        return to_html(summary)
    return to_markdown(summary)


def required_html() -> str:
    """The registry of required fields as an HTML table, for the chapter and handouts."""
    h = escape_html
    rows = "".join(
        f'<tr><th scope="row">{h(_(f.label))}</th><td>{h(f.rule)}</td></tr>' for f in REQUIRED
    )
    caption = h(_("What a published Local Law 144 summary must hold"))
    item, where = h(_("Item")), h(_("Where the rule says so"))
    return (
        f"<table><caption>{caption}</caption>"
        f'<thead><tr><th scope="col">{item}</th><th scope="col">{where}</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
