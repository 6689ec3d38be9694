"""Audit tables: selection rates, impact ratios and the four-fifths flag per category.

Definitions (each cited where it is used):

- *selection rate*: people selected in a category divided by people in it
  (29 CFR 1607.16(R); 6 RCNY 5-300);
- *impact ratio*: a category's rate divided by the rate of the most selected category
  *among the categories compared* (6 RCNY 5-300; 29 CFR 1607.4(D));
- *scoring rate*: the share of a category scoring strictly above the median score of the
  sample (6 RCNY 5-300 and 5-301(c)); its impact ratio is taken the same way.

A table is built from counts, so the same code audits a DataFrame, a CSV of a million rows
or a table printed in a regulation (:func:`audit_counts`). pandas and numpy are imported
inside the functions that need them: the command line's other subcommands never pay for
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from collective_ai.audit import stats
from collective_ai.errors import InputError
from collective_ai.i18n import _

#: What joins the values of several columns in an intersectional category name. The name is
#: only a label: categories are counted by their tuple of values (see :func:`label_of`).
JOIN = " / "

#: Values read as "category unknown" in every group column, compared case-insensitively
#: after trimming spaces (a blank cell, or NA as many spreadsheets write it).
DEFAULT_UNKNOWN = ("", "na")

#: 6 RCNY 5-301(d): a category under 2% of the data may be left out of impact ratios.
SMALL_SHARE = Fraction(2, 100)


@dataclass
class GroupStats:
    """One row of an audit table: a category and how the tool treated it.

    Parameters
    ----------
    name : str
        The category's display name (see :func:`label_of`).
    n, selected : int
        People in the category and how many were selected (None: a scoring-only tool).
    selection_rate : float or None
        ``selected / n`` (29 CFR 1607.16(R)).
    impact_ratio : float or None
        The rate over the highest rate among the categories compared (6 RCNY 5-300).
    four_fifths_flag : bool or None
        True when the rate is under four-fifths of that highest rate, decided exactly
        (29 CFR 1607.4(D)).
    excluded : bool
        Left out of impact ratios as under 2% of the data (6 RCNY 5-301(d)).
    p_fisher, p_ztest : float or None
        Two-sided p against the reference category: Fisher's exact test and the pooled
        two-proportion z-test (Agresti 2013); None for the reference itself.
    ci95 : tuple of float or None
        The Wilson 95% interval of the selection rate (Wilson 1927).
    scoring_rate, scoring_impact_ratio : float or None
        The share scoring above the median, and its ratio to the highest (6 RCNY 5-300).
    above_median : int or None
        How many scored above the median.
    borderline : bool
        One person more or fewer selected would change the four-fifths verdict.
    values : tuple of str
        The category's value in each column of the table.
    """

    name: str
    n: int
    selected: int | None
    selection_rate: float | None
    impact_ratio: float | None = None
    four_fifths_flag: bool | None = None
    excluded: bool = False
    p_fisher: float | None = None
    p_ztest: float | None = None
    ci95: tuple[float, float] | None = None
    scoring_rate: float | None = None
    scoring_impact_ratio: float | None = None
    above_median: int | None = None
    #: True when one person more or fewer selected (here or in the reference category)
    #: would change the four-fifths verdict.
    borderline: bool = False
    #: The category's value in each column of the table (``name`` is only their label).
    values: tuple[str, ...] = ()

    def to_dict(self, *, with_score: bool) -> dict:
        out = {
            "n": self.n,
            "selected": self.selected,
            "selection_rate": self.selection_rate,
            "impact_ratio": self.impact_ratio,
            "four_fifths_flag": self.four_fifths_flag,
            "excluded": self.excluded,
            "p_fisher": self.p_fisher,
            "p_ztest": self.p_ztest,
            "ci95": list(self.ci95) if self.ci95 is not None else None,
        }
        if with_score:
            out["scoring_rate"] = self.scoring_rate
            out["scoring_impact_ratio"] = self.scoring_impact_ratio
        return out


@dataclass
class AuditTable:
    """Every category of one grouping (a column, or the intersection of several).

    Parameters
    ----------
    by : list of str
        The group columns tabled (one, or several for an intersection).
    groups : dict of str to GroupStats
        Each category by display name, sorted by name.
    reference, scoring_reference : str or None
        The category with the highest selection (scoring) rate, which ratios divide by.
    unknown : int
        People whose category is unknown: counted here, in no rate.
    excluded : list of str
        Categories left out of impact ratios (6 RCNY 5-301(d)).
    median_score : float or None
        The median the scoring rate is taken above.
    notes : list of str
        What a reader must know about this table (borderline verdicts, exclusions).
    """

    by: list[str]
    groups: dict[str, GroupStats]
    reference: str | None = None
    unknown: int = 0
    excluded: list[str] = field(default_factory=list)
    scoring_reference: str | None = None
    median_score: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """How the table is named in notes and reports, e.g. ``sex / race``."""
        return JOIN.join(self.by)

    @property
    def has_score(self) -> bool:
        """Scoring rates are set for every category of a table or for none: look at one."""
        first = next(iter(self.groups.values()), None)
        return first is not None and first.scoring_rate is not None

    def flagged(self) -> list[GroupStats]:
        """Categories whose selection rate is under four-fifths of the reference rate."""
        return [g for g in self.groups.values() if g.four_fifths_flag]

    def to_dict(self) -> dict:
        with_score = self.has_score
        return {
            "by": list(self.by),
            "reference": self.reference,
            "unknown": self.unknown,
            "excluded": list(self.excluded),
            **({"median_score": self.median_score} if with_score else {}),
            "groups": {name: g.to_dict(with_score=with_score) for name, g in self.groups.items()},
        }


def label_of(values: tuple[str, ...]) -> str:
    """The display name of a category given by one value per column, unique per tuple.

    Values are joined with :data:`JOIN`. A value that could be mistaken for the join
    (it holds ``" /"`` or ``"/ "``) or that starts with a quote is quoted, CSV style, so
    ``("a / b", "c")`` reads ``"a / b" / c`` and ``("a", "b / c")`` reads ``a / "b / c"``.
    """
    if len(values) == 1:
        return str(values[0])
    return JOIN.join(_quoted(str(value)) for value in values)


def _quoted(value: str) -> str:
    if value.startswith('"') or " /" in value or "/ " in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def _values_of(key) -> tuple[str, ...]:
    return tuple(key) if isinstance(key, tuple) else (key,)


def _keyed(counts: dict) -> dict[str, tuple]:
    """Each category's label and values (a key is a name or a tuple of values)."""
    labels: dict[str, tuple] = {}
    for key in counts:
        values = _values_of(key)
        label = label_of(values)
        if label in labels:
            raise InputError(_("two categories have the same name"), field=label)
        labels[label] = values
    return labels


