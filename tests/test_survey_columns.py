"""Columns that say who answered are removed on import; free text is never a table.

The layouts are those the form tools export (see tests/fixtures/survey/): Google Forms (a
Timestamp first, questions headed by their text), Microsoft Forms (ID, Start time,
Completion time, Email, Name; semicolons), KoboToolbox (groups as ``group/question``,
``_submitted_by``, ``deviceid``, ``phonenumber``; semicolons).
"""

from __future__ import annotations

import json

import pytest

from collective_ai.__main__ import main
from collective_ai.errors import InputError
from collective_ai.evidence.freetext import private_answers
from collective_ai.evidence.identifying import identifying_header
from collective_ai.evidence.responses import read_responses
from collective_ai.evidence.survey import summarize

SHIFTS = ["Day", "Night"] * 6
SECRET = "I am the only forklift driver on nights, call me on 07700 900123"


def google(tmp_path):
    header = [
        "Timestamp", "Email Address", "Your name (optional)", "Work email", "Employee ID",
        "Phone number", "Mobile", "Which shift do you usually work?",
        "In the last three months, were you written up because of the rate system?",
        "Anything else you want the committee to know?",
    ]  # fmt: skip
    rows = []
    for i, shift in enumerate(SHIFTS):
        text = (
            SECRET
            if i == 0
            else (f"The rate went up in week {i} and nobody said why" if i % 3 else "")
        )
        rows.append(
            [
                f"2026/11/{i + 1:02d} 7:14:05 AM GMT",
                f"w{i}@example.org",
                f"Name {i}",
                f"w{i}@work.example",
                f"E{1000 + i}",
                f"07700 90{i:04d}",
                f"+44 7700 90{i:04d}",
                shift,
                "Yes" if i % 2 else "No",
                text,
            ]
        )
    return _write(tmp_path / "google.csv", header, rows, ",")


def microsoft(tmp_path):
    header = [
        "ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
        "Name (optional)", "Staff number", "Which shift do you usually work?",
        "In the last three months, were you written up because of the rate system?",
    ]  # fmt: skip
    rows = [
        [
            str(i + 1),
            f"11/{i + 1}/26 7:10:11",
            f"11/{i + 1}/26 7:14:05",
            "anonymous",
            "",
            "",
            f"Person {i}",
            f"S-{i:05d}",
            shift,
            "Yes" if i % 2 else "No",
        ]
        for i, shift in enumerate(SHIFTS)
    ]
    return _write(tmp_path / "microsoft.csv", header, rows, ";")


def kobo(tmp_path):
    header = [
        "start", "end", "about/Your name", "about/Which shift do you usually work?",
        "In the last three months, were you written up because of the rate system?",
        "deviceid", "phonenumber", "_id", "_uuid", "_submission_time", "_submitted_by", "_index",
    ]  # fmt: skip
    rows = [
        [
            f"2026-11-{i + 1:02d}T07:10:11",
            f"2026-11-{i + 1:02d}T07:14:05",
            f"N{i}",
            shift,
            "Yes" if i % 2 else "No",
            f"collect:{i:08x}",
            f"0770090{i:04d}",
            str(100 + i),
            f"5f1c2b7a-{i:04d}",
            f"2026-11-{i + 1:02d}T07:14:09",
            f"enumerator{i}",
            str(i + 1),
        ]
        for i, shift in enumerate(SHIFTS)
    ]
    return _write(tmp_path / "kobo.csv", header, rows, ";")


def _write(path, header, rows, delimiter):
    lines = [delimiter.join(f'"{c}"' for c in row) for row in [header, *rows]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("layout", "removed"),
    [
        (
            google,
            [
                "Email Address",
                "Your name (optional)",
                "Work email",
                "Employee ID",
                "Phone number",
                "Mobile",
            ],
        ),
        (microsoft, ["Email", "Name", "Name (optional)", "Staff number"]),
        (
            kobo,
            [
                "about/Your name",
                "deviceid",
                "phonenumber",
                "_submitted_by",
            ],
        ),
    ],
)
def test_columns_that_say_who_answered_are_removed_and_named(tmp_path, layout, removed):
    responses = read_responses(layout(tmp_path))
    assert set(removed) <= set(responses.dropped)
    for column in removed:
        assert column not in responses.frame.columns
    # The reasons say what kind of column it was, never what was in it.
    for why in responses.reasons.values():
        assert "@" not in why
        assert "07700" not in why
    assert "Which shift do you usually work?" in responses.columns[0] or any(
        "shift" in c for c in responses.columns
    )


