"""Workers' own evidence: a log of AI systems and incidents, and a collective survey.

- :mod:`~collective_ai.evidence.store`: the evidence log (SQLite, many writers at once);
  :mod:`~collective_ai.evidence.faults` names what is wrong with a log file, and
  :mod:`~collective_ai.evidence.backup` backs it up and checks it for damage;
- :mod:`~collective_ai.evidence.summary`: the evidence summary a committee attaches;
- :mod:`~collective_ai.evidence.bank`, :mod:`~collective_ai.evidence.responses`,
  :mod:`~collective_ai.evidence.survey`: the question bank, form-tool imports and tables;
- :mod:`~collective_ai.evidence.suppression`: small-cell suppression, so no table names
  anyone.

Submodules load on first use, so the command line starts fast.
"""

from __future__ import annotations

from collective_ai.lazy import exports

# What a notebook or a script calls, each from the module that defines it (loaded on first
# use, as ``collective_ai.scoring`` does).
_EXPORTS = {
    "EvidenceStore": "collective_ai.evidence.store",
    "Incident": "collective_ai.evidence.store",
    "System": "collective_ai.evidence.store",
    "Responses": "collective_ai.evidence.responses",
    "read_responses": "collective_ai.evidence.responses",
    "SurveySummary": "collective_ai.evidence.survey",
    "summarize": "collective_ai.evidence.survey",
    "suppress": "collective_ai.evidence.suppression",
    "check_k": "collective_ai.evidence.suppression",
    "audit_survey": "collective_ai.evidence.audit",
    "load_bank": "collective_ai.evidence.bank",
    "find_question": "collective_ai.evidence.bank",
    "summary_markdown": "collective_ai.evidence.summary",
    "warehouse_responses": "collective_ai.evidence.synthetic",
    "example_log": "collective_ai.evidence.synthetic",
}

__all__ = sorted(_EXPORTS)

__getattr__ = exports(__name__, _EXPORTS)