def audit_counts(
    counts: dict[str | tuple[str, ...], tuple[int, int | None]],
    *,
    by: list[str] | str = ("group",),
    unknown: int = 0,
    exclude_small: bool = False,
    above_median: dict[str, int] | None = None,
    median_score: float | None = None,
    exclude=(),
) -> AuditTable:
    """Build an audit table from counts: ``{category: (people, selected)}``.

    This is how a table printed in a rule or an audit summary is checked by hand. The
    definitions are in this module's docstring.

    Parameters
    ----------
    counts : dict
        Per category, ``(people, selected)``; ``selected`` may be None for a scoring-only
        tool. A category is a name or a tuple of one value per column of ``by`` (an
        intersection); the table's groups are keyed by :func:`label_of` the tuple.
    by : str or list of str
        The column names the categories come from.
    unknown : int
        People whose category is unknown (reported, in no rate).
    exclude_small : bool
        Leave every category under 2% of the known people out of impact ratios.
    above_median : dict, optional
        Per category, how many people scored above the sample median.
    median_score : float, optional
        That median, for the reader.
    exclude : iterable of str
        Categories to leave out of impact ratios; the rule allows it only for one under 2%
        of the people with a known category (6 RCNY 5-301(d)), so any other is refused.

    Returns
    -------
    AuditTable
        The categories in the order given, with rates, ratios and tests.

    Raises
    ------
    InputError
        A category with no people, more selected than people, two categories with one
        name, or an ``exclude`` the rule does not allow.

    Examples
    --------
    A rate of 30% against a top rate of 60% is half of it: under four-fifths.

    >>> table = audit_counts({"white": (80, 48), "Black": (40, 12)}, by="race")
    >>> table.groups["Black"].impact_ratio, table.groups["Black"].four_fifths_flag
    (0.5, True)
    """
    by = [by] if isinstance(by, str) else list(by)
    values = _keyed(counts)
    if any(not isinstance(key, str) for key in counts):
        counts = {label_of(_values_of(k)): v for k, v in counts.items()}
        if above_median is not None:
            above_median = {label_of(_values_of(k)): v for k, v in above_median.items()}
    for name, (n, chosen) in counts.items():
        if n <= 0:
            raise InputError(_("a category needs at least one person"), field=str(name))
        if chosen is not None and not 0 <= chosen <= n:
            raise InputError(_("selected must be between 0 and {n}").format(n=n), field=str(name))
    table = AuditTable(
        by=by,
        groups={},
        unknown=unknown,
        median_score=median_score,
    )
    compared = _compared(counts, exclude_small=exclude_small, exclude=exclude, table=table)
    entered = set(compared)
    for name, (n, chosen) in counts.items():
        table.groups[name] = GroupStats(
            name=name,
            n=n,
            selected=chosen,
            selection_rate=chosen / n if chosen is not None else None,
            ci95=stats.wilson_interval(chosen, n) if chosen is not None else None,
            excluded=name not in entered,
            values=values[name],
        )
    if all(chosen is not None for _people, chosen in counts.values()):
        _selection(table, {name: counts[name] for name in compared})
    if above_median is not None:
        _scoring(table, {name: (counts[name][0], above_median[name]) for name in compared})
        for name, group in table.groups.items():
            group.above_median = above_median[name]
            group.scoring_rate = above_median[name] / group.n
    return table


