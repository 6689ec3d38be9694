"""Speed and memory of ``python -m collective_ai audit``, against fairlearn and plain pandas.

Prints, in one run (asserts nothing: tests never assert timings):

- the whole command (interpreter start included) on a 1,000,000-row CSV (group, outcome,
  score), against fairlearn's ``MetricFrame`` and a plain pandas ``groupby`` script reading
  the same file (each also a whole process; goal: at least 4 times faster than fairlearn);
- peak memory on 10,000,000 rows (goal: at most 600 MB);
- counts files of 3,000, 10,000 and 100,000 categories (issues 14 and 15).

fairlearn is not a dependency: ``pip install fairlearn`` into the venv to compare with it;
without it that line says it was skipped. Wall times and each run's peak RSS come from
``os.wait4`` on the child process.

    .venv/bin/python bench/bench_audit.py [--rows N] [--runs K] [--big-rows N] [--categories ...]
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

AUDIT = [sys.executable, "-m", "collective_ai", "audit"]

FAIRLEARN = """
import sys
import pandas as pd
from fairlearn.metrics import MetricFrame, count, selection_rate

df = pd.read_csv(sys.argv[1], keep_default_na=False)
df = df[df["group"] != ""]
y = (df["outcome"] == "yes").astype(int)
frame = MetricFrame(
    metrics={"selection_rate": selection_rate, "n": count},
    y_true=y, y_pred=y, sensitive_features=df["group"],
)
rates = frame.by_group["selection_rate"]
print((rates / rates.max()).round(3).to_dict(), frame.ratio()["selection_rate"])
"""

PANDAS = """
import sys
import pandas as pd

df = pd.read_csv(sys.argv[1], keep_default_na=False)
df = df[df["group"] != ""]
rates = (df["outcome"] == "yes").groupby(df["group"]).agg(["mean", "size"])
print((rates["mean"] / rates["mean"].max()).round(3).to_dict())
"""


def write_rows(path: Path, *, rows: int, seed: int) -> None:
    """Decisions of ``rows`` people, written a million at a time (the parent stays small)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    groups = ["Female", "Male", "Non-binary", ""]
    for start in range(0, rows, 1_000_000):
        size = min(1_000_000, rows - start)
        group = rng.choice(groups, size=size, p=[0.48, 0.48, 0.03, 0.01])
        score = rng.normal(50, 10, size=size).round(2)
        outcome = np.where(score + np.where(group == "Female", -3, 0) > 55, "yes", "no")
        frame = pd.DataFrame({"group": group, "outcome": outcome, "score": score})
        frame.to_csv(path, index=False, mode="a" if start else "w", header=not start)


def write_counts(path: Path, *, categories: int, seed: int) -> None:
    """A counts table: ``categories`` categories, each with its people and selected."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    n = rng.integers(5, 400, size=categories)
    selected = rng.binomial(n, 0.3)
    names = [f"site {i:06d}" for i in range(categories)]
    pd.DataFrame({"site": names, "n": n, "selected": selected}).to_csv(path, index=False)


def run_once(argv: list[str]) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of one run, from the child's own resource usage."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv[:4])} ... failed")
    return seconds, usage.ru_maxrss / 1024


def runs(argv: list[str], count: int) -> tuple[float, float, float]:
    """Best and median wall time, and the highest peak memory, over ``count`` runs."""
    results = [run_once(argv) for _ in range(count)]
    times = [seconds for seconds, _ in results]
    return min(times), statistics.median(times), max(peak for _, peak in results)


def generate(kind: str, path: Path, size: int) -> None:
    # In a child process: a child's peak RSS starts from its parent's size at fork,
    # so the parent must stay small for the memory figures to mean anything.
    argv = [sys.executable, __file__, f"--write-{kind}", str(path), "--size", str(size)]
    subprocess.run(argv, check=True)


def bench_rows(folder: Path, rows: int, count: int) -> None:
    path = folder / "decisions.csv"
    generate("rows", path, rows)
    size_mb = path.stat().st_size / 1e6
    print(f"bench_audit: {rows:,} rows ({size_mb:.1f} MB CSV), whole processes, {count} runs")
    argv = [*AUDIT, str(path), "--group", "group", "--selected", "outcome", "--score", "score"]
    best, median, peak = runs(argv, count)
    print(f"  collective_ai audit:   best {best:.2f} s, median {median:.2f} s, peak {peak:.0f} MB")
    ours = best
    best, median, peak = runs([sys.executable, "-c", PANDAS, str(path)], count)
    print(f"  pandas groupby script: best {best:.2f} s, median {median:.2f} s, peak {peak:.0f} MB")
    if importlib.util.find_spec("fairlearn") is None:
        print("  fairlearn MetricFrame: skipped (pip install fairlearn to compare)")
        return
    best, median, peak = runs([sys.executable, "-c", FAIRLEARN, str(path)], count)
    print(
        f"  fairlearn MetricFrame: best {best:.2f} s, median {median:.2f} s, peak {peak:.0f} MB"
        f" -> the audit is {best / ours:.1f} times faster (goal: 4)"
    )
    path.unlink()


def bench_big(folder: Path, rows: int) -> None:
    path = folder / "big.csv"
    generate("rows", path, rows)
    size_mb = path.stat().st_size / 1e6
    argv = [*AUDIT, str(path), "--group", "group", "--selected", "outcome", "--score", "score"]
    seconds, peak = run_once(argv)
    print(
        f"  {rows:,} rows ({size_mb:.0f} MB CSV): {seconds:.1f} s, peak {peak:.0f} MB "
        "(goal: 600 MB)"
    )
    path.unlink()


def bench_categories(folder: Path, sizes: list[int]) -> None:
    for categories in sizes:
        path = folder / f"counts-{categories}.csv"
        generate("counts", path, categories)
        argv = [*AUDIT, str(path), "--group", "site", "--n", "n", "--selected", "selected"]
        seconds, peak = run_once([*argv, "--many-categories"])
        print(f"  counts, {categories:,} categories: {seconds:.2f} s, peak {peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--big-rows", type=int, default=10_000_000, help="0 skips it")
    parser.add_argument("--categories", type=int, nargs="*", default=[3_000, 10_000, 100_000])
    parser.add_argument("--write-rows", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--write-counts", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.write_rows:
        write_rows(Path(options.write_rows), rows=options.size, seed=2026)
        return
    if options.write_counts:
        write_counts(Path(options.write_counts), categories=options.size, seed=2026)
        return
    with tempfile.TemporaryDirectory() as folder:
        bench_rows(Path(folder), options.rows, options.runs)
        if options.big_rows:
            bench_big(Path(folder), options.big_rows)
        bench_categories(Path(folder), options.categories)


if __name__ == "__main__":
    main()
