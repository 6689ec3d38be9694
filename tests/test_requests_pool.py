"""The pooled table across members: no small count, and nothing an attacker can prove."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

import pytest

from collective_ai.disclosure.ledger import ReleaseLedger
from collective_ai.errors import InputError
from collective_ai.requests.pool import LABELS, pool_returns, pooled_rows
from tests.survey_attacker import Printed, findings

K = 5


@dataclass
class Returned:
    law: str
    system: str
    returned: dict = field(default_factory=dict)


def answer(missing: list[str]) -> dict:
    found = {
        k: ["file: field"] for k in ("inputs", "scores", "logic", "decisions") if k not in missing
    }
    return {"found": found, "missing": missing, "records": 10}


def members() -> list[Returned]:
    """35 members: 20 under the EU GDPR, 12 under the UK GDPR, 3 under the CCPA.

    The logic was missing for 14 EU, 7 UK and all 3 CCPA members (24 in all, 11 had
    it); the 3 CCPA members are the small group no table may give away.
    """
    out = []
    plan = {("eu-gdpr", True): 14, ("eu-gdpr", False): 6, ("uk-gdpr", True): 7,
            ("uk-gdpr", False): 5, ("ccpa", True): 3}  # fmt: skip
    for (law, no_logic), n in plan.items():
        for i in range(n):
            missing = ["logic"] if no_logic else []
            if law == "ccpa" or i % 3 == 0:
                missing.append("decisions")
            out.append(Returned(law, "Driver score", answer(missing)))
    random.Random(3).shuffle(out)
    return out


def test_rows_never_carry_the_member_and_skip_requests_without_an_answer():
    rows = pooled_rows([Returned("eu-gdpr", "S", answer(["logic"])), Returned("ccpa", "S")])
    assert rows == [
        {"Law": "eu-gdpr", "System": "S", "Inputs": "Arrived", "Scores": "Arrived",
         "Logic": "Missing", "Decisions": "Arrived", "Machine-readable files": "Arrived"}
    ]  # fmt: skip


def test_hand_counted_table_hides_the_small_group():
    summary = pool_returns(members(), ask="logic", by="law", k=K)
    shown = {
        (c["group"]["Law"], c["answer"]): c["count"] for c in summary.cells if not c["suppressed"]
    }
    # The logic was missing for 14 of 20 EU members; the 3 CCPA members are never shown.
    assert shown[("eu-gdpr", "Missing")] == 14
    assert shown[("eu-gdpr", "Arrived")] == 6
    assert not any(law == "ccpa" for law, _ in shown)
    overall = pool_returns(members(), ask="logic", by=None, k=K)
    assert {c["answer"]: c["count"] for c in overall.cells} == {"Missing": 24, "Arrived": 11}
    assert overall.responses == 35


def _release(rows, summary, *, ask, by) -> Printed:
    asked = {"question": LABELS[ask], "by": ["Law"] if by else [], "multi": False}
    return Printed("summary", asked, json.loads(summary.to_json()), len(rows))


def _attack_rows(requests) -> list[dict]:
    return pooled_rows(requests)


@pytest.mark.parametrize("with_ledger", [True, False])
def test_the_survey_attacker_proves_nothing_with_the_ledger(tmp_path, with_ledger):
    requests = members()
    rows = _attack_rows(requests)
    ledger = ReleaseLedger(tmp_path / "ledger.sqlite") if with_ledger else None
    asks = [("logic", None), ("logic", "law"), ("decisions", "law"), ("decisions", None)]
    releases = []
    for ask, by in asks:
        summary = pool_returns(requests, ask=ask, by=by, k=K, ledger=ledger)
        releases.append(_release(rows, summary, ask=ask, by=by))
    found = findings(rows, releases, k=K)
    if with_ledger:
        assert found == []
    else:  # the attacker is not blind: the same tables released one by one give people away
        assert found


@pytest.mark.parametrize(
    ("kwargs", "field_name"),
    [({"ask": "why"}, "ask"), ({"by": "member"}, "by")],
)
def test_bad_choices_name_the_field(kwargs, field_name):
    with pytest.raises(InputError) as caught:
        pool_returns(members(), **kwargs)
    assert caught.value.field == field_name


def test_nothing_recorded_yet_is_one_clear_error():
    with pytest.raises(InputError, match="no request has what came back"):
        pool_returns([Returned("ccpa", "S")])
