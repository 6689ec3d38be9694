"""collective_ai.audit: audit tables against published and hand-worked examples."""

import json

import numpy as np
import pandas as pd
import pytest

from collective_ai.audit import audit, audit_counts, audit_table
from collective_ai.errors import InputError


def people(rows):
    """A DataFrame from (group, n, selected) triples: selected people first."""
    records = []
    for group, n, chosen in rows:
        records += [{"group": group, "selected": i < chosen} for i in range(n)]
    return pd.DataFrame.from_records(records)


# --- published examples -------------------------------------------------------------------


def test_uniform_guidelines_multi_group_example():
    """Uniform Guidelines Q&A (44 Fed. Reg. 11996, 1979): rates 60, 45, 48 and 51 percent.

    "adverse impact is indicated for American Indians but not for Hispanics or Blacks":
    45/60 = 0.75 is under four-fifths, 48/60 = 0.80 is exactly four-fifths (not under),
    51/60 = 0.85 is above. Groups of 100 give exactly those rates.
    """
    df = people(
        [
            ("White (not Hispanic)", 100, 60),
            ("American Indian", 100, 45),
            ("Hispanic", 100, 48),
            ("Black", 100, 51),
        ]
    )
    table = audit_table(df, by=["group"], selected="selected")
    assert table.reference == "White (not Hispanic)"
    ratios = {name: g.impact_ratio for name, g in table.groups.items()}
    assert ratios == pytest.approx(
        {"White (not Hispanic)": 1.0, "American Indian": 0.75, "Hispanic": 0.8, "Black": 0.85}
    )
    flags = {name: g.four_fifths_flag for name, g in table.groups.items()}
    assert flags == {
        "White (not Hispanic)": False,
        "American Indian": True,
        "Hispanic": False,
        "Black": False,
    }


# 6 RCNY 5-301, example of a bias audit of a tool that scores applicants for "culture fit"
# (DCWP final rule, adopted April 2023). The rule prints applicants, scoring rate and impact
# ratio; the number above the median is applicants x rate, rounded. Only the rows below
# could be checked against a copy of the rule; the rule prints 64.2% for 18/28 = 64.29%.
DCWP_SCORING_SEX = {"Male": (92, 0.543, 1.00), "Female": (76, 0.447, 0.82)}
DCWP_SCORING_RACE = {
    "Hispanic or Latino": (28, 0.642, 1.00),
    "White (Not Hispanic or Latino)": (40, 0.375, 0.58),
    "Black or African American (Not Hispanic or Latino)": (32, 0.500, 0.78),
    "Native Hawaiian or Pacific Islander (Not Hispanic or Latino)": (8, 0.625, 0.97),
    "Asian (Not Hispanic or Latino)": (24, 0.417, 0.65),
}


@pytest.mark.parametrize("published", [DCWP_SCORING_SEX, DCWP_SCORING_RACE])
def test_dcwp_scoring_example_from_counts(published):
    counts = {name: (n, None) for name, (n, _, _) in published.items()}
    above = {name: round(n * r) for name, (n, r, _) in published.items()}
    table = audit_counts(counts, by="category", above_median=above, median_score=0.0)
    for name, (_, rate, ratio) in published.items():
        group = table.groups[name]
        assert group.scoring_rate == pytest.approx(rate, abs=0.0011)
        assert round(group.scoring_impact_ratio, 2) == ratio
        assert group.selection_rate is None
        assert group.impact_ratio is None


def test_dcwp_scoring_example_from_scores():
    """The same sex table, from individual scores: above the median is above 5 here."""
    rows = []
    for name, (n, rate, _) in DCWP_SCORING_SEX.items():
        high = round(n * rate)
        rows += [{"sex": name, "score": 10.0 if i < high else 0.0} for i in range(n)]
    table = audit_table(pd.DataFrame(rows), by="sex", selected=None, score="score")
    assert table.median_score == 5.0
    assert table.scoring_reference == "Male"
    assert round(table.groups["Female"].scoring_impact_ratio, 2) == 0.82


# --- the rules of the table ----------------------------------------------------------------


