"""The course on JupyterHub: a room on the facilitator's laptop, a committee's shared log.

``collective-ai hub`` starts a real JupyterHub (the ecosystem's multi-user server, never a
home-made one). Learners sign in with a name of their choice and the workshop password and
land on the labs rendered by Voila, each with their own folder.

- :mod:`collective_ai.hub.settings`: what a hub is started with, the learner's landing
  pages (:data:`~collective_ai.hub.settings.LEARNER_PAGES`) and the committees (pure).
- :mod:`collective_ai.hub.config`: those settings as JupyterHub configuration.
- :mod:`collective_ai.hub.spawner`: each learner's server, Voila as
  :mod:`collective_ai.live.servers` runs it.
- :mod:`collective_ai.hub.api`: the hub's REST API, for pre-starting servers.
- :mod:`collective_ai.hub.cli`: ``collective-ai hub`` and ``collective-ai hub prestart``.
"""

from collective_ai.hub.api import HubAPI
from collective_ai.hub.process import RunningHub, running_hub
from collective_ai.hub.rights import may_export
from collective_ai.hub.settings import (
    LEARNER_PAGES,
    Committee,
    HubSettings,
    generate_password,
    load_committees,
    seat_names,
)

__all__ = [
    "LEARNER_PAGES",
    "Committee",
    "HubAPI",
    "HubSettings",
    "RunningHub",
    "generate_password",
    "load_committees",
    "may_export",
    "running_hub",
    "seat_names",
]
