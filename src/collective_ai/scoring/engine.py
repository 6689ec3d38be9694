"""``simulate(scenario, seed=..., **params)``: run one scoring system over a population."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from collective_ai.errors import InputError
from collective_ai.i18n import _
from collective_ai.scoring import model
from collective_ai.scoring.params import check_seed, resolve, span
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
        message = _("unknown scenario {name}; choose one of {known}")
        raise InputError(
            message.format(name=repr(name), known=", ".join(SCENARIOS)), field="scenario"
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
    # The groups' names in the language in use: they are what the audit and every table show.
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
        rows.append({parameter: value, **_verdict_row(result)})
    return pd.DataFrame(rows)


def compare(scenario: str, options: dict[str, dict], *, seed, **params) -> pd.DataFrame:
    """One row per named option: each group's rate, the impact ratio and verdict.

    What a committee does when it weighs remedies: run the same people under each
    proposed change and read the results side by side. Every run uses the same seed, so
    the rows differ only because the options do.

    Parameters
    ----------
    scenario : str
        ``"hiring"``, ``"warehouse"`` or ``"call_centre"``.
    options : dict of str to dict
        Each option's name and the parameters it changes, e.g.
        ``{"drop the proxy": {"proxy_weight": 0}}``.
    seed : int or numpy.random.Generator
        The seed every run starts from.
    **params
        Parameters shared by every option (an option's own values win).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``option``, in the order given, with a column per group's rate,
        ``impact_ratio`` and ``below_four_fifths`` (the audit's exact verdict).

    Raises
    ------
    collective_ai.errors.InputError
        If a parameter is unknown or out of range.
    """
    rows = [
        {"option": name, **_verdict_row(simulate(scenario, seed=seed, **{**params, **change}))}
        for name, change in options.items()
    ]
    return pd.DataFrame(rows).set_index("option")


def _verdict_row(result: ScoringResult) -> dict:
    return {
        **result.rates,
        "impact_ratio": result.impact_ratio,
        "below_four_fifths": result.below_four_fifths,
    }


def first_crossing(table: pd.DataFrame, *, parameter: str | None = None, below: bool = True):
    """The first setting, in the table's order, whose four-fifths verdict is ``below``.

    It reads the audit's exact verdict (``below_four_fifths``), never ``impact_ratio <
    0.8``: a ratio of exactly four-fifths can be 0.7999999 in floating point and is not
    below four-fifths (29 CFR 1607.4(D) says *less than*).

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`sweep` result, or :attr:`ScoringResult.by_round`: one row per setting
        in the order tried, with ``impact_ratio`` and ``below_four_fifths`` columns.
    parameter : str, optional
        The column holding the setting (a sweep's parameter). None: the table's index
        (the round of ``by_round``).
    below : bool, default True
        True: the first setting below four-fifths; False: the first at or above it
        (how far a remedy has to go).

    Returns
    -------
    int, float or None
        The setting, or None if no row has that verdict. A row whose ratio is
        undefined (nobody got the favourable outcome) has no verdict and is skipped.
    """
    rows = table[table["impact_ratio"].notna() & (table["below_four_fifths"] == below)]
    if rows.empty:
        return None
    value = rows.index[0] if parameter is None else rows[parameter].iloc[0]
    return value.item() if isinstance(value, np.generic) else value


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
                "range": span(p.low, p.high),
                "default": p.default,
                "units": p.units,
                "meaning": p.help,
            }
            for p in spec.parameters.values()
            if p.high > p.low
        ]
    ).set_index("parameter")
