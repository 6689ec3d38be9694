"""collective_ai.scoring: the simulator's properties, proved on seeded runs."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from collective_ai.audit import audit
from collective_ai.scoring import (
    SCENARIOS,
    ScoringResult,
    compare,
    first_crossing,
    get_scenario,
    simulate,
    sweep,
)
from collective_ai.scoring.result import describe

ALL = list(SCENARIOS)
LARGE = 200_000


def ratio_interval(result: ScoringResult) -> tuple[float, float]:
    """Bounds on the penalised group's ratio from the two Wilson intervals (conservative)."""
    groups = result.table.groups
    (g_low, g_high), (o_low, o_high) = (groups[name].ci95 for name in result.group_names)
    return g_low / o_high, g_high / o_low


# ---------------------------------------------------------------- the properties of issue 4


@pytest.mark.parametrize("scenario", ALL)
def test_without_proxy_weight_the_ratio_is_one_within_its_sampling_interval(scenario):
    result = simulate(scenario, seed=11, n=LARGE, proxy_weight=0.0)
    low, high = ratio_interval(result)
    assert low <= 1.0 <= high
    assert result.impact_ratio > 0.95


@pytest.mark.parametrize("scenario", ALL)
def test_ratio_falls_monotonically_as_proxy_weight_rises(scenario):
    weights = [0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0]
    ratios = [simulate(scenario, seed=5, n=LARGE, proxy_weight=w).impact_ratio for w in weights]
    assert all(b < a for a, b in itertools.pairwise(ratios)), ratios
    assert ratios[1] <= ratios[0]
    assert ratios[-1] < 0.5


@pytest.mark.parametrize("scenario", ALL)
def test_human_review_moves_the_ratio_back_toward_one(scenario):
    def ratio(share):
        return simulate(
            scenario, seed=3, n=LARGE, proxy_weight=0.4, human_review_share=share
        ).impact_ratio

    none, half, full = ratio(0.0), ratio(0.5), ratio(1.0)
    assert none < half < full <= 1.0


@pytest.mark.parametrize("scenario", ALL)
def test_a_reviewer_who_copies_the_score_changes_nothing(scenario):
    """Automation bias: at reviewer_accuracy 0 the review only echoes the machine."""
    base = simulate(scenario, seed=8, n=20_000, proxy_weight=0.4)
    echoed = simulate(
        scenario, seed=8, n=20_000, proxy_weight=0.4, human_review_share=1.0, reviewer_accuracy=0
    )
    favourable = base.scenario.favourable
    assert echoed.review[0] > 0
    assert echoed.review[1] == 0
    assert (base.people[favourable] == echoed.people[favourable]).all()


def test_rounds_compound_the_gap_in_the_warehouse():
    ratios = [
        simulate("warehouse", seed=2, n=LARGE, proxy_weight=0.3, rounds=r).impact_ratio
        for r in (1, 4, 12)
    ]
    assert ratios[0] > ratios[1] > ratios[2]
    by_round = simulate("warehouse", seed=2, n=LARGE, proxy_weight=0.3, rounds=12).by_round
    assert by_round["impact_ratio"].is_monotonic_decreasing


def test_even_a_fixed_target_compounds_over_weeks():
    """No ratchet: the same people keep falling under the same line, week after week."""
    ratios = [
        simulate(
            "warehouse", seed=2, n=LARGE, proxy_weight=0.3, rounds=r, target_ratchet=0
        ).impact_ratio
        for r in (1, 8)
    ]
    assert ratios[0] > ratios[1]


@pytest.mark.parametrize("scenario", ALL)
def test_same_seed_same_result_other_seed_different(scenario):
    first = simulate(scenario, seed=42, n=5_000, proxy_weight=0.3, human_review_share=0.3)
    again = simulate(scenario, seed=42, n=5_000, proxy_weight=0.3, human_review_share=0.3)
    other = simulate(scenario, seed=43, n=5_000, proxy_weight=0.3, human_review_share=0.3)
    pd.testing.assert_frame_equal(first.people, again.people)
    assert first.cuts == again.cuts
    assert first.summary == again.summary
    assert not first.people["ability"].equals(other.people["ability"])
    assert first.cuts != other.cuts


def test_a_generator_is_accepted_as_the_seed():
    from_int = simulate("hiring", seed=9, n=2_000)
    from_generator = simulate("hiring", seed=np.random.default_rng(9), n=2_000)
    pd.testing.assert_frame_equal(from_int.people, from_generator.people)


# ------------------------------------------------------------------------ bad parameters


