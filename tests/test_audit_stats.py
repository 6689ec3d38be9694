"""collective_ai.audit.stats: each statistic against a hand-worked value or scipy."""

import math
import random
from fractions import Fraction

import pytest
from scipy.stats import fisher_exact, norm

from collective_ai.audit import stats


def test_exactly_four_fifths_is_not_adverse():
    # 24/40 = 0.6 against 30/40 = 0.75: the ratio is exactly 4/5 (29 CFR 1607.4(D) says
    # "less than four-fifths"). In floats 0.6 / 0.75 is 0.7999999999999999.
    assert 0.6 / 0.75 < 0.8
    assert stats.is_adverse(stats.rate(24, 40), stats.rate(30, 40)) is False
    assert stats.is_adverse(stats.rate(23, 40), stats.rate(30, 40)) is True


def test_rate_is_exact():
    assert stats.rate(1, 3) == Fraction(1, 3)
    with pytest.raises(ValueError, match="at least one person"):
        stats.rate(0, 0)


def test_wilson_interval_hand_worked():
    # p = 0.5, n = 10, z = 1.96: centre 0.5, half-width 1.96/1.38416 * sqrt(0.025 + 0.009604)
    low, high = stats.wilson_interval(5, 10)
    assert low == pytest.approx(0.236593, abs=1e-6)
    assert high == pytest.approx(0.763407, abs=1e-6)


def test_wilson_interval_stays_inside_zero_one():
    low, high = stats.wilson_interval(0, 4)
    assert low == 0.0
    assert 0 < high < 1
    low, high = stats.wilson_interval(4, 4)
    assert 0 < low < 1
    assert high == 1.0


def test_ztest_hand_worked():
    # 30/40 vs 24/40: pooled 54/80 = 0.675, se = sqrt(0.675 * 0.325 * (2/40)) = 0.104732,
    # z = 0.15 / 0.104732 = 1.43223, two-sided p = 0.152078.
    assert stats.ztest_p(30, 40, 24, 40) == pytest.approx(0.152078, abs=1e-6)
    z = 0.15 / math.sqrt(0.675 * 0.325 * 0.05)
    assert stats.ztest_p(30, 40, 24, 40) == pytest.approx(2 * norm.sf(z), rel=1e-12)


def test_ztest_identical_groups():
    assert stats.ztest_p(0, 10, 0, 20) == 1.0
    assert stats.ztest_p(5, 5, 7, 7) == 1.0


def test_fisher_scipy_documentation_example():
    # scipy.stats.fisher_exact's docstring: [[8, 2], [1, 5]] gives p = 0.034965...
    assert stats.fisher_p(8, 10, 1, 6) == pytest.approx(0.034965034965034975, rel=1e-9)


def test_fisher_agrees_with_scipy_on_random_tables():
    rng = random.Random(20261122)
    for _ in range(600):
        n_a, n_b = rng.randint(1, 80), rng.randint(1, 80)
        a, b = rng.randint(0, n_a), rng.randint(0, n_b)
        expected = fisher_exact([[a, n_a - a], [b, n_b - b]]).pvalue
        assert stats.fisher_p(a, n_a, b, n_b) == pytest.approx(expected, rel=1e-7, abs=1e-300)


@pytest.mark.parametrize(
    "table",
    [(5000, 10000, 4800, 10000), (250000, 500000, 249000, 500000), (3, 1000, 0, 5)],
)
def test_fisher_agrees_with_scipy_on_large_tables(table):
    a, n_a, b, n_b = table
    expected = fisher_exact([[a, n_a - a], [b, n_b - b]]).pvalue
    assert stats.fisher_p(*table) == pytest.approx(expected, rel=1e-6)


def test_fisher_symmetric_table_is_one():
    assert stats.fisher_p(5, 10, 5, 10) == 1.0
    assert stats.fisher_p(0, 10, 0, 10) == 1.0


def test_wilson_interval_matches_scipy_on_random_tables():
    from scipy.stats import binomtest

    rng = random.Random(1927)
    for _ in range(400):
        n = rng.choice([rng.randint(1, 30), rng.randint(1, 5000)])
        k = rng.randint(0, n)
        expected = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        low, high = stats.wilson_interval(k, n)
        assert low == pytest.approx(expected.low, abs=1e-12)
        assert high == pytest.approx(expected.high, abs=1e-12)
