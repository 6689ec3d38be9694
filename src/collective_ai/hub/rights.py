"""Who may export a committee's evidence: read from the server's environment.

The hub (:class:`collective_ai.hub.spawner.CourseSpawner`) sets ``COLLECTIVE_AI_EXPORT``
to ``no`` for a committee member the committee did not name as an exporter; the evidence
log's and the survey's Export buttons ask :func:`may_export` first. Outside a hub the
variable is unset and a person's own files are theirs to export.
"""

from __future__ import annotations

import os

from collective_ai.i18n import N_

EXPORT_ENV = "COLLECTIVE_AI_EXPORT"
NOT_NAMED = N_(
    "Only the people your committee named can export its evidence: ask one of them. "
    "What you add is saved in the committee's log."
)  # shown through _()


def may_export(environ=None) -> bool:
    """False only where the hub says this server's person may not export.

    Parameters
    ----------
    environ : mapping, optional
        The environment to read; by default this process's.

    Returns
    -------
    bool
    """
    return (os.environ if environ is None else environ).get(EXPORT_ENV, "yes") != "no"
