"""Drive Debian's Chromium against the built book and live Jupyter servers, as a learner would.

Playwright's Python package launches ``/usr/bin/chromium`` (never ``playwright install``):
each launch gets a fresh temporary profile, and every page's requests to any host but
127.0.0.1 are blocked and reported. Servers (the built book, JupyterLab, Voila) listen on
127.0.0.1 on a random free port; the Jupyter ones with a random token.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from collective_ai.hub.process import wait_for_http
from collective_ai.live.servers import environment

ROOT = Path(__file__).resolve().parents[2]
BUILD_HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
NOTEBOOKS = ROOT / "notebooks"
HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    # Every host name but 127.0.0.1 fails to resolve, so a page cannot reach a CDN.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
LOCAL_HOST = "127.0.0.1"
# The live labs are driven in both languages at no extra server: JupyterLab in English, Voila
# in Spanish (as `make voila LANG=es` serves them), each lab's words and prose as a learner
# reading Spanish meets them. The drive finds a control by its label in that language.
VOILA_LANG = "es"


def said(text: str, lang: str) -> str:
    """``text`` as the package shows it in ``lang`` (a control's label, to find it by)."""
    from collective_ai.i18n import _, using

    with using(lang):
        return _(text)


# Folders of the built HTML that hold assets and sources rather than pages a learner reads.
NOT_PAGES = {"_static", "_sources", "_images", "_downloads", "reports"}
AS_ROOT = os.geteuid() == 0
NOT_BUILT = "(book not built)"  # the one page id when _build/html is missing: fails loudly


def book_pages(html_root: Path = BUILD_HTML) -> list[str]:
    """Every HTML page of a built book, as paths relative to its root."""
    if not html_root.is_dir():
        return []
    return sorted(
        path.relative_to(html_root).as_posix()
        for path in html_root.rglob("*.html")
        if not any(
            part in NOT_PAGES or part.startswith(".")
            for part in path.relative_to(html_root).parts[:-1]
        )
    )


def lab_notebooks() -> list[Path]:
    """The interactive chapters: one notebook per lab in notebooks/."""
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def require_built_book() -> Path:
    if not (BUILD_HTML / "index.html").is_file():
        pytest.fail(f"No built book at {BUILD_HTML}: run `make book` first.")
    return BUILD_HTML


class PageWatch:
    """What would go wrong for a learner offline: console errors, failed or foreign requests."""

    def __init__(self, page) -> None:
        self.problems: list[str] = []
        self.foreign: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.problems.append(f"console error: {message.text} ({where})")

    def _request(self, request) -> None:
        if is_foreign(request.url):
            self.foreign.append(request.url)
            self.problems.append(f"request to another host: {request.url}")

    def _failed(self, request) -> None:
        if not is_foreign(request.url):  # a foreign one is reported once, as a request
            self.problems.append(f"failed request: {request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def is_foreign(url: str) -> bool:
    """True for a network URL whose host is not 127.0.0.1 (data: and blob: stay local)."""
    parts = urlsplit(url)
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname != LOCAL_HOST


@contextlib.contextmanager
def watched_page(context) -> Iterator[tuple]:
    """A new tab in ``context`` whose problems are recorded; closed when the block ends.

    Pages share their context's HTTP cache, as a learner's browser would. Chromium resolves
    no host name but 127.0.0.1 (``--host-resolver-rules``), so a request to another host is
    recorded here and fails instead of reaching the network.
    """
    page = context.new_page()
    watch = PageWatch(page)
    try:
        yield page, watch
    finally:
        page.close()


def settle(page, *, timeout: float = 20_000) -> None:
    """Wait until the page is drawn: network quiet and, if it has widgets, widgets rendered."""
    page.wait_for_load_state("networkidle", timeout=timeout)
    if page.locator("script[type='application/vnd.jupyter.widget-view+json']").count():
        page.wait_for_selector(".jupyter-widgets", state="attached", timeout=timeout)
        page.wait_for_load_state("networkidle", timeout=timeout)


def screenshot_path(name: str) -> Path:
    """Where a screenshot for a reviewer goes: _build/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 at a random port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOCAL_HOST, 0))
        return sock.getsockname()[1]


def _wait_for_http(url: str, process: subprocess.Popen, log: Path, *, timeout: float) -> None:
    try:
        wait_for_http(url, process, log, timeout=timeout)
    except (RuntimeError, TimeoutError) as error:
        pytest.fail(str(error))


@contextlib.contextmanager
def jupyter_process(argv: list[str], ready_url: str, *, workdir: Path, env: dict) -> Iterator:
    """Run a Jupyter server until the block ends; its log is kept beside its workdir."""
    log = workdir.parent / f"{Path(argv[0]).name}-{workdir.name}.log"
    with log.open("w") as out:
        process = subprocess.Popen(argv, cwd=workdir, env=env, stdout=out, stderr=out)
    try:
        _wait_for_http(ready_url, process, log, timeout=90)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def jupyter_env(home: Path) -> dict:
    """The servers' environment: JupyterLab settings and the course's files under ``home``.

    HOME stays as it is, so matplotlib keeps its font cache (a fresh one prints a warning
    into the first cell that draws).
    """
    env = {
        **environment(),  # our Voila template on JUPYTER_PATH, as `make voila` has it
        "COLLECTIVE_AI_HOME": str(home / "collective-ai"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "lab-workspaces"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    env.pop("COLLECTIVE_AI_STATIC", None)  # live labs, not the static book's frames
    return env
