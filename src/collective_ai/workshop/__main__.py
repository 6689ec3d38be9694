"""``python -m collective_ai.workshop handouts --out DIR [--paper letter|a4]``, and
``python -m collective_ai.workshop present-notebook LAB --out DIR`` (for ``make present``),
``python -m collective_ai.workshop bundle --book DIR --handouts DIR --out ZIP``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.i18n import _


def build_parser() -> argparse.ArgumentParser:
    """The workshop's commands, with help in the language in use."""
    from collective_ai.cli import add_lang_option
    from collective_ai.workshop.render import PAPERS

    parser = argparse.ArgumentParser(prog="python -m collective_ai.workshop")
    add_lang_option(parser)
    commands = parser.add_subparsers(dest="command", required=True)
    pack = commands.add_parser("handouts", help=_("print the handout pack to PDF"))
    pack.add_argument("--out", type=Path, default=Path("_build/handouts"))
    pack.add_argument(
        "--paper", default="letter", help=_("one of {papers}").format(papers=", ".join(PAPERS))
    )
    pack.add_argument("--only", action="append", help=_("build only this handout (repeatable)"))
    add_lang_option(pack, default=argparse.SUPPRESS)
    present = commands.add_parser(
        "present-notebook", help=_("write the notebook present mode serves")
    )
    present.add_argument("lab")
    present.add_argument("--out", type=Path, default=Path("_build/present"))
    bundle = commands.add_parser("bundle", help=_("zip the built book and the handouts"))
    bundle.add_argument("--book", type=Path, default=Path("_build/html"))
    bundle.add_argument("--handouts", type=Path, default=Path("_build/handouts"))
    bundle.add_argument("--out", type=Path, default=Path("_build/collective-ai-workshop.zip"))
    bundle.add_argument("--wheels", type=Path, help=_("a folder of wheels to install offline"))
    wheels = commands.add_parser("wheels", help=_("download the wheels the desk installs from"))
    wheels.add_argument("--project", type=Path, default=Path("."))
    wheels.add_argument("--out", type=Path, default=Path("_build/wheels"))
    return parser


def main(argv=None) -> int:
    from collective_ai.cli import _early_language
    from collective_ai.workshop.render import build_pack

    try:
        _early_language(argv)  # before the parser, so its help is translated too
    except InputError as error:
        print(_("error: {error}").format(error=error), file=sys.stderr)
        return 2
    args = build_parser().parse_args(argv)
    try:
        if args.command == "bundle":
            from collective_ai.workshop.bundle import build_bundle

            written = [
                build_bundle(
                    book=args.book, handouts=args.handouts, out=args.out, wheels=args.wheels
                )
            ]
        elif args.command == "wheels":
            from collective_ai.workshop.wheels import download_wheels

            written = download_wheels(args.project, args.out)
        elif args.command == "present-notebook":
            from collective_ai.workshop.present import write_present_notebook

            written = [write_present_notebook(args.lab, out=args.out)]
        else:
            written = build_pack(args.out, paper=args.paper, only=args.only)
    except InputError as error:
        print(_("error: {error}").format(error=error), file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
