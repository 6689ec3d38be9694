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

from dataclasses import dataclass, field

import numpy as np

from collective_ai.disclosure import bounds

_TRIALS = 6  # candidates tried one by one before falling back to the cheapest


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


@dataclass
class JointResult:
    """What :func:`protect` decided.

    ``hidden`` holds the new release's hidden keys; ``linked`` those hidden only because of
    the joint check; ``exposed`` the reasons for counts that earlier releases already give
    away, which hiding more of this release cannot help.
    """

    hidden: set
    linked: set = field(default_factory=set)
    exposed: list[str] = field(default_factory=list)


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
    incidence, _ = bounds.atoms(np.column_stack(masks))
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
    sensitive = [
        _Sensitive(next(rest), fact.value, fact.why or "an earlier release")
        for fact in (*hidden_before, *watched)
    ]
    sensitive += [
        _Sensitive(own[i], e.value, "this release")
        for i, e in enumerate(entries)
        if e.key in hidden
    ]

    def known(hide: set):
        shown = [i for i, e in enumerate(entries) if e.key not in hide]
        rows = np.array(before_rows + [own[i] for i in shown]).reshape(-1, vectors.shape[1])
        values = np.array(before_values + [entries[i].value for i in shown], dtype=float)
        return shown, rows, values

    everything = {e.key for e in entries}
    linked: set = set()
    exposed: list[str] = []
    pending = sensitive
    while pending:
        shown, rows, values = known(hidden)
        blame = _violations(pending, rows, values, k=k)
        if not blame:
            break
        item, weights = blame[0]
        lean = dict(zip(shown, weights[len(before_rows) :], strict=True))
        shown = [i for i in shown if i not in public]
        candidates = _candidates(entries, shown, lean, item.vector, own)
        if candidates and _violations([item], *known(everything)[1:], k=k):
            candidates = []  # earlier releases alone give it away: hiding more cannot help
        if not candidates:
            exposed.append(item.why)
            pending = [other for other, _ in blame[1:]]
            continue
        # The first candidate (cheapest) that alone ends this violation, else the cheapest.
        pick = candidates[0]
        for candidate in candidates[:_TRIALS]:
            trial = hidden | {e.key for e in entries if e.unit == entries[candidate].unit}
            if not _violations([item], *known(trial)[1:], k=k):
                pick = candidate
                break
        newly = []
        for j, entry in enumerate(entries):
            if entry.unit == entries[pick].unit and entry.key not in hidden:
                hidden.add(entry.key)
                linked.add(entry.key)
                newly.append(_Sensitive(own[j], entry.value, "this release"))
        # Only what was just found wanting, and what was just hidden, can still fail:
        # hiding more never lets a reader prove more.
        pending = [other for other, _ in blame] + newly
    return JointResult(hidden, linked, exposed)


@dataclass
class _Sensitive:
    vector: np.ndarray
    value: int
    why: str


def _violations(items: list[_Sensitive], known, values, *, k: int) -> list:
    """The items a reader could prove small or work out exactly, with what binds each."""
    out = []
    small = [item for item in items if 1 <= item.value < k]
    for item in small:
        duals = bounds.narrowing(known, values, item.vector, k=k)
        if duals is not None:
            out.append((item, duals))
    large = [item for item in items if item.value >= k]
    if large:
        weights = bounds.determined(known, np.array([item.vector for item in large]))
        out += [(item, w) for item, w in zip(large, weights, strict=True) if w is not None]
    return out


def _candidates(entries, shown: list[int], lean: dict, vector, own) -> list[int]:
    """Shown counts worth hiding, cheapest first: those the proof leans on, else those
    sharing respondents with the hidden count, else any."""
    leaning = [i for i in shown if abs(lean.get(i, 0.0)) > 1e-9]
    overlapping = [i for i in shown if (own[i] * vector).any()]
    chosen = leaning or overlapping or shown
    return sorted(chosen, key=lambda i: _cost(entries[i]))


def _public(before_rows: list, own: np.ndarray) -> set[int]:
    """The new release's counts that earlier releases already fix exactly."""
    if not before_rows:
        return set()
    weights = bounds.determined(np.array(before_rows), own)
    return {i for i, w in enumerate(weights) if w is not None}


def _cost(entry: Entry) -> tuple:
    # A zero names no one, but hiding it tells a reader nothing either: positive first.
    return (entry.value == 0, entry.order, entry.value)
