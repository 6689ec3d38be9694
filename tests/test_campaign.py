"""The campaign: next-rung rules, steps kept in the log, the meeting page, the command."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sqlite3

import pytest

from collective_ai.campaign.page import page_body, page_html
from collective_ai.campaign.steps import LADDER, Step, next_rung, overdue
from collective_ai.campaign.store import CampaignLog
from collective_ai.cli import main
from collective_ai.errors import InputError

TODAY = dt.date(2026, 12, 7)


def steps(*rows) -> list[Step]:
    """Steps from (kind, date, status) rows, numbered in order."""
    return [
        Step(i, "Rates", kind, date, "committee", status)
        for i, (kind, date, status) in enumerate(rows, start=1)
    ]


# ----------------------------------------------------------------------- next-rung rules


def test_nothing_yet_starts_with_a_request():
    assert next_rung([], today=TODAY).kind == "request"


def test_an_ask_without_a_date_for_the_answer_asks_for_one():
    got = next_rung(steps(("request", "2026-11-02", "done")), today=TODAY)
    assert got.kind == "deadline"
    assert "no date for an answer" in got.why


def test_before_the_date_the_committee_waits_and_prepares_the_next_rung():
    got = next_rung(
        steps(("request", "2026-11-02", "done"), ("deadline", "2026-12-20", "done")), today=TODAY
    )
    assert got.kind is None
    assert "20 December 2026" in got.why
    assert "demand sent" in got.why


def test_silence_past_a_deadline_climbs_one_rung_above_the_highest():
    got = next_rung(
        steps(
            ("request", "2026-11-02", "done"),
            ("deadline", "2026-11-16", "done"),
            ("demand", "2026-11-20", "done"),
            ("deadline", "2026-12-04", "done"),
        ),
        today=TODAY,
    )
    assert (got.kind, got.rung) == ("petition", 3)
    assert "No reply by 4 December 2026" in got.why


def test_a_deadline_on_the_day_of_the_meeting_has_not_passed():
    got = next_rung(
        steps(("demand", "2026-11-20", "done"), ("deadline", "2026-12-07", "done")), today=TODAY
    )
    assert got.kind is None


def test_recorded_silence_climbs_too():
    got = next_rung(
        steps(("petition", "2026-11-01", "done"), ("silence", "2026-11-30", "done")), today=TODAY
    )
    assert got.kind == "grievance"


@pytest.mark.parametrize(
    ("status", "kind"), [("met", None), ("partial", "deadline"), ("refused", "regulator")]
)
def test_a_reply_decides_what_comes_next(status, kind):
    got = next_rung(
        steps(("grievance", "2026-11-01", "done"), ("reply", "2026-11-20", status)), today=TODAY
    )
    assert got.kind == kind


def test_a_reply_to_an_earlier_ask_does_not_answer_a_later_one():
    got = next_rung(
        steps(
            ("request", "2026-10-01", "done"),
            ("reply", "2026-10-10", "met"),
            ("demand", "2026-11-01", "done"),
            ("deadline", "2026-11-15", "done"),
        ),
        today=TODAY,
    )
    assert got.kind == "petition"


def test_planned_and_cancelled_steps_are_not_rungs_reached():
    got = next_rung(
        steps(("petition", "2026-12-15", "planned"), ("grievance", "2026-11-01", "cancelled")),
        today=TODAY,
    )
    assert got.kind == "request"


def test_the_top_of_the_ladder_suggests_more_people_not_another_rung():
    got = next_rung(
        steps(("press", "2026-11-01", "done"), ("deadline", "2026-11-15", "done")), today=TODAY
    )
    assert got.kind is None
    assert "top of the ladder" in got.why
    assert LADDER[-1] == "press"


def test_overdue_lists_planned_steps_whose_day_has_passed():
    late = overdue(
        steps(("petition", "2026-12-01", "planned"), ("press", "2026-12-20", "planned")),
        today=TODAY,
    )
    assert [s.kind for s in late] == ["petition"]


# ---------------------------------------------------------------------------- the store


@pytest.fixture
def log(tmp_path):
    return CampaignLog(tmp_path / "evidence.sqlite")


def add(log, **changes):
    fields = {
        "campaign": "Rates",
        "kind": "request",
        "date": "2 November 2026",
        "lead": "data lead",
        "status": "done",
        "note": "",
    }
    return log.add(today=TODAY, **(fields | changes))


def test_steps_round_trip_in_date_order_by_campaign(log):
    add(log, kind="demand", date="20 November 2026", lead="chair")
    add(log)
    add(log, campaign="Cameras", kind="petition")
    assert [s.kind for s in log.steps("rates")] == ["request", "demand"]  # any case
    assert log.campaigns() == ["Rates", "Cameras"]
    assert log.steps("Rates")[0].date == "2026-11-02"


def test_the_steps_live_in_the_evidence_log_which_stays_a_log(log):
    from collective_ai.evidence.store import EvidenceStore

    add(log)
    store = EvidenceStore(log.path)
    store.add_incident(system="PickRate", date="2026-10-01", effect="fired", today=TODAY)
    assert store.count() == 1
    assert len(log.steps()) == 1


def test_a_log_without_campaign_steps_reads_as_none(tmp_path):
    from collective_ai.evidence.store import EvidenceStore

    EvidenceStore(tmp_path / "e.sqlite")
    assert CampaignLog(tmp_path / "e.sqlite", read_only=True).steps() == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "strike"}, "kind"),
        ({"lead": "Maria Lopez"}, "lead"),  # a name where a role goes
        ({"status": "met"}, "status"),  # a reply's status on a request
        ({"kind": "reply", "status": "done"}, "status"),
        ({"date": "1 January 2027"}, "date"),  # done, yet in the future
        ({"campaign": "  "}, "campaign"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_a_bad_step_names_its_field_and_the_log_keeps_every_step(log, changes, field):
    add(log)
    with pytest.raises(InputError) as error:
        add(log, **changes)
    assert error.value.field == field
    assert len(log.steps()) == 1


def test_planned_steps_and_deadlines_may_be_in_the_future(log):
    add(log, kind="petition", status="planned", date="15 December 2026")
    add(log, kind="deadline", date="20 December 2026")
    assert len(log.steps()) == 2


# ----------------------------------------------------------------------------- the page


def test_the_page_escapes_typed_text_and_marks_the_next_rung_in_words():
    rows = [
        Step(1, "<b>Rates</b>", "demand", "2026-11-20", "chair", "done", "<script>x</script>"),
        Step(2, "<b>Rates</b>", "deadline", "2026-12-04", "committee", "done"),
    ]
    html = page_html("<b>Rates</b>", rows, today=TODAY)
    assert "<script>x" not in html
    assert "&lt;script&gt;" in html
    assert "Campaign: &lt;b&gt;Rates&lt;/b&gt;" in html
    body = page_body("Rates", rows, today=TODAY)
    assert "done &#10003;" in body
    assert 'class="next">3. petition<br><strong>next' in body


def test_the_page_changes_when_a_reply_is_recorded():
    rows = steps(("demand", "2026-11-20", "done"), ("deadline", "2026-12-04", "done"))
    before = page_body("Rates", rows, today=TODAY)
    reply = Step(9, "Rates", "reply", "2026-12-05", "chair", "met")
    after = page_body("Rates", [*rows, reply], today=TODAY)
    assert "Climb one rung" in before
    assert "record the win" in after


# ---------------------------------------------------------------------------- the command


def run(capsys, *argv):
    code = main(["campaign", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_next_by_command(capsys, tmp_path):
    db = str(tmp_path / "evidence.sqlite")
    for kind, date in (("demand", "20 November 2026"), ("deadline", "4 December 2026")):
        code, out, _ = run(
            capsys,
            "add",
            "--db",
            db,
            "--campaign",
            "Rates",
            "--kind",
            kind,
            "--date",
            date,
            "--lead",
            "chair",
        )
        assert code == 0
        assert out.strip().isdigit()
    code, out, _ = run(capsys, "list", "--db", db, "--format", "json")
    assert code == 0
    assert [s["kind"] for s in json.loads(out)] == ["demand", "deadline"]
    code, out, _ = run(capsys, "next", "--db", db, "--campaign", "Rates", "--format", "json")
    assert code == 0
    assert "kind" in json.loads(out)


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["--kind", "strike", "--date", "1 March 2026", "--lead", "chair"], "kind"),
        (["--kind", "demand", "--date", "1 March 2099", "--lead", "chair"], "date"),
        (["--kind", "demand", "--date", "1 March 2026", "--lead", "Maria"], "lead"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_the_log_unchanged(capsys, tmp_path, argv, field):
    db = tmp_path / "evidence.sqlite"
    run(
        capsys,
        "add",
        "--db",
        str(db),
        "--campaign",
        "Rates",
        "--kind",
        "request",
        "--date",
        "2 November 2026",
        "--lead",
        "chair",
    )
    before = sqlite3.connect(db).execute("SELECT * FROM campaign_steps").fetchall()
    code, out, err = run(capsys, "add", "--db", str(db), "--campaign", "Rates", *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert f"field '{field}'" in err
    assert sqlite3.connect(db).execute("SELECT * FROM campaign_steps").fetchall() == before


def test_page_refuses_other_suffixes_and_writes_html(capsys, tmp_path):
    code, _, err = run(
        capsys,
        "page",
        "--campaign",
        "Rates",
        "--db",
        str(tmp_path / "e.sqlite"),
        "--out",
        str(tmp_path / "page.txt"),
    )
    assert code == 2
    assert "field 'out'" in err
    out = tmp_path / "page.html"
    code, _, _ = run(
        capsys, "page", "--campaign", "Rates", "--db", str(tmp_path / "e.sqlite"), "--out", str(out)
    )
    assert code == 0
    assert "No steps recorded yet" in out.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_the_page_prints_to_one_pdf_page(capsys, tmp_path):
    import subprocess

    from collective_ai.workshop.render import chromium_path

    try:
        chromium_path()
    except InputError:
        pytest.skip("no Chromium")
    db = str(tmp_path / "evidence.sqlite")
    run(
        capsys,
        "add",
        "--db",
        db,
        "--campaign",
        "Rates",
        "--kind",
        "demand",
        "--date",
        "20 November 2026",
        "--lead",
        "chair",
        "--note",
        "human review first",
    )
    out = tmp_path / "page.pdf"
    code, _, _ = run(capsys, "page", "--campaign", "Rates", "--db", db, "--out", str(out))
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Campaign: Rates" in text
    assert "human review first" in text


def test_control_characters_are_dropped_and_invisible_ones_shown_in_the_list(capsys, log):
    add(log, note="asked\x1b[2J again\u202e", campaign="Rates\x07")
    (step,) = log.steps("Rates")
    assert step.note == "asked[2J again\u202e"  # the escape character itself is gone
    code, out, _ = run(capsys, "list", "--db", str(log.path))
    assert code == 0
    assert "\x1b" not in out
    assert "again[U+202E]" in out
