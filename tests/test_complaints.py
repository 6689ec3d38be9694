"""Complaint packs: deadlines on hand-worked dates, packs read back, and the command's errors.

Every date below is counted by hand in its comment, from the rules' own wording: 180 or 300
calendar days (42 U.S.C. 2000e-5(e)(1); 29 U.S.C. 626(d); EEOC, "Time limits for filing a
charge": weekends count, a last day on one moves to the next business day), six months
(29 U.S.C. 160(b)).
"""

from __future__ import annotations

import datetime as dt
import io
import json

import docx
import pytest

from collective_ai.cli import main
from collective_ai.complaints.evidence import Fact, log_attachment, summary_markdown
from collective_ai.complaints.limits import deadline, eeoc_days, start_day
from collective_ai.complaints.pack import build_pack, never_files
from collective_ai.complaints.venues import VENUES
from collective_ai.demands.render import render
from collective_ai.errors import InputError
from collective_ai.evidence.store import EvidenceStore

TODAY = dt.date(2026, 12, 7)
EEOC, NLRB = VENUES["eeoc"], VENUES["nlrb"]


# ----------------------------------------------------------------------------- deadlines


@pytest.mark.parametrize(
    ("agency", "basis", "days"),
    [
        ("none", "other", 180),
        ("state", "other", 300),
        ("local", "other", 300),  # a city agency enforcing a similar law extends Title VII
        ("state", "age", 300),
        ("local", "age", 180),  # for age, only a state law and agency extend it
        ("none", "age", 180),
    ],
)
def test_the_180_300_split_and_the_age_rule(agency, basis, days):
    assert eeoc_days(agency=agency, basis=basis) == days


@pytest.mark.parametrize(
    ("start", "agency", "last", "file_by"),
    [
        # Jan 30 left + Feb 28 + Mar 31 + Apr 30 + May 31 = 150, + 30 June = 180: a Wednesday.
        (dt.date(2027, 1, 1), "none", dt.date(2027, 6, 30), dt.date(2027, 6, 30)),
        # 2028 is a leap year: Feb has 29, so the 180th day is 29 June (a Thursday).
        (dt.date(2028, 1, 1), "none", dt.date(2028, 6, 29), dt.date(2028, 6, 29)),
        # Sep 29 left + Oct 31 + Nov 30 + Dec 31 + Jan 31 = 152, + 28 Feb = 180: a Sunday,
        # so the last day moves to Monday 1 March 2027.
        (dt.date(2026, 9, 1), "none", dt.date(2027, 2, 28), dt.date(2027, 3, 1)),
        # 300 days from 1 Jan 2027: 180 to 30 June, + Jul 31 + Aug 31 + Sep 30 = 272,
        # + 28 Oct = 300: a Thursday.
        (dt.date(2027, 1, 1), "state", dt.date(2027, 10, 28), dt.date(2027, 10, 28)),
    ],
)
def test_eeoc_last_day_on_hand_worked_dates(start, agency, last, file_by):
    counted = deadline(EEOC, start, agency=agency)
    assert (counted.last_day, counted.file_by) == (last, file_by)


@pytest.mark.parametrize(
    ("start", "last"),
    [
        (dt.date(2026, 8, 31), dt.date(2027, 2, 28)),  # February 2027 has no 31st: its last day
        (dt.date(2027, 8, 31), dt.date(2028, 2, 29)),  # 2028 is a leap year
        (dt.date(2026, 3, 15), dt.date(2026, 9, 15)),  # same day-number six months on
        (dt.date(2026, 12, 31), dt.date(2027, 6, 30)),  # June has 30 days
    ],
)
def test_nlrb_six_months_from_month_ends(start, last):
    counted = deadline(NLRB, start)
    assert counted.last_day == counted.file_by == last  # not moved: file before it


def test_a_venue_without_a_limit_says_so_and_gives_no_day():
    counted = deadline(VENUES["nyc-dcwp"], dt.date(2026, 5, 1))
    assert counted.file_by is None
    assert "No time limit" in counted.rule


def test_the_clock_starts_at_the_earlier_of_the_decision_and_the_learning():
    start = start_day(decided="10 March 2026", learned="2 June 2026", today=TODAY)
    assert start.day == dt.date(2026, 3, 10)
    assert "earlier of the two dates" in start.reason
    assert "(the decision)" in start.reason
    odd = start_day(decided="2 June 2026", learned="10 March 2026", today=TODAY)
    assert odd.day == dt.date(2026, 3, 10)
    assert "the day it was learned" in odd.reason


def test_only_the_learning_date_warns_that_the_real_deadline_may_be_sooner():
    start = start_day(learned="2 June 2026", today=TODAY)
    assert start.day == dt.date(2026, 6, 2)
    assert "may be sooner" in start.reason


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"decided": "8 December 2026"}, "decided"),
        ({"learned": "1 January 2027"}, "learned"),
        ({}, "decided"),
        ({"decided": "31 February 2026"}, "decided"),
    ],
)
def test_a_future_missing_or_impossible_date_names_its_field(kwargs, field):
    with pytest.raises(InputError) as error:
        start_day(today=TODAY, **kwargs)
    assert error.value.field == field


