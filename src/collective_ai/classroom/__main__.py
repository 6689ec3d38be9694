"""``python -m collective_ai.classroom student|grade|check``."""

import sys

from collective_ai.classroom.cli import add_actions
from collective_ai.cli import EXIT_USER_ERROR, _Parser
from collective_ai.errors import InputError


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m collective_ai.classroom", description=__doc__)
    add_actions(parser)
    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except (InputError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR


if __name__ == "__main__":
    sys.exit(main())
