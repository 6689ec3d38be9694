"""A printable audit report in Markdown or HTML.

The HTML is one self-contained file (inline style, charts as base64 PNG with alt text, no
external assets), so a steward can print it or attach it to an information request.
Everything that came from the data (column names, category names, the description) is
escaped with :mod:`collective_ai.escaping`: a category called ``<b>x</b>`` prints as typed.
In Markdown each such piece goes through :func:`collective_ai.escaping.markdown_cell`, so
a line break typed in a category can never end a heading, a bullet or a table row.
"""

from __future__ import annotations

import datetime

from collective_ai.audit.frame import AuditReport
from collective_ai.audit.tables import AuditTable, GroupStats
from collective_ai.dates import show_date
from collective_ai.escaping import escape_html
from collective_ai.escaping import markdown_cell as md
from collective_ai.i18n import N_, _, format_decimal, format_number, format_percent, language

SIGNIFICANCE = 0.05

#: A chart of more bars than this cannot be read (nor drawn in reasonable time): the
#: report then says so and keeps the table, which has every figure.
CHART_MAX_CATEGORIES = 60
NO_CHART = N_("No chart: {n} categories are too many bars to read; the table has every rate.")

CAVEATS = [
    N_(
        "The four-fifths rule is a rule of thumb for when federal agencies will generally "
        "look further (29 CFR 1607.4(D)). A flag is not proof of discrimination, and no flag "
        "is not proof of fairness: smaller differences can matter when they are statistically "
        "and practically significant."
    ),
    N_(
        "The guidelines that set the four-fifths rule cover race, sex and ethnic group only; "
        "they do not cover age or disability (29 CFR 1607.2(D)). For those groups courts ask "
        "whether a gap is statistically significant, so read a ratio as a first screen and "
        "the p-values as the stronger evidence."
    ),
    N_(
        "With few people in a category, one or two decisions move its rate a lot. Read the "
        "95% interval and the p-values beside every ratio, and treat borderline verdicts with "
        "care."
    ),
    N_(
        "Every category is compared with the most selected one, which may itself be small: "
        "its rate then carries a lot of chance. With many comparisons, some small p-values "
        "appear by chance alone (about one in twenty under 0.05 when nothing is going on)."
    ),
    N_(
        "People whose category is unknown are left out of every calculation. If they were "
        "treated differently, the tables cannot show it."
    ),
    N_(
        "The audit describes outcomes in this data only. It says nothing about why the rates "
        "differ, and different data (another period, another job) may give another answer."
    ),
    N_("This report is a training aid, not legal advice."),
]


def _no_chart(table: AuditTable) -> str:
    return _(NO_CHART).format(n=format_number(len(table.groups)))


def readings(table: AuditTable, *, esc=str) -> list[str]:
    """One plain-language sentence per category worth reading (flags and borderlines).

    ``esc`` escapes the names that came from the data for the format the text lands in.
    """
    if table.reference is None:
        return [
            _("No impact ratios could be computed for {label}; see the notes.").format(
                label=esc(table.label)
            )
        ]
    reference = table.groups[table.reference]
    out = []
    for group in table.groups.values():
        if group.four_fifths_flag:
            out.append(_flag_sentence(group, reference, esc=esc))
        elif group.borderline and group.name != reference.name:
            out.append(
                _(
                    "{name} is at or above four-fifths of {reference}'s rate "
                    "(impact ratio {ratio}), but only just: one decision "
                    "either way would change the verdict."
                ).format(
                    name=esc(group.name),
                    reference=esc(reference.name),
                    ratio=format_decimal(group.impact_ratio, 2),
                )
            )
    if not out:
        out.append(
            _(
                "No category is selected at less than four-fifths of the rate of "
                "{reference}, the most selected category ({rate})."
            ).format(reference=esc(reference.name), rate=_pct(reference.selection_rate))
        )
    return out


def _flag_sentence(group: GroupStats, reference: GroupStats, *, esc) -> str:
    chance = (
        _("a gap this large would rarely arise by chance alone")
        if group.p_fisher is not None and group.p_fisher < SIGNIFICANCE
        else _("with numbers this size, a gap like this could arise by chance")
    )
    return _(
        "{name}: {selected} of {n} selected ({rate}), which is {ratio} times the rate of "
        "{reference} ({reference_rate}). That is under four-fifths, which federal "
        "guidelines treat as evidence of adverse impact for race, sex or ethnic group (for "
        "age or disability, only as a first screen). Fisher's exact test gives "
        "{p}: {chance}."
    ).format(
        name=esc(group.name),
        selected=group.selected,
        n=group.n,
        rate=_pct(group.selection_rate),
        ratio=format_decimal(group.impact_ratio, 2),
        reference=esc(reference.name),
        reference_rate=_pct(reference.selection_rate),
        p=_p_phrase(group.p_fisher),
        chance=chance,
    )


# --- shared formatting ------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "–" if value is None else format_percent(value, 1)


def _ratio(value: float | None) -> str:
    return "–" if value is None else format_decimal(value, 3)


