"""Everything a committee releases from one survey, tried together by an attacker.

Each case is one the issue found giving people away; the attacker (tests/survey_attacker.py)
gets every number the releases printed and must prove nothing about a hidden count. Each
case also runs the same releases without the ledger, the way the package worked before,
and checks that the attacker then does find the leak: the attacker is not blind.
"""

from __future__ import annotations

import csv
import io
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collective_ai.__main__ import main
from collective_ai.disclosure.ledger import ReleaseLedger
from collective_ai.errors import InputError
from collective_ai.evidence.audit import audit_survey
from collective_ai.evidence.responses import read_responses
from collective_ai.evidence.survey import summarize
from tests.survey_attacker import Printed, findings

K = 5


def csv_bytes(header: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def sites_and_shifts() -> list[dict]:
    """The issue's survey: Day/No is 26, of whom North 10, South 13 and East 3."""
    counts = {
        ("North", "Day", "No"): 10, ("South", "Day", "No"): 13, ("East", "Day", "No"): 3,
        ("North", "Day", "Yes"): 8, ("South", "Day", "Yes"): 9, ("East", "Day", "Yes"): 7,
        ("North", "Night", "No"): 6, ("South", "Night", "No"): 7, ("East", "Night", "No"): 8,
        ("North", "Night", "Yes"): 9, ("South", "Night", "Yes"): 6, ("East", "Night", "Yes"): 5,
    }  # fmt: skip
    rows = [
        {"Site": s, "Shift": h, "Written up": q}
        for (s, h, q), n in counts.items()
        for _ in range(n)
    ]
    random.Random(4).shuffle(rows)
    return rows


def run(tmp_path, rows, header, *args, name="survey.csv") -> tuple[int, dict | None]:
    """The command line on ``rows`` written to ``name``; (exit code, the JSON printed)."""
    path = tmp_path / name
    path.write_bytes(csv_bytes(header, rows))
    out = tmp_path / "out.json"
    code = main(["survey", *args[:1], str(path), *args[1:], "--out", str(out)])
    return code, json.loads(out.read_text()) if code == 0 else None


def summary_of(tmp_path, rows, header, *, question, by=(), multi=False, name="survey.csv"):
    args = ["summary", "--question", question, *(a for b in by for a in ("--by", b))]
    code, output = run(tmp_path, rows, header, *args, *(["--multi"] if multi else []), name=name)
    assert code == 0
    ask = {"question": question, "by": list(by), "multi": multi}
    return Printed("summary", ask, output, len(rows))


def audit_of(tmp_path, rows, header, *, group, outcome, favourable):
    args = ["audit", "--group", group, "--outcome", outcome, "--favourable", favourable]
    code, output = run(tmp_path, rows, header, *args)
    assert code == 0
    ask = {"group": group, "outcome": outcome, "favourable": favourable}
    return Printed("audit", ask, output, len(rows))


def alone(rows, header, *, question, by=(), multi=False) -> Printed:
    """The same release as the package made it before: checked alone, no ledger."""
    summary = summarize(
        read_responses(csv_bytes(header, rows)), question=question, by=list(by), multi=multi
    )
    ask = {"question": question, "by": list(by), "multi": multi}
    return Printed("summary", ask, summary.to_dict(), len(rows))


# ------------------------------------------------------------------ the cases

HEADER = ["Site", "Shift", "Written up"]


def test_a_finer_table_does_not_give_back_a_count_by_subtraction(tmp_path):
    rows = sites_and_shifts()
    first = summary_of(tmp_path, rows, HEADER, question="Written up", by=["Shift"])
    second = summary_of(tmp_path, rows, HEADER, question="Written up", by=["Site", "Shift"])
    assert first.output["cells"][0] == {
        "group": {"Shift": "Day"}, "answer": "No", "count": 26, "suppressed": False
    }  # fmt: skip
    assert findings(rows, [first, second], k=K) == []
    assert any("released before" in note for note in second.output["notes"])
    # Checked alone, as before, the second table gave East/Day/No away: 26 - 10 - 13 = 3.
    before = alone(rows, HEADER, question="Written up", by=["Site", "Shift"])
    leaks = findings(rows, [first, before], k=K)
    assert "release 2: ('East', 'Day')/No is between 3 and 3" in leaks


def multi_select() -> tuple[list[str], list[dict]]:
    combos = {"A": 10, "B": 9, "A, B": 3, "C": 8, "A, C": 1, "": 6, "B, C": 7}
    rows = [
        {"Effects": c, "Shift": "Day" if i % 2 else "Night"}
        for c, n in combos.items()
        for i in range(n)
    ]
    return ["Shift", "Effects"], rows


def test_a_question_with_and_without_multi_gives_nothing_back(tmp_path):
    header, rows = multi_select()
    plain = summary_of(tmp_path, rows, header, question="Effects")
    several = summary_of(tmp_path, rows, header, question="Effects", multi=True)
    assert findings(rows, [plain, several], k=K) == []
    before = alone(rows, header, question="Effects", multi=True)
    assert findings(rows, [plain, before], k=K), "the multi table used to give counts back"


def test_who_did_not_pick_an_answer_is_not_given_away_by_the_total(tmp_path):
    # 18 on the day shift, 16 picked A: "18 - 16 = 2 did not pick A" names two people.
    rows = [{"Effects": "A, B", "Shift": "Day"}] * 16 + [{"Effects": "B", "Shift": "Day"}] * 2
    rows += [{"Effects": "A", "Shift": "Night"}] * 9 + [{"Effects": "B", "Shift": "Night"}] * 8
    header = ["Shift", "Effects"]
    checked = alone(rows, header, question="Effects", by=["Shift"], multi=True)
    assert findings(rows, [checked], k=K) == []
    released = summary_of(tmp_path, rows, header, question="Effects", by=["Shift"], multi=True)
    assert findings(rows, [released], k=K) == []
    # Before: every cell of that table printed, as the package used to print it.
    shown = json.loads(json.dumps(checked.output))
    for cell in shown["cells"]:
        cell["count"] = sum(
            r["Shift"] == cell["group"]["Shift"] and cell["answer"] in r["Effects"].split(", ")
            for r in rows
        )
        cell["suppressed"] = False
    leaks = findings(rows, [Printed("summary", checked.ask, shown, len(rows))], k=K)
    assert "release 1: ('Day',) did not pick A is between 2 and 2" in leaks


def east_is_small() -> list[dict]:
    rows = []
    for site, yes, no in (("North", 12, 18), ("South", 10, 15), ("East", 4, 14)):
        rows += [{"Site": site, "Written up": "Yes"}] * yes
        rows += [{"Site": site, "Written up": "No"}] * no
    return rows


def test_the_audit_hides_a_group_whose_selected_count_is_small(tmp_path):
    rows = east_is_small()
    header = ["Site", "Written up"]
    audit = audit_of(tmp_path, rows, header, group="Site", outcome="Written up", favourable="Yes")
    groups = audit.output["tables"][0]["groups"]
    assert "East" not in groups  # 4 selected: it used to print "n 18, selected 4"
    assert set(groups) == {"North", "South"}
    assert any("left out" in note for note in audit.output["notes"])
    summary = summary_of(tmp_path, rows, header, question="Written up", by=["Site"])
    shown = {(c["group"]["Site"], c["answer"]): c["count"] for c in summary.output["cells"]}
    assert shown[("East", "Yes")] is None
    assert shown[("South", "Yes")] == 10  # the audit printed it: hiding it would protect nothing
    assert findings(rows, [audit, summary], k=K) == []


def test_a_summary_after_an_audit_keeps_the_audits_hidden_group_hidden(tmp_path):
    from collective_ai.evidence.synthetic import warehouse_csv

    data = warehouse_csv(seed=12)
    header = next(csv.reader(io.StringIO(data.decode())))
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    (tmp_path / "wh.csv").write_bytes(data)
    audit_args = ["--group", "age_band", "--outcome", "written_up_3m", "--favourable", "No"]
    code, audit = run(tmp_path, rows, header, "audit", *audit_args, "--k", "6", name="wh.csv")
    assert code == 0
    assert "Prefer not to say" not in audit["tables"][0]["groups"]
    args = ["summary", "--question", "written_up_3m", "--by", "age_band", "--k", "6"]
    code, summary = run(tmp_path, rows, header, *args, name="wh.csv")
    assert code == 0
    # Printing 240 responses beside the audit's four groups would give the fifth away.
    assert summary["responses"] is None
    question = "In the last three months, were you written up because of the rate system?"
    age = "How old are you?"
    printed = [
        Printed("audit", {"group": age, "outcome": question, "favourable": "No"}, audit, 240),
        Printed("summary", {"question": question, "by": [age]}, summary, 240),
    ]
    assert findings(rows, printed, k=6) == []


def test_three_new_answers_cannot_be_released(tmp_path, capsys):
    rows = sites_and_shifts()
    summary_of(tmp_path, rows, HEADER, question="Written up", by=["Shift"])
    later = rows + [{"Site": "East", "Shift": "Night", "Written up": "Yes"}] * 3
    code, _ = run(tmp_path, later, HEADER, "summary", "--question", "Written up", "--by", "Shift")
    assert code == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0
    assert "only 3 answers came in" in error
    assert "Wait until at least 5" in error


def test_a_new_version_does_not_tell_what_the_newcomers_said(tmp_path):
    rows = sites_and_shifts()
    first = summary_of(tmp_path, rows, HEADER, question="Written up", by=["Shift"])
    newcomers = [
        {"Site": "East", "Shift": "Night", "Written up": "Yes"},
        {"Site": "North", "Shift": "Day", "Written up": "Yes"},
        {"Site": "East", "Shift": "Night", "Written up": "Yes"},
        {"Site": "South", "Shift": "Day", "Written up": "No"},
        {"Site": "East", "Shift": "Night", "Written up": "Yes"},
        {"Site": "North", "Shift": "Night", "Written up": "No"},
    ]
    later = rows + newcomers
    second = summary_of(tmp_path, later, HEADER, question="Written up", by=["Shift"])
    assert findings(later, [first, second], k=K) == []
    before = alone(later, HEADER, question="Written up", by=["Shift"])
    leaks = findings(later, [first, before], k=K)
    assert any(leak.startswith("rows 92-97") for leak in leaks), leaks


def test_a_file_that_lost_released_answers_is_refused(tmp_path, capsys):
    rows = sites_and_shifts()
    summary_of(tmp_path, rows, HEADER, question="Written up", by=["Shift"])
    code, _ = run(tmp_path, rows[2:], HEADER, "summary", "--question", "Written up")
    assert code == 2
    assert "2 answers that earlier releases" in capsys.readouterr().err


def test_the_same_release_twice_is_the_same_table(tmp_path):
    rows = sites_and_shifts()
    first = summary_of(tmp_path, rows, HEADER, question="Written up", by=["Site", "Shift"])
    again = summary_of(tmp_path, rows, HEADER, question="Written up", by=["Site", "Shift"])
    assert again.output["cells"] == first.output["cells"]
    assert any("shown as it was" in note for note in again.output["notes"])


def test_surveys_are_kept_apart_by_name(tmp_path):
    rows = sites_and_shifts()
    summary_of(tmp_path, rows, HEADER, question="Written up", by=["Shift"])
    args = ["summary", "--question", "Written up", "--by", "Site", "--by", "Shift"]
    code, other = run(tmp_path, rows, HEADER, *args, "--survey", "another survey")
    assert code == 0
    assert not any("released before" in note for note in other["notes"])


# ------------------------------------------------------------------ generated surveys

SITES, SHIFTS, ANSWERS, EFFECTS = (
    ("North", "South", "East"),
    ("Day", "Night"),
    ("Yes", "No", ""),
    ("A", "B", "C"),
)


@st.composite
def surveys(draw):
    size = draw(st.integers(min_value=8, max_value=45))
    row = st.fixed_dictionaries(
        {
            "Site": st.sampled_from(SITES),
            "Shift": st.sampled_from(SHIFTS),
            "Q": st.sampled_from(ANSWERS),
            "Effects": st.lists(st.sampled_from(EFFECTS), unique=True, max_size=2).map(", ".join),
        }
    )
    rows = draw(st.lists(row, min_size=size, max_size=size))
    extra = draw(st.lists(row, min_size=0, max_size=12))
    asks = st.one_of(
        st.tuples(
            st.just("summary"),
            st.sampled_from(("Q", "Effects")),
            st.sampled_from(((), ("Site",), ("Shift",), ("Site", "Shift"))),
            st.booleans(),
        ),
        st.tuples(
            st.just("audit"),
            st.sampled_from(("Site", "Shift")),
            st.just("Q"),
            st.sampled_from(("Yes", "No")),
        ),
    )
    releases = draw(st.lists(asks, min_size=2, max_size=4))
    split = draw(st.integers(min_value=1, max_value=len(releases)))
    return rows, extra, releases, split


@settings(
    max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(surveys())
def test_generated_surveys_give_nothing_away(generated):
    """Any mix of summaries, audits and a second version of the file: nothing is proved."""
    rows, extra, asks, split = generated
    header = ["Site", "Shift", "Q", "Effects"]
    ledger = ReleaseLedger(":memory:")
    printed = []
    for number, ask in enumerate(asks):
        current = rows + extra if number >= split else rows
        responses = read_responses(csv_bytes(header, current))
        try:
            if ask[0] == "summary":
                _, question, by, multi = ask
                multi = multi and question == "Effects"
                out = summarize(
                    responses,
                    question=question,
                    by=list(by),
                    multi=multi,
                    ledger=ledger,
                    survey="s",
                )
                text = out.notes and any("free text" in n for n in out.notes)
                spec = {"question": question, "by": list(by), "multi": multi, "text": bool(text)}
                printed.append(Printed("summary", spec, out.to_dict(), len(current)))
            else:
                _, group, outcome, favourable = ask
                report = audit_survey(
                    responses,
                    group=group,
                    outcome=outcome,
                    favourable=favourable,
                    ledger=ledger,
                    survey="s",
                )
                spec = {"group": group, "outcome": outcome, "favourable": favourable}
                printed.append(Printed("audit", spec, report.to_dict(), len(current)))
        except InputError:
            continue  # refused (too few new answers, fewer than two groups): nothing printed
    everyone = rows + extra if any(p.rows > len(rows) for p in printed) else rows
    assert findings(everyone, printed, k=K) == []


def test_the_attacker_reads_an_audit_the_way_it_is_printed():
    rows = east_is_small()
    responses = read_responses(csv_bytes(["Site", "Written up"], rows))
    report = audit_survey(responses, group="Site", outcome="Written up", favourable="No")
    printed = Printed(
        "audit",
        {"group": "Site", "outcome": "Written up", "favourable": "No"},
        report.to_dict(),
        len(rows),
    )
    # East (4 written up, 14 not) is left out; its three counts are what the attacker tries.
    assert "East" not in report.to_dict()["tables"][0]["groups"]
    assert findings(rows, [printed], k=K) == []


@pytest.mark.parametrize("k", [5, 10])
def test_the_attacker_finds_a_plain_subtraction(k):
    """The attacker itself: a total and all but one cell pin the last cell."""
    rows = [{"S": "a", "Q": "Yes"}] * 20 + [{"S": "b", "Q": "Yes"}] * 2
    printed = Printed(
        "summary",
        {"question": "Q", "by": ["S"], "multi": False},
        {
            "cells": [
                {"group": {"S": "a"}, "answer": "Yes", "count": 20, "suppressed": False},
                {"group": {"S": "b"}, "answer": "Yes", "count": None, "suppressed": True},
            ],
            "totals": [],
            "responses": 22,
            "findings": [],
        },
        len(rows),
    )
    assert findings(rows, [printed], k=k) == ["release 1: ('b',)/Yes is between 2 and 2"]
