"""Speed of ``python -m collective_ai audit`` on a 1,000,000-row CSV (group, outcome, score).

The goal (issue 3): the whole command, interpreter start included, in at most 1.5 s and
500 MB peak memory on a 2-core machine. Prints wall times and each run's peak RSS (from os.wait4);
asserts nothing (tests never assert timings).

    .venv/bin/python bench/bench_audit.py [--rows N] [--runs K]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Used when collective_ai.cli cannot be imported yet (it also imports the demands CLI).
AUDIT_ONLY = (
    "import argparse, sys; from collective_ai.audit import cli; "
    "p = argparse.ArgumentParser(); cli.add_parser(p.add_subparsers()); "
    "a = p.parse_args(sys.argv[1:]); sys.exit(a.run(a))"
)


def write_csv(path: Path, *, rows: int, seed: int) -> None:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    group = rng.choice(["Female", "Male", "Non-binary", ""], size=rows, p=[0.48, 0.48, 0.03, 0.01])
    score = rng.normal(50, 10, size=rows).round(2)
    outcome = np.where(score + np.where(group == "Female", -3, 0) > 55, "yes", "no")
    pd.DataFrame({"group": group, "outcome": outcome, "score": score}).to_csv(path, index=False)


def command(path: Path) -> tuple[list[str], str]:
    args = ["audit", str(path), "--group", "group", "--selected", "outcome", "--score", "score"]
    if importlib.util.find_spec("collective_ai.demands.cli") is not None:
        return [sys.executable, "-m", "collective_ai", *args], "python -m collective_ai audit"
    return [sys.executable, "-c", AUDIT_ONLY, *args], "audit subcommand only (no demands CLI yet)"


def run_once(argv: list[str]) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of one run, from the child's own resource usage."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"the audit failed with exit code {child.returncode}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", metavar="PATH", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.write:
        write_csv(Path(options.write), rows=options.rows, seed=2026)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "decisions.csv"
        # In a child process: a child's peak RSS starts from its parent's size at fork,
        # so the parent must stay small for the memory figure to mean anything.
        generate = [sys.executable, __file__, "--rows", str(options.rows), "--write", str(path)]
        subprocess.run(generate, check=True)
        argv, label = command(path)
        runs = [run_once(argv) for _ in range(options.runs)]
        size_mb = path.stat().st_size / 1e6
    times = [seconds for seconds, _ in runs]
    peak_mb = max(peak for _, peak in runs)
    print(f"bench_audit: {options.rows:,} rows ({size_mb:.1f} MB CSV), {label}")
    print(
        f"  wall time: best {min(times):.2f} s, median {statistics.median(times):.2f} s "
        f"over {options.runs} runs (goal: 1.5 s)"
    )
    print(f"  peak memory (max RSS of a run): {peak_mb:.0f} MB (goal: 500 MB)")


if __name__ == "__main__":
    main()
