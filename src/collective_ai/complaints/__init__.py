"""Complaint packs: the evidence, the dates and the official route, for a regulator or a charge.

- :mod:`~collective_ai.complaints.venues`: the registry of venues (NYC DCWP, EEOC, NLRB,
  the California Privacy Protection Agency), their grounds, routes and time limits;
- :mod:`~collective_ai.complaints.limits`: the last day to file, from the dates recorded;
- :mod:`~collective_ai.complaints.evidence`: facts and evidence from the log or an audit;
- :mod:`~collective_ai.complaints.pack`: the pack, written by the demand drafter's writers.

A pack never files anything. Submodules load on first use.
"""

from __future__ import annotations

from collective_ai.lazy import exports

_EXPORTS = {
    "VENUES": "collective_ai.complaints.venues",
    "Fact": "collective_ai.complaints.evidence",
    "log_facts": "collective_ai.complaints.evidence",
    "log_attachment": "collective_ai.complaints.evidence",
    "audit_check_attachment": "collective_ai.complaints.evidence",
    "build_pack": "collective_ai.complaints.pack",
    "deadline": "collective_ai.complaints.limits",
    "start_day": "collective_ai.complaints.limits",
    "eeoc_days": "collective_ai.complaints.limits",
}

__all__ = sorted(_EXPORTS)

__getattr__ = exports(__name__, _EXPORTS)