def test_hand_worked_two_groups():
    table = audit_table(people([("a", 40, 30), ("b", 40, 24)]), by="group", selected="selected")
    b = table.groups["b"]
    assert (b.n, b.selected, b.selection_rate) == (40, 24, 0.6)
    assert b.impact_ratio == pytest.approx(0.8)
    assert b.four_fifths_flag is False
    assert b.p_ztest == pytest.approx(0.152078, abs=1e-6)
    assert table.groups["a"].p_fisher is None  # the reference is not tested against itself


def test_ties_at_the_top_all_get_one():
    table = audit_counts({"a": (10, 5), "b": (20, 10), "c": (10, 2)})
    assert table.groups["a"].impact_ratio == 1.0
    assert table.groups["b"].impact_ratio == 1.0
    assert table.reference == "a"
    assert table.groups["c"].impact_ratio == pytest.approx(0.4)


def test_category_with_no_selections_gets_zero():
    table = audit_counts({"a": (10, 5), "b": (10, 0)})
    assert table.groups["b"].impact_ratio == 0.0
    assert table.groups["b"].four_fifths_flag is True


def test_all_rates_zero_is_undefined_with_a_reason():
    table = audit_counts({"a": (10, 0), "b": (10, 0)})
    assert table.reference is None
    assert all(g.impact_ratio is None and g.four_fifths_flag is None for g in table.groups.values())
    assert any("undefined" in note for note in table.notes)


def test_two_percent_boundary():
    # 3 of 150 is exactly 2%: kept. 2 of 149 is under 2%: excluded.
    kept = audit_counts({"a": (100, 50), "b": (47, 20), "c": (3, 3)}, exclude_small=True)
    assert kept.excluded == []
    assert kept.reference == "c"
    dropped = audit_counts({"a": (100, 50), "b": (47, 20), "c": (2, 2)}, exclude_small=True)
    assert dropped.excluded == ["c"]
    c = dropped.groups["c"]
    assert (c.n, c.selection_rate, c.excluded) == (2, 1.0, True)
    assert c.impact_ratio is None
    assert c.four_fifths_flag is None
    assert dropped.reference == "a"  # taken over the categories that remain
    assert dropped.groups["b"].impact_ratio == pytest.approx((20 / 47) / 0.5)
    assert any("6 RCNY 5-301(d)" in note for note in dropped.notes)


def test_exclusion_is_off_unless_asked():
    table = audit_counts({"a": (100, 50), "b": (47, 20), "c": (2, 2)})
    assert table.excluded == []
    assert table.reference == "c"


def test_unknown_categories_are_counted_and_left_out():
    df = pd.DataFrame(
        {
            "sex": ["F", " F ", "M", "M", "", "NA", None, "Declined", "na"],
            "selected": [1, 0, 1, 1, 1, 1, 1, 1, 1],
        }
    )
    table = audit_table(df, by="sex", selected="selected", unknown=["declined"])
    assert table.unknown == 5
    assert set(table.groups) == {"F", "M"}
    assert (table.groups["F"].n, table.groups["F"].selected) == (2, 1)
    assert table.groups["F"].impact_ratio == 0.5


def test_borderline_note_when_one_person_flips_the_verdict():
    table = audit_counts({"a": (10, 5), "b": (10, 4)})  # 0.4/0.5 = 0.8 exactly
    assert table.groups["b"].four_fifths_flag is False
    assert table.groups["b"].borderline is True
    assert any("one person" in note for note in table.notes)
    clear = audit_counts({"a": (1000, 500), "b": (1000, 100)})
    assert clear.groups["b"].borderline is False


def test_scoring_rate_counts_strictly_above_the_median():
    df = pd.DataFrame(
        {"g": ["a", "a", "a", "b", "b", "b"], "ok": [1] * 6, "score": [1, 2, 3, 2, 2, 9]}
    )
    table = audit_table(df, by="g", selected="ok", score="score")
    assert table.median_score == 2.0
    assert table.groups["a"].scoring_rate == pytest.approx(1 / 3)
    assert table.groups["b"].scoring_rate == pytest.approx(1 / 3)
    assert table.groups["b"].scoring_impact_ratio == 1.0


# --- several columns -------------------------------------------------------------------------


def sex_race():
    rng = np.random.default_rng(7)
    size = 400
    return pd.DataFrame(
        {
            "sex": rng.choice(["Female", "Male"], size=size),
            "race": rng.choice(["Asian", "Black", "White"], size=size),
            "selected": rng.choice(["yes", "No", "YES"], size=size),
        }
    )


