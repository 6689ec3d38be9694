"""The collective survey: form tools' layouts, the summary's JSON, escaping, the audit."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from collective_ai.cli import main
from collective_ai.errors import InputError
from collective_ai.evidence.bank import find_question, load_bank
from collective_ai.evidence.responses import GOOGLE, KOBO, MICROSOFT, SPREADSHEET, read_responses
from collective_ai.evidence.survey import summarize
from collective_ai.evidence.synthetic import warehouse_csv, warehouse_responses

FIXTURES = Path(__file__).parent / "fixtures" / "survey"
LAYOUTS = {"google-forms.csv": GOOGLE, "microsoft-forms.csv": MICROSOFT, "kobotoolbox.csv": KOBO}
# The six people in every fixture, by the effects they ticked.
EFFECTS = {
    "Led to a write-up or warning": 2,
    "Changed my shift or hours": 2,
    "Changed my tasks or station": 1,
}


def counts(summary):
    return {c["answer"]: c["count"] for c in summary.cells}


@pytest.mark.parametrize("name", LAYOUTS)
def test_each_form_tool_layout_is_read_and_split(name):
    from collections import Counter

    responses = read_responses(FIXTURES / name)
    assert responses.layout == LAYOUTS[name]
    assert len(responses) == 6
    column = responses.resolve("system_effects", field_name="question")
    tally = Counter(a for answers in responses.split(column) for a in answers)
    assert tally == {**EFFECTS, "None of these": 1, "No answer": 1}
    summary = summarize(responses, question="system_effects", k=3)  # multi from the bank
    assert all(c["suppressed"] for c in summary.cells)  # every answer was ticked by 1 or 2
    assert summary.totals == [{"group": {}, "count": 6, "suppressed": False}]
    raw = summarize(responses, question="written_up_3m", k=3)
    # Yes: 2 (primary); No: 4 is hidden too, or 6 minus 4 would give the 2 away.
    assert counts(raw) == {"Yes": None, "No": None}


@pytest.mark.parametrize("name", LAYOUTS)
def test_columns_that_say_who_answered_are_dropped(name):
    responses = read_responses(FIXTURES / name)
    lowered = [c.lower() for c in responses.frame.columns]
    assert not {"email", "email address", "name", "_submitted_by"} & set(lowered)
    with pytest.raises(InputError, match="removed on import"):
        responses.resolve(
            "Email" if name != "google-forms.csv" else "Email Address", field_name="by"
        )


def test_multi_select_split_matches_across_layouts():
    split = {
        name: [
            sorted(x)
            for x in read_responses(FIXTURES / name).split(
                next(
                    c
                    for c in read_responses(FIXTURES / name).frame.columns
                    if find_question(c) and find_question(c).id == "system_effects"
                )
            )
        ]
        for name in LAYOUTS
    }
    assert split["google-forms.csv"] == split["microsoft-forms.csv"] == split["kobotoolbox.csv"]
    assert split["google-forms.csv"][0] == [
        "Changed my shift or hours",
        "Led to a write-up or warning",
    ]
    assert split["google-forms.csv"][4] == ["No answer"]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ","), ("utf-8", ";"), ("utf-8-sig", ";")],
)
def test_any_spreadsheet_bom_or_not_comma_or_semicolon(tmp_path, encoding, delimiter):
    rows = ["shift,written up"] + ["Day,Yes"] * 6 + ["Day,No"] * 7 + ["Night,No"] * 5
    path = tmp_path / "s.csv"
    path.write_bytes("\r\n".join(r.replace(",", delimiter) for r in rows).encode(encoding))
    responses = read_responses(path)
    assert responses.layout == SPREADSHEET
    summary = summarize(responses, question="written up", by=["shift"])
    assert {(c["group"]["shift"], c["answer"]): c["count"] for c in summary.cells} == {
        ("Day", "No"): 7,
        ("Day", "Yes"): 6,
        ("Night", "No"): 5,
        ("Night", "Yes"): 0,
    }


def test_errors_name_the_row_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"shift,written up\nDay,Yes\nNight\n")
    with pytest.raises(InputError) as error:
        read_responses(path)
    assert error.value.row == 3
    responses = read_responses(FIXTURES / "google-forms.csv")
    with pytest.raises(InputError) as error:
        summarize(responses, question="shoe size")
    assert error.value.column == "shoe size"
    assert error.value.field == "question"


def test_json_shape(tmp_path, capsys):
    path = tmp_path / "warehouse.csv"
    path.write_bytes(warehouse_csv(seed=12))
    assert (
        main(["survey", "summary", str(path), "--question", "written_up_3m", "--by", "age_band"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert list(data)[:7] == ["question", "by", "k", "responses", "cells", "totals", "notes"]
    assert data["k"] == 5
    assert data["responses"] == 240
    assert data["by"] == ["How old are you?"]
    cell = data["cells"][0]
    assert set(cell) == {"group", "answer", "count", "suppressed"}
    assert set(data["totals"][0]) == {"group", "count", "suppressed"}
    for entry in data["cells"] + data["totals"]:
        assert entry["suppressed"] == (entry["count"] is None)
        assert entry["count"] is None or entry["count"] == 0 or entry["count"] >= 5
    finding = next(f for f in data["findings"] if f["finding"] == "discipline-from-scores")
    assert "no-discipline-solely-on-ai" in {t["id"] for t in finding["templates"]}


def test_cross_breakdown_of_the_synthetic_survey_hides_small_groups():
    summary = summarize(
        warehouse_responses(seed=12), question="written_up_3m", by=["shift", "age_band"]
    )
    hidden_totals = [t["group"] for t in summary.totals if t["suppressed"]]
    assert {
        "Which shift do you usually work?": "Night",
        "How old are you?": "Prefer not to say",
    } in hidden_totals
    assert all(c["count"] in (None, 0) or c["count"] >= 5 for c in summary.cells)


@pytest.mark.parametrize("k", ["2", "0"])
def test_k_under_three_exits_2(tmp_path, k):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "collective_ai",
            "survey",
            "summary",
            str(FIXTURES / "google-forms.csv"),
            "--question",
            "shift",
            "--k",
            k,
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "field 'k'" in done.stderr
    assert done.stderr.count("\n") == 1


TRICKY = "<img src=x onerror=alert(1)> **Night** =cmd()"


def tricky_file(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("shift,answer\n" + f'"{TRICKY}",Yes\n' * 6, encoding="utf-8")
    return path


def summarize_tricky(tmp_path, fmt, out):
    argv = ["survey", "summary", str(tricky_file(tmp_path)), "--question", "answer"]
    return main([*argv, "--by", "shift", "--format", fmt, "--out", str(out)])


def test_typed_answers_are_escaped_in_html(tmp_path):
    out = tmp_path / "t.html"
    assert summarize_tricky(tmp_path, "html", out) == 0
    page = out.read_text()
    assert "<img" not in page
    assert "<strong>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; **Night** =cmd()" in page


def test_typed_answers_stay_literal_in_docx(tmp_path):
    from docx import Document

    out = tmp_path / "t.docx"
    assert summarize_tricky(tmp_path, "docx", out) == 0
    document = Document(io.BytesIO(out.read_bytes()))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert TRICKY in cells


def test_csv_export_defuses_formulas(tmp_path, capsys):
    assert (
        main(
            [
                "survey",
                "summary",
                str(tricky_file(tmp_path)),
                "--question",
                "shift",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    assert "=cmd()" in capsys.readouterr().out  # inside a cell starting "<img", harmless


def test_audit_of_survey_outcomes_leaves_small_groups_out(tmp_path, capsys):
    path = tmp_path / "warehouse.csv"
    path.write_bytes(warehouse_csv(seed=12))
    assert (
        main(
            [
                "survey",
                "audit",
                str(path),
                "--group",
                "age_band",
                "--outcome",
                "written_up_3m",
                "--favourable",
                "No",
                "--k",
                "6",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    groups = data["tables"][0]["groups"]
    assert "Prefer not to say" not in groups  # 5 people, under k=6
    # The audit alone prints no total, so the four other groups can stay; beside a table
    # that prints 240 responses they could not (tests/test_survey_privacy.py).
    assert len(groups) == 4
    assert any("1 group left out" in note for note in data["notes"])


def test_audit_with_an_answer_nobody_gave_names_the_field(tmp_path):
    responses = read_responses(FIXTURES / "google-forms.csv")
    from collective_ai.evidence.audit import audit_survey

    with pytest.raises(InputError) as error:
        audit_survey(responses, group="shift", outcome="written_up_3m", favourable="Maybe")
    assert error.value.field == "favourable"


def test_the_bank_covers_the_four_questions_and_outcomes():
    phases = {q.phase for q in load_bank()}
    assert {"systems", "effects", "bias", "training", "outcomes", "breakdown"} <= phases
    assert not [q for q in load_bank() if "name" in q.text.lower() or "email" in q.text.lower()]


def test_kobo_answer_columns_are_not_offered_as_questions():
    columns = read_responses(FIXTURES / "kobotoolbox.csv").columns
    assert len(columns) == 4  # shift, effects, written up, told
    assert not any(c.endswith("/None of these") for c in columns)


def test_a_survey_under_k_shows_nothing(tmp_path):
    path = tmp_path / "tiny.csv"
    path.write_text("shift,answer\nDay,Yes\nDay,No\nNight,Yes\nNight,Yes\n", encoding="utf-8")
    summary = summarize(read_responses(path), question="answer", by=["shift"])
    assert summary.responses is None
    assert all(c["count"] is None for c in summary.cells + summary.totals)
    assert summary.findings == []


def test_a_hidden_first_answer_is_named_inside_the_chart(tmp_path):
    from collective_ai.evidence.chart import draw_survey

    rows = ["shift"] + ["Day"] * 2 + ["Evening"] * 3 + ["Night"] * 14
    path = tmp_path / "s.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    summary = summarize(read_responses(path), question="shift", k=5)
    figure = draw_survey(summary)
    (ax,) = figure.axes
    labels = {t.get_text(): t.get_position()[1] for t in ax.texts}
    assert set(labels) == {"Day: hidden", "Evening: hidden", "74%"}
    bottom, top = ax.get_ylim()  # inverted: the first answer at the top
    assert all(top < y < bottom for y in labels.values())
