"""Speed of the evidence log and the survey summary.

Goals (issue 12): a survey summary of 100,000 responses in at most 1 s, listing 10,000
log entries in at most 0.5 s, and 20 concurrent writers reported in entries per second.
Prints figures; asserts nothing (tests never assert timings).

    .venv/bin/python bench/bench_evidence.py [--responses N] [--entries N] [--per-writer N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WRITER = """
import os, sys, time
from collective_ai.evidence.store import EvidenceStore
path, number, count, barrier = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
store = EvidenceStore(path)
while not os.path.exists(barrier):
    time.sleep(0.002)
for j in range(count):
    store.add_incident(system=f"System {number % 4}", date="2026-11-01", effect=f"effect {j % 5}")
"""


def best_of(runs: int, call) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def survey_csv(path: Path, *, rows: int, seed: int) -> None:
    """A large synthetic survey: the package's warehouse survey, repeated with new seeds."""
    from collective_ai.evidence.synthetic import warehouse_csv

    chunk = 5000
    with path.open("wb") as out:
        for i in range(0, rows, chunk):
            data = warehouse_csv(seed=seed + i, n=min(chunk, rows - i))
            out.write(data if i == 0 else data.split(b"\r\n", 1)[1])


def bench_summary(folder: Path, *, rows: int, runs: int) -> None:
    from collective_ai.evidence.responses import read_responses
    from collective_ai.evidence.survey import summarize

    path = folder / "survey.csv"
    survey_csv(path, rows=rows, seed=1)

    def single():
        wanted = [("written_up_3m", "question"), ("shift", "by"), ("age_band", "by")]
        summarize(
            read_responses(path, columns=wanted), question="written_up_3m", by=["shift", "age_band"]
        )

    def multi():
        wanted = [("system_effects", "question"), ("department", "by")]
        summarize(
            read_responses(path, columns=wanted), question="system_effects", by=["department"]
        )

    for name, call in (
        ("one answer, by shift and age band", single),
        ("multi-select, by department", multi),
    ):
        times = best_of(runs, call)
        print(
            f"survey summary, {rows:,} responses ({path.stat().st_size / 1e6:.0f} MB), {name}: "
            f"best {min(times):.3f} s, median {statistics.median(times):.3f} s (goal <= 1 s)"
        )


def bench_listing(folder: Path, *, entries: int, runs: int) -> None:
    import sqlite3

    from collective_ai.evidence import summary
    from collective_ai.evidence.store import EvidenceStore

    store = EvidenceStore(folder / "list.sqlite")
    store.add_system("PaceMonitor", decides="units per hour")
    with sqlite3.connect(store.path) as db:  # setup only: one transaction
        db.executemany(
            "INSERT INTO incidents (system_id, date, effect, affected_group) VALUES (1, ?, ?, ?)",
            [
                (f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}", f"effect {i % 7}", "night shift")
                for i in range(entries)
            ],
        )
    times = best_of(runs, store.incidents)
    print(
        f"listing {entries:,} log entries: best {min(times):.3f} s, median {statistics.median(times):.3f} s (goal <= 0.5 s)"
    )
    times = best_of(runs, lambda: summary.export(store, fmt="markdown"))
    print(f"evidence summary (Markdown) of {entries:,} entries: best {min(times):.3f} s")


def bench_writers(folder: Path, *, writers: int, per_writer: int) -> None:
    from collective_ai.evidence.store import EvidenceStore

    path = folder / "shared.sqlite"
    barrier = folder / "go"
    EvidenceStore(path)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(n), str(per_writer), str(barrier)]
        )
        for n in range(writers)
    ]
    time.sleep(3.0)  # let every interpreter start and open the file
    start = time.perf_counter()
    barrier.touch()
    codes = [p.wait() for p in processes]
    elapsed = time.perf_counter() - start
    landed = EvidenceStore(path).count()
    total = writers * per_writer
    print(
        f"{writers} concurrent writers x {per_writer} entries: {landed:,} of {total:,} landed "
        f"in {elapsed:.2f} s, {landed / elapsed:,.0f} entries/s (exit codes {sorted(set(codes))})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--per-writer", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        bench_summary(folder, rows=args.responses, runs=args.runs)
        bench_listing(folder, entries=args.entries, runs=args.runs)
        bench_writers(folder, writers=args.writers, per_writer=args.per_writer)


if __name__ == "__main__":
    main()