def test_audit_gives_one_table_per_column_and_the_intersection():
    df = sex_race()
    report = audit(df, groups=["sex", "race"], selected="selected")
    assert [t.by for t in report.tables] == [["sex"], ["race"], ["sex", "race"]]
    intersection = report.tables[2]
    assert "Female / Asian" in intersection.groups
    female_asian = (df.sex == "Female") & (df.race == "Asian")
    group = intersection.groups["Female / Asian"]
    assert group.n == female_asian.sum()
    assert group.selected == df.selected[female_asian].str.lower().eq("yes").sum()
    assert sum(g.n for g in intersection.groups.values()) == len(df)


def test_intersection_unknown_if_either_part_is_unknown():
    df = pd.DataFrame({"sex": ["F", "M", "", "F"], "race": ["a", "", "b", "b"], "s": [1, 0, 1, 0]})
    report = audit(df, groups=["sex", "race"], selected="s")
    assert [t.unknown for t in report.tables] == [1, 1, 2]
    assert any("2 of 4 rows" in note for note in report.notes)


def test_scoring_simulator_contract():
    """The scoring helper calls audit(people, groups=["group"], selected="favourable")."""
    df = people([("under 40", 50, 25), ("over 40", 50, 15)]).rename(
        columns={"selected": "favourable"}
    )
    report = audit(df, groups=["group"], selected="favourable")
    assert report.tables[0].groups["over 40"].impact_ratio == pytest.approx(0.6)


def test_json_shape():
    report = audit(sex_race(), groups=["sex"], selected="selected")
    data = json.loads(report.to_json())
    assert set(data) == {"input", "tables", "notes"}
    assert data["input"] == "rows"
    table = data["tables"][0]
    assert set(table) == {"by", "reference", "unknown", "excluded", "groups"}
    assert set(table["groups"]["Female"]) == {
        "n",
        "selected",
        "selection_rate",
        "impact_ratio",
        "four_fifths_flag",
        "excluded",
        "p_fisher",
        "p_ztest",
        "ci95",
    }
    with_score = audit(
        sex_race().assign(score=1.0), groups="sex", selected="selected", score="score"
    )
    assert "scoring_rate" in with_score.to_dict()["tables"][0]["groups"]["Male"]
    assert with_score.to_dict()["tables"][0]["median_score"] == 1.0


# --- input a person got wrong ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "row", "shown"),
    [
        (["yes", "maybe"], 3, "'maybe'"),
        ([1, None], 3, "NaN (a missing value)"),
        (["1", None], 3, "a missing value"),
        (["1", " "], 3, "a blank"),
        ([1, 2], 3, "'2'"),
    ],
)
def test_unreadable_outcome_names_column_and_row(values, row, shown):
    df = pd.DataFrame({"g": ["a", "b"], "sel": values})
    with pytest.raises(InputError) as caught:
        audit_table(df, by="g", selected="sel")
    assert (caught.value.column, caught.value.row) == ("sel", row)
    assert shown in str(caught.value)


def test_outcome_spellings():
    words = ["1", "0", "TRUE", "false", "Yes", "no", "Selected", "REJECTED", True, 0]
    df = pd.DataFrame({"g": ["a"] * len(words), "sel": words})
    assert audit_table(df, by="g", selected="sel").groups["a"].selected == 5


def test_missing_column_is_named():
    with pytest.raises(InputError) as caught:
        audit_table(pd.DataFrame({"g": ["a"], "s": [1]}), by="gender", selected="s")
    assert caught.value.column == "gender"


def test_unreadable_score_names_column_and_row():
    df = pd.DataFrame({"g": ["a", "b", "a"], "s": [1, 0, 1], "score": ["1", "2,5", "high"]})
    with pytest.raises(InputError) as caught:
        audit_table(df, by="g", selected="s", score="score")
    assert (caught.value.column, caught.value.row) == ("score", 4)


def test_no_rows_is_an_input_error():
    with pytest.raises(InputError):
        audit(pd.DataFrame({"g": [], "s": []}), groups="g", selected="s")


# --- intersections are counted by value tuples --------------------------------------------------


