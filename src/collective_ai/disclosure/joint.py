"""Hide more of a new release until, with everything released before, nothing is given away.

:func:`protect` takes the counts of a new release (each with the respondents it counts),
the ones already hidden in it by the table's own rules, and what earlier releases showed
and hid. It asks, as a reader holding all of it would (:mod:`~collective_ai.disclosure.bounds`):

- can any hidden count with 1 to k-1 people be proved to lie in 1..k-1?
- can any other hidden count be worked out exactly?

While one can, it hides one more count of the new release: a shown count the reader's
proof leans on (a non-zero dual value or weight), the smallest first, so as little as
possible goes: the cheapest that alone ends the violation, when one of the first few does.
Hiding only ever widens what a reader can prove, so a count found safe stays
safe, and the loop ends: at worst the whole new release is hidden, which adds nothing to
what was released before.
"""

from __future__ import annotations

import functools
import math
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from collective_ai.disclosure import bounds

_TRIALS = 8  # candidates tried one by one for each count a reader could prove


@dataclass
class Entry:
    """One count of the new release.

    Parameters
    ----------
    key : tuple
        Its name within the release, such as ``("cell", ("Day",), "Yes")``.
    value : int
        The true count.
    mask : numpy.ndarray
        Booleans over the respondents: who it counts.
    unit : tuple
        Counts that are shown or hidden together (an audit group's people and selected).
    order : tuple
        Which to hide first when several would do: smaller sorts first.
    """

    key: tuple
    value: int
    mask: np.ndarray
    unit: tuple
    order: tuple = ()


@dataclass
class Fact:
    """A count a reader has (``shown``) or must not learn (hidden), with the true value."""

    mask: np.ndarray
    value: int
    why: str = ""
    k: int | None = None  # its own threshold, when not the new release's


@dataclass
class JointResult:
    """What :func:`protect` decided.

    Parameters
    ----------
    hidden : set
        The new release's hidden keys.
    linked : set
        Those hidden only because of the check across releases.
    exposed : list of str
        Why counts that earlier releases already give away stay so (hiding more of this
        release cannot help).
    """

    hidden: set
    linked: set = field(default_factory=set)
    exposed: list[str] = field(default_factory=list)


def _one_blas_thread(function):
    """Run ``function`` with one BLAS thread.

    The check runs hundreds of factorizations of small matrices: one thread does them
    faster than several, which on a busy two-core machine spend their time waiting for
    each other (measured: release 10 of a 2,000-answer survey, 8.6 s against 0.66 s).
    """

    @functools.wraps(function)
    def limited(*args, **kwargs):
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return function(*args, **kwargs)

    return limited