@pytest.mark.parametrize(
    ("params", "pattern"),
    [
        ({"proxy_weight": 1.5}, r"proxy_weight.*from 0 to 1, got 1\.5"),
        ({"proxy_weight": -0.1}, r"proxy_weight.*from 0 to 1"),
        ({"group_share": 0.0}, r"group_share.*from 0\.05 to 0\.95"),
        ({"selection_share": float("nan")}, r"selection_share.*from 0\.05 to 0\.95"),
        ({"n": 10}, r"'n'.*from 100 to 2,000,000"),
        ({"n": 1000.5}, r"'n'.*whole number"),
        ({"human_review_share": "half"}, r"human_review_share.*a number from 0 to 1"),
        ({"proxy_strength": True}, r"proxy_strength"),
        ({"rounds": 2}, r"rounds.*from 1 to 1"),
        ({"target_ratchet": 0.1}, r"target_ratchet.*unknown parameter"),
    ],
)
def test_out_of_range_values_name_the_parameter_and_its_range(params, pattern):
    with pytest.raises(ValueError, match=pattern):
        simulate("hiring", seed=1, **params)


def test_warehouse_ranges():
    with pytest.raises(ValueError, match=r"rounds.*from 1 to 52, got 53"):
        simulate("warehouse", seed=1, rounds=53)
    with pytest.raises(ValueError, match=r"target_ratchet.*from 0 to 0\.3"):
        simulate("warehouse", seed=1, target_ratchet=0.5)


@pytest.mark.parametrize("seed", [-1, 1.5, "7", None, True])
def test_a_bad_seed_is_named(seed):
    with pytest.raises(ValueError, match="seed"):
        simulate("hiring", seed=seed)


def test_the_seed_is_required():
    with pytest.raises(TypeError, match="seed"):
        simulate("hiring")


def test_unknown_scenario_lists_the_real_ones():
    with pytest.raises(ValueError, match="hiring, warehouse, call_centre"):
        get_scenario("payroll")


# ------------------------------------------------------------------- the model, by hand


def test_proxy_tracks_group_with_the_stated_correlation_and_ability_does_not():
    people = simulate("hiring", seed=4, n=LARGE, proxy_strength=0.6, group_share=0.3).people
    in_group = (people["group"] == "40 and over").to_numpy(dtype=float)
    assert np.corrcoef(in_group, people["proxy"])[0, 1] == pytest.approx(0.6, abs=0.01)
    assert abs(np.corrcoef(in_group, people["ability"])[0, 1]) < 0.01
    assert in_group.mean() == pytest.approx(0.3, abs=0.005)


def test_hiring_advances_exactly_the_selected_share_without_review():
    result = simulate("hiring", seed=6, n=10_000, selection_share=0.25)
    people = result.people
    assert people["advanced"].sum() == 2_500
    assert (people["advanced"] == ~people["rejected"]).all()
    assert people.loc[people["advanced"], "score"].min() == result.cuts[0]
    assert people.loc[~people["advanced"], "score"].max() < result.cuts[0]


def test_review_only_adds_people_it_reviewed():
    people = simulate("hiring", seed=6, n=10_000, human_review_share=0.5, proxy_weight=0.5).people
    cleared = people["advanced"] & people["rejected"]
    assert cleared.any()
    assert people.loc[cleared, "reviewed"].all()
    assert not people.loc[~people["rejected"], "reviewed"].any()


def test_warehouse_week_one_writes_up_the_selected_share_and_the_target_ratchets():
    result = simulate("warehouse", seed=6, n=10_000, selection_share=0.1, rounds=5)
    assert result.people["written_up_week_1"].sum() == 1_000
    assert list(result.cuts) == sorted(result.cuts)
    assert result.cuts[0] < result.cuts[-1]
    written_up = result.people.filter(like="written_up_week_").sum()
    assert written_up.is_monotonic_increasing


def test_a_fixed_warehouse_target_stays_put():
    result = simulate("warehouse", seed=6, n=10_000, rounds=5, target_ratchet=0)
    assert len(set(result.cuts)) == 1


def test_call_centre_flags_the_bottom_share_every_month():
    result = simulate("call_centre", seed=6, n=10_000, selection_share=0.15, rounds=4)
    flagged = result.people.filter(like="flagged_month_").sum()
    assert list(flagged) == [1_500] * 4


@pytest.mark.parametrize("scenario", ALL)
def test_favourable_column_is_never_flagged_in_any_round(scenario):
    result = simulate(scenario, seed=1, n=5_000, proxy_weight=0.3)
    spec = result.scenario
    rounds = result.people.filter(regex=f"^{spec.adverse_column}")
    # No human review here, so hiring's favourable outcome (which counts rejections a
    # reviewer cleared, tested above) is also exactly "never rejected".
    assert (result.people[spec.favourable] == ~rounds.any(axis=1)).all()


# ------------------------------------------------------------ the audit is reused, not redone


