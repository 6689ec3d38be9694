"""The course's widgets: views over the package's pure functions (see ``base.LabView``).

Imported lazily, so ``import collective_ai`` and the command line never pay for ipywidgets
and matplotlib.
"""

from __future__ import annotations

_WIDGETS = {
    "AuditLab": "collective_ai.widgets.audit_lab",
    "DemandDrafter": "collective_ai.widgets.demand_drafter",
    "EvidenceLog": "collective_ai.widgets.evidence_log",
    "ScoringLab": "collective_ai.widgets.scoring_lab",
    "SurveyLab": "collective_ai.widgets.survey_lab",
}

__all__ = sorted(_WIDGETS)


def __getattr__(name: str):
    if name in _WIDGETS:
        from importlib import import_module

        return getattr(import_module(_WIDGETS[name]), name)
    raise AttributeError(f"module 'collective_ai.widgets' has no attribute {name!r}")
