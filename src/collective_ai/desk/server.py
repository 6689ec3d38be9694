"""Run the desk: Voila on the desk's notebook, one address printed, Control-C stops it.

Voila runs in this process (one server, one kernel per open page), with the course's
offline Voila template (:data:`collective_ai.live.servers.JUPYTER_DATA`) and a login page of
our own: without the token a visitor reads how to open the desk, and sees no data.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import os
import signal
import socket
import sys
import tempfile
import webbrowser
from pathlib import Path

import tornado.ioloop
from voila.app import Voila
from voila.voila_identity_provider import VoilaIdentityProvider, VoilaLoginHandler

from collective_ai.desk import write_notebook
from collective_ai.live.servers import LOOPBACK, VOILA_TEMPLATE, environment

#: The line the desk prints its address on; the login page names it. Not translated: a
#: script or a test reads it, and a facilitator finds the same word in every language.
ADDRESS_LINE = "Desk:"
LOGIN_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
 body {{ font: 18px/1.5 system-ui, sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em; }}
 input, button {{ font: inherit; padding: 0.3em; }}
 input {{ width: 100%; box-sizing: border-box; }}
 .problem {{ border: 3px solid; padding: 0.5em; }}
</style></head>
<body><main>
<h1>{heading}</h1>
{problem}
<p>{why}</p>
<ol>
<li>{find}</li>
<li>{closed}</li>
</ol>
<form method="post" action="{action}">
{xsrf}
<input type="hidden" name="next" value="{next}">
<p><label for="token">{paste}</label>
<input id="token" name="password" type="password" autocomplete="off"></p>
<p><button type="submit">{button}</button></p>
</form>
</main></body></html>
"""


def login_words() -> dict[str, str]:
    """The login page's words in the language in use, as HTML (the markup is ours)."""
    from collective_ai.i18n import _, language

    line = f"<b>{ADDRESS_LINE}</b>"
    command = "<code>collective-ai desk</code>"
    token = "<code>?token=</code>"

    def words(text: str, **markup) -> str:
        return html.escape(text, quote=False).format(**markup)

    return {
        "lang": language(),
        "title": words(_("Committee desk: open it with its address")),
        "heading": words(_("This committee desk opens only with its full address")),
        "why": words(
            _(
                "The desk keeps a group's own records, so it opens only from the address it "
                "printed when it started: the line that begins with {line}, ending in {token} "
                "and a long string of letters and numbers."
            ),
            line=line,
            token=token,
        ),
        "find": words(
            _(
                "On the computer running the desk, find the window where {command} was "
                "typed, and open the address on its {line} line."
            ),
            command=command,
            line=line,
        ),
        "closed": words(
            _(
                "If that window is closed, the desk has stopped: start it again with "
                "{command}. It opens your browser at the right address."
            ),
            command=command,
        ),
        "paste": words(
            _("Or paste the letters and numbers after {token}"), token="<code>token=</code>"
        ),
        "button": words(_("Open the desk")),
    }


class DeskLoginHandler(VoilaLoginHandler):
    """The page a visitor without the token gets: how to open the desk, and no data."""

    def _render(self, message=None) -> None:
        from collective_ai.i18n import _

        problem = ""
        if message:
            wrong = _(
                "Those letters and numbers are not this desk's token. Copy them again from "
                "the {line} line."
            )
            wrong = html.escape(wrong, quote=False).format(line=f"<b>{ADDRESS_LINE}</b>")
            problem = f'<p class="problem" role="alert">{wrong}</p>'
        self.write(
            LOGIN_PAGE.format(
                **login_words(),
                problem=problem,
                action=html.escape(self.request.path, quote=True),
                xsrf=self.xsrf_form_html(),
                next=html.escape(self.get_argument("next", default=self.base_url), quote=True),
            )
        )


