"""The knobs of a simulated scoring system: names, ranges, units and help text.

One table serves three readers: :func:`~collective_ai.scoring.simulate` checks values against
it, the lab builds its labelled controls from it, and the chapters quote its help text. The
names are shared across scenarios so a learner who understands ``proxy_weight`` in hiring
understands it in the warehouse too.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, replace

import numpy as np

from collective_ai.errors import InputError


@dataclass(frozen=True)
class Parameter:
    """One knob: its allowed range, default, and how a control should present it."""

    name: str
    label: str
    low: float
    high: float
    default: float
    step: float
    units: str
    help: str
    integer: bool = False

    def check(self, value: object) -> float | int:
        """Return ``value`` as a number in range, or raise an error naming this parameter."""
        kind = "a whole number" if self.integer else "a number"
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise InputError(
                f"must be {kind} from {fmt(self.low)} to {fmt(self.high)}, got {value!r}",
                field=self.name,
            )
        if self.integer and value != int(value):
            raise InputError(f"must be {kind}, got {value!r}", field=self.name)
        if math.isnan(value) or not self.low <= value <= self.high:
            raise InputError(
                f"must be from {fmt(self.low)} to {fmt(self.high)}, got {value!r}",
                field=self.name,
            )
        return int(value) if self.integer else float(value)


def fmt(number: float) -> str:
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:g}"


COMMON = (
    Parameter(
        "n",
        "People",
        100,
        2_000_000,
        10_000,
        1,
        "people",
        "How many people the system scores. Large numbers show the pattern; small ones "
        "show how much chance moves it.",
        integer=True,
    ),
    Parameter(
        "group_share",
        "Group share",
        0.05,
        0.95,
        0.3,
        0.05,
        "share of people",
        "The share of people in the group the proxy penalises.",
    ),
    Parameter(
        "proxy_strength",
        "Proxy strength",
        0.0,
        1.0,
        0.5,
        0.05,
        "correlation with group",
        "How closely the proxy tracks group membership (0: not at all, 1: the proxy is "
        "the group). The proxy says nothing about how well anyone does the job.",
    ),
    Parameter(
        "proxy_weight",
        "Proxy weight",
        0.0,
        1.0,
        0.3,
        0.05,
        "share of the score",
        "How much of the score comes from the proxy instead of job performance (0: none, "
        "1: all of it).",
    ),
    Parameter(
        "selection_share",
        "Selected share",
        0.05,
        0.95,
        0.2,
        0.05,
        "share of people",
        "The share of people the system picks for its decision.",
    ),
    Parameter(
        "human_review_share",
        "Human review",
        0.0,
        1.0,
        0.0,
        0.05,
        "share of adverse decisions",
        "The share of adverse decisions a person reviews before they take effect.",
    ),
    Parameter(
        "reviewer_accuracy",
        "Reviewer accuracy",
        0.0,
        1.0,
        0.8,
        0.05,
        "0 = copies the machine, 1 = sees true performance",
        "How far a reviewer judges the person's real work rather than the machine's score "
        "(0: the reviewer just agrees with the score).",
    ),
)

ROUNDS = Parameter(
    "rounds",
    "Rounds",
    1,
    52,
    8,
    1,
    "rounds",
    "How many times the system scores everyone.",
    integer=True,
)

TARGET_RATCHET = Parameter(
    "target_ratchet",
    "Target ratchet",
    0.0,
    0.3,
    0.05,
    0.01,
    "share of the gap closed per week",
    "Each week the target moves this share of the way toward the rate of the fastest "
    "tenth of workers: a feedback loop.",
)


def with_text(parameter: Parameter, **changes) -> Parameter:
    """A scenario's wording (or range) for a shared parameter, keeping its name."""
    return replace(parameter, **changes)


def resolve(parameters: dict[str, Parameter], given: dict) -> dict:
    """Defaults filled in and every value checked; unknown names are an error."""
    unknown = sorted(set(given) - set(parameters))
    if unknown:
        allowed = ", ".join(sorted(parameters))
        raise InputError(f"unknown parameter; this scenario takes {allowed}", field=unknown[0])
    return {
        name: spec.check(given[name]) if name in given else spec.default
        for name, spec in parameters.items()
    }


def check_seed(seed: object) -> np.random.Generator:
    """A generator from an explicit seed: every run is reproducible by design."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise InputError(
            f"must be a whole number of 0 or more (or a numpy Generator), got {seed!r}",
            field="seed",
        )
    return np.random.default_rng(int(seed))
