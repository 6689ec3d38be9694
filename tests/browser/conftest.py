"""Fixtures for the real-browser tests: Chromium, the served book, JupyterLab and Voila.

Helpers that are not fixtures live in :mod:`tests.browser.harness`.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from collective_ai.live.servers import lab_command, voila_command

from .harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HERE,
    LOCAL_HOST,
    NOT_BUILT,
    NOTEBOOKS,
    ROOT,
    VENV_BIN,
    VOILA_LANG,
    book_pages,
    free_port,
    jupyter_env,
    jupyter_process,
    lab_notebooks,
    require_built_book,
    serve_directory,
)
from .views import Views, drive_static_lab, open_book_page, open_jupyterlab, open_voila


def pytest_generate_tests(metafunc) -> None:
    """``page_name``: every page of the built book; ``lab``: every lab notebook's name."""
    if "page_name" in metafunc.fixturenames:
        metafunc.parametrize("page_name", book_pages() or [NOT_BUILT])
    if "lab" in metafunc.fixturenames:
        metafunc.parametrize("lab", [path.stem for path in lab_notebooks()])


# Under pytest-xdist (``--dist loadgroup``, as ``make browser`` runs), the tests that share a
# server or a module's fixture run in one process, so each server starts once per run, and
# the tests reading one built page's records (``book_pages_seen``, ``static_labs_driven``)
# run in one process, so each page loads once per run (and once more to move its controls).
_SERVERS = ("jupyterlab", "voila")
_ONE_PROCESS_MODULES = (  # module-scoped servers, builds
    "test_present.py",
    "test_bundle.py",
    "test_desk.py",
    "test_hub.py",
    "test_hub_committee.py",  # its hub started once per process until it was listed here
)


def _group(item) -> str | None:
    """The xdist group: one per lab on each server, so both processes share the labs (each
    starts its own server once) and a lab's one opening serves all its tests."""
    group = next((name for name in _SERVERS if name in item.fixturenames), None)
    params = getattr(item, "callspec", None)
    if group is not None and params is not None and "lab" in params.params:
        return f"{group}:{params.params['lab']}"
    # Present mode: one server per lab (test_present.lab_url), so the labs but hiring (whose
    # server the module's other tests share) can go to either process.
    present = params.params.get("lab_url") if params is not None else None
    if present not in (None, "hiring"):
        return f"present:{present}"
    if group is None and Path(str(item.fspath)).name in _ONE_PROCESS_MODULES:
        group = Path(str(item.fspath)).stem
    if group is None and {"book_pages_seen", "static_labs_driven"} & set(item.fixturenames):
        params = getattr(item, "callspec", None)
        params = params.params if params else {}
        lab = params.get("lab") or params.get("scoring_lab")
        if "page_name" in params:
            group = f"page:{params['page_name']}"
        elif lab:
            group = f"page:notebooks/{lab}.html"
    return group


# tryfirst: xdist names each test's group (the ``xdist_group`` mark) in its own hook, which
# runs before a conftest's; without it the marks came too late, every group was ignored, and
# both processes started the same present-mode servers and hubs (measured: each present lab
# set up twice).
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items) -> None:
    grouped = config.pluginmanager.has_plugin("xdist")
    for item in items:
        if HERE not in Path(str(item.fspath)).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        group = _group(item)
        if grouped and group:
            item.add_marker(pytest.mark.xdist_group(group))


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
def book_pages_seen(browser_context, book_url) -> Views:
    """Each built page loaded once per process: ``book_pages_seen(page_name)`` is its record."""
    return Views(lambda page_name: open_book_page(browser_context, book_url, page_name))


@pytest.fixture(scope="session")
def static_labs_driven(browser_context, book_url) -> Views:
    """Each lab page's controls moved once per process (``test_book_offline``)."""
    return Views(lambda lab: drive_static_lab(browser_context, book_url, lab))


def _shared_folder(tmp_path_factory) -> Path:
    """A folder all of this run's test processes share (pytest-xdist gives each its own)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def probe_book(tmp_path_factory):
    """A two-page book built with the real config, vendored JS and extension.

    Built once per run: the first test process to need it builds it while the other waits.
    """
    work = _shared_folder(tmp_path_factory) / "probe-book"
    with (work.parent / "probe-book.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (work / "_build" / "html" / "index.html").is_file():
            _build_probe_book(work)
        fcntl.flock(lock, fcntl.LOCK_UN)
    with serve_directory(work / "_build" / "html") as url:
        yield url


def _build_probe_book(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
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


@pytest.fixture(scope="session")
def lab_home(tmp_path_factory) -> Path:
    """A private home for the Jupyter servers: copies of the lab notebooks, no user settings.

    Running a notebook in JupyterLab may autosave its outputs; working on copies keeps the
    committed notebooks clean. Saved drafts, exports and JupyterLab settings also
    stay in here (see ``jupyter_env``).
    """
    home = tmp_path_factory.mktemp("jupyter-home")
    shutil.copytree(NOTEBOOKS, home / "notebooks")
    # What the notebooks' citations and chapter links point at (collective_ai.live).
    shutil.copy(ROOT / "references.bib", home / "references.bib")
    shutil.copytree(ROOT / "book", home / "book", ignore=shutil.ignore_patterns("_vendor", "_ext"))
    shutil.copytree(ROOT / "locales", home / "locales")  # the chapters' prose in Spanish (Voila)
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
        *lab_command(root=lab_home, host=LOCAL_HOST, port=port, token=token, course_root=lab_home),
        "--LabApp.extension_manager=readonly",
        "--LabApp.expose_app_in_browser=True",
    ]
    base = f"http://{LOCAL_HOST}:{port}/"
    with jupyter_process(
        argv, f"{base}api/status?token={token}", workdir=lab_home, env=jupyter_env(lab_home)
    ):
        yield base, token


@pytest.fixture(scope="session")
def voila(lab_home) -> Iterator[tuple[str, str]]:
    """Voila (the server extension ``make voila`` runs) on 127.0.0.1, random port and token."""
    port, token = free_port(), secrets.token_hex(16)
    argv = voila_command(
        root=lab_home / "notebooks",
        host=LOCAL_HOST,
        port=port,
        token=token,
        course_root=lab_home,
        language=VOILA_LANG,
    )
    base = f"http://{LOCAL_HOST}:{port}/"
    with jupyter_process(
        argv,
        f"{base}voila/?token={token}",
        workdir=lab_home / "notebooks",
        env={**jupyter_env(lab_home), "COLLECTIVE_AI_LANG": VOILA_LANG},
    ):
        yield base, token


@pytest.fixture(scope="session")
def voila_labs_seen(browser_context, voila) -> Views:
    """Each lab rendered once in Voila per process: ``voila_labs_seen(lab)`` is its record."""
    return Views(lambda lab: open_voila(browser_context, voila, lab))


@pytest.fixture(scope="session")
def jupyterlab_labs_seen(browser_context, jupyterlab) -> Views:
    """Each lab run once in JupyterLab per process: ``jupyterlab_labs_seen(lab)`` is its record."""
    return Views(lambda lab: open_jupyterlab(browser_context, jupyterlab, lab))