def _compared(counts: dict, *, exclude_small: bool, exclude, table: AuditTable) -> list[str]:
    """Categories that enter the impact ratios (6 RCNY 5-301(d) for the 2% exclusion).

    A category is "under 2%" when ``n / known < 2/100`` exactly; at exactly 2% it stays.
    ``known`` counts the people with a known category only: the unknown are in no table.
    """
    known = sum(n for n, _chosen in counts.values())
    named = set(map(str, exclude))
    for name in named:
        if name not in counts:
            raise InputError(_("this table has no category of this name"), field=name)
        if Fraction(counts[name][0], known) >= SMALL_SHARE:
            raise InputError(
                _(
                    "{n} of the {known} people with a known category is not under "
                    "2%; only a category under 2% may be left out (6 RCNY 5-301(d))"
                ).format(n=counts[name][0], known=known),
                field=name,
            )
    if not (exclude_small or named) or known == 0:
        return list(counts)
    small = [
        name
        for name, (n, _chosen) in counts.items()
        if name in named or (exclude_small and Fraction(n, known) < SMALL_SHARE)
    ]
    table.excluded = small
    left_out = set(small)
    if small:
        table.notes.append(
            _(
                "{label}: left out of impact ratios as under 2% of the {known} people "
                "with a known category: {names} (6 RCNY 5-301(d)); their counts "
                "and rates are still shown."
            ).format(label=table.label, known=known, names=", ".join(small))
        )
    return [name for name in counts if name not in left_out]


