"""``python -m collective_ai audit-check PUBLISHED.csv``: check a published audit table.

The CSV layout and the findings are documented in README.md ("Checking a published
audit") and in :mod:`collective_ai.audit.check`. Nothing heavy is imported: the check
needs only the standard library.
"""

from __future__ import annotations

import sys

from collective_ai.i18n import _

FORMATS = ("json", "markdown")


def add_parser(subparsers) -> None:
    """Register ``audit-check`` on the top-level parser's ``subparsers``."""
    parser = subparsers.add_parser(
        "audit-check",
        help=_("recompute an employer's published bias-audit table and say what does not add up"),
        description=_(
            "Check a published bias-audit table typed into a CSV (columns table, category, "
            "applicants, and optionally selected, rate, impact_ratio): every rate and ratio "
            "is recomputed exactly and each row is reported as matching, differing by the "
            "publisher's rounding, on the other side of four-fifths, inconsistent with its "
            "counts, missing, or too small to tell."
        ),
    )
    parser.add_argument("file", help=_("CSV file (UTF-8, comma or semicolon delimited)"))
    parser.add_argument(
        "--unknown",
        action="append",
        default=[],
        metavar="VALUE",
        help=_("a category name meaning 'not known' (Unknown, Missing, NA always are); repeatable"),
    )
    parser.add_argument("--format", choices=FORMATS, default="json", help=_("output format"))
    parser.add_argument("--out", metavar="PATH", help=_("write here instead of standard output"))
    parser.set_defaults(run=run)


def run(args) -> int:
    """Read, check, render, write. Input errors propagate as InputError (exit code 2)."""
    from collective_ai.audit.check import check_published
    from collective_ai.audit.check_report import to_markdown

    report = check_published(args.file, unknown=args.unknown)
    text = report.to_json() + "\n" if args.format == "json" else to_markdown(report)
    if args.out:
        from collective_ai.files import write_atomic

        write_atomic(args.out, text)
    else:
        sys.stdout.write(text)
    return 0
