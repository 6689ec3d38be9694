"""``python -m collective_ai audit FILE.csv --group COL --selected COL ...``

A stable interface: the JSON it prints is documented in README.md. Nothing heavy is
imported until the subcommand runs, so the other subcommands start fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from collective_ai.i18n import _

FORMATS = ("json", "markdown", "html", "ll144")
#: The default limit on standard input, in MB (a file named on the command line has none).
MAX_INPUT_MB = 512


def add_parser(subparsers) -> None:
    """Register ``audit`` on the top-level parser's ``subparsers``."""
    parser = subparsers.add_parser(
        "audit",
        help=_("selection rates, impact ratios and the four-fifths rule from a CSV"),
        description=_(
            "Audit decisions recorded in a CSV: one table per --group column and, with "
            "several, their intersection (as NYC Local Law 144 audits do)."
        ),
    )
    parser.add_argument(
        "file", help=_("CSV file (UTF-8, comma or semicolon delimited); - reads standard input")
    )
    parser.add_argument(
        "--group",
        action="append",
        required=True,
        metavar="COL",
        help=_("column holding a category (repeat for several: sex, race, ...)"),
    )
    parser.add_argument(
        "--selected",
        required=True,
        metavar="COL",
        help=_("column holding the outcome: 1/0, true/false, yes/no or selected/rejected"),
    )
    parser.add_argument("--score", metavar="COL", help=_("column holding a numeric score"))
    parser.add_argument(
        "--n",
        metavar="COL",
        help=_(
            "counts input: each row is a category and COL holds how many people it has; "
            "--selected then holds how many of them were selected"
        ),
    )
    parser.add_argument(
        "--scored-above",
        metavar="COL",
        help=_("counts input: column holding how many people scored above the median"),
    )
    parser.add_argument(
        "--unknown",
        action="append",
        default=[],
        metavar="VALUE",
        help=_("a category value meaning 'not known' (blank and NA always are); repeatable"),
    )
    parser.add_argument(
        "--exclude-small",
        action="store_true",
        help=_("leave categories under 2%% of known rows out of impact ratios (6 RCNY 5-301(d))"),
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="NAME",
        help=_(
            "leave this category out of impact ratios; refused unless it is under 2%% of "
            "the people with a known category (6 RCNY 5-301(d)); repeatable"
        ),
    )
    parser.add_argument(
        "--many-categories",
        action="store_true",
        help=_("audit a table of more than 1,000 categories (refused by default: unreadable)"),
    )
    parser.add_argument("--format", choices=FORMATS, default="json", help=_("output format"))
    parser.add_argument("--out", metavar="PATH", help=_("write here instead of standard output"))
    parser.add_argument(
        "--max-input-mb",
        type=_megabytes,
        default=MAX_INPUT_MB,
        metavar="N",
        help=_(
            "refuse standard input longer than N MB (default {limit}): a pipe is "
            "copied aside to be read, and an endless one must not fill the disk"
        ).format(limit=MAX_INPUT_MB),
    )
    from collective_ai.audit import ll144

    ll144.add_arguments(parser)
    parser.set_defaults(run=run)


def _megabytes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(
            _("expected a number of MB above 0, got {text!r}").format(text=text)
        )
    return value


def run(args) -> int:
    """Read, audit, render, write. Input errors propagate as InputError (exit code 2)."""
    from collective_ai.audit.csvinput import read_audit_csv, spooled
    from collective_ai.audit.frame import audit

    counts = [c for c in (args.n, args.scored_above) if c is not None]
    columns = {"groups": args.group, "selected": args.selected, "score": args.score}
    if args.file == "-":
        limit = int(args.max_input_mb * (1 << 20))
        with spooled(sys.stdin.buffer, max_bytes=limit, field="--max-input-mb") as source:
            frame = read_audit_csv(source, **columns, counts=counts)
    else:
        frame = read_audit_csv(args.file, **columns, counts=counts)
    report = audit(
        frame,
        groups=args.group,
        selected=args.selected,
        score=args.score,
        unknown=args.unknown,
        exclude_small=args.exclude_small,
        max_categories=0 if args.many_categories else None,
        n=args.n,
        scored_above=args.scored_above,
        exclude=args.exclude,
    )
    name = _("standard input") if args.file == "-" else Path(args.file).name
    if args.format == "ll144":
        from collective_ai.audit import ll144

        text = ll144.render_args(report, args)
    else:
        text = render(report, fmt=args.format, source=name)
    if args.out:
        from collective_ai.errors import InputError
        from collective_ai.files import write_atomic  # whole or not at all (a full disk)

        if Path(args.out).is_dir():
            raise InputError(
                _("{path} is a folder; give a file name in it").format(path=args.out),
                field="--out",
            )
        write_atomic(args.out, text)
    else:
        sys.stdout.write(text)
    return 0


def render(report, *, fmt: str, source: str) -> str:
    if fmt == "json":
        # json's C encoder only writes compact JSON; indenting 100,000 categories takes minutes
        rows = sum(len(table.groups) for table in report.tables)
        return report.to_json(indent=2 if rows <= 1000 else None) + "\n"
    from collective_ai.audit import report as rendering

    rows, people = report.rows, report.people
    description = _("{rows} rows read from {source}").format(rows=rows, source=source)
    if report.input == "counts":
        description = _("{rows} rows of counts ({people} people) read from {source}").format(
            rows=rows, people=people, source=source
        )
    if fmt == "markdown":
        return rendering.to_markdown(report, data_description=description)
    return rendering.to_html(report, data_description=description)
