"""The statistics behind an audit table, in plain Python.

Everything here works on counts (people in a category, people selected), so the same code
serves a DataFrame of a million rows and a table copied from a regulation. Only the
standard library is imported: ``scipy.stats`` takes over a second to import, which would
blow the command line's time budget, so the Fisher test is written out here and the tests
check it against :func:`scipy.stats.fisher_exact`.
"""

from __future__ import annotations

import math
from fractions import Fraction

#: The four-fifths threshold of 29 CFR 1607.4(D), kept exact.
FOUR_FIFTHS = Fraction(4, 5)

#: Two-sided 95% normal quantile, the z of the Wilson interval.
Z95 = 1.959963984540054

# Probabilities within this relative distance of the observed table's probability count
# as "as extreme" (R's fisher.test uses the same 1e-7); it absorbs rounding in lgamma.
_FISHER_RELATIVE_TOLERANCE = 1e-7


def rate(selected: int, n: int) -> Fraction:
    """Selection rate ``selected / n`` as an exact fraction (29 CFR 1607.16(R))."""
    if n <= 0:
        raise ValueError("a category needs at least one person")
    return Fraction(selected, n)


def is_adverse(category_rate: Fraction, reference_rate: Fraction) -> bool:
    """The four-fifths rule, decided exactly.

    29 CFR 1607.4(D): a rate "less than four-fifths (4/5) ... of the rate for the group
    with the highest rate" is generally regarded as evidence of adverse impact. With
    fractions, 24/40 against 30/40 is exactly 4/5 and therefore *not* adverse, which
    floating point cannot promise.
    """
    return category_rate < FOUR_FIFTHS * reference_rate


def wilson_interval(selected: int, n: int, *, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion (Wilson 1927; Agresti 2013, section 1.4.2).

    Unlike the textbook "rate plus or minus 1.96 standard errors", it stays inside [0, 1]
    and behaves for small categories and for rates of 0 or 1, which audits meet often.
    Centre ``(p + z²/2n) / (1 + z²/n)``, half-width
    ``z / (1 + z²/n) * sqrt(p(1-p)/n + z²/4n²)``.
    """
    p = selected / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


def ztest_p(selected_a: int, n_a: int, selected_b: int, n_b: int) -> float:
    """Two-sided p of the pooled two-proportion z-test (Agresti 2013, section 3.1).

    ``z = (p_a - p_b) / sqrt(p(1-p)(1/n_a + 1/n_b))`` with ``p`` the pooled rate; the
    p-value is ``2 * (1 - Phi(|z|)) = erfc(|z| / sqrt 2)``. When the pooled rate is 0 or
    1 both groups are identical and the p-value is 1.
    """
    pooled = (selected_a + selected_b) / (n_a + n_b)
    variance = pooled * (1 - pooled) * (1 / n_a + 1 / n_b)
    if variance <= 0:
        return 1.0
    z = (selected_a / n_a - selected_b / n_b) / math.sqrt(variance)
    return math.erfc(abs(z) / math.sqrt(2))


def fisher_p(selected_a: int, n_a: int, selected_b: int, n_b: int) -> float:
    """Two-sided p of Fisher's exact test on the 2x2 table of two categories.

    Fisher (1935) conditions on the margins: the number selected in group A then follows a
    hypergeometric distribution, and the two-sided p-value is the total probability of
    every table no more likely than the one observed (the definition used by
    :func:`scipy.stats.fisher_exact` and R's ``fisher.test``; Agresti 2013, section 3.5).
    Tails are summed outward from their edge with the ratio of successive
    probabilities, so a million rows cost a few thousand steps.
    """
    table = _Hypergeometric(total=n_a + n_b, drawn=selected_a + selected_b, size_a=n_a)
    if table.drawn in (0, table.total):
        return 1.0
    return min(1.0, table.two_sided(selected_a))


class _Hypergeometric:
    """P(X = x) for the number selected in group A, given both margins."""

    def __init__(self, *, total: int, drawn: int, size_a: int) -> None:
        self.total = total
        self.drawn = drawn
        self.size_a = size_a
        self.low = max(0, drawn - (total - size_a))
        self.high = min(drawn, size_a)
        self._log_norm = _log_comb(total, drawn)

    def log_pmf(self, x: int) -> float:
        return (
            _log_comb(self.size_a, x)
            + _log_comb(self.total - self.size_a, self.drawn - x)
            - self._log_norm
        )

    def mode(self) -> int:
        return (self.drawn + 1) * (self.size_a + 1) // (self.total + 2)

    def _ratio_up(self, x: int) -> float:
        """P(x + 1) / P(x)."""
        others = self.total - self.size_a
        return (self.size_a - x) * (self.drawn - x) / ((x + 1) * (others - self.drawn + x + 1))

    def tail(self, start: int, step: int) -> float:
        """Sum of P(x) from ``start`` away from the mode (``step`` is +1 or -1)."""
        end = self.high if step > 0 else self.low
        term, total, x = 1.0, 1.0, start
        while x != end and term >= total * 1e-17:
            term *= self._ratio_up(x) if step > 0 else 1 / self._ratio_up(x - 1)
            total += term
            x += step
        return total * math.exp(self.log_pmf(start))

    def two_sided(self, observed: int) -> float:
        mode = self.mode()
        log_observed = self.log_pmf(observed)
        limit = log_observed + math.log1p(_FISHER_RELATIVE_TOLERANCE)
        if self.log_pmf(mode) <= limit:
            return 1.0
        if observed < mode:
            other = self._first_at_most(limit, mode, self.high, rising=False)
            upper = self.tail(other, +1) if other is not None else 0.0
            return self.tail(observed, -1) + upper
        other = self._first_at_most(limit, self.low, mode, rising=True)
        lower = self.tail(other, -1) if other is not None else 0.0
        return self.tail(observed, +1) + lower

    def _first_at_most(self, limit: float, lo: int, hi: int, *, rising: bool) -> int | None:
        """Nearest x to the mode, within [lo, hi], whose log P(x) is at most ``limit``.

        On ``[lo, hi]`` the probability rises (``rising``) or falls monotonically.
        """
        edge = lo if rising else hi
        if self.log_pmf(edge) > limit:
            return None
        while lo < hi:
            if rising:
                mid = (lo + hi + 1) // 2
                if self.log_pmf(mid) <= limit:
                    lo = mid
                else:
                    hi = mid - 1
            else:
                mid = (lo + hi) // 2
                if self.log_pmf(mid) <= limit:
                    hi = mid
                else:
                    lo = mid + 1
        return lo


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
