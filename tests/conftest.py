"""Fixtures every unit test shares."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _own_data_folder(request, tmp_path_factory, monkeypatch):
    """Each unit test gets its own data folder, so its survey release ledger starts empty.

    Releases of one survey are protected together, so one test's tables would otherwise
    hide counts in the next test's. Browser tests share the session's servers and keep
    the session's folder.
    """
    if "browser" in request.path.parts:
        return
    monkeypatch.setenv("COLLECTIVE_AI_HOME", str(tmp_path_factory.mktemp("home")))
