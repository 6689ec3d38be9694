"""Check an employer's published bias-audit table against its own counts.

A steward types the published table into a CSV, one row per category (layout in
``README.md``, section "Checking a published audit"):

    table,category,applicants,selected,rate,impact_ratio
    sex,Female,2793,2440,0.87,1.00

Every figure is recomputed exactly (fractions) and each printed rate and ratio is sorted
into one of these findings, most serious first (:data:`KINDS`):

- ``crosses_four_fifths``: the printed ratio is on the other side of 0.8 from the exact one
  (a printed 0.80 whose exact value is 0.795 hides a ratio under four-fifths, 29 CFR
  1607.4(D));
- ``rate_inconsistent`` / ``ratio_inconsistent``: no rounding of the exact figure gives the
  printed one;
- ``missing``: a table without its unknown count, an intersection lacking a combination of
  the categories its margins list, a category without a ratio although it is not under 2%;
- ``too_small``: the category's numbers cannot settle the four-fifths question: its 95%
  interval reaches both sides of four-fifths of the reference rate, or one person more or
  fewer selected would change the verdict (the statistics of :func:`audit_counts`);
- ``rounding``: the printed figure differs from the exact one only by the publisher's
  rounding: truncated instead of rounded, or a ratio computed from the rounded rates;
- ``excluded``: no ratio printed for a category under 2% of the table (6 RCNY 5-301(d));
- ``unknown``: the row giving the number of people in an unknown category;
- ``match``: the printed figure is the exact one, rounded to the places printed.

The report is written out in words by :mod:`collective_ai.audit.check_report`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from collective_ai.audit import stats
from collective_ai.audit.published import Printed, PublishedRow, read_published
from collective_ai.audit.tables import JOIN, SMALL_SHARE, audit_counts
from collective_ai.i18n import _, format_decimal, format_number, format_percent

#: Every kind of finding, most serious first: a row's status is its most serious finding.
KINDS = (
    "crosses_four_fifths",
    "rate_inconsistent",
    "ratio_inconsistent",
    "missing",
    "too_small",
    "rounding",
    "excluded",
    "unknown",
    "match",
)

#: Category names read as "unknown" (after trimming, case-insensitive), besides --unknown.
UNKNOWN_WORDS = ("unknown", "missing", "missing/unknown", "not disclosed", "na", "n/a")


@dataclass
class Finding:
    kind: str
    column: str | None
    message: str

    def to_dict(self) -> dict:
        return {"kind": self.kind, "column": self.column, "message": self.message}


@dataclass
class RowCheck:
    """What the check found for one category."""

    table: str
    category: str
    line: int | None
    applicants: int | None = None
    selected: int | None = None
    printed_rate: str | None = None
    exact_rate: float | None = None
    printed_ratio: str | None = None
    exact_ratio: float | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def status(self) -> str:
        kinds = {f.kind for f in self.findings} or {"match"}
        return next(kind for kind in KINDS if kind in kinds)

    def to_dict(self) -> dict:
        return {
            "table": self.table,
            "category": self.category,
            "line": self.line,
            "applicants": self.applicants,
            "selected": self.selected,
            "printed_rate": self.printed_rate,
            "exact_rate": self.exact_rate,
            "printed_ratio": self.printed_ratio,
            "exact_ratio": self.exact_ratio,
            "status": self.status,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class CheckReport:
    rows: list[RowCheck]
    source: str = ""

    def counts(self) -> dict[str, int]:
        """How many rows have each status, in :data:`KINDS` order."""
        return {kind: sum(r.status == kind for r in self.rows) for kind in KINDS}

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "counts": self.counts(),
            "rows": [r.to_dict() for r in self.rows],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)


# --- checking ---------------------------------------------------------------------------------


def _within(printed: Printed, exact: Fraction, units: Fraction) -> bool:
    return abs(printed.value - exact) <= units * printed.unit


def _classify(printed: Printed, exact: Fraction, *, what: str) -> Finding:
    """match, truncation (rounding), or inconsistent, for one printed figure."""
    shown = format_decimal(float(exact), 4)
    words = {"printed": printed.text, "exact": shown}
    rate = what == "rate"
    if _within(printed, exact, Fraction(1, 2)):
        message = (
            _("the printed rate {printed} is {exact} rounded")
            if rate
            else _("the printed ratio {printed} is {exact} rounded")
        )
        return Finding("match", None, message.format(**words))
    if printed.value < exact and _within(printed, exact, Fraction(1)):
        message = (
            _("the printed rate {printed} is {exact} cut off, not rounded")
            if rate
            else _("the printed ratio {printed} is {exact} cut off, not rounded")
        )
        return Finding("rounding", None, message.format(**words))
    message = (
        _("the printed rate {printed} does not follow from the counts: exactly {exact}")
        if rate
        else _("the printed ratio {printed} does not follow from the counts: exactly {exact}")
    )
    return Finding(f"{what.replace(' ', '_')}_inconsistent", None, message.format(**words))


def check_rows(rows: list[PublishedRow], *, unknown=(), source: str = "") -> CheckReport:
    """Recompute every published figure and say, row by row, what agrees and what does not."""
    unknown_words = {w.casefold() for w in UNKNOWN_WORDS} | {
        str(u).strip().casefold() for u in unknown
    }
    tables: dict[str, list[PublishedRow]] = {}
    for row in rows:
        tables.setdefault(row.table, []).append(row)
    out: list[RowCheck] = []
    for name, members in tables.items():
        known = [r for r in members if r.category.casefold() not in unknown_words and r.category]
        unknowns = [r for r in members if r not in known]
        out += _check_table(name, known)
        for row in unknowns:
            check = RowCheck(
                name, row.category or _("(blank)"), row.line, applicants=row.applicants
            )
            said = _("{n} people in an unknown category").format(n=format_number(row.applicants))
            check.findings.append(Finding("unknown", "applicants", said))
            out.append(check)
        if not unknowns:
            out.append(
                RowCheck(
                    name,
                    _("unknown category"),
                    None,
                    findings=[
                        Finding(
                            "missing",
                            "applicants",
                            _(
                                "no row gives the number of people in an unknown category, "
                                "which the summary must state (6 RCNY 5-303(a)(1))"
                            ),
                        )
                    ],
                )
            )
    out += _missing_combinations(tables, unknown_words)
    return CheckReport(out, source=source)


def _check_table(name: str, rows: list[PublishedRow]) -> list[RowCheck]:
    checks = {
        r.category: RowCheck(name, r.category, r.line, r.applicants, r.selected) for r in rows
    }
    for r in rows:
        checks[r.category].printed_rate = r.rate.text if r.rate else None
        checks[r.category].printed_ratio = r.ratio.text if r.ratio else None
    total = sum(r.applicants for r in rows)
    ratios_printed = any(r.ratio is not None for r in rows)
    # The publisher compared the categories it printed a ratio for; a blank ratio on a
    # category under 2% is the rule's optional exclusion (6 RCNY 5-301(d)).
    compared = [r for r in rows if r.ratio is not None or not ratios_printed]
    for r in rows:
        small = total > 0 and Fraction(r.applicants, total) < SMALL_SHARE
        if ratios_printed and r.ratio is None:
            checks[r.category].findings.append(
                Finding(
                    "excluded",
                    "impact_ratio",
                    _("left out of the impact ratios as under 2% ({n} of {total})").format(
                        n=format_number(r.applicants), total=format_number(total)
                    ),
                )
                if small
                else Finding(
                    "missing",
                    "impact_ratio",
                    _("no impact ratio printed, and the category is not under 2%"),
                )
            )
    with_counts = all(r.selected is not None and r.applicants > 0 for r in compared)
    exact_rates: dict[str, Fraction] = {}
    for r in rows:
        if r.selected is None or r.applicants == 0:
            continue
        exact = Fraction(r.selected, r.applicants)
        exact_rates[r.category] = exact
        checks[r.category].exact_rate = float(exact)
        if r.rate is not None:
            finding = _classify(r.rate, exact, what="rate")
            finding.column = "rate"
            checks[r.category].findings.append(finding)
    if compared and with_counts:
        _check_ratios(checks, compared, exact_rates)
    elif compared and all(r.rate is not None for r in compared):
        _check_ratios_from_rates(checks, compared)
    return list(checks.values())


def _check_ratios(checks, compared: list[PublishedRow], exact_rates) -> None:
    top = max(exact_rates[r.category] for r in compared)
    if top == 0:
        return
    table = audit_counts({r.category: (r.applicants, r.selected) for r in compared})
    reference = table.groups[table.reference]
    printed_rates = {r.category: r.rate for r in compared}
    printed_top = max((p.value for p in printed_rates.values() if p is not None), default=None)
    for r in compared:
        check = checks[r.category]
        exact = exact_rates[r.category] / top
        check.exact_ratio = float(exact)
        if r.ratio is not None:
            finding = _classify(r.ratio, exact, what="ratio")
            if finding.kind != "match" and printed_top and r.rate is not None:
                from_rates = r.rate.value / printed_top
                if _within(r.ratio, from_rates, Fraction(1, 2)):
                    finding = Finding(
                        "rounding",
                        None,
                        _(
                            "the printed ratio {printed} was worked out from the rounded "
                            "rates; exactly it is {exact}"
                        ).format(printed=r.ratio.text, exact=format_decimal(float(exact), 4)),
                    )
            finding.column = "impact_ratio"
            check.findings.append(finding)
            _crossing(check, r.ratio, exact)
        group = table.groups[r.category]
        if r.category != table.reference and _too_small(group, reference):
            low, high = group.ci95
            check.findings.append(
                Finding(
                    "too_small",
                    "applicants",
                    _(
                        "with {n} people the rate could be anywhere from {low} "
                        "to {high} (95% interval), on both sides of four-fifths of "
                        "{reference}'s rate, and Fisher's exact test cannot tell it from "
                        "that rate (p = {p})"
                    ).format(
                        n=format_number(r.applicants),
                        low=format_percent(low, 1),
                        high=format_percent(high, 1),
                        reference=table.reference,
                        p=format_decimal(group.p_fisher, 2),
                    ),
                )
            )


def _too_small(group, reference) -> bool:
    """Neither the four-fifths verdict nor a difference from the reference can be told.

    The category's 95% Wilson interval reaches both sides of four-fifths of the reference
    rate, and Fisher's exact test cannot tell its rate from the reference's (p >= 0.05).
    """
    line = float(stats.FOUR_FIFTHS) * reference.selection_rate
    low, high = group.ci95
    return low < line <= high and group.p_fisher is not None and group.p_fisher >= 0.05


def _check_ratios_from_rates(checks, compared: list[PublishedRow]) -> None:
    """Without counts, the ratios can only be checked against the printed rates."""
    top = max(r.rate.value for r in compared)
    if top == 0:
        return
    for r in compared:
        exact = r.rate.value / top
        check = checks[r.category]
        check.exact_ratio = float(exact)
        if r.ratio is not None:
            finding = _classify(r.ratio, exact, what="ratio")
            finding.column = "impact_ratio"
            finding.message += " " + _("(worked out from the printed rates: no counts were given)")
            check.findings.append(finding)
            _crossing(check, r.ratio, exact)


def _crossing(check: RowCheck, printed: Printed, exact: Fraction) -> None:
    if (printed.value < stats.FOUR_FIFTHS) != (exact < stats.FOUR_FIFTHS):
        message = (
            _("printed {printed}, but the exact ratio {exact} is under four-fifths (0.8)")
            if exact < stats.FOUR_FIFTHS
            else _(
                "printed {printed}, but the exact ratio {exact} is at or above four-fifths (0.8)"
            )
        )
        shown = message.format(printed=printed.text, exact=format_decimal(float(exact), 4))
        check.findings.append(Finding("crosses_four_fifths", "impact_ratio", shown))


def _missing_combinations(tables: dict[str, list[PublishedRow]], unknown_words) -> list[RowCheck]:
    """An intersection table (names joined by " / ") should hold every combination."""
    known = {
        name: [
            r.category for r in rows if r.category and r.category.casefold() not in unknown_words
        ]
        for name, rows in tables.items()
    }
    out = []
    for name, categories in known.items():
        split = [c.split(JOIN) for c in categories if JOIN in c]
        if not split or len(split) != len(categories):
            continue
        parts = len(split[0])
        margins = []
        for position in range(parts):
            values = {s[position] for s in split if len(s) == parts}
            margin = next(
                (
                    set(cats)
                    for other, cats in known.items()
                    if other != name and values <= set(cats)
                ),
                values,
            )
            margins.append(sorted(margin))
        present = set(categories)
        for combination in _product(margins):
            joined = JOIN.join(combination)
            if joined not in present:
                out.append(
                    RowCheck(
                        name,
                        joined,
                        None,
                        findings=[
                            Finding(
                                "missing",
                                "category",
                                _(
                                    "this combination of categories listed elsewhere in the "
                                    "audit is not reported (6 RCNY 5-301(b)(3))"
                                ),
                            )
                        ],
                    )
                )
    return out


def _product(lists: list[list[str]]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = [()]
    for values in lists:
        out = [(*prefix, v) for prefix in out for v in values]
    return out


def check_published(source, *, unknown=()) -> CheckReport:
    """Read a published table from a CSV path or bytes and check it."""
    name = "" if isinstance(source, bytes) else Path(source).name
    return check_rows(read_published(source), unknown=unknown, source=name)
