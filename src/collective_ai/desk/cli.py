"""``collective-ai desk``: open every tool in the browser, on the committee's data folder.

``collective-ai desk --lang es`` (or ``COLLECTIVE_AI_LANG=es``) opens it in Spanish: the
language goes to the server's kernels through the environment (:func:`server.run`).
"""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.i18n import _


def add_parser(sub) -> None:
    desk = sub.add_parser(
        "desk",
        help=_("open the committee desk (log, survey, audit, demands) in the browser"),
        description=_(
            "Start the desk on this computer and open it in the browser. "
            "Control-C stops it; the data stays in the data folder."
        ),
    )
    desk.add_argument(
        "--data",
        metavar="FOLDER",
        help=_(
            "the group's data folder, such as one on a USB stick "
            "(default: $COLLECTIVE_AI_HOME, else your user data folder)"
        ),
    )
    desk.add_argument("--port", type=int, help=_("the port to listen on (default: a free one)"))
    desk.add_argument(
        "--host",
        default="127.0.0.1",
        help=_("the address to listen on (default 127.0.0.1: this computer only)"),
    )
    desk.add_argument(
        "--no-browser",
        action="store_true",
        help=_("print the address without opening a browser"),
    )
    from collective_ai.cli import add_lang_options  # deferred: that module imports this one

    add_lang_options(desk)
    desk.set_defaults(run=run)


def use_data_folder(folder: str | None) -> Path:
    """Make ``folder`` the data folder of the server and its kernels (``COLLECTIVE_AI_HOME``)."""
    from collective_ai.demands.drafts import data_home

    if folder:
        os.environ["COLLECTIVE_AI_HOME"] = str(Path(folder).expanduser().resolve())
    home = data_home()
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        from collective_ai.files import describe_failure

        raise InputError(
            _("cannot use {folder} as the data folder: {reason}").format(
                folder=home, reason=describe_failure(error)
            ),
            field="--data",
        ) from None
    return home


def run(args: argparse.Namespace) -> int:
    if args.port is not None and not 0 < args.port < 65536:
        raise InputError(_("a port is a number from 1 to 65535"), field="--port")
    use_data_folder(args.data)  # the page shows it
    from collective_ai.desk import server

    return server.run(
        host=args.host,
        port=args.port,
        token=secrets.token_urlsafe(24),
        open_browser=not args.no_browser,
    )