def test_join_text_inside_values_keeps_categories_apart():
    """("a / b", "c") and ("a", "b / c") are different people; their names must differ too."""
    df = pd.DataFrame(
        {
            "x": ["a / b", "a", "a", "a / b"],
            "y": ["c", "b / c", "b / c", "c"],
            "s": [1, 0, 0, 1],
        }
    )
    both = audit(df, groups=["x", "y"], selected="s").tables[2]
    assert sum(g.n for g in both.groups.values()) == 4
    assert {g.values: (g.n, g.selected) for g in both.groups.values()} == {
        ("a / b", "c"): (2, 2),
        ("a", "b / c"): (2, 0),
    }
    assert set(both.groups) == {'"a / b" / c', 'a / "b / c"'}
    assert both.groups['a / "b / c"'].four_fifths_flag is True


def test_labels_are_unique_for_every_value_tuple():
    from collective_ai.audit.tables import label_of

    pieces = ["a", "/", "a /", "/ a", "a/", "/a", '"a', 'a"', '"', " / ", "", "a / b"]
    tuples = [(x, y) for x in pieces for y in pieces]
    assert len({label_of(t) for t in tuples}) == len(tuples)
    assert label_of(("Female", "Asian")) == "Female / Asian"


def test_counts_keyed_by_tuples():
    table = audit_counts({("a / b", "c"): (10, 5), ("a", "b / c"): (10, 2)}, by=["x", "y"])
    assert table.groups['a / "b / c"'].values == ("a", "b / c")
    assert table.reference == '"a / b" / c'


# --- the borderline check: linear, and the reference side counts --------------------------------


def _verdict_by_brute_force(compared, name):
    from collective_ai.audit import stats

    top = max(stats.rate(chosen, n) for n, chosen in compared.values())
    n, chosen = compared[name]
    return top > 0 and stats.is_adverse(stats.rate(chosen, n), top)


def borderline_by_brute_force(compared, name, reference):
    """The definition, spelled out: recompute every verdict after moving one person."""
    verdict = _verdict_by_brute_force(compared, name)
    for who in {name, reference}:
        n, chosen = compared[who]
        for moved in (chosen - 1, chosen + 1):
            if 0 <= moved <= n and (
                _verdict_by_brute_force({**compared, who: (n, moved)}, name) != verdict
            ):
                return True
    return False


def test_borderline_agrees_with_its_definition_on_random_tables():
    rng = np.random.default_rng(14)
    for _ in range(400):
        k = int(rng.integers(1, 6))
        sizes = rng.integers(1, 15, size=k)
        counts = {f"g{i}": (int(n), int(rng.integers(0, n + 1))) for i, n in enumerate(sizes)}
        table = audit_counts(counts)
        if table.reference is None:
            continue
        for name, group in table.groups.items():
            assert group.borderline == borderline_by_brute_force(counts, name, table.reference), (
                counts,
                name,
            )


def test_borderline_on_the_reference_side_only():
    # b: 450/1000 = 0.45 against a: 5/10 = 0.5, ratio 0.9. One person more or fewer in b
    # moves its rate by 0.001: no flip. One more selected in a (6/10) puts 0.45 under
    # four-fifths of 0.6 = 0.48: the verdict rests on a single decision in the reference.
    table = audit_counts({"a": (10, 5), "b": (1000, 450)})
    assert table.reference == "a"
    assert table.groups["b"].four_fifths_flag is False
    assert table.groups["b"].borderline is True
    assert any("b is at or above four-fifths of a's rate" in note for note in table.notes)


def test_two_percent_denominator_leaves_out_unknown_rows():
    # c has 3 of the 150 people with a known category: exactly 2%, so it stays. Counting the
    # 10 people of unknown category too would make it 3 of 160, under 2%, and drop it.
    rows = [("a", 100, 50), ("b", 47, 20), ("c", 3, 3), ("", 10, 5)]
    table = audit_table(people(rows), by="group", selected="selected", exclude_small=True)
    assert table.unknown == 10
    assert table.excluded == []
    assert table.reference == "c"
    counted = audit_counts(
        {"a": (100, 50), "b": (47, 20), "c": (3, 3)}, unknown=10, exclude_small=True
    )
    assert counted.excluded == []


def test_each_rate_carries_the_wilson_interval_scipy_gives():
    from scipy.stats import binomtest

    table = audit_counts({"a": (37, 20), "b": (12, 1)})
    for group in table.groups.values():
        ci = binomtest(group.selected, group.n).proportion_ci(method="wilson")
        assert group.ci95 == pytest.approx((ci.low, ci.high), abs=1e-12)
