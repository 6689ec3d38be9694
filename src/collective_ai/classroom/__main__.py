"""``python -m collective_ai.classroom student|grade|check``."""

import sys

from collective_ai.classroom.cli import add_actions
from collective_ai.cli import _Parser, run_command


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m collective_ai.classroom", description=__doc__)
    add_actions(parser)
    return run_command(parser, argv)


if __name__ == "__main__":
    sys.exit(main())
