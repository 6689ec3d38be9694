"""Simulated AI scoring systems: how a proxy in a score turns into a gap between groups.

``simulate("hiring" | "warehouse" | "call_centre", seed=..., **params)`` returns a
:class:`ScoringResult` with ``.people``, ``.audit`` (from :mod:`collective_ai.audit`) and
``.impact_ratio``. The model and its assumptions are in :mod:`collective_ai.scoring.model`.
``sweep`` (one parameter over values) and ``compare`` (named options) run several
settings on the same people; ``first_crossing`` finds the first setting on a given side of
four-fifths, by the audit's exact verdict.

Names are imported lazily, so the command line's ``simulate`` subcommand can register
itself without paying for numpy and pandas until it runs.
"""

from __future__ import annotations

from collective_ai.lazy import exports

_EXPORTS = {
    "SCENARIOS": "collective_ai.scoring.scenarios",
    "Scenario": "collective_ai.scoring.scenarios",
    "ScoringResult": "collective_ai.scoring.result",
    "compare": "collective_ai.scoring.engine",
    "first_crossing": "collective_ai.scoring.engine",
    "get_scenario": "collective_ai.scoring.engine",
    "parameter_table": "collective_ai.scoring.engine",
    "simulate": "collective_ai.scoring.engine",
    "sweep": "collective_ai.scoring.engine",
}

__all__ = sorted(_EXPORTS)

__getattr__ = exports(__name__, _EXPORTS)
