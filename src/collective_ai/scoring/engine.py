"""``simulate(scenario, seed=..., **params)``: run one scoring system over a population."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from collective_ai.errors import InputError
from collective_ai.scoring import model
from collective_ai.scoring.params import check_seed, fmt, resolve
from collective_ai.scoring.result import ScoringResult
from collective_ai.scoring.scenarios import SCENARIOS, Scenario


def get_scenario(name: object) -> Scenario:
    """The scenario called ``name``, or an error listing the ones there are.

    Parameters
    ----------
    name : str
        ``"hiring"``, ``"warehouse"`` or ``"call_centre"`` (the keys of ``SCENARIOS``).

    Returns
    -------
    Scenario
        Who is scored, on what proxy, and the parameters the system takes.

    Raises
    ------
    InputError
        An unknown name; the message lists the known ones.
    """
    if name not in SCENARIOS:
        raise InputError(
            f"unknown scenario {name!r}; choose one of {', '.join(SCENARIOS)}", field="scenario"
        )
    return SCENARIOS[name]


def simulate(scenario: str, *, seed, **params) -> ScoringResult:
    """Score a simulated population and decide, as the scenario's system would.

    True ability does not differ between the groups; the score mixes a noisy measure of
    it with a proxy that tracks group membership (:mod:`collective_ai.scoring.model`), so
    any gap in outcomes is the proxy's doing.

    Parameters
    ----------
    scenario : str
        ``"hiring"``, ``"warehouse"`` or ``"call_centre"``.
    seed : int or numpy.random.Generator
        Required, so every run can be repeated.
    **params
        The scenario's parameters (``n``, ``group_share``, ``proxy_weight``, ...); those
        left out take the defaults in :mod:`collective_ai.scoring.scenarios`.

    Returns
    -------
    ScoringResult
        The people with their scores and decisions, and the audit of the outcome.

    Raises
    ------
    InputError
        An unknown scenario or parameter, or a value out of range (the message names the
        parameter and its range). It is a ``ValueError``.

    See Also
    --------
    sweep : the same run over several values of one parameter.

    Examples
    --------
    >>> result = simulate("hiring", seed=1, n=2000, proxy_weight=0)
    >>> result.below_four_fifths
    False
    """
    spec = get_scenario(scenario)
    values = resolve(spec.parameters, params)
    rng = check_seed(seed)
    in_group, ability, proxy = model.population(
        rng,
        n=values["n"],
        group_share=values["group_share"],
        proxy_strength=values["proxy_strength"],
    )
    run = _select_top if spec.decision == "top" else _flag_bottom
    columns, cuts, review = run(rng, ability, proxy, values, spec)
    group = pd.Categorical.from_codes(in_group.view(np.int8), categories=[spec.other, spec.group])
    people = pd.DataFrame({"group": group, "ability": ability, "proxy": proxy, **columns})
    return ScoringResult(
        scenario=spec, params=values, people=people, cuts=tuple(cuts), review=review
    )


def _score(rng, ability, proxy, values):
    return model.score(
        rng,
        ability,
        proxy,
        proxy_weight=values["proxy_weight"],
        proxy_strength=values["proxy_strength"],
    )


def _review(rng, adverse, ability, scores, values):
    return model.review(
        rng,
        adverse,
        ability,
        scores,
        share=values["human_review_share"],
        accuracy=values["reviewer_accuracy"],
    )


def _select_top(rng, ability, proxy, values, spec):
    """Hiring: the top ``selection_share`` of scores advance; reviewers read rejections."""
    n = ability.size
    scores = _score(rng, ability, proxy, values)
    rejected_count = n - round(values["selection_share"] * n)
    rejected = model.lowest(scores, rejected_count)
    reviewed, cleared = _review(rng, rejected, ability, scores, values)
    columns = {
        "score": scores,
        spec.adverse_column: rejected,
        "reviewed": reviewed,
        spec.favourable: ~rejected | cleared,
    }
    cut = model.order_statistic(scores, rejected_count)
    return columns, [cut], (int(reviewed.sum()), int(cleared.sum()))


def _flag_bottom(rng, ability, proxy, values, spec):
    """Warehouse and call centre: each round the lowest scores are flagged.

    With ``target_ratchet`` (warehouse) the week-1 target is the ``selection_share``
    quantile of rates and then moves each week toward the rate of the fastest tenth: the
    feedback loop of a rate that keeps rising. Without it (call centre) the bottom
    ``selection_share`` is flagged every month (forced ranking).
    """
    n = ability.size
    ratchet = values.get("target_ratchet")
    first_count = round(values["selection_share"] * n)
    fastest = math.ceil((1 - model.FASTEST_SHARE) * n)
    free = np.ones(n, dtype=bool)
    ever_reviewed = np.zeros(n, dtype=bool)
    columns, cuts, reviewed_total, cleared_total = {}, [], 0, 0
    target = None
    for week in range(1, values["rounds"] + 1):
        scores = _score(rng, ability, proxy, values)
        if target is None or ratchet is None:
            target = model.order_statistic(scores, first_count)
        flagged = scores < target
        reviewed, cleared = _review(rng, flagged, ability, scores, values)
        adverse = flagged & ~cleared
        columns[f"{spec.adverse_column}_{spec.round_noun}_{week}"] = adverse
        free &= ~adverse
        ever_reviewed |= reviewed
        reviewed_total += int(reviewed.sum())
        cleared_total += int(cleared.sum())
        cuts.append(target)
        if ratchet:
            target += ratchet * (model.order_statistic(scores, fastest) - target)
    columns = {"score": scores, **columns, "reviewed": ever_reviewed, spec.favourable: free}
    return columns, cuts, (reviewed_total, cleared_total)


def sweep(scenario: str, *, seed, parameter: str, values, **params) -> pd.DataFrame:
    """One row per value of ``parameter``: each group's rate, the impact ratio and verdict.

    Every run uses the same seed, so the rows differ only because the parameter did.

    Parameters
    ----------
    scenario : str
        As for :func:`simulate`.
    seed : int or numpy.random.Generator
        The seed of every run.
    parameter : str
        The parameter that varies.
    values : iterable
        Its values, one run each.
    **params
        The other parameters, fixed across the runs.

    Returns
    -------
    pandas.DataFrame
        Per run: the value, each group's favourable rate, ``impact_ratio`` and
        ``below_four_fifths``.
    """
    rows = []
    for value in values:
        result = simulate(scenario, seed=seed, **{**params, parameter: value})
        rows.append(
            {
                parameter: value,
                **result.rates,
                "impact_ratio": result.impact_ratio,
                "below_four_fifths": result.below_four_fifths,
            }
        )
    return pd.DataFrame(rows)


def parameter_table(scenario: str) -> pd.DataFrame:
    """The scenario's parameters: range, default, units and meaning (for a chapter to show).

    Parameters
    ----------
    scenario : str
        As for :func:`simulate`.

    Returns
    -------
    pandas.DataFrame
        Indexed by parameter name; parameters fixed in this scenario are left out.
    """
    spec = get_scenario(scenario)
    return pd.DataFrame(
        [
            {
                "parameter": p.name,
                "range": f"{fmt(p.low)} to {fmt(p.high)}",
                "default": p.default,
                "units": p.units,
                "meaning": p.help,
            }
            for p in spec.parameters.values()
            if p.high > p.low
        ]
    ).set_index("parameter")
