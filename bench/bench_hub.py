"""A room on one hub: how long 20 learners wait, and how much memory each one costs.

Starts ``collective-ai hub`` on 127.0.0.1, pre-starts every learner's server through the
hub's REST API (as ``collective-ai hub prestart`` does) and prints the time until every
server was ready; then memory (PSS, from /proc/PID/smaps_rollup, so shared libraries are
split fairly between processes) per learner with no lab open, per learner with the hiring
lab open in Voila (each learner signs in through the login form in Debian's Chromium), and
the hub's, the proxy's and the idle culler's own. Prints figures; asserts nothing. The
facilitator guide's sizing table comes from this script's output.

    .venv/bin/python bench/bench_hub.py [--learners 20] [--lab hiring-screener]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.browser.harness: how Chromium is launched here

from collective_ai.hub.api import HubAPI  # noqa: E402
from collective_ai.hub.config import facilitator_token  # noqa: E402
from collective_ai.hub.process import running_hub  # noqa: E402
from collective_ai.hub.settings import generate_password, seat_names  # noqa: E402

MB = 1024 * 1024


def pss(process: psutil.Process) -> int:
    """Proportional set size in bytes (0 if the process is gone)."""
    try:
        text = Path(f"/proc/{process.pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    line = next(line for line in text.splitlines() if line.startswith("Pss:"))
    return int(line.split()[1]) * 1024


def tree_pss(process: psutil.Process) -> int:
    return pss(process) + sum(pss(child) for child in process.children(recursive=True))


def hub_processes(hub_pid: int) -> dict[str, list[psutil.Process]]:
    """The hub's children by role: each learner's server (by user), the proxy, the culler."""
    found: dict[str, list[psutil.Process]] = {"proxy": [], "culler": []}
    for child in psutil.Process(hub_pid).children():
        line = " ".join(child.cmdline())
        if "configurable-http-proxy" in line:
            found["proxy"].append(child)
        elif "jupyterhub_idle_culler" in line:
            found["culler"].append(child)
        elif "jupyterhub-singleuser" in line:
            found.setdefault(child.environ().get("JUPYTERHUB_USER", "?"), []).append(child)
    return found


def learner_pss(hub_pid: int, names: list[str]) -> list[int]:
    processes = hub_processes(hub_pid)
    return [sum(tree_pss(p) for p in processes.get(name, [])) for name in names]


def open_labs(url: str, names: list[str], password: str, lab: str, batch: int):
    """Sign each learner in through the form and open the lab; return (browser, contexts)."""
    from playwright.sync_api import sync_playwright

    from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    contexts = []
    for start in range(0, len(names), batch):
        pages = []
        for name in names[start : start + batch]:
            context = browser.new_context()
            contexts.append(context)
            page = context.new_page()
            page.goto(url + "hub/login")
            page.get_by_label("Username").fill(name)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"**/user/{name}/voila**", timeout=600_000)
            page.goto(url + f"user/{name}/voila/render/{lab}.ipynb", wait_until="commit")
            pages.append(page)
        for page in pages:
            page.wait_for_selector("[aria-live=polite]", timeout=600_000)
    return playwright, browser, contexts


def describe(values: list[float], unit: str, scale: float = 1) -> str:
    shown = [v / scale for v in values]
    return (
        f"median {statistics.median(shown):.0f} {unit}, min {min(shown):.0f}, "
        f"max {max(shown):.0f}, total {sum(shown):.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--lab", default="hiring-screener")
    parser.add_argument("--batch", type=int, default=5, help="labs opened at once")
    args = parser.parse_args()
    names = seat_names([str(args.learners)])
    load = os.getloadavg()
    print(f"{os.cpu_count()} cores; load average before the run {load[0]:.1f} {load[1]:.1f}")
    print(f"{psutil.virtual_memory().total / MB:.0f} MB of RAM; other processes run beside this")
    with (
        tempfile.TemporaryDirectory() as temporary,
        running_hub(
            Path(temporary) / "room", port=_free_port(), password=generate_password()
        ) as hub,
    ):
        base = hub_processes(hub.process.pid)
        hub_alone = pss(psutil.Process(hub.process.pid))
        api = HubAPI(hub.url, facilitator_token(hub.folder))
        since = time.monotonic()
        api.start(names)
        ready = api.wait_ready(names, since=since, timeout=1800)
        times = sorted(ready.values())
        print(f"\n{len(names)} servers asked for at once (REST API, as `hub prestart` does)")
        print(f"  first ready after {times[0]:.0f} s, half after {times[len(times) // 2]:.0f} s,")
        print(f"  every one ready after {times[-1]:.0f} s")
        time.sleep(10)  # let start-up settle
        idle = learner_pss(hub.process.pid, names)
        print(f"\nPer learner, no lab open (PSS): {describe(idle, 'MB', MB)}")
        started = time.monotonic()
        playwright, browser, _ = open_labs(hub.url, names, hub.password, args.lab, args.batch)
        print(
            f"{len(names)} learners signed in and saw {args.lab} in "
            f"{time.monotonic() - started:.0f} s ({args.batch} at a time)"
        )
        time.sleep(5)
        with_lab = learner_pss(hub.process.pid, names)
        print(f"Per learner, {args.lab} open (PSS): {describe(with_lab, 'MB', MB)}")
        own = {
            "hub": pss(psutil.Process(hub.process.pid)),
            "proxy": sum(tree_pss(p) for p in base["proxy"]),
            "idle culler": sum(tree_pss(p) for p in base["culler"]),
        }
        print(
            f"\nThe hub's own (PSS): hub {own['hub'] / MB:.0f} MB (before any server "
            f"{hub_alone / MB:.0f} MB), proxy {own['proxy'] / MB:.0f} MB, "
            f"idle culler {own['idle culler'] / MB:.0f} MB"
        )
        fixed = sum(own.values())
        per = statistics.median(with_lab)
        print("\nRAM for the hub and its learners with a lab open each (no browser, no OS):")
        for count in (10, 20, 30):
            print(f"  {count} learners: {(fixed + count * per) / MB / 1024:.1f} GB")
        browser.close()
        playwright.stop()
    print("Hub stopped; every learner's server stopped with it.")


def _free_port() -> int:
    from tests.browser.harness import free_port

    return free_port()


if __name__ == "__main__":
    main()
