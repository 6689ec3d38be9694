"""Small-cell suppression, checked against hand-worked tables and an attacker's arithmetic.

``bounds`` plays the attacker: given what a table shows (cells, group totals, each
answer's overall count and the number of responses), linear programming finds the least
and greatest value each hidden entry can take. The constraints are those of a
transportation table, whose vertices are whole numbers, so ``low == high`` means the
entry can be worked out exactly.
"""

import itertools
import random

import numpy as np
import pytest
from scipy.optimize import linprog

from collective_ai.errors import InputError
from collective_ai.evidence.suppression import suppress


def bounds(counts, totals, hidden):
    groups = list(counts)
    answers = list(counts[groups[0]])
    entries = [("cell", g, a) for g in groups for a in answers] + [("total", g) for g in groups]
    index = {e: i for i, e in enumerate(entries)}
    true = {("cell", g, a): counts[g][a] for g in groups for a in answers}
    true.update({("total", g): totals[g] for g in groups})
    rows, rhs = [], []

    def add(coefficients, value):
        row = np.zeros(len(entries))
        for entry, c in coefficients:
            row[index[entry]] = c
        rows.append(row)
        rhs.append(value)

    for g in groups:  # a group's cells add up to its total
        add([*((("cell", g, a), 1) for a in answers), (("total", g), -1)], 0)
    if len(groups) > 1:
        for a in answers:  # an answer's overall count is published without a breakdown
            add([(("cell", g, a), 1) for g in groups], sum(counts[g][a] for g in groups))
        add([(("total", g), 1) for g in groups], sum(totals.values()))
    for entry in entries:
        if entry not in hidden:
            add([(entry, 1)], true[entry])
    out = {}
    for entry in hidden:
        c = np.zeros(len(entries))
        c[index[entry]] = 1
        low = linprog(c, A_eq=np.array(rows), b_eq=rhs, bounds=(0, None)).fun
        high = -linprog(-c, A_eq=np.array(rows), b_eq=rhs, bounds=(0, None)).fun
        out[entry] = (round(low), round(high))
    return out


def hidden_entries(result):
    return {("cell", g, a) for g, a in result.cells} | {("total", g) for g in result.totals}


def recovered(counts, totals, result):
    return {
        e: lo for e, (lo, hi) in bounds(counts, totals, hidden_entries(result)).items() if lo == hi
    }


# Day: 20 said yes, 2 said no. Night: 10 and 8.
SHIFTS = {"Day": {"Yes": 20, "No": 2}, "Night": {"Yes": 10, "No": 8}}
SHIFT_TOTALS = {"Day": 22, "Night": 18}


def test_primary_suppression_alone_gives_the_small_count_away():
    result = suppress(SHIFTS, totals=SHIFT_TOTALS, k=5, complementary=False)
    assert result.cells == {("Day", "No")}
    # 22 on the day shift minus the 20 who said yes: the 2 is there for anyone to see.
    assert recovered(SHIFTS, SHIFT_TOTALS, result) == {("cell", "Day", "No"): 2}


def test_only_complementary_suppression_prevents_the_recovery():
    result = suppress(SHIFTS, totals=SHIFT_TOTALS, k=5)
    # Hand-worked: Day/No is alone in its row, so Day/Yes (20, smaller than the total 22)
    # goes too; then each answer's column has one hidden cell, so Night/Yes and Night/No go.
    assert result.cells == {("Day", "No"), ("Day", "Yes"), ("Night", "Yes"), ("Night", "No")}
    assert result.totals == frozenset()
    assert result.primary == {("cell", "Day", "No")}
    assert recovered(SHIFTS, SHIFT_TOTALS, result) == {}
    # What a reader can still say: Day/No is anywhere from 0 to 10.
    assert bounds(SHIFTS, SHIFT_TOTALS, hidden_entries(result))[("cell", "Day", "No")] == (0, 10)


def test_a_group_under_k_is_hidden_whole_and_its_size_protected():
    counts = {"A": {"Yes": 2, "No": 1}, "B": {"Yes": 10, "No": 20}, "C": {"Yes": 15, "No": 25}}
    totals = {"A": 3, "B": 30, "C": 40}
    without = suppress(counts, totals=totals, k=5, complementary=False)
    assert without.whole_groups == {"A"}
    assert without.totals == {"A"}
    # 73 responses minus 30 minus 40: group A's size (3) is recovered.
    assert recovered(counts, totals, without)[("total", "A")] == 3
    result = suppress(counts, totals=totals, k=5)
    assert {"A", "B"} <= result.totals  # B, the next smallest, hides A's size
    assert recovered(counts, totals, result) == {}


def test_two_small_counts_in_a_line_are_not_enough_when_they_add_up_to_under_k():
    counts = {
        "Day": {"Yes": 1, "No": 1, "Not sure": 30},
        "Night": {"Yes": 6, "No": 7, "Not sure": 9},
    }
    totals = {"Day": 32, "Night": 22}
    result = suppress(counts, totals=totals, k=5)
    # 1 + 1 = 2 hidden in Day's row: both would have to be 1. So "Not sure" goes too.
    assert ("Day", "Not sure") in result.cells


def test_zero_is_shown_and_k_itself_is_shown():
    counts = {"Day": {"Yes": 0, "No": 5}}
    result = suppress(counts, totals={"Day": 5}, k=5)
    assert result.cells == frozenset()
    assert result.totals == frozenset()


@pytest.mark.parametrize("k", [2, 0, -1, "5", 4.0, True])
def test_k_under_three_or_not_a_number_is_refused(k):
    with pytest.raises(InputError) as error:
        suppress(SHIFTS, totals=SHIFT_TOTALS, k=k)
    assert error.value.field == "k"


def test_random_tables_never_give_a_hidden_count_away():
    rng = random.Random(12)
    for _ in range(60):
        groups = [f"g{i}" for i in range(rng.randint(2, 4))]
        answers = [f"a{i}" for i in range(rng.randint(2, 3))]
        counts = {g: {a: rng.choice([0, 1, 2, 3, 4, 6, 9, 15]) for a in answers} for g in groups}
        totals = {g: sum(counts[g].values()) for g in groups}
        if sum(totals.values()) < 5:
            continue
        k = rng.choice([3, 5])
        result = suppress(counts, totals=totals, k=k)
        assert recovered(counts, totals, result) == {}, (counts, k)
        small = {(g, a) for g, a in itertools.product(groups, answers) if 0 < counts[g][a] < k}
        assert small <= result.cells
