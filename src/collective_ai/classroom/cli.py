"""``python -m collective_ai.classroom``: build the student edition, grade, check an exercise."""

from __future__ import annotations

import argparse
from pathlib import Path


def _run_student(args: argparse.Namespace) -> int:
    from collective_ai.classroom import student

    written = student.build_student_edition(args.exercises, out=args.out)
    for folder in written:
        print(f"wrote {folder}/ and {folder}.zip")
    if args.book_src:
        student.build_student_book_source(args.repo, out=args.book_src)
        print(f"wrote the student book's sources to {args.book_src}/")
    return 0


def _run_grade(args: argparse.Namespace) -> int:
    from collective_ai.classroom import grading

    exercises = args.exercises or grading.default_exercises_dir(args.exercise)
    report = grading.grade_folder(
        args.submissions,
        exercise=args.exercise,
        exercises_dir=exercises,
        out=args.out or Path("grades") / args.exercise,
        cell_timeout=args.cell_timeout,
        timeout=args.timeout,
        workers=args.workers,
        manual=args.manual,
    )
    print(report.summary())
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from collective_ai.classroom import grading

    exercises = args.exercises or grading.default_exercises_dir(args.exercise)
    print(grading.check_exercise(args.exercise, exercises_dir=exercises))
    return 0


def add_parser(subparsers) -> None:
    """Register ``classroom`` with its ``student`` and ``grade`` actions."""
    parser = subparsers.add_parser("classroom", help="student edition and grading of the exercises")
    add_actions(parser)


def add_actions(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
    build = actions.add_parser("student", help="write the student edition of every exercise")
    build.add_argument("--exercises", type=Path, default=Path("exercises"), help="masters folder")
    build.add_argument("--out", type=Path, default=Path("_build/student"), help="output folder")
    build.add_argument(
        "--book-src",
        type=Path,
        help="also write the student book's source tree here (for jupyter-book build)",
    )
    build.add_argument("--repo", type=Path, default=Path("."), help="repository root")
    build.set_defaults(run=_run_student)

    grade = actions.add_parser("grade", help="grade a folder of submitted notebooks")
    grade.add_argument("submissions", type=Path, help="folder of submissions (any LMS layout)")
    grade.add_argument("--exercise", required=True, help="exercise name, e.g. hiring-lab")
    grade.add_argument(
        "--exercises",
        type=Path,
        help="masters folder (default: exercises/ found from here upward, or the course's)",
    )
    grade.add_argument("--out", type=Path, help="output folder (default: grades/EXERCISE)")
    grade.add_argument("--cell-timeout", type=float, default=60, help="seconds per cell")
    grade.add_argument("--timeout", type=float, default=600, help="seconds per submission")
    grade.add_argument("--workers", type=int, default=2, help="submissions graded at once")
    grade.add_argument(
        "--manual",
        type=Path,
        help="CSV of scores given by hand (learner_id,question,score[,note]); "
        "default: OUT/manual-scores.csv if it exists",
    )
    grade.set_defaults(run=_run_grade)

    check = actions.add_parser("check", help="validate an exercise: key, checks, full marks")
    check.add_argument("exercise", help="exercise name, e.g. hiring-lab")
    check.add_argument("--exercises", type=Path, help="masters folder (default: as for grade)")
    check.set_defaults(run=_run_check)
