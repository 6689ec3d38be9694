"""The desk's Formal action part: setting a control changes the pack, the page and the summary."""

from __future__ import annotations

import datetime as dt

import pytest

from collective_ai.widgets.formal_action import FormalAction

TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def lab(tmp_path):
    return FormalAction(tmp_path / "evidence.sqlite", today=TODAY)


def test_an_empty_log_asks_for_the_decision_date_by_name(lab):
    assert lab.result["pack"] is None
    assert "field 'decided'" in lab.message
    assert lab.summary.startswith("No pack yet")


def test_typing_a_date_and_choosing_a_venue_rebuild_the_pack(lab):
    lab.controls["decided"].value = "1 September 2026"
    assert "no time limit is stated" in lab.summary  # NYC DCWP, the first venue
    lab.controls["venue"].value = "eeoc"
    assert lab.result["pack"].deadline.file_by == dt.date(2027, 3, 1)  # 180 days, Sunday moved
    assert "1 March 2027 (84 days from today)" in lab.summary
    lab.controls["venue"].value = "nlrb"
    assert lab.controls["ground"].value == "concerted-activity"
    assert lab.result["pack"].deadline.file_by == dt.date(2027, 3, 1)  # six months: 1 March
    lab.controls["agency"].value = "state"
    lab.controls["venue"].value = "eeoc"
    assert lab.result["pack"].deadline.file_by == dt.date(2027, 6, 28)  # 300 days
    assert "Download the pack (docx)" in lab._pack.value


def test_a_future_date_is_named_and_no_pack_is_offered(lab):
    lab.controls["decided"].value = "1 January 2099"
    assert lab.result["pack"] is None
    assert "field 'decided'" in lab.message
    assert lab._pack.value == ""


def test_facts_come_from_the_log_in_the_same_file(lab):
    lab.store.add_incident(system="PickRate", date="2026-10-01", effect="written up", today=TODAY)
    lab.controls["employer"].value = "Acme"  # any change redraws
    assert [f.system for f in lab.result["pack"].facts] == ["PickRate"]
    lab.controls["from_log"].value = False
    assert lab.result["pack"] is None  # no facts and no date


def test_adding_steps_moves_the_next_rung_and_a_bad_step_is_not_saved(lab):
    c = lab.controls
    c["campaign"].value = "Rates"
    assert lab.result["next"].kind == "request"
    c["kind"].value, c["date"].value, c["lead"].value = "demand", "20 November 2026", "chair"
    lab.add_step()
    c["kind"].value, c["date"].value = "deadline", "4 December 2026"
    lab.add_step()
    assert lab.result["next"].kind == "petition"
    assert "Next rung: petition." in lab.summary
    assert "3. petition" in lab._page.value
    c["kind"].value, c["date"].value = "reply", "5 December 2026"
    assert [value for _label, value in c["status"].options] == ["met", "partial", "refused"]
    c["kind"].value, c["date"].value = "press", "1 January 2099"
    lab.add_step()
    assert "field 'date'" in lab.message
    assert len(lab.campaigns.steps("Rates")) == 2


def test_the_register_shows_what_is_due_and_what_is_overdue(lab):
    from collective_ai.requests.register import RequestRegister

    register = RequestRegister(lab.store.path)
    register.add(
        member="M-07", law_id="ccpa", system="PickRate", sent="1 October 2026", today=TODAY
    )  # 45 days: due 15 November, overdue by 7 December
    lab.controls["employer"].value = "Acme"  # any change redraws
    assert [r.status for r in lab.result["requests"]] == ["overdue"]
    assert "Data requests: 1 overdue, 0 due this week." in lab.summary
    assert "M-07" in lab._requests.value
    assert lab._requests in lab.ui.children  # shown, above the pack