def _p(value: float | None) -> str:
    if value is None:
        return "–"
    return "< " + format_decimal(0.0001, 4) if value < 1e-4 else format_decimal(value, 4)


def _verdict(group: GroupStats) -> str:
    if group.excluded:
        return _("excluded (under 2%)")
    if group.four_fifths_flag is None:
        return "–"
    return _("below 4/5") if group.four_fifths_flag else _("no flag")


def _columns(table: AuditTable) -> list[str]:
    columns = [_("Category"), _("People"), _("Selected"), _("Selection rate"), _("95% interval")]
    columns += [_("Impact ratio"), _("Four-fifths"), _("Fisher p"), _("z-test p")]
    if table.has_score:
        columns += [_("Scoring rate"), _("Scoring impact ratio")]
    return columns


def _cells(table: AuditTable, group: GroupStats) -> list[str]:
    interval = (
        "–"
        if group.ci95 is None
        else _("{low} to {high}").format(
            low=format_percent(group.ci95[0], 1), high=format_percent(group.ci95[1], 1)
        )
    )
    cells = [
        group.name,
        str(group.n),
        "–" if group.selected is None else str(group.selected),
        _pct(group.selection_rate),
        interval,
        _ratio(group.impact_ratio),
        _verdict(group),
        _p(group.p_fisher),
        _p(group.p_ztest),
    ]
    if table.has_score:
        cells += [_pct(group.scoring_rate), _ratio(group.scoring_impact_ratio)]
    return cells


def _table_facts(table: AuditTable, *, esc) -> list[str]:
    reference = esc(table.reference) if table.reference else _("none")
    facts = [_("Reference (most selected) category: {name}.").format(name=reference)]
    facts.append(
        _("People with an unknown category, left out: {n}.").format(n=format_number(table.unknown))
    )
    if table.excluded:
        shown = ", ".join(esc(name) for name in table.excluded)
        facts.append(_("Left out of impact ratios (under 2%): {names}.").format(names=shown))
    if table.median_score is not None:
        facts.append(
            _("Median score of the known-category sample: {score}.").format(
                score=f"{table.median_score:g}"
            )
        )
    elif table.has_score:
        facts.append(_("Median score: not in the counts; they say who scored above it."))
    return facts


def _header_facts(report: AuditReport, *, data_description: str, date, esc) -> list[str]:
    # Attachment.from_audit documents a date as text too ("2026-11-30"): shown as given.
    day = esc(date) if isinstance(date, str) else show_date(date or datetime.date.today())
    facts = [
        _("Date: {date}").format(date=day),
        _("Data: {description}").format(description=esc(data_description)),
    ]
    if report.input == "counts":
        facts.append(_("Input: counts, one row per category with how many people it has"))
    else:
        facts.append(_("Input: one row per person"))
    outcome = esc(report.selected) if report.selected else _("none")
    facts.append(_("Outcome column: {column}").format(column=outcome))
    if report.score:
        facts.append(_("Score column: {column}").format(column=esc(report.score)))
    grouped = ", ".join(esc(t.label) for t in report.tables)
    facts.append(_("Grouped by: {columns}").format(columns=grouped))
    return facts


METHOD = N_(
    "Selection rate: people selected in a category divided by people in it. Impact ratio: "
    "that rate divided by the rate of the most selected category (29 CFR 1607.4(D); "
    "6 RCNY 5-300). A ratio under 4/5 is flagged, decided with exact fractions. Each "
    "category is also compared with the reference by Fisher's exact test and a pooled "
    "two-proportion z-test (two-sided p-values), and each rate has a 95% Wilson interval."
)
SCORING_METHOD = N_(
    "Scoring rate: the share of a category scoring above the median score of everyone "
    "with a known category; its impact ratio is taken against the highest scoring rate "
    "(6 RCNY 5-300)."
)


# --- Markdown ---------------------------------------------------------------------------------


def to_markdown(
    report: AuditReport, *, data_description: str, date=None, charts: bool = True
) -> str:
    """The report as Markdown; data-derived text is backslash-escaped, on one line."""
    lines = ["# " + _("Bias audit report"), ""]
    facts = _header_facts(report, data_description=data_description, date=date, esc=md)
    lines += [f"- {fact}" for fact in facts]
    lines += ["", "## " + _("Method"), "", _(METHOD)]
    if report.score:
        lines += ["", _(SCORING_METHOD)]
    for table in report.tables:
        lines += ["", "## " + _("By {label}").format(label=md(table.label)), ""]
        lines += [f"- {fact}" for fact in _table_facts(table, esc=md)]
        lines += ["", *_markdown_table(table), ""]
        if charts and len(table.groups) > CHART_MAX_CATEGORIES:
            lines += [_no_chart(table), ""]
        elif charts:
            lines += [_markdown_chart(table), ""]
        lines += ["**" + _("Reading") + "**", ""]
        lines += [f"- {sentence}" for sentence in readings(table, esc=md)]
    if report.notes:
        lines += ["", "## " + _("Notes"), ""]
        lines += [f"- {md(note)}" for note in report.notes]
    lines += ["", "## " + _("Caveats"), ""]
    lines += [f"- {_(caveat)}" for caveat in CAVEATS]
    return "\n".join(lines) + "\n"