@_one_blas_thread
def protect(
    entries: list[Entry],
    *,
    hidden: set,
    k: int,
    shown_before: list[Fact] = (),
    hidden_before: list[Fact] = (),
    watched: list[Fact] = (),
) -> JointResult:
    """Hide counts of a new release until no count is narrowed into 1..k-1 or recovered.

    Parameters
    ----------
    entries : list of Entry
        The new release's counts.
    hidden : set
        Keys already hidden by the table's own rules (small counts and their complements).
    k : int
        The threshold: no count from 1 to ``k - 1`` may be proved.
    shown_before : list of Fact
        Counts earlier releases showed, and anything else a reader is taken to know (how
        many answers came in between two releases).
    hidden_before : list of Fact
        Counts earlier releases hid.
    watched : list of Fact
        Counts never released that must not be proved small either (what the people who
        answered since the last release said).

    Returns
    -------
    JointResult
    """
    hidden = set(hidden)
    masks = [e.mask for e in entries] + [f.mask for f in (*shown_before, *hidden_before, *watched)]
    if not masks:
        return JointResult(hidden)
    incidence, sizes = bounds.atoms(np.column_stack(masks))
    vectors = incidence.astype(float)
    own = vectors[: len(entries)]
    rest = iter(vectors[len(entries) :])
    before_rows = [next(rest) for _ in shown_before]
    before_values = [f.value for f in shown_before]
    # Counts earlier releases already fix are public: hiding them protects nothing, so
    # they are shown (unless small, which is only noted) and never picked to hide.
    public = _public(before_rows, own)
    units: dict = {}
    for i, entry in enumerate(entries):
        units.setdefault(entry.unit, []).append(i)
    for members in units.values():
        if all(i in public and not 1 <= entries[i].value < k for i in members):
            hidden.difference_update(entries[i].key for i in members)
    alone = set(hidden)
    _lines_first(entries, hidden, _lines(before_rows, own, entries), k=k, public=public)
    queue = deque(
        _Sensitive(next(rest), fact.value, fact.why or "an earlier release", fact.k or k)
        for fact in (*hidden_before, *watched)
    )
    queue += [
        _Sensitive(own[i], e.value, "this release", k)
        for i, e in enumerate(entries)
        if e.key in hidden
    ]
    everything = {e.key for e in entries}
    linked: set = hidden - alone
    reader = _Reader(before_rows, before_values, own, entries, sizes)
    queue = deque(reader.screen(list(queue), hidden))
    exposed: list[str] = []
    while queue:
        item = queue.popleft()
        weights, _ = reader.proves(item, hidden)
        if weights is None:
            continue  # safe, and stays safe: hiding more never lets a reader prove more
        shown = [i for i, e in enumerate(entries) if e.key not in hidden]
        lean = dict(zip(shown, weights[len(before_rows) :], strict=True))
        candidates = _candidates(entries, [i for i in shown if i not in public], lean, item, own)
        if not candidates or reader.proves(item, everything, keep=False)[0] is not None:
            exposed.append(item.why)  # earlier releases alone give it away
            continue
        # The first candidate (cheapest) that alone ends this proof; else the one that
        # leaves the reader's bounds widest apart, so the next one has least to do.
        pick, widest = candidates[0], -1.0
        for candidate in candidates[:_TRIALS]:
            trial = hidden | {e.key for e in entries if e.unit == entries[candidate].unit}
            still, width = reader.proves(item, trial, keep=False)
            if still is None:
                pick = candidate
                break
            if width > widest:
                pick, widest = candidate, width
        for j, entry in enumerate(entries):
            if entry.unit == entries[pick].unit and entry.key not in hidden:
                hidden.add(entry.key)
                linked.add(entry.key)
                queue.append(_Sensitive(own[j], entry.value, "this release", k))
        queue.append(item)  # checked again: one more hidden count may not have been enough
    return JointResult(hidden, linked, exposed)


def _lines(before_rows: list, own: np.ndarray, entries: list) -> list[list[int]]:
    """Groups of the new release's counts that add up to a count a reader knows.

    A count shown earlier (the day shift's "No") that the new release splits into parts
    (day shift's "No" by age band) is a line: one hidden part is the earlier count minus
    the others. So is a count of the new release and its parts (a group's total and its
    answers), the sum then being one of the line's members. Parts of one kind (``order``)
    that do not overlap and add up exactly make a line.
    """
    sums = [(row, None) for row in before_rows] + [(own[i], i) for i in range(len(entries))]
    lines = []
    for row, whole in sums:
        inside = [
            i
            for i in range(len(entries))
            if i != whole and own[i].any() and not (own[i] > row).any()
        ]
        for order in {entries[i].order for i in inside}:
            parts = [i for i in inside if entries[i].order == order]
            if len(parts) > 1 and np.array_equal(own[parts].sum(axis=0), row):
                lines.append(parts if whole is None else [*parts, whole])
    return lines


