"""``python -m collective_ai``: one entry point, one subcommand per concept.

Each concept module contributes its subcommand through ``add_parser(subparsers)`` and a
``run(args)`` function. Errors a person can cause (:class:`~collective_ai.errors.InputError`,
unreadable files) end with exit code 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from collective_ai.errors import InputError

EXIT_USER_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2 (argparse's own code)."""

    def error(self, message: str):  # argparse's API
        self.exit(EXIT_USER_ERROR, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from collective_ai.audit import check_cli as audit_check_cli
    from collective_ai.audit import cli as audit_cli
    from collective_ai.campaign import cli as campaign_cli
    from collective_ai.classroom import cli as classroom_cli
    from collective_ai.complaints import cli as complaints_cli
    from collective_ai.demands import cli as demands_cli
    from collective_ai.desk import cli as desk_cli
    from collective_ai.evidence import cli as evidence_cli
    from collective_ai.hub import cli as hub_cli
    from collective_ai.requests import cli as requests_cli
    from collective_ai.scoring import cli as scoring_cli

    parser = _Parser(
        prog="python -m collective_ai",
        description="Simulate and audit AI scoring at work, draft workers' demands (Collective AI Expertise).",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    audit_cli.add_parser(sub)
    audit_check_cli.add_parser(sub)
    demands_cli.add_parser(sub)
    classroom_cli.add_parser(sub)
    scoring_cli.add_parser(sub)
    evidence_cli.add_parser(sub)
    desk_cli.add_parser(sub)
    hub_cli.add_parser(sub)
    complaints_cli.add_parser(sub)
    campaign_cli.add_parser(sub)
    requests_cli.add_parser(sub)
    return parser


def run_command(parser: argparse.ArgumentParser, argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen command: the one place errors become exit code 2.

    Every entry point (this module's :func:`main`, ``python -m collective_ai.classroom``)
    runs its parser through here, so each shows a person's mistake the same way.
    """
    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except (InputError, OSError, UnicodeDecodeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR


def main(argv: list[str] | None = None) -> int:
    return run_command(build_parser(), argv)
