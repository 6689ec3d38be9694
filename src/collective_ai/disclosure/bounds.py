"""What a reader of every released count can prove about a hidden one.

Respondents who fall in exactly the same released and hidden counts form an *atom*; every
count is the sum of some atoms. A reader who has all the released counts knows ``A x = b``
for the unknown atom sizes ``x >= 0``. The tightest bounds they can put on a hidden count
``h . x`` are its smallest and largest values over that set, two linear programmes: the
"feasibility interval" that statistical agencies audit a suppressed table with
(Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, ch. 4; tau-ARGUS's audit
computes the same intervals). Counts are whole numbers, so a reader may round the bounds
inwards, and so do we.

A hidden count gives someone away when the reader can prove it lies between 1 and k-1
(both rounded bounds inside that range; exact recovery is the case where they meet).
A hidden count of k or more is protected when it cannot be worked out exactly, which is
linear algebra: ``h`` must not lie in the row space of ``A``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

_TOLERANCE = 1e-6


def atoms(masks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group respondents by the counts they fall in.

    Parameters
    ----------
    masks : numpy.ndarray
        Booleans, one row per respondent, one column per count (released or not).

    Returns
    -------
    incidence : numpy.ndarray
        Booleans, one row per count, one column per atom: which atoms the count adds up.
    sizes : numpy.ndarray
        How many respondents each atom holds.
    """
    masks = np.asarray(masks, dtype=bool)
    if masks.shape[0] == 0:
        return np.zeros((masks.shape[1], 0), dtype=bool), np.zeros(0, dtype=np.int64)
    packed = np.packbits(masks, axis=1)
    rows = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1])))[:, 0]
    _, first, sizes = np.unique(rows, return_index=True, return_counts=True)
    return masks[first].T.copy(), sizes.astype(np.int64)


def interval(known: np.ndarray, values: np.ndarray, hidden: np.ndarray) -> tuple[int, int]:
    """The whole-number bounds a reader can prove for ``hidden . x``.

    Parameters
    ----------
    known : numpy.ndarray
        One row per released count, one column per atom (0/1).
    values : numpy.ndarray
        The released counts.
    hidden : numpy.ndarray
        The hidden count's atoms (0/1).

    Returns
    -------
    tuple of int
        ``(low, high)``, rounded inwards; ``high`` is ``math.inf`` when nothing caps it.
    """
    return _bound(known, values, hidden, lowest=True)[0], _bound(
        known, values, hidden, lowest=False
    )[0]


@dataclass
class Narrowing:
    """What :func:`narrowing` found: ``duals`` is None when the count is safe, else how much
    each released count binds it; ``tables`` are the feasible tables the programmes found;
    ``width`` is how far apart the proved bounds are (wider is closer to safe)."""

    duals: np.ndarray | None
    tables: list[np.ndarray]
    width: float = math.inf


def narrowing(known, values, hidden, *, k: int) -> Narrowing:
    """Whether a reader can prove the hidden count is between 1 and ``k - 1``.

    The true count is always inside the interval, so one bound outside 1..k-1 settles it;
    the upper bound is tried first (it usually reaches k). When both fall inside, the
    answer carries the linear programme's dual values (shadow prices) for the upper bound:
    a released count with a non-zero one holds the hidden count below k, and hiding it is
    what can help.
    """
    high, duals, top = _bound(known, values, hidden, lowest=False)
    tables = [top] if top is not None else []
    if high >= k:
        return Narrowing(None, tables)
    low, low_duals, bottom = _bound(known, values, hidden, lowest=True)
    tables += [bottom] if bottom is not None else []
    if low < 1:
        return Narrowing(None, tables)
    return Narrowing(np.abs(duals) + np.abs(low_duals), tables, high - low)


def _bound(known, values, hidden, *, lowest: bool):
    """The rounded bound, the dual values, and the optimal table (None when unbounded)."""
    from scipy.optimize import linprog

    hidden = np.asarray(hidden, dtype=float)
    none = np.zeros(len(values))
    if not hidden.any():
        return 0, none, None
    if len(values) == 0:
        return (0 if lowest else math.inf), none, None
    sign = 1.0 if lowest else -1.0
    result = linprog(
        sign * hidden,
        A_eq=np.asarray(known, dtype=float),
        b_eq=np.asarray(values, dtype=float),
        bounds=(0, None),
        method="highs",
    )
    if result.status == 3:  # unbounded: nothing released caps this count
        return (0 if lowest else math.inf), none, None
    if result.status != 0:
        # Infeasible means the released counts contradict each other, which only a bug
        # can cause: fail loudly rather than call a count protected.
        raise RuntimeError(f"the released counts admit no table ({result.message})")
    optimum = sign * result.fun
    rounded = math.ceil(optimum - _TOLERANCE) if lowest else math.floor(optimum + _TOLERANCE)
    return rounded, np.asarray(result.eqlin.marginals, dtype=float), np.asarray(result.x)


def determined(known: np.ndarray, hidden: np.ndarray) -> list[np.ndarray | None]:
    """For each row of ``hidden``: None when the released counts leave it open, else the
    combination of released counts that gives it exactly.

    A count is fixed by linear algebra alone when it is a combination of released ones:
    its vector lies in the row space of ``known``, tested by least squares (a zero
    residual).

    Parameters
    ----------
    known : numpy.ndarray
        One row per released count, one column per atom.
    hidden : numpy.ndarray
        One row per hidden count, one column per atom.

    Returns
    -------
    list
        Per hidden count, None or the weights of the released counts that add up to it.
    """
    hidden = np.atleast_2d(np.asarray(hidden, dtype=float))
    known = np.asarray(known, dtype=float)
    if hidden.shape[0] == 0:
        return []
    if known.shape[0] == 0:
        return [None if row.any() else np.zeros(0) for row in hidden]
    weights, *_ = np.linalg.lstsq(known.T, hidden.T, rcond=None)
    residual = np.abs(known.T @ weights - hidden.T).max(axis=0)
    return [weights[:, i] if residual[i] < 1e-6 else None for i in range(hidden.shape[0])]