class DeskIdentityProvider(VoilaIdentityProvider):
    """Voila's token check, with :class:`DeskLoginHandler` as its login page."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**{**kwargs, "login_handler_class": DeskLoginHandler})


class DeskServer(Voila):
    """Voila, announcing the desk's address in one line once it listens (and opening it)."""

    desk_url = ""
    show_browser = True

    def launch_browser(self) -> None:  # Voila calls it once the port is open
        # Announced from inside the running loop, where Voila turns Control-C into a clean
        # stop: a person who presses it as soon as the address shows gets no traceback.
        tornado.ioloop.IOLoop.current().add_callback(self._announce)

    def _announce(self) -> None:
        # Control-C and SIGTERM stop the loop through asyncio's wakeup pipe. Python's own
        # handler runs only when the main thread wakes, and the kernel may deliver the
        # signal to another of the server's threads while the loop sleeps with nothing
        # scheduled: the desk then ignored Control-C (seen once under load in the tests).
        # (Windows has no such handlers; there Control-C keeps Python's default.)
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(number, self.ioloop.stop)
        print(f"{ADDRESS_LINE} {self.desk_url}", flush=True)
        if self.show_browser:
            webbrowser.open(self.desk_url)


def free_port(host: str) -> int:
    """A port nobody is listening on, for when ``--port`` is not given."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def voila_argv(*, notebook: Path, host: str, port: int, token: str) -> list[str]:
    """The Voila options: the desk's notebook, our template and login page, quiet logs, and
    the page's ``lang`` in the language in use (a screen reader picks its voice by it)."""
    from collective_ai.i18n import language

    return [
        str(notebook),
        f"--Voila.ip={host}",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",
        f"--Voila.token={token}",
        "--Voila.open_browser=True",  # our launch_browser decides and prints the address
        f"--Voila.identity_provider_class={__name__}.DeskIdentityProvider",
        f"--VoilaConfiguration.template={VOILA_TEMPLATE}",
        "--VoilaConfiguration.show_tracebacks=False",
        "--Voila.log_level=ERROR",  # the terminal keeps the Desk line, not server chatter
        f"--VoilaExporter.language_code={language()}",
    ]


def host_warning(host: str) -> str | None:
    """The one warning a facilitator reads when the desk listens beyond this computer."""
    from collective_ai.i18n import _

    if host in LOOPBACK:
        return None
    return _(
        "Warning: the desk is listening on {host}, so other devices on this network can "
        "reach it. Anyone with the full {line} address below can read and change your "
        "group's records. Share it only with your committee, and stop the desk (Control-C) "
        "when the meeting ends."
    ).format(host=host, line=ADDRESS_LINE)


def run(*, host: str, port: int | None, token: str, open_browser: bool) -> int:
    """Serve the desk until Control-C (or SIGTERM); the data folder is already in the env.

    The kernels inherit this process's environment, so the language in use goes there too
    (``COLLECTIVE_AI_LANG``): every part of the page speaks it.
    """
    from collective_ai.i18n import ENV, _, language

    os.environ.update(environment())  # the template folder on JUPYTER_PATH
    os.environ[ENV] = language()
    os.environ.pop("COLLECTIVE_AI_STATIC", None)  # the real tools, not the book's frames
    warning = host_warning(host)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    port = port or free_port(host)
    shown_host = f"[{host}]" if ":" in host else host
    with tempfile.TemporaryDirectory(prefix="collective-ai-desk-") as folder:
        notebook = write_notebook(Path(folder))
        app = DeskServer()
        app.desk_url = f"http://{shown_host}:{port}/?token={token}"
        app.show_browser = open_browser
        try:
            app.initialize(voila_argv(notebook=notebook, host=host, port=port, token=token))
            app.start()  # returns after Control-C, once the kernels are shut down
        except KeyboardInterrupt:  # Control-C before the server listened: nothing to stop
            pass
    print(_("Desk stopped. Your data is in the data folder."), flush=True)
    return 0