def _markdown_table(table: AuditTable) -> list[str]:
    columns = _columns(table)
    rows = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    for group in table.groups.values():
        name, *numbers = _cells(table, group)
        rows.append("| " + " | ".join([md(name), *numbers]) + " |")
    return rows


def _markdown_chart(table: AuditTable) -> str:
    from collective_ai.audit import chart
    from collective_ai.embed import img_markdown, png_bytes

    figure = chart.draw_rates(table)
    return img_markdown(png_bytes(figure), alt=chart.alt_text(table))


# --- HTML -------------------------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #111; line-height: 1.45; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3rem; }
th, td { border: 1px solid #555; padding: 0.25rem 0.5rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #eee; }
img { max-width: 100%; height: auto; }
section { break-inside: avoid-page; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
"""


def to_html(report: AuditReport, *, data_description: str, date=None, charts: bool = True) -> str:
    """The report as one self-contained, printable HTML page."""
    h = escape_html
    facts = _header_facts(report, data_description=data_description, date=date, esc=h)
    title = h(_("Bias audit report"))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title><style>{STYLE}</style></head><body>",
        f"<h1>{title}</h1>",
        _html_list(facts, escaped=True),
        "<h2>" + h(_("Method")) + f"</h2><p>{h(_(METHOD))}</p>",
    ]
    if report.score:
        parts.append(f"<p>{h(_(SCORING_METHOD))}</p>")
    for table in report.tables:
        parts.append(html_table_section(table, charts=charts))
    if report.notes:
        parts += ["<h2>" + h(_("Notes")) + "</h2>", _html_list(report.notes)]
    caveats = [_(caveat) for caveat in CAVEATS]
    parts += ["<h2>" + h(_("Caveats")) + "</h2>", _html_list(caveats), "</body></html>"]
    return "\n".join(parts) + "\n"


def html_table(table: AuditTable, *, screen: bool = False) -> str:
    """One audit table as an HTML ``<table>`` (used by the report and the AuditLab).

    ``screen=True`` (the lab) keeps each category name and number on one line, so a long
    intersection such as "Male / Two or More Races (Not Hispanic or Latino)" stays legible
    on a phone; the caller puts the table in a box that scrolls sideways.
    """
    h = escape_html
    cell = ' style="white-space:nowrap;padding:0.2em 0.5em;text-align:left"' if screen else ""
    head = "".join(f'<th scope="col">{h(c)}</th>' for c in _columns(table))
    body = []
    for group in table.groups.values():
        cells = _cells(table, group)
        row = f'<th scope="row"{cell}>{h(cells[0])}</th>' + "".join(
            f"<td{cell}>{h(c)}</td>" for c in cells[1:]
        )
        body.append(f"<tr>{row}</tr>")
    caption = h(_("Audit by {label}").format(label=table.label))
    return (
        f"<table><caption>{caption}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def html_table_section(table: AuditTable, *, charts: bool = True) -> str:
    h = escape_html
    facts = _html_list(_table_facts(table, esc=h), escaped=True)
    heading = h(_("By {label}").format(label=table.label))
    parts = [f"<section><h2>{heading}</h2>", facts]
    parts.append(html_table(table))
    if charts and len(table.groups) > CHART_MAX_CATEGORIES:
        parts.append(f"<p>{h(_no_chart(table))}</p>")
    elif charts:
        from collective_ai.audit import chart
        from collective_ai.embed import img_html, png_bytes

        figure = chart.draw_rates(table)
        parts.append(img_html(png_bytes(figure), alt=chart.alt_text(table)))
    parts += ["<h3>" + h(_("Reading")) + "</h3>", _html_list(readings(table))]
    parts.append("</section>")
    return "\n".join(parts)


def _html_list(items, *, escaped: bool = False) -> str:
    """A ``<ul>``; ``escaped`` says the items already had their data escaped."""
    shown = items if escaped else [escape_html(item) for item in items]
    return "<ul>" + "".join(f"<li>{item}</li>" for item in shown) + "</ul>"


def _p_phrase(value: float | None) -> str:
    return "p < 0.0001" if value is not None and value < 1e-4 else f"p = {_p(value)}"


def text_table(table: AuditTable) -> str:
    """The table as fixed-width text, for a notebook cell or a terminal."""
    header = [table.label, _("people"), _("selected"), _("rate"), _("impact ratio")]
    header.append(_("four-fifths"))
    rows = [header] + [
        [
            g.name,
            str(g.n),
            "–" if g.selected is None else str(g.selected),
            _pct(g.selection_rate),
            _ratio(g.impact_ratio),
            _verdict(g),
        ]
        for g in table.groups.values()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(width) if i in (0, 5) else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    return "\n".join(lines)