# ------------------------------------------------------------------------------- packs

FACTS = [
    Fact(dt.date(2026, 9, 1), "PickRate", "hours cut"),
    Fact(dt.date(2026, 3, 3), "PickRate", "written up <b>bold</b> *now*"),
]


def test_a_pack_leads_with_the_oldest_fact_still_in_time():
    pack = build_pack("eeoc", facts=FACTS, employer="Acme", today=TODAY)
    assert [f.date for f in pack.facts] == sorted(f.date for f in FACTS)  # date order
    assert pack.start.day == dt.date(2026, 9, 1)  # 3 March's 180 days ended 30 August
    assert pack.deadline.file_by == dt.date(2027, 3, 1)
    assert [d.passed(TODAY) for _, d in pack.timeline] == [True, False]
    assert pack.to_dict()["days_left"] == (dt.date(2027, 3, 1) - TODAY).days == 84


def test_the_markdown_pack_says_it_files_nothing_and_escapes_typed_text():
    text = render(
        build_pack("eeoc", facts=FACTS, employer="Acme *Ltd*", today=TODAY).document(),
        fmt="markdown",
    )
    assert never_files() in " ".join(text.split())
    assert "Acme \\*Ltd\\*" in text
    assert "\\<b\\>" in text
    assert text.index("3 March 2026") < text.index("1 September 2026")
    assert "Last day to file: 1 March 2027 (84 days from today)" in text
    assert "end on 28 February 2027, a Sunday, so the last day moves to 1 March 2027" in text
    assert "Public Portal" in text
    assert "http" not in text


def test_the_html_pack_is_one_page_with_typed_text_escaped():
    html = render(build_pack("nlrb", facts=FACTS, today=TODAY).document(), fmt="html")
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>bold" not in html
    assert "<script" not in html
    assert 'src="http' not in html
    assert "Regional Office" in html


