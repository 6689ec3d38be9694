"""The vectorised model behind every scenario.

Assumptions, stated so a learner can argue with them:

- true job performance (``ability``) is standard normal and the same in both groups;
- the system measures performance with noise (standard deviation ``NOISE_SD``) each round;
- the proxy is a trait correlated with group membership (Pearson correlation
  ``proxy_strength`` with the 0/1 group indicator) and independent of performance; each
  round reads it with noise too, in the same proportion as performance (so a heavier
  proxy weight changes the gap between groups, not how much a person's score moves from
  round to round);
- the score is ``(1 - proxy_weight) * measured performance - proxy_weight * proxy reading``.

So any gap between groups comes from the proxy, which is how a screener trained on past
decisions can pick up age or disability without ever seeing it (the disparate-impact
theory the court let proceed in Mobley v. Workday).

Random numbers are drawn in a fixed order whatever the parameters, so two runs with the
same seed differ only where a parameter changed (common random numbers): that is what
makes the curves in the lab smooth and the monotonicity tests meaningful.
"""

from __future__ import annotations

import numpy as np

NOISE_SD = 0.5
FASTEST_SHARE = 0.10  # the warehouse target ratchets toward this top share's rate


def population(rng: np.random.Generator, *, n: int, group_share: float, proxy_strength: float):
    """Group membership, true performance and the proxy, one row per person."""
    in_group = rng.random(n) < group_share
    ability = rng.standard_normal(n)
    scale = 1.0 / np.sqrt(group_share * (1.0 - group_share))
    proxy = rng.standard_normal(n)
    proxy *= np.sqrt(1.0 - proxy_strength**2)
    proxy += proxy_strength * scale * (in_group - group_share)
    return in_group, ability, proxy


def score(rng: np.random.Generator, ability, proxy, *, proxy_weight: float, proxy_strength):
    """One round's score: a noisy reading of performance, partly replaced by the proxy's."""
    measured = rng.standard_normal(ability.size)
    measured *= NOISE_SD
    measured += ability
    measured *= 1.0 - proxy_weight
    reading = rng.standard_normal(ability.size)
    reading *= NOISE_SD * np.sqrt(1.0 - proxy_strength**2)
    reading += proxy
    reading *= proxy_weight
    measured -= reading
    return measured


def lowest(values, count: int):
    """Mask of the ``count`` lowest values (exactly ``count`` when values are distinct)."""
    if count <= 0:
        return np.zeros(values.size, dtype=bool)
    if count >= values.size:
        return np.ones(values.size, dtype=bool)
    return values < np.partition(values, count)[count]


def order_statistic(values, index: int) -> float:
    """The ``index``-th smallest value (0-based), clipped to the ends."""
    index = min(max(index, 0), values.size - 1)
    return float(np.partition(values, index)[index])


def review(rng: np.random.Generator, adverse, ability, scores, *, share: float, accuracy: float):
    """Which adverse decisions a human reviewer overturns.

    A random ``share`` of the adverse decisions is reviewed. The reviewer's judgement mixes
    true performance with the machine's score: ``accuracy * ability + sqrt(1 - accuracy**2)
    * standardised score``. A reviewed person is cleared when the reviewer would not have
    put them among the same number of lowest-ranked people. At ``accuracy=0`` the reviewer
    only echoes the score (automation bias) and clears nobody.
    """
    reviewed = rng.random(ability.size) < share
    reviewed &= adverse
    count = int(adverse.sum())
    if count == 0 or count == ability.size or not reviewed.any():
        return reviewed, np.zeros(ability.size, dtype=bool)
    standardised = (scores - scores.mean()) / scores.std()
    judgement = accuracy * ability + np.sqrt(1.0 - accuracy**2) * standardised
    bar = np.partition(judgement, count)[count]
    return reviewed, reviewed & (judgement >= bar)
