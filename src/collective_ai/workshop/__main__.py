"""``python -m collective_ai.workshop handouts --out DIR [--paper letter|a4]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from collective_ai.errors import InputError


def main(argv=None) -> int:
    from collective_ai.workshop.render import PAPERS, build_pack

    parser = argparse.ArgumentParser(prog="python -m collective_ai.workshop")
    commands = parser.add_subparsers(dest="command", required=True)
    pack = commands.add_parser("handouts", help="print the handout pack to PDF")
    pack.add_argument("--out", type=Path, default=Path("_build/handouts"))
    pack.add_argument("--paper", default="letter", help=f"one of {', '.join(PAPERS)}")
    pack.add_argument("--only", action="append", help="build only this handout (repeatable)")
    args = parser.parse_args(argv)
    try:
        written = build_pack(args.out, paper=args.paper, only=args.only)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
