"""A seeded synthetic survey of one warehouse, shaped like a Google Forms export.

Made up, for teaching: 240 workers over three shifts answer the bank's questions. The
numbers are built to hold a finding (older workers and the night shift are written up by
the rate system more often) and small groups that suppression must hide (a handful of
people preferring not to give their age). No real person is in it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from collective_ai.evidence.bank import load_bank, shown_options, shown_text
from collective_ai.i18n import N_, _

SHIFTS = {"Day": 0.46, "Evening": 0.33, "Night": 0.21}
AGES = {
    "Under 30": 0.30,
    "30 to 39": 0.28,
    "40 to 49": 0.22,
    "50 or over": 0.18,
    "Prefer not to say": 0.02,
}
DEPARTMENTS = {"Picking": 0.45, "Packing": 0.25, "Receiving": 0.15, "Shipping": 0.15}
# Chance of a write-up by the rate system in three months.
WRITE_UP_BASE = 0.14
WRITE_UP_AGE = {"40 to 49": 0.06, "50 or over": 0.22}
WRITE_UP_NIGHT = 0.12


def warehouse_rows(*, seed: int, n: int = 240) -> list[dict]:
    """One dict per respondent, keyed by the bank's question text (plus ``Timestamp``)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    text = {q.id: q.text for q in load_bank()}
    start = dt.datetime(2026, 11, 2, 7, 0)
    rows = []
    for i in range(n):
        shift = _pick(rng, SHIFTS)
        age = _pick(rng, AGES)
        chance = WRITE_UP_BASE + WRITE_UP_AGE.get(age, 0) + WRITE_UP_NIGHT * (shift == "Night")
        written_up = rng.random() < chance
        told = _pick(
            rng, {"Yes in writing": 0.2, "Only verbally": 0.35, "Not told": 0.35, "Not sure": 0.1}
        )
        systems = [
            s
            for s, p in (
                ("Handheld scanner rate", 0.9),
                ("Cameras or sensors", 0.5),
                ("Scheduling app", 0.6),
            )
            if rng.random() < p
        ]
        effects = []
        if written_up:
            effects.append("Led to a write-up or warning")
        if rng.random() < 0.18:
            effects.append("Changed my shift or hours")
        if rng.random() < 0.25:
            effects.append("Changed my tasks or station")
        stamp = start + dt.timedelta(minutes=int(37 * i + rng.integers(0, 30)))
        rows.append(
            {
                "Timestamp": stamp.strftime("%Y/%m/%d %-I:%M:%S %p GMT"),
                text["systems_in_use"]: ", ".join(systems) or "Not sure",
                text["told_about_system"]: told,
                text["system_effects"]: ", ".join(effects) or "None of these",
                text["understand_score"]: _pick(
                    rng, {"Yes": 0.1, "Partly": 0.3, "No": 0.5, "Not sure": 0.1}
                ),
                text["rate_leaves_breaks"]: _pick(
                    rng,
                    {"Always": 0.25, "Sometimes": 0.45, "Never": 0.30 + 0.1 * (shift == "Night")},
                ),
                text["unfair_pattern"]: _pick(rng, {"Yes": 0.45, "No": 0.25, "Not sure": 0.3}),
                text["training_given"]: _pick(
                    rng,
                    {
                        "Paid training": 0.3,
                        "Unpaid training": 0.05,
                        "A sheet or a video only": 0.4,
                        "None": 0.25,
                    },
                ),
                text["can_appeal"]: _pick(
                    rng,
                    {
                        "Yes and it works": 0.1,
                        "Yes but it does not work": 0.3,
                        "No": 0.4,
                        "Not sure": 0.2,
                    },
                ),
                text["written_up_3m"]: "Yes" if written_up else "No",
                text["see_own_data"]: _pick(
                    rng, {"Yes": 0.05, "Asked and refused": 0.2, "Never asked": 0.75}
                ),
                text["shift"]: shift,
                text["age_band"]: age,
                text["department"]: _pick(rng, DEPARTMENTS),
            }
        )
    return rows


def warehouse_csv(*, seed: int, n: int = 240) -> bytes:
    """The synthetic survey as the CSV a Google Forms export gives (UTF-8, comma).

    In the language in use: the same people and answers, each question and answer as the
    bank's translation words it (a Spanish form's export), so the numbers never change.
    """
    rows = [_translated_row(row) for row in warehouse_rows(seed=seed, n=n)]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def warehouse_responses(*, seed: int, n: int = 240):
    """The synthetic survey read back as :class:`~collective_ai.evidence.responses.Responses`.

    Parameters
    ----------
    seed : int
        Required, so every lesson shows the same numbers.
    n : int
        Respondents.

    Returns
    -------
    Responses
    """
    from collective_ai.evidence.responses import read_responses

    return read_responses(warehouse_csv(seed=seed, n=n))


def _translated_row(row: dict) -> dict:
    """A respondent's answers as the bank in the language in use words them."""
    out = dict(row)
    for question in load_bank():
        if question.text not in out:
            continue
        words = dict(zip(question.options, shown_options(question), strict=True))
        picked = out.pop(question.text).split(", ") if question.multi else [out.pop(question.text)]
        out[shown_text(question)] = ", ".join(words[v] for v in picked)
    return out


def _pick(rng, weights: dict) -> str:
    names = list(weights)
    p = [weights[n] for n in names]
    total = sum(p)
    return names[int(rng.choice(len(names), p=[x / total for x in p]))]


#: A made-up log for examples: (date, system, effect, group affected, what it decides).
#: The words are the course's (translated where shown), the system names are names.
EXAMPLE_INCIDENTS = (
    ("2026-09-08", "PaceMonitor", N_("written up"), N_("night shift"), N_("units picked per hour")),
    (
        "2026-09-22",
        "PaceMonitor",
        N_("written up"),
        N_("workers over 50"),
        N_("units picked per hour"),
    ),
    (
        "2026-10-06",
        "ShiftPlanner",
        N_("hours cut"),
        N_("part-time workers"),
        N_("who is offered shifts"),
    ),
    (
        "2026-10-27",
        "PaceMonitor",
        N_("moved to another station"),
        N_("night shift"),
        N_("units picked per hour"),
    ),
)


def example_log(store) -> None:
    """Fill an empty :class:`~collective_ai.evidence.store.EvidenceStore` with the example.

    Parameters
    ----------
    store : EvidenceStore
        The log to add :data:`EXAMPLE_INCIDENTS` to.
    """
    for date, system, effect, group, decides in EXAMPLE_INCIDENTS:
        store.add_incident(
            system=system,
            date=date,
            effect=_(effect),
            affected_group=_(group),
            decides=_(decides),
            location=_("Harbourside warehouse"),
            today=dt.date(2026, 11, 30),
        )