@pytest.mark.parametrize("scenario", ALL)
def test_impact_ratio_is_the_audits_and_matches_a_hand_count(scenario):
    result = simulate(scenario, seed=12, n=20_000, proxy_weight=0.4)
    spec = result.scenario
    report = audit(result.people, groups=["group"], selected=spec.favourable)
    assert result.impact_ratio == report.tables[0].groups[spec.group].impact_ratio
    rates = result.people.groupby("group", observed=True)[spec.favourable].mean()
    assert result.impact_ratio == pytest.approx(rates[spec.group] / rates.max())
    assert result.rates[spec.group] == pytest.approx(rates[spec.group])


def test_last_round_of_by_round_matches_the_overall_audit():
    result = simulate("warehouse", seed=12, n=20_000, proxy_weight=0.4, rounds=6)
    assert len(result.by_round) == 6
    assert result.by_round["impact_ratio"].iloc[-1] == pytest.approx(result.impact_ratio)


def _rounds_from_counts(spec_name, counts):
    """A result with rounds written by hand: {group: (people, [clean after round 1, ...])}."""
    spec = get_scenario(spec_name)
    groups, columns = [], {}
    rounds = len(next(iter(counts.values()))[1])
    for r in range(1, rounds + 1):
        columns[f"{spec.adverse_column}_{spec.round_noun}_{r}"] = []
    for group, (n, clean) in counts.items():
        groups += [group] * n
        for r, column in enumerate(columns):
            columns[column] += [i >= clean[r] for i in range(n)]
    people = pd.DataFrame({"group": groups, **columns})
    people["group"] = pd.Categorical(people["group"], categories=[spec.other, spec.group])
    people[spec.favourable] = ~people[list(columns)].any(axis=1)
    return ScoringResult(
        scenario=spec,
        params={"rounds": rounds},
        people=people,
        cuts=(0.0,) * rounds,
        review=(0, 0),
    )


def test_by_round_takes_each_rounds_figures_and_verdict_from_the_audit():
    """Week 2: 3 of 5 against 15 of 20 is exactly four-fifths; floats make it 0.7999999."""
    result = _rounds_from_counts(
        "warehouse",
        {"Other workers": (20, [18, 15, 15]), "Disabled, pregnant or older": (5, [5, 3, 2])},
    )
    table = result.by_round
    assert (3 / 5) / (15 / 20) < 0.8  # the trap: rates divided in floating point
    assert table["impact_ratio"].tolist() == [1.0, 0.8, pytest.approx(0.4 / 0.75)]
    assert table["below_four_fifths"].tolist() == [False, False, True]
    assert table["Disabled, pregnant or older"].tolist() == [1.0, 0.6, 0.4]
    assert table["Other workers"].tolist() == [0.9, 0.75, 0.75]
    week_two = result.round_audits[1].groups["Disabled, pregnant or older"]
    assert (week_two.n, week_two.selected, week_two.four_fifths_flag) == (5, 3, False)


def _result_from_counts(spec_name, counts):
    """A result whose people we wrote by hand: {group: (people, favourable)}."""
    spec = get_scenario(spec_name)
    rows = []
    for group, (n, chosen) in counts.items():
        rows += [(group, i < chosen) for i in range(n)]
    people = pd.DataFrame(rows, columns=["group", spec.favourable])
    people["group"] = pd.Categorical(people["group"], categories=[spec.other, spec.group])
    return ScoringResult(
        scenario=spec, params={"rounds": 1}, people=people, cuts=(0.0,), review=(0, 0)
    )


def test_summary_reads_like_the_issue_example():
    """31 of 100 against 46 of 100: ratio 31/46 = 0.674, below four-fifths."""
    result = _result_from_counts("hiring", {"40 and over": (100, 31), "Under 40": (100, 46)})
    assert describe(result) == (
        "Applicants aged 40 and over advance at 31% against 46% for applicants under 40: "
        "impact ratio 0.67, below four-fifths. The four-fifths rule comes from federal "
        "guidelines that cover race, sex and ethnic group, not age: in an age case, courts "
        "ask whether a gap is statistically significant, and the ratio is only a first screen."
    )


def test_summary_says_the_guidelines_do_not_cover_age_or_disability_but_cover_accent():
    """29 CFR 1607.2(D): the Uniform Guidelines do not apply to the ADEA or to disability."""
    hiring = _result_from_counts("hiring", {"40 and over": (100, 31), "Under 40": (100, 46)})
    assert "not age" in hiring.summary
    assert "only a first screen" in hiring.summary
    warehouse = simulate("warehouse", seed=3, n=2_000, rounds=1)
    assert "do not cover disability or age" in warehouse.summary
    call_centre = simulate("call_centre", seed=3, n=2_000, rounds=1)
    assert "first screen" not in call_centre.summary
    empty = _result_from_counts("hiring", {"40 and over": (10, 0), "Under 40": (10, 0)})
    assert "first screen" not in empty.summary