def _selection(table: AuditTable, compared: dict[str, tuple[int, int]]) -> None:
    """Impact ratios, four-fifths flags and tests against the most selected category.

    Rates are compared exactly as integer cross-products (``a/n < c/m`` when ``a*m < c*n``):
    the same answer as fractions, fast enough for 100,000 categories.
    """
    if not compared:
        table.notes.append(_("{label}: no category left to compare.").format(label=table.label))
        return
    tops = _Tops(compared)
    ref_n, ref_chosen = compared[tops.name]
    if ref_chosen == 0:
        table.notes.append(
            _(
                "{label}: no one in the compared categories was selected, so impact "
                "ratios are undefined (a ratio against a rate of zero)."
            ).format(label=table.label)
        )
        return
    reference = table.reference = tops.name
    for name, (n, chosen) in compared.items():
        group = table.groups[name]
        group.impact_ratio = (chosen * ref_n) / (n * ref_chosen)
        group.four_fifths_flag = _below(chosen, n, ref_chosen, ref_n)
        group.borderline = _borderline(compared, tops, name, reference)
        if name != reference:
            group.p_fisher = stats.fisher_p(chosen, n, ref_chosen, ref_n)
            group.p_ztest = stats.ztest_p(chosen, n, ref_chosen, ref_n)
        if group.borderline:
            below = _(
                "{label}: {name} is below four-fifths of {reference}'s rate, "
                "but one person selected more or fewer would change that verdict."
            )
            above = _(
                "{label}: {name} is at or above four-fifths of {reference}'s rate, "
                "but one person selected more or fewer would change that verdict."
            )
            note = below if group.four_fifths_flag else above
            table.notes.append(note.format(label=table.label, name=name, reference=reference))


def _below(chosen: int, n: int, top_chosen: int, top_n: int) -> bool:
    """``chosen/n`` under four-fifths of ``top_chosen/top_n``, exactly (29 CFR 1607.4(D))."""
    four, five = stats.FOUR_FIFTHS.numerator, stats.FOUR_FIFTHS.denominator
    return five * chosen * top_n < four * top_chosen * n


def _higher(a: tuple[int, int], b: tuple[int, int] | None) -> bool:
    """Is the rate of ``a = (chosen, n)`` above that of ``b`` (None: no rate)?"""
    return b is None or a[0] * b[1] > b[0] * a[1]


class _Tops:
    """The highest rate without each category, in constant time: what borderline needs.

    Moving one person in a category changes only that category's rate, so the new top
    rate is the larger of the moved rate and the highest rate of the others. Keeping the
    two highest rates (as ``(chosen, n)``) makes the check linear in the categories.
    """

    def __init__(self, compared: dict[str, tuple[int, int]]) -> None:
        self.name = None
        self.first = self.second = None
        for name, (n, chosen) in compared.items():
            rate = (chosen, n)
            if _higher(rate, self.first):
                self.name, self.first, self.second = name, rate, self.first
            elif not _higher(self.first, rate) or _higher(rate, self.second):
                self.second = rate  # a tie with the first, or the new second

    def without(self, name: str) -> tuple[int, int] | None:
        return self.first if name != self.name else self.second


def _adverse(rate: tuple[int, int], others: tuple[int, int] | None, moved: tuple[int, int]):
    top = moved if _higher(moved, others) else others
    return top[0] > 0 and _below(rate[0], rate[1], top[0], top[1])


def _borderline(compared: dict[str, tuple[int, int]], tops: _Tops, name: str, ref: str) -> bool:
    """Would moving one person (here or in the reference category) flip the verdict?"""
    n, chosen = compared[name]
    verdict = _below(chosen, n, *tops.first)
    for moved in (chosen - 1, chosen + 1):
        if 0 <= moved <= n and _adverse((moved, n), tops.without(name), (moved, n)) != verdict:
            return True
    if name == ref:
        return False
    ref_n, ref_chosen = compared[ref]
    for moved in (ref_chosen - 1, ref_chosen + 1):
        if (
            0 <= moved <= ref_n
            and _adverse((chosen, n), tops.without(ref), (moved, ref_n)) != verdict
        ):
            return True
    return False


def _scoring(table: AuditTable, compared: dict[str, tuple[int, int]]) -> None:
    """Scoring impact ratios: scoring rate over the highest scoring rate (6 RCNY 5-300)."""
    if not compared:
        return
    rates = {name: Fraction(above, n) for name, (n, above) in compared.items()}
    top = max(rates.values())
    if top == 0:
        table.notes.append(
            _(
                "{label}: no one in the compared categories scored above the median, "
                "so scoring impact ratios are undefined."
            ).format(label=table.label)
        )
        return
    table.scoring_reference = next(name for name, r in rates.items() if r == top)
    for name in compared:
        table.groups[name].scoring_impact_ratio = float(rates[name] / top)