@pytest.mark.parametrize("layout", [google, microsoft, kobo])
def test_a_removed_column_cannot_be_asked_for(tmp_path, layout, capsys):
    path = layout(tmp_path)
    column = read_responses(path).dropped[0]
    for flag in ("--question", "--by"):
        args = ["survey", "summary", str(path), "--question", "written_up_3m"]
        args = [*args, "--by", column] if flag == "--by" else [*args[:3], "--question", column]
        assert main(args) == 2
        error = capsys.readouterr().err
        assert "says who answered" in error
        assert error.count("\n") == 1
        assert "@example" not in error


@pytest.mark.parametrize(
    "header",
    ["Your name (optional)", "Name (optional)", "Work email", "Employee ID", "Phone number",
     "Mobile", "Badge number", "Payroll number", "Home address", "IP Address", "deviceid",
     "_submitted_by", "What is your name?", "E-mail"],
)  # fmt: skip
def test_identifying_headers(header):
    assert identifying_header(header)


@pytest.mark.parametrize(
    "header",
    ["Which shift do you usually work?", "Name the system that scores you",
     "Do you use a mobile app at work?", "Did the employer address your complaint?",
     "How old are you?", "Which department do you work in?"],
)  # fmt: skip
def test_questions_that_only_mention_a_word_are_kept(header):
    assert identifying_header(header) is None


def test_columns_whose_answers_identify_are_removed_by_their_values(tmp_path):
    rows = [
        f"{s},w{i}@example.org,REF{i:04d},07700 90{i:04d},{'Yes' if i % 2 else 'No'}"
        for i, s in enumerate(SHIFTS)
    ]
    path = tmp_path / "plain.csv"
    path.write_text("Shift,Contact,Reference,Best time,Written up\n" + "\n".join(rows) + "\n")
    responses = read_responses(path)
    assert responses.reasons == {
        "Contact": "its answers are e-mail addresses",
        "Reference": "its answers are codes unique to almost every person",
        "Best time": "its answers are phone numbers",
    }
    assert responses.columns == ["Shift", "Written up"]


def test_free_text_is_counted_only_as_who_wrote_something(tmp_path):
    path = google(tmp_path)
    question = "Anything else you want the committee to know?"
    summary = summarize(read_responses(path), question=question)
    assert [c["answer"] for c in summary.cells] == ["Wrote something", "No answer"]
    assert any("free text" in note for note in summary.notes)
    for fmt in ("json", "markdown", "html", "csv"):
        rendered = summary.render(fmt=fmt)
        assert "forklift" not in rendered
        assert "07700" not in rendered


def test_free_text_cannot_be_a_breakdown(tmp_path, capsys):
    path = google(tmp_path)
    args = ["survey", "summary", str(path), "--question", "written_up_3m"]
    assert main([*args, "--by", "Anything else you want the committee to know?"]) == 2
    assert "free text" in capsys.readouterr().err


def test_the_committee_reads_free_text_in_a_private_file(tmp_path, capsys):
    path = google(tmp_path)
    out = tmp_path / "private.md"
    question = "Anything else you want the committee to know?"
    assert main(["survey", "text", str(path), "--question", question, "--out", str(out)]) == 0
    text = out.read_text()
    assert text.splitlines()[2].startswith("**Not for sharing.**")
    assert "forklift driver on nights" in text
    assert "do not share it" in capsys.readouterr().err
    answers = [line[2:] for line in text.splitlines() if line.startswith("- ")]
    assert answers == sorted(answers)  # alphabetical: the order says nothing of who was first


def test_text_of_a_removed_column_is_refused(tmp_path):
    responses = read_responses(google(tmp_path))
    with pytest.raises(InputError, match="says who answered"):
        private_answers(responses, question="Work email")


def test_a_summary_by_a_breakdown_still_works_on_each_layout(tmp_path, capsys):
    for layout in (google, microsoft, kobo):
        path = layout(tmp_path)
        assert (
            main(["survey", "summary", str(path), "--question", "written_up_3m", "--by", "shift"])
            == 0
        )
        data = json.loads(capsys.readouterr().out)
        assert data["responses"] == 12


@pytest.mark.parametrize(
    ("layout", "column"), [(google, "Timestamp"), (microsoft, "ID"), (kobo, "_uuid")]
)
def test_the_form_tools_own_record_is_never_counted(tmp_path, layout, column):
    responses = read_responses(layout(tmp_path))
    with pytest.raises(InputError, match="form tool's own record"):
        summarize(responses, question="written_up_3m", by=[column])