def test_summary_shows_three_decimals_when_rounding_would_hide_the_verdict():
    """399/500 = 0.798 of the reference rate: "0.80, below" would read as a contradiction."""
    result = _result_from_counts("hiring", {"40 and over": (1000, 399), "Under 40": (1000, 500)})
    assert "impact ratio 0.798, below four-fifths." in result.summary


def test_summary_at_exactly_four_fifths_is_not_adverse():
    """29 CFR 1607.4(D): *less than* four-fifths; 40/100 against 50/100 is exactly 0.8."""
    result = _result_from_counts("hiring", {"40 and over": (100, 40), "Under 40": (100, 50)})
    assert "impact ratio 0.80, at or above four-fifths." in result.summary


def test_summary_for_rounds_and_review():
    result = simulate("warehouse", seed=3, n=5_000, rounds=4, human_review_share=0.5)
    reviewed, cleared = result.review
    assert result.summary.startswith("Over 4 weeks, disabled, pregnant and older workers stay")
    assert result.summary.endswith(
        f"Reviewers looked at {reviewed:,} write-ups and overturned {cleared:,}."
    )


def test_summary_when_nobody_gets_the_favourable_outcome():
    result = _result_from_counts("hiring", {"40 and over": (10, 0), "Under 40": (10, 0)})
    assert result.impact_ratio is None
    assert "impact ratio undefined" in result.summary


def test_sweep_has_a_row_per_value_with_the_audits_numbers():
    table = sweep("hiring", seed=5, n=20_000, parameter="proxy_weight", values=[0.0, 0.2, 0.5])
    assert list(table.columns) == [
        "proxy_weight",
        "40 and over",
        "Under 40",
        "impact_ratio",
        "below_four_fifths",
    ]
    single = simulate("hiring", seed=5, n=20_000, proxy_weight=0.2)
    assert table.loc[1, "impact_ratio"] == single.impact_ratio
    assert table["below_four_fifths"].tolist() == [False, True, True]
    with pytest.raises(ValueError, match="unknown parameter"):
        sweep("hiring", seed=5, parameter="speed", values=[1])


def test_a_run_with_nobody_in_the_group_says_so_instead_of_failing():
    """Seed 30 draws no one into a 5% group of 100 people (0.95**100 is about 0.6%)."""
    result = simulate("hiring", seed=30, n=100, group_share=0.05)
    assert result.rates["40 and over"] is None
    assert result.impact_ratio is None
    assert not result.below_four_fifths
    assert result.summary.startswith("Nobody in this run is among the applicants aged 40")
    table = sweep("hiring", seed=30, n=100, group_share=0.05, parameter="rounds", values=[1])
    assert table.loc[0, "impact_ratio"] is None


def test_first_crossing_reads_the_verdict_not_the_floating_point_ratio():
    table = pd.DataFrame(
        {
            "proxy_weight": [0.0, 0.1, 0.2, 0.3],
            "impact_ratio": [None, (3 / 5) / (15 / 20), 0.79, 0.7],  # 0.7999999: exactly 4/5
            "below_four_fifths": [False, False, True, True],
        }
    )
    assert first_crossing(table, parameter="proxy_weight") == 0.2
    assert first_crossing(table, parameter="proxy_weight", below=False) == 0.1  # None skipped
    assert first_crossing(table.iloc[[0, 2]], parameter="proxy_weight", below=False) is None


def test_first_crossing_of_by_round_is_the_week():
    result = _rounds_from_counts(
        "warehouse",
        {"Other workers": (20, [18, 15, 15]), "Disabled, pregnant or older": (5, [5, 3, 2])},
    )
    week = first_crossing(result.by_round)
    assert week == 3
    assert type(week) is int


def test_compare_runs_each_option_on_the_same_people():
    table = compare(
        "hiring",
        {"as is": {}, "no proxy": {"proxy_weight": 0.0}},
        seed=5,
        n=20_000,
        proxy_weight=0.2,
    )
    assert list(table.index) == ["as is", "no proxy"]
    assert table.index.name == "option"
    as_is = simulate("hiring", seed=5, n=20_000, proxy_weight=0.2)
    no_proxy = simulate("hiring", seed=5, n=20_000, proxy_weight=0.0)
    assert table.loc["as is", "impact_ratio"] == as_is.impact_ratio
    assert table.loc["no proxy", "impact_ratio"] == no_proxy.impact_ratio
    assert table["below_four_fifths"].tolist() == [True, False]
    assert table.loc["as is", "40 and over"] == as_is.rates["40 and over"]
    with pytest.raises(ValueError, match="unknown parameter"):
        compare("hiring", {"x": {"speed": 1}}, seed=5)
