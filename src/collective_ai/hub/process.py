"""``collective-ai hub`` as a child process, for the hub test and ``bench/bench_hub.py``.

Started exactly as a facilitator starts it, and stopped the way Control-C stops it, so a
test sees the hub stop every learner's server itself.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass
class RunningHub:
    """A hub started by :func:`running_hub`.

    Parameters
    ----------
    url : str
        Its address, ending in ``/``.
    folder : pathlib.Path
        Its folder.
    password : str
        The room's password.
    process : subprocess.Popen
        The hub's process.
    log : pathlib.Path
        What the hub printed.
    """

    url: str
    folder: Path
    password: str
    process: subprocess.Popen
    log: Path


@contextlib.contextmanager
def running_hub(
    folder: Path, *, port: int, password: str, extra: tuple[str, ...] = (), env=None
) -> Iterator[RunningHub]:
    """Run ``collective-ai hub`` on 127.0.0.1:``port`` until the block ends.

    The hub gets SIGINT (Control-C) at the end and up to three minutes to stop its
    learners' servers; its output is in ``FOLDER.log``.

    Parameters
    ----------
    folder : pathlib.Path
        The hub's folder (``--folder``).
    port : int
        Where learners reach it.
    password : str
        The room's password (ignored with ``--committees`` in ``extra``).
    extra : tuple of str
        More ``collective-ai hub`` options.
    env : dict, optional
        The hub's environment; by default this process's.

    Yields
    ------
    RunningHub
    """
    folder = Path(folder)
    log = folder.with_suffix(".log")
    command = [sys.executable, "-m", "collective_ai", "hub", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--password", password, "--folder", str(folder), *extra]
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for_http(url + "hub/health", process, log, timeout=180)
        yield RunningHub(url, folder, password, process, log)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=180)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for_http(url: str, process: subprocess.Popen, log: Path, *, timeout: float) -> None:
    """Return once ``url`` answers 200; RuntimeError if ``process`` exits first (with the end
    of its ``log``), TimeoutError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text()[-3000:]
            raise RuntimeError(f"server exited with {process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise TimeoutError(f"server at {url} did not answer in {timeout} s:\n{log.read_text()[-3000:]}")
