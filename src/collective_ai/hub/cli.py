"""``collective-ai hub``: start the room's hub; ``collective-ai hub prestart``: warm its servers.

Nothing heavy is imported until a subcommand runs. The hub itself is JupyterHub's own
program, started with this package's configuration file; this command writes the settings
it reads and prints what the facilitator shows the room.

``--lang es`` (or ``COLLECTIVE_AI_LANG=es``) is the language of these lines, of the sign-in
note and of every learner's server: it is saved with the settings, and the spawner gives it
to each server's kernels (``COLLECTIVE_AI_LANG``) and to Voila's pages (their ``lang``).
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import time
from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.i18n import _


def add_parser(subparsers) -> None:
    """Register ``hub`` (and ``hub prestart``) on the top-level parser's ``subparsers``."""
    hub = subparsers.add_parser(
        "hub",
        help=_("a JupyterHub for a room or a committee: the labs in Voila, one folder each"),
        description=_(
            "Start a JupyterHub where learners sign in with a name of their choice "
            "and the workshop password and land on the labs (Control-C stops it and every "
            "learner's server)."
        ),
    )
    hub.add_argument("--host", default="127.0.0.1", help=_("0.0.0.0 serves the room's network"))
    hub.add_argument("--port", type=int, default=8000, help=_("the port learners open"))
    hub.add_argument("--password", help=_("the room's password (default: one is made and printed)"))
    _folder(hub)
    hub.add_argument(
        "--memory-mb", type=int, default=2048, help=_("address space per server process (MB)")
    )
    hub.add_argument(
        "--cull-after", type=int, default=3600, help=_("stop servers idle this long (s)")
    )
    hub.add_argument("--spawn-timeout", type=int, default=300, help=_("seconds a server may take"))
    hub.add_argument(
        "--committees",
        metavar="FILE",
        help=_(
            "a YAML file of committees (members, exporters): named accounts instead of a "
            "shared password"
        ),
    )
    hub.add_argument(
        "--admin", action="append", default=[], metavar="NAME", help=_("approves sign-ups")
    )
    hub.set_defaults(run=run_hub)
    actions = hub.add_subparsers(dest="hub_command", required=False)
    prestart = actions.add_parser(
        "prestart", help=_("start servers before the session: a number of seats or names")
    )
    prestart.add_argument(
        "names", nargs="+", metavar="N|NAME", help=_("20 starts seat-01..seat-20; or names")
    )
    _folder(prestart)
    prestart.set_defaults(run=run_prestart)
    from collective_ai.cli import add_lang_options  # deferred: that module imports this one

    add_lang_options(hub, prestart)


def _folder(parser) -> None:
    parser.add_argument(
        "--folder",
        metavar="DIR",
        help=_(
            "the hub's folder: its database and everyone's files (default: $COLLECTIVE_AI_HOME/hub)"
        ),
    )


def hub_folder(given: str | None) -> Path:
    from collective_ai.demands.drafts import data_home

    return Path(given).resolve() if given else data_home() / "hub"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _require_free(host: str, port: int) -> None:
    """InputError now, rather than a proxy's traceback after the hub has started."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            message = _("{address} cannot be used ({reason})").format(
                address=f"{host}:{port}", reason=error.strerror
            )
            raise InputError(message, field="--port") from None


def room_addresses(host: str, port: int) -> list[str]:
    """The addresses learners type: this machine's network address when serving them all."""
    if host not in ("0.0.0.0", "::"):
        return [f"http://{host}:{port}/"]
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:  # no packet is sent: connecting a UDP socket only picks the outgoing address
            probe.connect(("10.255.255.255", 1))
            found.append(probe.getsockname()[0])
        except OSError:
            pass
    return [f"http://{address}:{port}/" for address in [*found, "127.0.0.1"]]


def room_lines(settings) -> list[str]:
    """What the facilitator reads and shows the room, in the hub's language."""
    lines = [
        _("Learners open: {address}").format(address=address)
        for address in room_addresses(settings.host, settings.port)
    ]
    if settings.password:
        lines.append(_("Password:      {password}").format(password=settings.password))
    else:
        lines.append(
            _("Committees sign up at /hub/signup; {admins} approve at /hub/authorize").format(
                admins=", ".join(settings.admins)
            )
        )
    lines.append(_("Control-C stops the hub and every learner's server."))
    return lines


def run_hub(args) -> int:
    from collective_ai.hub.config import SETTINGS_ENV, proxy_command
    from collective_ai.hub.settings import (
        HubSettings,
        check_name,
        generate_password,
        load_committees,
    )
    from collective_ai.i18n import ENV, language

    committees = load_committees(Path(args.committees)) if args.committees else []
    admins = tuple(check_name(name, field="--admin") for name in args.admin)
    if committees and not admins:
        raise InputError(_("committees need someone to approve sign-ups"), field="--admin")
    password = "" if committees else (args.password or generate_password())
    if not committees and len(password) < 8:
        raise InputError(_("at least 8 characters"), field="--password")
    for name, value in (("--port", args.port), ("--memory-mb", args.memory_mb)):
        if value <= 0:
            raise InputError(_("must be above 0"), field=name)
    _require_free(args.host, args.port)
    proxy = proxy_command()[0]
    if not (Path(proxy).exists() or shutil.which(proxy)):
        raise InputError(_("configurable-http-proxy is missing: run `make hub-proxy` first"))
    folder = hub_folder(args.folder)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    settings = HubSettings(
        folder=str(folder),
        host=args.host,
        port=args.port,
        password=password,
        memory_mb=args.memory_mb,
        cull_after=args.cull_after,
        spawn_timeout=args.spawn_timeout,
        hub_port=_free_port(),
        proxy_api_port=_free_port(),
        committees=committees,
        admins=admins,
        lang=language(),
    )
    settings.save()
    for line in room_lines(settings):
        print(line, flush=True)
    config = Path(__file__).with_name("jupyterhub_config.py")
    command = [str(Path(sys.executable).with_name("jupyterhub")), "-f", str(config)]
    env = {**os.environ, SETTINGS_ENV: str(folder), ENV: settings.lang}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    os.chdir(folder)
    os.execve(command[0], command, env)
    return 0  # not reached


def run_prestart(args) -> int:
    from collective_ai.hub.api import HubAPI
    from collective_ai.hub.config import facilitator_token
    from collective_ai.hub.settings import HubSettings, seat_names
    from collective_ai.i18n import format_number

    folder = hub_folder(args.folder)
    try:
        settings = HubSettings.load(folder)
    except FileNotFoundError:
        raise InputError(
            _("no hub has run in {folder}").format(folder=folder), field="--folder"
        ) from None
    names = seat_names(args.names)
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    api = HubAPI(f"http://{host}:{settings.port}", facilitator_token(folder))
    since = time.monotonic()
    api.start(names)
    print(
        _("Starting {count} server(s): {names}").format(
            count=format_number(len(names)), names=", ".join(names)
        ),
        flush=True,
    )
    ready = api.wait_ready(names, since=since, timeout=max(600, 30 * len(names)))
    for name, seconds in sorted(ready.items(), key=lambda item: item[1]):
        print(
            _("{name}: ready after {seconds} s").format(
                name=name, seconds=format_number(round(seconds))
            ),
            flush=True,
        )
    return 0
