"""``python -m collective_ai.live lab|voila [--host H] [--port P]``: what ``make lab`` and ``make voila`` run."""

from __future__ import annotations

import argparse
import os
import secrets

from collective_ai.live.servers import (
    COURSE_ROOT,
    LOOPBACK,
    ROOM_NOTE,
    environment,
    lab_command,
    voila_command,
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m collective_ai.live")
    parser.add_argument("view", choices=["lab", "voila"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args(argv)
    port = args.port or (8888 if args.view == "lab" else 8866)
    # On this machine alone no token is needed; on a shared network, every address needs one.
    token = "" if args.host in LOOPBACK else secrets.token_urlsafe(16)
    suffix = f"?token={token}" if token else ""
    if args.view == "lab":
        command = lab_command(root=COURSE_ROOT, host=args.host, port=port, token=token)
        print(f"JupyterLab: http://{args.host}:{port}/lab{suffix}", flush=True)
    else:
        command = voila_command(
            root=COURSE_ROOT / "notebooks", host=args.host, port=port, token=token
        )
        print(f"The labs: http://{args.host}:{port}/voila/{suffix}", flush=True)
        print(
            f"One lab:  http://{args.host}:{port}/voila/render/hiring-screener.ipynb{suffix}",
            flush=True,
        )
    if token:
        print(ROOM_NOTE, flush=True)
    os.execve(command[0], command, environment())


if __name__ == "__main__":
    main()
