"""``python -m collective_ai.live lab|voila [--host H] [--port P] [--lang es]``: what ``make lab``
and ``make voila`` run. ``--lang`` (or ``COLLECTIVE_AI_LANG``) is the language of these lines
and of the labs: the server's kernels inherit it, and Voila's pages carry it as ``lang``."""

from __future__ import annotations

import argparse
import os
import secrets
import sys

from collective_ai.errors import InputError
from collective_ai.i18n import _, language, set_language
from collective_ai.live.servers import (
    COURSE_ROOT,
    LOOPBACK,
    ROOM_NOTE,
    environment,
    lab_command,
    voila_command,
)


def plan(argv: list[str] | None = None) -> tuple[list[str], dict, list[str]]:
    """The server's command, its environment and the lines printed first (nothing started)."""
    parser = argparse.ArgumentParser(prog="python -m collective_ai.live")
    parser.add_argument("view", choices=["lab", "voila"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--lang", default=None, help="en or es (default: $COLLECTIVE_AI_LANG)")
    args = parser.parse_args(argv)
    if args.lang:
        set_language(args.lang)
    port = args.port or (8888 if args.view == "lab" else 8866)
    # On this machine alone no token is needed; on a shared network, every address needs one.
    token = "" if args.host in LOOPBACK else secrets.token_urlsafe(16)
    suffix = f"?token={token}" if token else ""
    if args.view == "lab":
        command = lab_command(root=COURSE_ROOT, host=args.host, port=port, token=token)
        lines = [
            _("JupyterLab: {address}").format(address=f"http://{args.host}:{port}/lab{suffix}")
        ]
    else:
        command = voila_command(
            root=COURSE_ROOT / "notebooks", host=args.host, port=port, token=token,
            language=language(),
        )  # fmt: skip
        base = f"http://{args.host}:{port}/voila/"
        lines = [
            _("The labs: {address}").format(address=f"{base}{suffix}"),
            _("One lab:  {address}").format(address=f"{base}render/hiring-screener.ipynb{suffix}"),
        ]
    if token:
        lines.append(_(ROOM_NOTE))
    return command, environment(language=language()), lines


def main(argv: list[str] | None = None) -> None:
    try:
        command, env, lines = plan(argv)
    except InputError as error:
        print(_("error: {error}").format(error=error), file=sys.stderr)
        raise SystemExit(2) from None
    for line in lines:
        print(line, flush=True)
    os.execve(command[0], command, env)


if __name__ == "__main__":
    main()
