"""The commands that start the live views, shared by ``make lab``, ``make voila`` and the tests.

Both are one Jupyter server with :class:`~collective_ai.live.contents.CourseContentsManager`,
so a notebook reads the same in JupyterLab and in Voila. Voila runs as the server's extension,
so each lab renders at ``/voila/render/NAME.ipynb`` and the list of labs is at ``/voila/``.
Neither opens a browser: a facilitator opens the address on the projector's machine, and a
test picks a free port.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from collective_ai.i18n import N_

COURSE_ROOT = Path(__file__).resolve().parents[3]  # src/collective_ai/live -> the checkout
VOILA_TEMPLATE = "collective-ai"
JUPYTER_DATA = Path(__file__).with_name("jupyter-data")  # our Voila templates (package data)
CONTENTS = "collective_ai.live.contents.CourseContentsManager"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# Lab extensions Voila would load into every page, which log errors there (`make present`
# leaves out the same ones).
EXTENSION_DENYLIST = ("jupyterlab-jupytext", "ipylab", "@voila-dashboards/jupyterlab-preview")
MATHJAX_SETTINGS = ("mathjax_url", "mathjax_config")
ROOM_NOTE = N_(
    "Serving the room's network: anyone on it who has this address (with its token) can "
    "open the labs. Stop with Control-C when the session ends."
)


def _common(*, root: Path, host: str, port: int, token: str, course_root: Path) -> list[str]:
    return [
        "--no-browser",
        f"--ServerApp.ip={host}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.contents_manager_class={CONTENTS}",
        f"--CourseContentsManager.course_root={course_root}",
        # The server gives each kernel CurveZMQ keys (its kernelspec declares support), so
        # what they say to each other is encrypted and ipykernel has no "susceptible to
        # eavesdropping" to print. Not local (ipc) sockets: their path must stay under 107
        # characters, which a deep runtime folder passes, and Windows has none.
        "--KernelManager.transport_encryption=auto",
        *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
    ]


def lab_command(
    *, root: Path, host: str, port: int, token: str, course_root: Path = COURSE_ROOT
) -> list[str]:
    """JupyterLab on ``root``, showing the course's markdown without raw MyST."""
    return [
        str(Path(sys.executable).with_name("jupyter-lab")),
        *_common(root=root, host=host, port=port, token=token, course_root=course_root),
        "--LabApp.news_url=None",
    ]


def voila_command(
    *,
    root: Path,
    host: str,
    port: int,
    token: str,
    course_root: Path = COURSE_ROOT,
    language: str = "en",
) -> list[str]:
    """A Jupyter server whose Voila extension renders every notebook under ``root`` as an app;
    each page's ``lang`` is ``language`` (a screen reader picks its voice by it)."""
    return [
        str(Path(sys.executable).with_name("jupyter-server")),
        *_common(root=root, host=host, port=port, token=token, course_root=course_root),
        f"--VoilaConfiguration.template={VOILA_TEMPLATE}",
        # "null" (as a standalone Voila has it) makes Voila's page use the MathJax 3 in its
        # own bundle. Any other value (the CDN by default) loads that URL as MathJax 2 and
        # calls MathJax.Hub.Config, which a MathJax 3 file lacks ("reading 'Config'").
        *(f"--ServerApp.tornado_settings={key}=null" for key in MATHJAX_SETTINGS),
        # The /voila/ list as plain HTML: Voila's JupyterLab-style list page starts the
        # widget plugins with no kernel to talk to, and four of them fail to activate.
        "--VoilaConfiguration.classic_tree=True",
        "--VoilaConfiguration.show_tracebacks=True",
        # Only the widgets' front end: the other lab extensions log errors on a Voila page.
        f"--VoilaConfiguration.extension_denylist={list(EXTENSION_DENYLIST)!r}",
        "--ServerApp.default_url=/voila/",
        # English is Voila's own default, so the cluster's config (deploy/z2jh) needs no entry.
        *([f"--VoilaExporter.language_code={language}"] if language != "en" else []),
    ]


def environment(base: dict | None = None, *, language: str | None = None) -> dict:
    """The servers' environment: our Voila template on the Jupyter data path, and with
    ``language``, the language their kernels speak (``COLLECTIVE_AI_LANG``)."""
    from collective_ai.i18n import ENV

    env = dict(os.environ if base is None else base)
    if language:
        env[ENV] = language
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(JUPYTER_DATA), env.get("JUPYTER_PATH")) if p
    )
    return env
