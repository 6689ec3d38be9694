"""The request register: due dates from the law's rule, statuses, nothing lost on bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from collective_ai.errors import InputError
from collective_ai.evidence.store import EvidenceStore
from collective_ai.requests.register import RequestRegister

D = dt.date


@pytest.fixture
def register(tmp_path):
    return RequestRegister(tmp_path / "evidence.sqlite")


def test_due_dates_come_from_each_law(register):
    today = D(2027, 2, 10)
    gdpr = register.add(member="M-01", law_id="eu-gdpr", system="Rate", sent="31 January 2027",
                        today=today)  # fmt: skip
    ccpa = register.add(member="M-02", law_id="ccpa", system="Rate", sent="2026-12-07", today=today)
    plain = register.add(member="M-03", law_id="collective", system="Rate", sent="1 Feb 2027",
                         reply_days=14, today=today)  # fmt: skip
    assert register.get(gdpr, today=today).due == "2027-03-01"
    assert register.get(ccpa, today=today).due == "2027-01-21"
    assert register.get(plain, today=today).due == "2027-02-15"
    # On 10 February 2027 the CCPA request (due 21 January) is overdue.
    statuses = {r.member: r.status for r in register.requests(today=today)}
    assert statuses == {"M-01": "open", "M-02": "overdue", "M-03": "open"}


def test_due_this_week(register):
    today = D(2027, 2, 24)
    register.add(member="M-01", law_id="eu-gdpr", system="R", sent="31 January 2027", today=today)
    register.add(member="M-02", law_id="eu-gdpr", system="R", sent="10 February 2027", today=today)
    register.add(member="M-03", law_id="ccpa", system="R", sent="7 December 2026", today=today)
    soon = register.due_soon(today=today)
    assert [r.member for r in soon] == ["M-01"]  # due 1 March; M-02 is due 10 March
    assert register.due_soon(today=D(2027, 3, 3)) == [
        r for r in register.requests(today=D(2027, 3, 3)) if r.member == "M-02"
    ]


def test_extension_moves_the_due_date_only_when_told_in_time(register):
    today = D(2027, 3, 20)
    first = register.add(member="M-01", law_id="eu-gdpr", system="R", sent="31 January 2027",
                         today=today)  # fmt: skip
    second = register.add(member="M-02", law_id="eu-gdpr", system="R", sent="31 January 2027",
                          today=today)  # fmt: skip
    extended = register.extend(first, told="25 February 2027", today=today)
    assert (extended.status, extended.due) == ("extended", "2027-04-30")
    with pytest.raises(InputError, match="too late") as caught:
        register.extend(second, told="5 March 2027", today=today)
    assert caught.value.field == "told"
    assert register.get(second, today=today).status == "overdue"


def test_close_and_what_came_back(register):
    today = D(2027, 3, 1)
    number = register.add(member="M-01", law_id="uk-gdpr", system="R", sent="2 February 2027",
                          today=today)  # fmt: skip
    closed = register.close(number, status="answered", on="28 February 2027",
                            returned={"records": 12}, today=today)  # fmt: skip
    assert (closed.status, closed.closed, closed.returned) == ("answered", "2027-02-28",
                                                               {"records": 12})  # fmt: skip
    with pytest.raises(InputError):
        register.extend(number, told="2027-02-20", today=today)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"member": "Jane Smith"}, "member"),
        ({"member": "Jane"}, "member"),
        ({"law_id": "pipeda"}, "law"),
        ({"sent": "1 January 2030"}, "sent"),
        ({"sent": "30 February 2027"}, "sent"),
        ({"system": " "}, "system"),
        ({"system": "x" * 201}, "system"),
        ({"organisation": "y" * 201}, "organisation"),
    ],
)
def test_bad_input_names_the_field_and_keeps_the_register(register, kwargs, field):
    today = D(2027, 3, 1)
    register.add(member="M-01", law_id="eu-gdpr", system="R", sent="2027-02-01", today=today)
    arguments = {"member": "M-02", "law_id": "eu-gdpr", "system": "R", "sent": "2027-02-02",
                 **kwargs}  # fmt: skip
    with pytest.raises(InputError) as caught:
        register.add(**arguments, today=today)
    assert caught.value.field == field
    assert [r.member for r in register.requests(today=today)] == ["M-01"]


def test_the_register_lives_in_the_evidence_log_beside_its_records(tmp_path):
    path = tmp_path / "evidence.sqlite"
    store = EvidenceStore(path)
    store.add_incident(system="Rate", date="2027-01-05", effect="deactivated", today=D(2027, 3, 1))
    RequestRegister(path).add(member="M-01", law_id="eu-gdpr", system="Rate", sent="2027-02-01",
                              today=D(2027, 3, 1))  # fmt: skip
    assert store.count() == 1
    reread = RequestRegister(path, read_only=True).requests(today=D(2027, 3, 1))
    assert [r.member for r in reread] == ["M-01"]
    assert RequestRegister(tmp_path / "none.sqlite", read_only=True).requests() == []


def test_many_people_adding_at_once_lose_nothing(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "evidence.sqlite"
    RequestRegister(path)  # made once, as the first person to open it does

    def add(number: int) -> int:
        return RequestRegister(path).add(
            member=f"M-{number:02d}", law_id="ccpa", system="R", sent="2026-12-01",
            today=D(2026, 12, 7),
        )  # fmt: skip

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(add, range(24)))
    assert sorted(numbers) == list(range(1, 25))
    assert len(RequestRegister(path).requests(today=D(2026, 12, 7))) == 24
