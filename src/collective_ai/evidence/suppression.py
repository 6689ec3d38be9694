"""Small-cell suppression for survey tables: primary, whole-group and complementary.

A table of counts by group and answer can name people: if two night-shift workers over 50
answered, a count of 2 tells a manager who said what. Statistical agencies protect such
tables in three steps (Hundepool et al., *Statistical Disclosure Control*, Wiley 2012:
ch. 4, magnitude tables, for the threshold rule and secondary cell suppression; ch. 5,
frequency tables, for their use on tables of counts like these), which :func:`suppress`
follows:

1. **Primary**: every count from 1 to k-1 is hidden.
2. **Whole group**: a group with fewer than k respondents is hidden entirely, its total too.
3. **Complementary** (secondary): every published relation must leave each hidden count
   unknown. A relation is a *line*: a group's cells and its total (cells add up to the
   total), an answer's cells across groups (they add up to that answer's overall count,
   which the table without a breakdown publishes), and the group totals (they add up to
   the number of responses). A line with exactly one hidden entry gives it away by
   subtraction, and a line whose hidden entries add up to less than k lets a reader
   bound them too tightly, so more entries are hidden, smallest positive counts first,
   until every line has none, or at least two adding up to k or more.

Zero counts are shown: a zero names no one.
"""

from __future__ import annotations

from dataclasses import dataclass

from collective_ai.errors import InputError
from collective_ai.i18n import _

DEFAULT_K = 5
MIN_K = 3


def check_k(k) -> int:
    """``k`` as a whole number of at least :data:`MIN_K`.

    Parameters
    ----------
    k : int
        A suppression threshold someone asked for.

    Returns
    -------
    int

    Raises
    ------
    InputError
        Not a whole number, or under :data:`MIN_K` (which would show counts that single
        people out).
    """
    if isinstance(k, bool) or not isinstance(k, int):
        raise InputError(_("should be a whole number, not {value!r}").format(value=k), field="k")
    if k < MIN_K:
        raise InputError(
            _("is {k}; under {least} would show counts that single people out").format(
                k=k, least=MIN_K
            ),
            field="k",
        )
    return k


@dataclass(frozen=True)
class Suppression:
    """What :func:`suppress` hides: ``cells`` as ``(group, answer)``, ``totals`` as groups.

    ``primary`` and ``whole_groups`` say why; everything else hidden is complementary.
    """

    cells: frozenset
    totals: frozenset
    primary: frozenset
    whole_groups: frozenset

    @property
    def complementary(self) -> frozenset:
        implied = self.primary | {("cell", g, a) for g, a in self._whole_cells()}
        hidden = {("cell", g, a) for g, a in self.cells} | {("total", g) for g in self.totals}
        implied |= {("total", g) for g in self.whole_groups}
        return frozenset(hidden - implied)

    def _whole_cells(self):
        return {(g, a) for g, a in self.cells if g in self.whole_groups}


def suppress(
    counts: dict,
    *,
    totals: dict,
    k: int = DEFAULT_K,
    complementary: bool = True,
) -> Suppression:
    """Decide which counts of a table may be shown.

    Parameters
    ----------
    counts : dict
        ``{group: {answer: count}}`` with every answer present for every group (zeros too).
    totals : dict
        ``{group: respondents}``; without multi-select answers this is the row sum.
    k : int
        The threshold: no count from 1 to ``k - 1`` is shown.
    complementary : bool
        False only to show, in a test or a lesson, what the first two steps leave open.

    Returns
    -------
    Suppression
        The hidden cells and totals, and which were hidden first-hand.

    Raises
    ------
    InputError
        ``k`` is not a whole number of at least :data:`MIN_K`.
    """
    k = check_k(k)
    groups = list(counts)
    answers = list(next(iter(counts.values()), {}))
    value = {("cell", g, a): counts[g][a] for g in groups for a in answers}
    value.update({("total", g): totals[g] for g in groups})
    hidden = {e for e in value if e[0] == "cell" and 1 <= value[e] < k}
    primary = frozenset(hidden)
    whole = frozenset(g for g in groups if totals[g] < k)
    for g in whole:
        hidden.add(("total", g))
        hidden.update(("cell", g, a) for a in answers)
    if complementary:
        _complement(hidden, value, _lines(groups, answers), k=k)
    return Suppression(
        cells=frozenset((e[1], e[2]) for e in hidden if e[0] == "cell"),
        totals=frozenset(e[1] for e in hidden if e[0] == "total"),
        primary=primary,
        whole_groups=whole,
    )


def _lines(groups: list, answers: list) -> list[list[tuple]]:
    lines = [[*(("cell", g, a) for a in answers), ("total", g)] for g in groups]
    if len(groups) > 1:
        lines += [[("cell", g, a) for g in groups] for a in answers]
        lines.append([("total", g) for g in groups])
    return lines


def _complement(hidden: set, value: dict, lines: list, *, k: int) -> None:
    order = {entry: i for i, entry in enumerate(value)}
    changed = True
    while changed:
        changed = False
        for line in lines:
            hid = [e for e in line if e in hidden]
            if not hid or (len(hid) >= 2 and sum(value[e] for e in hid) >= k):
                continue
            shown = [e for e in line if e not in hidden]
            if not shown:
                continue
            # Smallest positive count first (cells before totals on a tie): it hides the
            # least. A zero only when nothing else is left.
            pick = min(shown, key=lambda e: (value[e] == 0, value[e], e[0] == "total", order[e]))
            hidden.add(pick)
            changed = True
