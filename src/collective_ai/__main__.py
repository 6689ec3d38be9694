"""Command line: ``python -m collective_ai``."""

import sys


def main(argv=None):
    from collective_ai.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
