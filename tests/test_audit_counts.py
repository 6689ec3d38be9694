"""Counts in: a row per category with how many people it has gives the audit of those people."""

import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collective_ai.audit import audit, audit_counts
from collective_ai.audit.report import to_markdown
from collective_ai.errors import InputError
from tests.test_audit_cli import error_of, run_json, write

COUNTS = (
    "sex,race,people,selected,above\n"
    "Female,Asian,40,10,12\n"
    "Female,White,60,30,31\n"
    "Male,Asian,50,20,20\n"
    'Male,White,"1,000",500,480\n'
    "Female,,7,1,2\n"
    "Male,White,5,3,3\n"  # a second row for the same combination adds up
)


def expand(rows) -> pd.DataFrame:
    """One row per person from (sex, race, people, selected) rows."""
    records = []
    for sex, race, n, chosen in rows:
        records += [{"sex": sex, "race": race, "selected": i < chosen} for i in range(n)]
    return pd.DataFrame.from_records(records, columns=["sex", "race", "selected"])


def test_counts_file_sums_the_marginal_tables(tmp_path, capsys):
    argv = ["--group", "sex", "--group", "race", "--n", "people", "--selected", "selected"]
    data = run_json(capsys, write(tmp_path, COUNTS), *argv, "--scored-above", "above")
    assert data["input"] == "counts"
    sex, race, both = data["tables"]
    assert sex["groups"]["Female"]["n"] == 107
    assert sex["groups"]["Female"]["selected"] == 41
    assert sex["unknown"] == 0
    assert race["unknown"] == 7
    assert both["unknown"] == 7
    assert race["groups"]["White"]["n"] == 1065
    assert both["groups"]["Male / White"]["n"] == 1005
    assert both["groups"]["Male / White"]["selected"] == 503
    assert sex["groups"]["Female"]["scoring_rate"] == pytest.approx(45 / 107)
    assert sex["median_score"] is None
    assert any("7 of 1162 people have an unknown category" in note for note in data["notes"])


def test_counts_give_the_tables_of_the_same_people_as_rows(tmp_path, capsys):
    rows = [("Female", "Asian", 40, 10), ("Female", "White", 60, 30), ("Male", "Asian", 50, 20)]
    rows += [("Male", "White", 1005, 503), ("Female", "", 7, 1)]
    people = expand(rows)
    by_rows = audit(people, groups=["sex", "race"], selected="selected", exclude_small=True)
    counted = run_json(
        capsys,
        write(tmp_path, COUNTS),
        *["--group", "sex", "--group", "race", "--n", "people", "--selected", "selected"],
        "--exclude-small",
    )
    assert counted["tables"] == by_rows.to_dict()["tables"]


@st.composite
def count_tables(draw):
    values = st.sampled_from(["a", "b", "a / b", "c", "", "NA"])
    rows = draw(
        st.lists(
            st.tuples(values, values, st.integers(0, 60), st.floats(0, 1), st.floats(0, 1)),
            min_size=1,
            max_size=12,
        )
    )
    return [(x, y, n, round(n * share), round(n * above)) for x, y, n, share, above in rows]


@settings(max_examples=120, deadline=None)
@given(rows=count_tables(), exclude_small=st.booleans())
def test_counts_and_rows_agree_for_any_table(rows, exclude_small):
    counts = pd.DataFrame(rows, columns=["x", "y", "n", "selected", "above"])
    people = expand([(x, y, n, chosen) for x, y, n, chosen, _ in rows]).rename(
        columns={"sex": "x", "race": "y"}
    )
    options = {"groups": ["x", "y"], "selected": "selected", "exclude_small": exclude_small}
    try:
        expected = audit(people, **options).to_dict()["tables"]
    except InputError:
        with pytest.raises(InputError):
            audit(counts, n="n", **options)
        return
    report = audit(counts, n="n", scored_above="above", **options)
    got = report.to_dict()["tables"]
    for table in got:
        table.pop("median_score", None)
        for group in table["groups"].values():
            group.pop("scoring_rate")
            group.pop("scoring_impact_ratio")
    assert got == expected
    assert report.people == sum(n for *_, n, _, _ in rows)
    # the scoring rates are the summed scored-above counts over the summed people
    for table, pick in zip(report.tables, [(0,), (1,), (0, 1)], strict=True):
        for group in table.groups.values():
            mine = [r for r in rows if tuple(r[i].strip() for i in pick) == group.values]
            assert group.above_median == sum(r[4] for r in mine)


# --- input a person got wrong ----------------------------------------------------------------

ARGS = ["--group", "sex", "--n", "people", "--selected", "selected"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("12.5", "'12.5'"), ("-3", "'-3'"), ("", "a blank"), ("many", "'many'"), ("1,23", "'1,23'")],
)
def test_a_count_that_is_not_a_whole_number(tmp_path, value, shown):
    path = write(tmp_path, f'sex,people,selected\nF,10,2\nM,"{value}",1\n')
    error = error_of(path, *ARGS)
    assert (error.column, error.row) == ("people", 3)
    assert f"{shown} is not a number of people" in str(error)


