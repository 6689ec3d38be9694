"""The knobs of a simulated scoring system: names, ranges, units and help text.

One table serves three readers: :func:`~collective_ai.scoring.simulate` checks values against
it, the lab builds its labelled controls from it, and the chapters quote its help text. The
names are shared across scenarios so a learner who understands ``proxy_weight`` in hiring
understands it in the warehouse too.

A parameter's words (label, units, help) are kept in English, marked for the catalog, and
read in the language in use (:class:`Worded`), so a lab built after ``set_language`` speaks
that language even though this table was made at import.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, fields
from typing import ClassVar

import numpy as np

from collective_ai.errors import InputError
from collective_ai.i18n import N_, _, format_number


class Worded:
    """A frozen record whose fields named in ``_words`` are read in the language in use.

    The fields hold the English (marked with ``N_`` where they are written); reading one
    translates it, so a record built at import speaks the language chosen later.
    """

    _words: ClassVar[frozenset[str]] = frozenset()

    def __getattribute__(self, name: str):
        value = object.__getattribute__(self, name)
        return _(value) if name in type(self)._words else value

    def english(self, name: str) -> str:
        """The field as written, untranslated (for a copy, or a key)."""
        return object.__getattribute__(self, name)


@dataclass(frozen=True)
class Parameter(Worded):
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

    _words: ClassVar[frozenset[str]] = frozenset({"label", "units", "help"})

    def check(self, value: object) -> float | int:
        """Return ``value`` as a number in range, or raise an error naming this parameter."""
        low, high = fmt(self.low), fmt(self.high)
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            message = (
                _("must be a whole number from {low} to {high}, got {value}")
                if self.integer
                else _("must be a number from {low} to {high}, got {value}")
            )
            raise InputError(message.format(low=low, high=high, value=repr(value)), field=self.name)
        if self.integer and value != int(value):
            message = _("must be a whole number, got {value}").format(value=repr(value))
            raise InputError(message, field=self.name)
        if math.isnan(value) or not self.low <= value <= self.high:
            message = _("must be from {low} to {high}, got {value}")
            raise InputError(message.format(low=low, high=high, value=repr(value)), field=self.name)
        return int(value) if self.integer else float(value)


def fmt(number: float) -> str:
    """A parameter's value as a control shows it: 10,000, 0.05."""
    return format_number(int(number)) if float(number).is_integer() else f"{number:g}"


def span(low: float, high: float) -> str:
    """A range in words: "0 to 1"."""
    return _("{low} to {high}").format(low=fmt(low), high=fmt(high))


COMMON = (
    Parameter(
        "n",
        N_("People"),
        100,
        2_000_000,
        10_000,
        1,
        N_("people"),
        N_(
            "How many people the system scores. Large numbers show the pattern; small ones "
            "show how much chance moves it."
        ),
        integer=True,
    ),
    Parameter(
        "group_share",
        N_("Group share"),
        0.05,
        0.95,
        0.3,
        0.05,
        N_("share of people"),
        N_("The share of people in the group the proxy penalises."),
    ),
    Parameter(
        "proxy_strength",
        N_("Proxy strength"),
        0.0,
        1.0,
        0.5,
        0.05,
        N_("correlation with group"),
        N_(
            "How closely the proxy tracks group membership (0: not at all, 1: the proxy is "
            "the group). The proxy says nothing about how well anyone does the job."
        ),
    ),
    Parameter(
        "proxy_weight",
        N_("Proxy weight"),
        0.0,
        1.0,
        0.3,
        0.05,
        N_("share of the score"),
        N_(
            "How much of the score comes from the proxy instead of job performance (0: none, "
            "1: all of it)."
        ),
    ),
    Parameter(
        "selection_share",
        N_("Selected share"),
        0.05,
        0.95,
        0.2,
        0.05,
        N_("share of people"),
        N_("The share of people the system picks for its decision."),
    ),
    Parameter(
        "human_review_share",
        N_("Human review"),
        0.0,
        1.0,
        0.0,
        0.05,
        N_("share of adverse decisions"),
        N_("The share of adverse decisions a person reviews before they take effect."),
    ),
    Parameter(
        "reviewer_accuracy",
        N_("Reviewer accuracy"),
        0.0,
        1.0,
        0.8,
        0.05,
        N_("0 = copies the machine, 1 = sees true performance"),
        N_(
            "How far a reviewer judges the person's real work rather than the machine's score "
            "(0: the reviewer just agrees with the score)."
        ),
    ),
)

ROUNDS = Parameter(
    "rounds",
    N_("Rounds"),
    1,
    52,
    8,
    1,
    N_("rounds"),
    N_("How many times the system scores everyone."),
    integer=True,
)

TARGET_RATCHET = Parameter(
    "target_ratchet",
    N_("Target ratchet"),
    0.0,
    0.3,
    0.05,
    0.01,
    N_("share of the gap closed per week"),
    N_(
        "Each week the target moves this share of the way toward the rate of the fastest "
        "tenth of workers: a feedback loop."
    ),
)


def with_text(parameter: Parameter, **changes) -> Parameter:
    """A scenario's wording (or range) for a shared parameter, keeping its name.

    Copied from the English fields, not the translated ones a plain ``replace`` would read.
    """
    kept = {f.name: parameter.english(f.name) for f in fields(parameter)}
    return Parameter(**{**kept, **changes})


def resolve(parameters: dict[str, Parameter], given: dict) -> dict:
    """Defaults filled in and every value checked; unknown names are an error."""
    unknown = sorted(set(given) - set(parameters))
    if unknown:
        allowed = ", ".join(sorted(parameters))
        message = _("unknown parameter; this scenario takes {allowed}").format(allowed=allowed)
        raise InputError(message, field=unknown[0])
    return {
        name: spec.check(given[name]) if name in given else spec.default
        for name, spec in parameters.items()
    }


def check_seed(seed: object) -> np.random.Generator:
    """A generator from an explicit seed: every run is reproducible by design."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        message = _("must be a whole number of 0 or more (or a numpy Generator), got {value}")
        raise InputError(message.format(value=repr(seed)), field="seed")
    return np.random.default_rng(int(seed))
