"""The hub's REST API, as the facilitator's service: create users, start and wait for servers.

Used by ``collective-ai hub prestart``, the hub test and ``bench/bench_hub.py``.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

from collective_ai.i18n import _


class HubAPI:
    """Calls to ``{url}/hub/api`` with a service token (stdlib only).

    Parameters
    ----------
    url : str
        The hub's public address, such as ``http://127.0.0.1:8000``.
    token : str
        An API token allowed to manage users and servers (the ``facilitator`` service's).
    """

    def __init__(self, url: str, token: str) -> None:
        self.base = url.rstrip("/") + "/hub/api"
        self.token = token

    def call(self, method: str, path: str, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode()
        return json.loads(text) if text else None

    def users(self) -> dict[str, dict]:
        return {user["name"]: user for user in self.call("GET", "/users")}

    def start(self, names: list[str]) -> None:
        """Create any missing user and ask the hub to start each one's server."""
        existing = self.users()
        missing = [name for name in names if name not in existing]
        if missing:
            self.call("POST", "/users", {"usernames": missing})
        for name in names:
            server = existing.get(name, {}).get("server")
            if not server:
                try:
                    self.call("POST", f"/users/{name}/server")
                except urllib.error.HTTPError as error:
                    if error.code != 400:  # 400: already starting
                        raise

    def wait_ready(
        self, names: list[str], *, since: float | None = None, timeout: float = 900
    ) -> dict[str, float]:
        """Seconds from ``since`` (a :func:`time.monotonic` reading, by default now) until
        each server was ready; raise TimeoutError past ``timeout``."""
        start = time.monotonic() if since is None else since
        ready: dict[str, float] = {}
        while len(ready) < len(names):
            users = self.users()
            for name in names:
                if name not in ready and users.get(name, {}).get("server"):
                    pending = users[name].get("pending")
                    if not pending:
                        ready[name] = time.monotonic() - start
            if time.monotonic() - start > timeout:
                waiting = sorted(set(names) - set(ready))
                raise TimeoutError(
                    _("servers not ready after {seconds} s: {names}").format(
                        seconds=timeout, names=", ".join(waiting)
                    )
                )
            if len(ready) < len(names):
                time.sleep(1)
        return ready
