"""collective_ai.disclosure: bounds worked by hand, the ledger on disk, the joint decision."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from collective_ai.disclosure import bounds
from collective_ai.disclosure.joint import Entry, Fact, protect
from collective_ai.disclosure.ledger import ReleaseLedger
from collective_ai.errors import InputError
from collective_ai.evidence.releases import _added_at

# A 2x2 table a b / c d, one atom each: rows a+b=10, c+d=5, columns a+c=8, b+d=7.
MARGINS = np.array([[1, 1, 0, 0], [0, 0, 1, 1], [1, 0, 1, 0], [0, 1, 0, 1]], dtype=float)
MARGIN_VALUES = np.array([10, 5, 8, 7], dtype=float)


def test_a_cell_under_known_margins_has_the_frechet_bounds():
    # max(0, 10 + 8 - 15) = 3 <= a <= min(10, 8) = 8 (Frechet bounds), worked by hand.
    assert bounds.interval(MARGINS, MARGIN_VALUES, np.array([1, 0, 0, 0])) == (3, 8)
    # c: max(0, 5 + 8 - 15) = 0 <= c <= min(5, 8) = 5.
    assert bounds.interval(MARGINS, MARGIN_VALUES, np.array([0, 0, 1, 0])) == (0, 5)


def test_a_cell_is_narrowed_when_its_bounds_both_fall_in_1_to_k_minus_1():
    # Row c+d=5 and column b+d=7 with b=6 shown: d = 1 exactly, c = 4.
    known = np.vstack([MARGINS, [0, 1, 0, 0]])
    values = np.append(MARGIN_VALUES, 6)
    found = bounds.narrowing(known, values, np.array([0, 0, 0, 1]), k=5)
    assert found.duals is not None
    assert found.width == 0
    assert bounds.narrowing(MARGINS, MARGIN_VALUES, np.array([0, 0, 0, 1]), k=5).duals is None


def test_a_combination_of_shown_counts_is_determined():
    weights = bounds.determined(MARGINS, np.array([[1, 1, 1, 1], [1, 0, 0, 0]]))
    assert weights[0] is not None  # the grand total: 10 + 5
    assert np.allclose(MARGINS.T @ weights[0], [1, 1, 1, 1])
    assert weights[1] is None


def test_atoms_merge_respondents_counted_alike():
    masks = np.array([[1, 0], [1, 0], [0, 1], [1, 1]], dtype=bool)
    incidence, sizes = bounds.atoms(masks)
    pairs = sorted(zip(map(tuple, incidence.T.astype(int)), sizes.tolist(), strict=True))
    assert pairs == [((0, 1), 1), ((1, 0), 2), ((1, 1), 1)]


def test_protect_hides_a_second_count_so_a_subtraction_gives_nothing():
    # 20 day-shift "Yes", 2 "No", total 22 shown before: hiding the 2 alone gives it away.
    day = np.array([True] * 22 + [False] * 18)
    yes = np.array([True] * 20 + [False] * 2 + [True] * 10 + [False] * 8)
    entries = [
        Entry(("cell", "Day", "Yes"), 20, day & yes, ("Day", "Yes")),
        Entry(("cell", "Day", "No"), 2, day & ~yes, ("Day", "No")),
    ]
    result = protect(entries, hidden={("cell", "Day", "No")}, k=5, shown_before=[Fact(day, 22)])
    assert result.hidden == {("cell", "Day", "No"), ("cell", "Day", "Yes")}
    assert result.linked == {("cell", "Day", "Yes")}


def test_protect_factorizes_with_one_blas_thread(monkeypatch):
    # Several BLAS threads made the check 13 times slower on a busy two-core machine.
    from threadpoolctl import threadpool_info

    seen = []
    real = bounds.determined

    def watched(known, hidden):
        seen.extend(pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas")
        return real(known, hidden)

    monkeypatch.setattr(bounds, "determined", watched)
    day = np.array([True] * 22 + [False] * 18)
    entries = [Entry(("cell", "Day", "All"), 22, day, ("Day",))]
    protect(entries, hidden=set(), k=5, shown_before=[Fact(day, 22)])
    assert seen
    assert set(seen) == {1}


def test_protect_shows_what_earlier_releases_already_fix():
    everyone = np.ones(30, dtype=bool)
    entries = [Entry(("responses",), 30, everyone, ("responses",))]
    result = protect(entries, hidden={("responses",)}, k=5, shown_before=[Fact(everyone, 30)])
    assert result.hidden == set()


def test_protect_notes_a_count_earlier_releases_already_give_away():
    a = np.array([True] * 3 + [False] * 10)
    result = protect(
        [Entry(("responses",), 13, np.ones(13, dtype=bool), ("responses",))],
        hidden=set(),
        k=5,
        shown_before=[Fact(a, 3)],
        hidden_before=[Fact(a, 3, "a count hidden in release 1")],
    )
    assert result.exposed == ["a count hidden in release 1"]


def test_the_ledger_keeps_releases_and_versions(tmp_path):
    ledger = ReleaseLedger(tmp_path / "ledger.sqlite")
    with ledger.survey("s") as book:
        hashes = np.array([3, 1, 2], dtype=np.uint64)
        version = book.add_version(hashes)
        book.record(
            spec={"kind": "summary", "k": 5},
            version=version,
            entries=[(("cell", ("a",), "Yes"), True, 7), (("total", ("a",)), False, 9)],
        )
        salt = book.salt
    again = ReleaseLedger(tmp_path / "ledger.sqlite")
    (release,) = again.releases("s")
    assert release.entries == [(("cell", ("a",), "Yes"), True, 7), (("total", ("a",)), False, None)]
    with again.survey("s") as book:
        assert book.salt == salt
        assert book.versions[0].tolist() == [1, 2, 3]
    assert again.releases("another") == []


def test_the_ledger_never_stores_a_hidden_count(tmp_path):
    ledger = ReleaseLedger(tmp_path / "ledger.sqlite")
    with ledger.survey("s") as book:
        book.record(
            spec={"kind": "summary", "k": 5},
            version=1,
            entries=[(("total", ("a",)), False, 987654)],
        )
    with sqlite3.connect(tmp_path / "ledger.sqlite") as db:
        stored = db.execute("SELECT entries FROM releases").fetchone()[0]
    assert "987654" not in stored


def test_row_hashes_are_keyed_per_survey(tmp_path):
    import pandas as pd

    frame = pd.DataFrame({"Shift": ["Day", "Night"], "Q": ["Yes", "No"]})
    ledger = ReleaseLedger(tmp_path / "ledger.sqlite")
    with ledger.survey("one") as one:
        first = one.row_hashes(frame)
    with ledger.survey("two") as two:
        second = two.row_hashes(frame)
    assert len(set(first.tolist())) == 2
    assert set(first.tolist()).isdisjoint(second.tolist())


def test_another_programs_database_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "contacts.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE people (name TEXT)")
    before = path.read_bytes()
    with (
        pytest.raises(InputError, match="another program") as error,
        ReleaseLedger(path).survey("s"),
    ):
        pass
    assert error.value.field == "ledger"
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database at all, just some notes\n" * 20)
    with (
        pytest.raises(InputError, match="not a survey release ledger or is damaged"),
        ReleaseLedger(path).survey("s"),
    ):
        pass


def test_rows_are_dated_by_the_first_version_that_holds_them():
    first = np.sort(np.array([5, 7, 7], dtype=np.uint64))
    second = np.sort(np.array([5, 7, 7, 9, 7], dtype=np.uint64))
    now = np.array([7, 9, 5, 7, 7, 11], dtype=np.uint64)
    added = _added_at(now, [first, second], survey="s")
    # Two of the three 7s are from version 1, the third from version 2; 11 is new.
    assert added.tolist() == [1, 2, 1, 1, 2, 3]


def test_rows_that_went_missing_are_refused():
    with pytest.raises(InputError, match="1 answer that earlier releases"):
        _added_at(np.array([5], dtype=np.uint64), [np.array([5, 7], dtype=np.uint64)], survey="s")
