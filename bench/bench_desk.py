"""The desk as a committee installs it: install size, packages, time to a usable page, memory.

Goals (issue 23): the runtime install under 450 MB, under 8 s from typing
``collective-ai desk`` to a desk a person can type into on a 2-core machine, and under
250 MB resident for the desk's server and its kernel together. Compared with the
developer environment (``.venv``: the book builder and test tools too). Prints figures;
asserts nothing (tests never assert timings).

    .venv/bin/python bench/bench_desk.py [--venv DIR]

Without ``--venv`` it builds the wheel and installs it into a new virtual environment
(pip may download from PyPI); with it, it measures that environment as it is.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("Evidence log", "Survey", "Audit", "Demands", "Handouts", "Labs")
CHROMIUM = "/usr/bin/chromium"


def folder_mb(folder: Path) -> float:
    total = sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())
    return total / 1e6


def packages(venv: Path) -> int:
    """Installed distributions (pip and setuptools count: a fresh venv has them)."""
    return len(list(venv.glob("lib/python*/site-packages/*.dist-info")))


def install(work: Path) -> tuple[Path, float]:
    """Build the wheel from a copy of the sources and install it into a fresh venv."""
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__"))
    pip = ["-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [sys.executable, *pip, "wheel", "--no-deps", "-w", str(work), str(source)], check=True
    )
    (wheel,) = work.glob("collective_ai-*.whl")
    venv = work / "venv"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), *pip, "install", str(wheel)], check=True)
    return venv, time.perf_counter() - started


def time_to_usable(venv: Path, data: Path) -> tuple[float, ...]:
    """Seconds to the printed address, seconds to a page with the log's Save button, the
    CPU seconds the server and its kernel spent by then (what an idle machine's wait is
    made of, when other work shares the cores), and their resident MB with the first part
    open and with every part open."""
    from playwright.sync_api import sync_playwright

    env = {k: v for k, v in os.environ.items() if not k.startswith(("COLLECTIVE_AI_", "PYTHON"))}
    argv = [str(venv / "bin" / "collective-ai"), "desk", "--no-browser", "--data", str(data)]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        started = time.perf_counter()
        process = subprocess.Popen(
            argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        try:
            url = process.stdout.readline().removeprefix("Desk: ").strip()
            printed = time.perf_counter() - started
            page = browser.new_page()
            page.goto(url)
            page.get_by_role("button", name="Save").wait_for(timeout=120_000)
            usable = time.perf_counter() - started
            server = psutil.Process(process.pid)
            tree = [server, *server.children(recursive=True)]
            cpu = sum(t.user + t.system for t in (p.cpu_times() for p in tree))
            time.sleep(2)  # let the kernel finish drawing before memory is read
            rss = sum(p.memory_info().rss for p in tree)
            for name in PARTS:  # then every part open, the heaviest a page can get
                page.get_by_role("tab", name=name).click()
                page.wait_for_timeout(3000)
            every = sum(p.memory_info().rss for p in [server, *server.children(recursive=True)])
        finally:
            process.terminate()
            process.wait(timeout=30)
            browser.close()
    return printed, usable, cpu, rss / 1e6, every / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, help="an environment the wheel is installed in")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if args.venv:
            venv, seconds = args.venv, None
        else:
            venv, seconds = install(work)
        dev = Path(sys.prefix)
        print(
            f"runtime install: {folder_mb(venv):.0f} MB, {packages(venv)} packages (goal < 450 MB)"
        )
        if seconds is not None:
            print(f"runtime install took {seconds:.0f} s (pip, with its cache as it was)")
        print(f"developer environment ({dev}): {folder_mb(dev):.0f} MB, {packages(dev)} packages")
        print(f"cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
        for attempt in (1, 2):  # the first start also fills the OS file cache
            printed, usable, cpu, rss, every = time_to_usable(venv, work / f"data{attempt}")
            print(
                f"start {attempt}: address printed after {printed:.1f} s, desk usable after "
                f"{usable:.1f} s (goal < 8 s; {cpu:.1f} CPU s by the server and kernel); "
                f"server and kernel {rss:.0f} MB resident (goal < 250 MB), "
                f"{every:.0f} MB once every part is open"
            )


if __name__ == "__main__":
    main()
