"""Time to grade 30 submissions of one exercise (``python bench/bench_grading.py``).

Each submission runs confined, cell by cell, and is judged outside its kernel (see
:mod:`collective_ai.classroom.grading`). By default the submissions are copies of the fixtures' correct and partly wrong answers
to the small ``mini-lab`` exercise. ``--exercise hiring-lab`` grades 30 copies of that
master instead (its solutions filled in, as a strong learner would hand it in).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from collective_ai.classroom import grading

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "submissions"


def submissions_for(exercise: str, *, folder: Path, count: int) -> Path:
    if exercise == "mini-lab":
        sources = [
            FIXTURES / "mini-lab" / "correct.ipynb",
            FIXTURES / "mini-lab" / "partly-wrong.ipynb",
        ]
    else:
        sources = [REPO / "exercises" / f"{exercise}.ipynb"]
    for i in range(count):
        shutil.copy(sources[i % len(sources)], folder / f"learner-{i + 1:02d}.ipynb")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--exercise", default="mini-lab")
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    exercises = FIXTURES / "exercises" if args.exercise == "mini-lab" else REPO / "exercises"
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "in"
        folder.mkdir()
        submissions_for(args.exercise, folder=folder, count=args.count)
        start = time.perf_counter()
        report = grading.grade_folder(
            folder,
            exercise=args.exercise,
            exercises_dir=exercises,
            out=Path(scratch) / "out",
            workers=args.workers,
        )
        seconds = time.perf_counter() - start
    print(
        f"grading: {args.count} submissions of {args.exercise} in {seconds:.1f} s "
        f"({seconds / args.count:.1f} s each, {args.workers} at a time, isolation: "
        f"{report.isolation}); {report.summary().split('.')[0]}"
    )


if __name__ == "__main__":
    main()
