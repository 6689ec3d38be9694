"""The audit's CSV reader at its limits: wide headers, long fields, endless streams.

The survey reader (``evidence.responses``) reads through the same functions, so it is
tested here too.
"""

from __future__ import annotations

import io

import pytest

from collective_ai.audit.csvinput import header_of, read_audit_csv
from collective_ai.errors import InputError
from collective_ai.evidence.responses import read_responses

#: 10,000 columns: a header of about 210 KB, far past the 64 KB read at a time.
WIDE = 10_000


def wide_csv(*, quoted: bool) -> bytes:
    """A valid CSV of 10,000 columns: the first a category, the last an outcome."""
    names = [f"question number {i}" for i in range(WIDE)]
    header = ",".join(f'"{n}"' if quoted else n for n in names)
    rows = [",".join([sex] + ["x"] * (WIDE - 2) + [kept]) for sex, kept in SIX]
    return ("\n".join([header, *rows]) + "\n").encode()


SIX = [("F", "1"), ("F", "0"), ("F", "0"), ("M", "1"), ("M", "1"), ("M", "0")]


@pytest.mark.parametrize("quoted", [False, True], ids=["plain", "quoted"])
def test_a_header_of_10000_columns_is_read_whole(quoted):
    data = wide_csv(quoted=quoted)
    assert len(data.split(b"\n")[0]) > 200_000
    header = header_of(data)
    assert len(header) == WIDE
    assert header[-1] == f"question number {WIDE - 1}"
    frame = read_audit_csv(
        data, groups=["question number 0"], selected=f"question number {WIDE - 1}"
    )
    assert list(frame["question number 0"]) == [s for s, _ in SIX]
    assert list(frame[f"question number {WIDE - 1}"]) == [k for _, k in SIX]


def test_a_wide_file_is_refused_for_a_true_reason_in_a_short_message():
    data = wide_csv(quoted=False).replace(b"\nM,", b"\nM,extra,", 1)
    with pytest.raises(InputError) as caught:
        read_audit_csv(data, groups=["question number 0"], selected=f"question number {WIDE - 1}")
    assert caught.value.row == 5
    assert f"{WIDE + 1} fields but the header has {WIDE}" in str(caught.value)
    with pytest.raises(InputError) as caught:
        read_audit_csv(data, groups=["sex"], selected="question number 1")
    assert caught.value.column == "sex"
    assert f"and {WIDE - 30:,} more" in str(caught.value)
    assert len(str(caught.value)) < 1000


def test_the_survey_reader_reads_10000_columns():
    data = wide_csv(quoted=True)
    last = f"question number {WIDE - 1}"
    responses = read_responses(data, columns=[("question number 0", "group"), (last, "question")])
    assert list(responses.frame.columns) == ["question number 0", last]
    assert list(responses.frame[last]) == [k for _, k in SIX]


def test_a_quoted_field_longer_than_csvs_own_limit_is_one_field():
    comment = "word " * 40_000  # 200,000 characters: csv refuses fields past 131,072
    data = f'sex,selected,comment\nF,1,"{comment}"\nM,0,"short, quoted"\n'.encode()
    frame = read_audit_csv(data, groups=["sex"], selected="selected")
    assert list(frame["sex"]) == ["F", "M"]


def test_a_header_with_a_stray_quote_ends_at_its_line_end():
    data = b'height (5"),sex,selected\n1,F,1\n2,M,0\n'
    assert header_of(data) == ['height (5")', "sex", "selected"]
    assert list(read_audit_csv(data, groups=["sex"], selected="selected")["sex"]) == ["F", "M"]


def test_a_quoted_line_break_in_the_header_stays_in_its_name():
    data = b'"sex\r\nas reported";"a ""quoted"" name"\r\nF;1\r\nM;0\r\n'
    assert header_of(data) == ["sex\r\nas reported", 'a "quoted" name']


def test_a_blank_first_row_is_named_not_a_crash():
    with pytest.raises(InputError, match="first row is blank") as caught:
        read_audit_csv(b"\nsex,selected\nF,1\n", groups=["sex"], selected="selected")
    assert caught.value.row == 1


class Endless(io.RawIOBase):
    """A pipe that never ends; it fails the test if read far past the limit."""

    def __init__(self, *, fail_after: int):
        self.given, self.fail_after = 0, fail_after

    def readable(self):
        return True

    def readinto(self, buffer):
        assert self.given <= self.fail_after, "read on past the limit"
        chunk = (b"sex,selected\n" if self.given == 0 else b"") + b"F,1\n" * (len(buffer) // 4)
        chunk = chunk[: len(buffer)]
        buffer[: len(chunk)] = chunk
        self.given += len(chunk)
        return len(chunk)


def test_an_endless_stream_is_refused_at_the_limit_not_copied_on():
    limit = 1 << 20
    stream = Endless(fail_after=limit)
    with pytest.raises(InputError, match="over 1 MB") as caught:
        read_audit_csv(stream, groups=["sex"], selected="selected", max_bytes=limit)
    assert stream.given <= limit + 1
    assert caught.value.row is None
