"""Idle servers are stopped: a hub started with ``--cull-after 5`` stops a pre-started seat.

No browser: the seat is started through the hub's REST API (as ``hub prestart`` does) and
nobody uses it, so jupyterhub-idle-culler, run by the hub as a service, must stop it.
"""

from __future__ import annotations

import time

import pytest

from collective_ai.hub.api import HubAPI
from collective_ai.hub.config import facilitator_token
from collective_ai.hub.process import running_hub
from collective_ai.hub.settings import generate_password

from .harness import free_port

pytestmark = pytest.mark.slow


def test_an_idle_server_is_stopped(tmp_path):
    folder = tmp_path / "hub"
    with running_hub(
        folder, port=free_port(), password=generate_password(), extra=("--cull-after", "5")
    ) as hub:
        api = HubAPI(hub.url, facilitator_token(folder))
        api.start(["seat-01"])
        api.wait_ready(["seat-01"], timeout=300)
        deadline = time.monotonic() + 120
        while api.users()["seat-01"].get("server") and time.monotonic() < deadline:
            time.sleep(2)
        server = api.users()["seat-01"].get("server")
        log = hub.log.read_text()
    assert server is None, "the idle server was still running after two minutes"
    assert "Culling server seat-01" in log  # the culler did it, not a failed start