def _lines_first(entries, hidden: set, lines: list, *, k: int, public: set) -> None:
    """The table rule for lines that cross releases: no line with one hidden part, or
    hidden parts adding up to under k; hide the cheapest shown part until none."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            hid = [i for i in line if entries[i].key in hidden]
            if not hid or (len(hid) >= 2 and sum(entries[i].value for i in hid) >= k):
                continue
            shown = [i for i in line if entries[i].key not in hidden and i not in public]
            if not shown:
                continue
            unit = entries[min(shown, key=lambda i: _cost(entries[i]))].unit
            hidden.update(e.key for e in entries if e.unit == unit)
            changed = True


class _Reader:
    """A reader holding the earlier releases and the new one's shown counts.

    It keeps every feasible table it has found (the true one first, then each linear
    programme's optimum). Hiding counts only removes constraints, so each stays feasible
    for the rest of the decision: when one of them already puts a hidden count at 0 or at
    k or more, no proof can exist and no linear programme is needed.
    """

    def __init__(self, before_rows, before_values, own, entries, sizes) -> None:
        self.before_rows, self.before_values = before_rows, before_values
        self.own, self.entries = own, entries
        self.pool = [np.asarray(sizes, dtype=float)]

    def screen(self, items: list, hide: set) -> list:
        """The items that may be proved, found with one factorization for the large ones."""
        large = [item for item in items if item.value >= item.k]
        if not large:
            return items
        rows, _ = self._known(hide)
        found = bounds.determined(rows, np.array([item.vector for item in large]))
        fixed = {id(item) for item, w in zip(large, found, strict=True) if w is not None}
        return [item for item in items if item.value < item.k or id(item) in fixed]

    def _known(self, hide: set):
        shown = [i for i, e in enumerate(self.entries) if e.key not in hide]
        rows = np.array(self.before_rows + [self.own[i] for i in shown])
        rows = rows.reshape(-1, self.own.shape[1])
        values = np.array(self.before_values + [self.entries[i].value for i in shown], float)
        return rows, values

    def proves(self, item: _Sensitive, hide: set, *, keep: bool = True) -> tuple:
        """``(None, inf)`` when no proof exists; else the weights of the counts the proof
        uses and how far apart its bounds are.

        ``keep`` adds the tables found to the pool: only for ``hide`` as decided so far,
        never a trial that hides more (its tables may break a count still shown).
        """
        if 1 <= item.value < item.k:
            reach = np.array(self.pool) @ item.vector
            if (reach >= item.k - 1e-6).any() or (reach <= 1e-6).any():
                return None, math.inf
        rows, values = self._known(hide)
        if 1 <= item.value < item.k:
            found = bounds.narrowing(rows, values, item.vector, k=item.k)
            if keep:
                self.pool += found.tables
            return found.duals, found.width
        if item.value >= item.k:
            return bounds.determined(rows, item.vector[None, :])[0], 0.0
        return None, math.inf


@dataclass
class _Sensitive:
    vector: np.ndarray
    value: int
    why: str
    k: int


def _candidates(entries, shown: list[int], lean: dict, item, own) -> list[int]:
    """Shown counts worth hiding, cheapest first: those the proof leans on, else those
    sharing respondents with the hidden count, else any."""
    leaning = [i for i in shown if abs(lean.get(i, 0.0)) > 1e-9]
    overlapping = [i for i in shown if (own[i] * item.vector).any()]
    chosen = leaning or overlapping or shown
    return sorted(chosen, key=lambda i: _cost(entries[i]))


def _public(before_rows: list, own: np.ndarray) -> set[int]:
    """The new release's counts that earlier releases already fix exactly."""
    if not before_rows:
        return set()
    weights = bounds.determined(np.array(before_rows), own)
    # A count of nobody is fixed at 0 by any release; showing it would still say something
    # of a group hidden whole ("none of them said yes"), so it is not treated as public.
    return {i for i, w in enumerate(weights) if w is not None and own[i].any()}


def _cost(entry: Entry) -> tuple:
    # A zero names no one, but hiding it tells a reader nothing either: positive first.
    return (entry.value == 0, entry.order, entry.value)
