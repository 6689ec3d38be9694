"""``python -m collective_ai``: one entry point, one subcommand per concept.

Each concept module contributes its subcommand through ``add_parser(subparsers)`` and a
``run(args)`` function. Errors a person can cause (:class:`~collective_ai.errors.InputError`,
unreadable files) end with exit code 2 and one line on stderr, never a traceback.

``--lang`` (before the subcommand, or after ``demands``) chooses the language of the
messages, help and documents; ``COLLECTIVE_AI_LANG`` does the same from the environment.
It is read before the parser is built, so the help itself is translated.
"""

from __future__ import annotations

import argparse
import sys

from collective_ai.errors import InputError
from collective_ai.i18n import LANGUAGES, _, set_language

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
        description=_(
            "Simulate and audit AI scoring at work, draft workers' demands (Collective AI Expertise)."
        ),
    )
    add_lang_option(parser)
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


def add_lang_option(parser: argparse.ArgumentParser, *, default=None) -> None:
    """``--lang``: the language of messages and documents (en, es)."""
    parser.add_argument(
        "--lang",
        metavar="LANG",
        default=default,
        help=_("language of messages and documents: {choices}").format(
            choices=", ".join(LANGUAGES)
        ),
    )


def add_lang_options(*parsers: argparse.ArgumentParser) -> None:
    """``--lang`` after a command and its subcommands too (:func:`main` applies it first)."""
    for parser in parsers:
        add_lang_option(parser, default=argparse.SUPPRESS)


def _early_language(argv: list[str] | None) -> None:
    """Apply ``--lang`` before any parser is built, so help and errors are translated."""
    args = list(sys.argv[1:] if argv is None else argv)
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            set_language(args[i + 1])
        elif arg.startswith("--lang="):
            set_language(arg.split("=", 1)[1])


def run_command(parser: argparse.ArgumentParser, argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen command: the one place errors become exit code 2.

    Every entry point (this module's :func:`main`, ``python -m collective_ai.classroom``)
    runs its parser through here, so each shows a person's mistake the same way.
    """
    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except (InputError, OSError, UnicodeDecodeError) as error:
        print(_("error: {error}").format(error=error), file=sys.stderr)
        return EXIT_USER_ERROR


def main(argv: list[str] | None = None) -> int:
    try:
        _early_language(argv)
    except InputError as error:
        print(_("error: {error}").format(error=error), file=sys.stderr)
        return EXIT_USER_ERROR
    return run_command(build_parser(), argv)
