"""Speed of survey releases protected together with everything released before.

Goals (issue 21): a summary of 100,000 responses with a ledger of 20 earlier releases in
under 1 s; and the joint check's time as a survey's releases grow to 10, 50 and 200.
Prints figures, wall-clock and CPU time (the second is what a busy machine does not
inflate); asserts nothing (tests never assert timings).

    .venv/bin/python bench/bench_survey_ledger.py [--responses N] [--small N]
"""

from __future__ import annotations

import argparse
import itertools
import os
import tempfile
import time
from pathlib import Path

from bench_evidence import survey_csv

QUESTIONS = (
    "written_up_3m",
    "told_about_system",
    "rate_leaves_breaks",
    "can_appeal",
    "see_own_data",
    "understand_score",
)
BREAKDOWNS = ((), ("shift",), ("age_band",), ("department",), ("shift", "age_band"))


def releases(count: int):
    """``count`` different summaries: each question by each breakdown, then other k."""
    specs = itertools.product((5, 6, 7, 8, 9, 10, 11, 12), QUESTIONS, BREAKDOWNS)
    return list(itertools.islice(specs, count))


def release(path: Path, ledger, *, question, by, k):
    from collective_ai.evidence.responses import read_responses
    from collective_ai.evidence.survey import summarize

    responses = read_responses(path)  # as the command line reads it
    return summarize(responses, question=question, by=list(by), k=k, ledger=ledger, survey="bench")


def bench_big(folder: Path, *, rows: int) -> None:
    from collective_ai.disclosure.ledger import ReleaseLedger

    path = folder / "big.csv"
    survey_csv(path, rows=rows, seed=1)
    ledger = ReleaseLedger(folder / "big-ledger.sqlite")
    start = time.perf_counter()
    for k, question, by in releases(20):
        release(path, ledger, question=question, by=by, k=k)
    setup = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    summary = release(path, ledger, question="written_up_3m", by=("department", "shift"), k=5)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    hidden = sum(c["suppressed"] for c in summary.cells)
    print(
        f"summary of {rows:,} responses with a ledger of 20 earlier releases: {elapsed:.2f} s "
        f"({cpu:.2f} s of CPU; goal < 1 s); {hidden} of {len(summary.cells)} cells hidden; "
        f"the 20 releases before it took {setup:.1f} s in all",
        flush=True,
    )


def bench_growth(folder: Path, *, rows: int, marks=(10, 50, 200)) -> None:
    from collective_ai.disclosure.ledger import ReleaseLedger

    path = folder / "small.csv"
    survey_csv(path, rows=rows, seed=2)
    ledger = ReleaseLedger(folder / "growth-ledger.sqlite")
    made = 0
    for mark in marks:
        while made < mark - 1:
            k, question, by = releases(mark)[made]
            release(path, ledger, question=question, by=by, k=k)
            made += 1
        k, question, by = releases(mark)[mark - 1]
        start, cpu = time.perf_counter(), time.process_time()
        release(path, ledger, question=question, by=by, k=k)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        made += 1
        print(
            f"release number {mark} of a {rows:,}-response survey "
            f"({mark - 1} earlier releases): {elapsed:.2f} s ({cpu:.2f} s of CPU)",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["COLLECTIVE_AI_HOME"] = folder
        bench_big(Path(folder), rows=args.responses)
        bench_growth(Path(folder), rows=args.small)


if __name__ == "__main__":
    main()
