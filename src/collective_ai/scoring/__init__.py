"""Simulated AI scoring systems: how a proxy in a score turns into a gap between groups.

``simulate("hiring" | "warehouse" | "call_centre", seed=..., **params)`` returns a
:class:`ScoringResult` with ``.people``, ``.audit`` (from :mod:`collective_ai.audit`) and
``.impact_ratio``. The model and its assumptions are in :mod:`collective_ai.scoring.model`.

Names are imported lazily, so the command line's ``simulate`` subcommand can register
itself without paying for numpy and pandas until it runs.
"""

from __future__ import annotations

from collective_ai.lazy import exports

_EXPORTS = {
    "SCENARIOS": "collective_ai.scoring.scenarios",
    "Scenario": "collective_ai.scoring.scenarios",
    "ScoringResult": "collective_ai.scoring.result",
    "get_scenario": "collective_ai.scoring.engine",
    "parameter_table": "collective_ai.scoring.engine",
    "simulate": "collective_ai.scoring.engine",
    "sweep": "collective_ai.scoring.engine",
}

__all__ = sorted(_EXPORTS)

__getattr__ = exports(__name__, _EXPORTS)