def test_whole_numbers_as_spreadsheets_write_them(tmp_path, capsys):
    path = write(tmp_path, 'sex,people,selected\nF,10.0,2\nM,"1,234",1.00\n')
    groups = run_json(capsys, path, *ARGS)["tables"][0]["groups"]
    assert (groups["F"]["n"], groups["M"]["n"], groups["M"]["selected"]) == (10, 1234, 1)


def test_more_selected_than_people(tmp_path):
    error = error_of(write(tmp_path, "sex,people,selected\nF,10,2\nM,5,6\n"), *ARGS)
    assert (error.column, error.row) == ("selected", 3)
    assert "6 is more than the 5 people" in str(error)


def test_counts_take_scored_above_not_a_score(tmp_path):
    path = write(tmp_path, "sex,people,selected,score\nF,10,2,3\n")
    assert "--scored-above" in str(error_of(path, *ARGS, "--score", "score"))
    plain = write(tmp_path, "sex,selected,above\nF,1,1\n", name="p.csv")
    error = error_of(plain, "--group", "sex", "--selected", "selected", "--scored-above", "above")
    assert "--n" in str(error)


def test_a_category_with_no_people_is_left_out(tmp_path, capsys):
    path = write(tmp_path, "sex,people,selected\nF,10,2\nM,8,4\nX,0,0\n")
    assert set(run_json(capsys, path, *ARGS)["tables"][0]["groups"]) == {"F", "M"}


# --- --exclude: only a category under 2% ------------------------------------------------------


def test_exclude_a_named_small_category(tmp_path, capsys):
    path = write(tmp_path, "sex,people,selected\nF,100,20\nM,97,40\nX,2,2\nY,1,1\n")
    table = run_json(capsys, path, *ARGS, "--exclude", "X")["tables"][0]
    assert table["excluded"] == ["X"]
    assert table["reference"] == "Y"
    assert table["groups"]["X"]["impact_ratio"] is None
    both = run_json(capsys, path, *ARGS, "--exclude", "X", "--exclude-small")["tables"][0]
    assert both["excluded"] == ["X", "Y"]
    assert both["reference"] == "M"


def test_exclude_refuses_a_category_of_two_percent_or_more(tmp_path):
    path = write(tmp_path, "sex,people,selected\nF,100,20\nM,94,40\nX,4,4\n")
    error = error_of(path, *ARGS, "--exclude", "X")  # 4 of 198 is 2.02%
    assert error.field == "X"
    assert "not under 2%" in str(error)


def test_exclude_refuses_a_name_no_table_has(tmp_path):
    path = write(tmp_path, "sex,people,selected\nF,100,20\nM,94,40\n")
    error = error_of(path, *ARGS, "--exclude", "Nonbinary")
    assert error.field == "Nonbinary"
    assert "no table has a category" in str(error)


def test_exclude_in_python_and_on_rows():
    table = audit_counts({"a": (100, 50), "b": (98, 20), "c": (1, 1)}, exclude=["c"])
    assert table.excluded == ["c"]
    assert table.reference == "a"
    with pytest.raises(InputError):
        audit_counts({"a": (100, 50), "b": (98, 20), "c": (1, 1)}, exclude=["b"])
    people = expand([("F", "x", 100, 50), ("M", "x", 98, 20), ("X", "x", 1, 1)])
    report = audit(people, groups="sex", selected="selected", exclude=["X"])
    assert report.tables[0].excluded == ["X"]


# --- the report says which input it had and which median it used ------------------------------


def test_report_counts_unknown_people_not_rows():
    counted = audit(
        pd.DataFrame({"sex": ["F", "M", ""], "people": [10, 12, 30], "selected": [3, 8, 9]}),
        groups="sex",
        selected="selected",
        n="people",
    )
    text = to_markdown(counted, data_description="d", charts=False)
    assert "People with an unknown category, left out: 30." in text
    assert "30 of 52 people have an unknown category" in text


def test_report_names_its_input(tmp_path):
    counted = audit(
        pd.DataFrame({"sex": ["F", "M"], "people": [10, 12], "selected": [3, 8]}),
        groups="sex",
        selected="selected",
        n="people",
    )
    text = to_markdown(counted, data_description="d", charts=False)
    assert "Input: counts, one row per category" in text
    assert "Median score" not in text
    rows = audit(expand([("F", "x", 10, 3)]), groups="sex", selected="selected")
    assert "Input: one row per person" in to_markdown(rows, data_description="d", charts=False)


def test_each_table_reports_its_median():
    df = pd.DataFrame(
        {
            "sex": ["F", "F", "M", "M", ""],
            "age": ["old", "", "young", "old", "young"],
            "ok": [1] * 5,
            "score": [1.0, 2.0, 3.0, 4.0, 100.0],
        }
    )
    report = audit(df, groups=["sex", "age"], selected="ok", score="score")
    medians = [t["median_score"] for t in json.loads(report.to_json())["tables"]]
    assert medians == [2.5, 3.5, 3.0]  # each over the people known in that table
    assert any("sex: 2.5, age: 3.5, sex / age: 3" in note for note in report.notes)
