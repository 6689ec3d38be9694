"""Fixtures for the real-browser tests: Chromium, the served book, JupyterLab and Voila.

Helpers that are not fixtures live in :mod:`tests.browser.harness`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .harness import (
    AS_ROOT,
    CHROMIUM,
    CHROMIUM_ARGS,
    HERE,
    LOCAL_HOST,
    NOT_BUILT,
    NOTEBOOKS,
    ROOT,
    VENV_BIN,
    VOILA_TEMPLATE,
    book_pages,
    free_port,
    jupyter_env,
    jupyter_process,
    lab_notebooks,
    require_built_book,
    serve_directory,
)


def pytest_generate_tests(metafunc) -> None:
    """``page_name``: every page of the built book; ``lab``: every lab notebook's name."""
    if "page_name" in metafunc.fixturenames:
        metafunc.parametrize("page_name", book_pages() or [NOT_BUILT])
    if "lab" in metafunc.fixturenames:
        metafunc.parametrize("lab", [path.stem for path in lab_notebooks()])


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Playwright gives it a fresh temp profile)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def browser_context(browser):
    """One browser profile for the session's pages, sharing an HTTP cache like a learner's."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture(scope="session")
def book_url() -> Iterator[str]:
    """The built book (_build/html), served on 127.0.0.1."""
    with serve_directory(require_built_book()) as url:
        yield url


@pytest.fixture(scope="session")
def probe_book(tmp_path_factory):
    """A two-page book built with the real config, vendored JS and extension."""
    work = tmp_path_factory.mktemp("probe-book")
    for name in ("_config.yml", "references.bib"):
        shutil.copy(ROOT / name, work / name)
    for folder in ("book/_vendor", "book/_ext"):
        shutil.copytree(ROOT / folder, work / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for path in (HERE / "fixtures" / "probe-book").iterdir():
        shutil.copy(path, work / path.name)
    build = subprocess.run(
        [str(VENV_BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"],
        cwd=work,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    with serve_directory(work / "_build" / "html") as url:
        yield url


@pytest.fixture(scope="session")
def lab_home(tmp_path_factory) -> Path:
    """A private home for the Jupyter servers: copies of the lab notebooks, no user settings.

    Running a notebook in JupyterLab may autosave its outputs; working on copies keeps the
    committed notebooks clean. Saved drafts, exports and JupyterLab settings also
    stay in here (see ``jupyter_env``).
    """
    home = tmp_path_factory.mktemp("jupyter-home")
    shutil.copytree(NOTEBOOKS, home / "notebooks")
    settings = home / "lab-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    # No "Would you like to get notified about news?" toast over the notebook.
    (settings / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}'
    )
    return home


@pytest.fixture(scope="session")
def jupyterlab(lab_home) -> Iterator[tuple[str, str]]:
    """JupyterLab on 127.0.0.1 with a random port and token; yields (base URL, token)."""
    port, token = free_port(), secrets.token_hex(16)
    argv = [
        str(VENV_BIN / "jupyter-lab"),
        "--no-browser",
        f"--ServerApp.ip={LOCAL_HOST}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={lab_home}",
        "--LabApp.news_url=None",
        "--LabApp.extension_manager=readonly",
        "--LabApp.expose_app_in_browser=True",
        *(["--allow-root"] if AS_ROOT else []),
    ]
    base = f"http://{LOCAL_HOST}:{port}/"
    with jupyter_process(
        argv, f"{base}api/status?token={token}", workdir=lab_home, env=jupyter_env(lab_home)
    ):
        yield base, token


@pytest.fixture(scope="session")
def voila(lab_home) -> Iterator[tuple[str, str]]:
    """Voila serving the lab notebooks on 127.0.0.1 with a random port and token."""
    port, token = free_port(), secrets.token_hex(16)
    argv = [
        str(VENV_BIN / "voila"),
        "--no-browser",
        f"--Voila.ip={LOCAL_HOST}",
        f"--port={port}",
        f"--token={token}",
        f"--Voila.root_dir={lab_home / 'notebooks'}",
        "--show_tracebacks=True",
        f"--template={VOILA_TEMPLATE}",
        *(["--ServerApp.allow_root=True"] if AS_ROOT else []),
    ]
    base = f"http://{LOCAL_HOST}:{port}/"
    with jupyter_process(
        argv, f"{base}?token={token}", workdir=lab_home / "notebooks", env=jupyter_env(lab_home)
    ):
        yield base, token
