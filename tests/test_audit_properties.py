"""Property tests: whatever the names, outcomes and row shapes, the audit counts what a
plain count counts, and a malformed row is refused at its own row number."""

import csv
import io
from collections import Counter

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from collective_ai.audit import audit
from collective_ai.audit.csvinput import read_audit_csv
from collective_ai.errors import InputError

#: Outcome spellings and what they mean, written out here independently of the package.
OUTCOMES = {
    "1": True,
    "0": False,
    "yes": True,
    "No": False,
    "TRUE": True,
    "false": False,
    "1.00": True,
    "0.0": False,
    "Selected": True,
    "rejected": False,
    " y ": True,
}
TRICKY = ["a / b", "a", "b / c", '"', '""x', ",", ";", "\n", "\r\n", "NA", "na", "", "  ", " x "]
names = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=6),
)
people = st.lists(
    st.tuples(names, names, st.sampled_from(sorted(OUTCOMES))), min_size=1, max_size=40
)
shapes = st.fixed_dictionaries(
    {
        "delimiter": st.sampled_from([",", ";"]),
        "newline": st.sampled_from(["\n", "\r\n"]),
        "quoting": st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
        "bom": st.booleans(),
        "blank_after": st.sets(st.integers(0, 40), max_size=3),
        "final_newline": st.booleans(),
    }
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def record(row, shape) -> str:
    """One record as a spreadsheet writes it (its terminator tells csv what to quote)."""
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=shape["delimiter"], quoting=shape["quoting"], lineterminator="\r\n"
    )
    writer.writerow(row)
    return buffer.getvalue().removesuffix("\r\n")


def lines_of(rows, shape) -> list[str]:
    """Each record as its own text, the header first."""
    return [record(row, shape) for row in [("sex", "race", "outcome"), *rows]]


def file_of(lines, shape) -> tuple[bytes, list[int]]:
    """The file's bytes, and the spreadsheet row number of each data record."""
    parts, numbers, row = [], [], 1
    for i, line in enumerate(lines):
        parts.append(line)
        if i:
            numbers.append(row)
        if i in shape["blank_after"]:
            parts.append("")
            row += 1
        row += 1
    text = shape["newline"].join(parts) + (shape["newline"] if shape["final_newline"] else "")
    return ("\ufeff" if shape["bom"] else "").encode() + text.encode("utf-8"), numbers


def plain_count(rows, pick) -> tuple[Counter, Counter, int]:
    """People and selected per category, and the unknown, counted one row at a time."""
    n, chosen, unknown = Counter(), Counter(), 0
    for row in rows:
        key = tuple(row[i].strip() for i in pick)
        if any(value.casefold() in ("", "na") for value in key):
            unknown += 1
            continue
        n[key] += 1
        chosen[key] += OUTCOMES[row[2]]
    return n, chosen, unknown


@SETTINGS
@given(rows=people, shape=shapes)
def test_counts_equal_a_plain_count(rows, shape):
    data, _ = file_of(lines_of(rows, shape), shape)
    frame = read_audit_csv(data, groups=["sex", "race"], selected="outcome")
    # A table whose every row has an unknown category is empty, with a note; never an error.
    report = audit(frame, groups=["sex", "race"], selected="outcome")
    for table, pick in zip(report.tables, [(0,), (1,), (0, 1)], strict=True):
        n, chosen, unknown = plain_count(rows, pick)
        assert table.unknown == unknown
        assert {g.values: g.n for g in table.groups.values()} == dict(n)
        assert {g.values: g.selected for g in table.groups.values()} == dict(chosen)
        assert len(set(table.groups)) == len(n)  # one label per value tuple
        if not n:
            assert f"{table.label}: no category left to compare." in table.notes


@SETTINGS
@given(rows=people, shape=shapes, data=st.data())
def test_a_malformed_row_is_refused_at_its_row(rows, shape, data):
    lines = lines_of(rows, shape)
    bad = data.draw(st.integers(1, len(rows)), label="bad record")
    extra = data.draw(st.booleans(), label="one field more (else one fewer)")
    fields = list(rows[bad - 1])
    lines[bad] = record([*fields, "x"] if extra else fields[:-1], shape)
    assume(lines[bad].strip(' \t"') != "")  # a line with nothing on it is a blank line
    content, numbers = file_of(lines, shape)
    with pytest.raises(InputError) as caught:
        read_audit_csv(content, groups=["sex", "race"], selected="outcome")
    assert caught.value.row == numbers[bad - 1]
    assert f"has {4 if extra else 2} fields but the header has 3" in str(caught.value)