def test_the_docx_pack_reads_back_with_its_headings_facts_and_deadline():
    pack = build_pack("nlrb", facts=FACTS, decided="31 August 2026", today=TODAY)
    doc = docx.Document(io.BytesIO(render(pack.document(), fmt="docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == [VENUES["nlrb"].name, "What went wrong", "The facts, in date order"]
    assert "Last day to file: 28 February 2027" in text
    assert "written up <b>bold</b> *now*" in text  # literal in Word


def test_unknown_venue_and_ground_name_their_field():
    with pytest.raises(InputError) as error:
        build_pack("osha", decided="1 March 2026", today=TODAY)
    assert error.value.field == "venue"
    with pytest.raises(InputError) as error:
        build_pack("eeoc", ground="no-notice", decided="1 March 2026", today=TODAY)
    assert error.value.field == "ground"
    assert "disparate-impact" in str(error.value)


# ----------------------------------------------------------------- evidence, small counts


@pytest.fixture
def log(tmp_path):
    store = EvidenceStore(tmp_path / "evidence.sqlite")
    rows = (
        [("PickRate", "written up")] * 6
        + [("PickRate", "hours cut")] * 4
        + [("ShiftBot", "hours cut")]
        + [("ShiftBot", "warned")] * 4
        + [("GPS", "fired")]
    )
    for n, (system, effect) in enumerate(rows, start=1):
        store.add_incident(
            system=system,
            date=f"2026-10-{n:02d}",
            effect=effect,
            today=TODAY,
            reporter="R7",
            what="Maria was told off",
        )
    return store


def test_the_attached_summary_never_shows_a_small_count(log):
    text = summary_markdown(log, k=5)
    # Systems: PickRate 10, ShiftBot 5, GPS 1. GPS is under 5; with the total (16) shown,
    # 16 - 10 - 5 would give it away, so the smallest other count (ShiftBot) is hidden too.
    assert "| PickRate | 10 |" in text
    assert "| GPS | hidden |" in text
    assert "| ShiftBot | hidden |" in text
    # Effects: written up 6, hours cut 5, warned 4, fired 1: the two under 5 are hidden,
    # and together they make 5, so nothing else needs to be.
    assert "| written up | 6 |" in text
    assert "| hours cut | 5 |" in text
    assert "| warned | hidden |" in text
    assert "| fired | hidden |" in text
    assert "16 incidents" in text
    assert "Maria" not in text
    assert "R7" not in text


def test_a_log_under_k_shows_no_counts_at_all(tmp_path):
    store = EvidenceStore(tmp_path / "small.sqlite")
    store.add_incident(system="PickRate", date="2026-10-01", effect="fired", today=TODAY)
    text = log_attachment(store, k=5).markdown
    assert "fewer than 5 incidents, so no counts are shown" in text
    assert "| fired |" not in text


# ------------------------------------------------------------------------------ command


def run(capsys, *argv):
    code = main(["complaint", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_draft_from_the_log_writes_a_docx_and_says_nothing_was_filed(capsys, log, tmp_path):
    out = tmp_path / "pack.docx"
    code, _, err = run(
        capsys,
        "draft",
        "--venue",
        "eeoc",
        "--log",
        str(log.path),
        "--format",
        "docx",
        "--out",
        str(out),
        "--system",
        "PickRate",
    )
    assert code == 0
    assert "nothing was filed" in err
    text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert "Attachment: Evidence summary" in text
    assert "files nothing" in text


def test_draft_json_gives_the_dates(capsys, log):
    code, out, _ = run(
        capsys, "draft", "--venue", "nlrb", "--log", str(log.path), "--format", "json"
    )
    data = json.loads(out)
    assert code == 0
    assert data["venue"] == "nlrb"
    assert len(data["facts"]) == 16


def test_draft_reads_the_committees_own_log_when_no_log_is_named(capsys, log, monkeypatch):
    # Like `evidence add` and `campaign add`, the pack finds the log in COLLECTIVE_AI_HOME.
    monkeypatch.setenv("COLLECTIVE_AI_HOME", str(log.path.parent))
    code, out, _ = run(capsys, "draft", "--venue", "nlrb", "--format", "json")
    assert code == 0
    assert len(json.loads(out)["facts"]) == 16


def test_draft_attaches_a_check_of_a_published_audit(capsys):
    from collective_ai.audit.published import example_path

    code, out, _ = run(
        capsys,
        "draft",
        "--venue",
        "nyc-dcwp",
        "--ground",
        "summary-does-not-add-up",
        "--decided",
        "1 December 2026",
        "--audit-check",
        str(example_path("constructed")),
    )
    assert code == 0
    assert "Recomputing the published summary" in out
    assert "## Attachment: Check of the published bias audit" in out


def test_venues_list_as_json(capsys):
    code, out, _ = run(capsys, "venues", "--format", "json")
    assert code == 0
    assert [v["id"] for v in json.loads(out)] == list(VENUES)


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["--venue", "osha", "--decided", "1 March 2026"], "venue"),
        (["--venue", "eeoc", "--decided", "1 January 2099"], "decided"),
        (["--venue", "eeoc", "--log", "no/such/evidence.sqlite"], "log"),
        (["--venue", "eeoc", "--decided", "1 March 2026", "--format", "docx"], "out"),
    ],
)
def test_bad_input_is_one_line_naming_the_field_and_exit_2(capsys, argv, field):
    code, out, err = run(capsys, "draft", *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert f"field '{field}'" in err
    assert "Traceback" not in err


def test_a_file_that_is_not_a_log_is_named_and_left_unchanged(capsys, tmp_path):
    other = tmp_path / "notes.sqlite"
    other.write_bytes(b"not a database at all")
    code, _out, err = run(capsys, "draft", "--venue", "eeoc", "--log", str(other))
    assert code == 2
    assert "field 'log'" in err
    assert other.read_bytes() == b"not a database at all"


def test_an_audit_is_attached_by_its_own_renderer():
    import pandas as pd

    from collective_ai.audit import audit
    from collective_ai.complaints.evidence import audit_attachment

    frame = pd.DataFrame(
        {"sex": ["F"] * 50 + ["M"] * 50, "selected": [1] * 20 + [0] * 30 + [1] * 40 + [0] * 10}
    )
    report = audit(frame, groups=["sex"], selected="selected")
    attachment = audit_attachment(report, data_description="Our members' counts")
    pack = build_pack("eeoc", decided="1 October 2026", attachment=attachment, today=TODAY)
    html = render(pack.document(), fmt="html")
    assert 'Attachment: <bdi class="data">Bias audit report</bdi>' in html
    # F 20 of 50 (40%), M 40 of 50 (80%): an impact ratio of 0.5, below four-fifths.
    assert "| F | 50 | 20 | 40.0% |" in render(pack.document(), fmt="markdown")
    assert "| 0.500 | below 4/5 |" in render(pack.document(), fmt="markdown")


def test_an_audit_report_that_is_not_text_is_refused(capsys, tmp_path):
    report = tmp_path / "report.md"
    report.write_bytes(b"\xff\xfe\x00bad")
    code, _, err = run(
        capsys,
        "draft",
        "--venue",
        "eeoc",
        "--decided",
        "1 October 2026",
        "--audit-report",
        str(report),
    )
    assert code == 2
    assert "field 'audit-report'" in err


def test_every_source_a_venue_names_is_printed_and_in_the_bibliography():
    from pathlib import Path

    from collective_ai.complaints.pack import SOURCES

    bib = (Path(__file__).resolve().parent.parent / "references.bib").read_text(encoding="utf-8")
    for venue in VENUES.values():
        for key in venue.sources:
            assert key in SOURCES, key
            assert f"{{{key}," in bib, key


def test_a_venue_without_a_limit_gives_the_date_to_report_and_no_last_day():
    text = render(
        build_pack("cppa", decided="2 November 2026", today=TODAY).document(), fmt="markdown"
    )
    assert "The date to give when you file: 2 November 2026." in text
    assert "Last day to file" not in text
