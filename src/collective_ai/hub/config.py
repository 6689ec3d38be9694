"""A :class:`~collective_ai.hub.settings.HubSettings` as JupyterHub's configuration.

``jupyterhub_config.py`` beside this module calls :func:`configure` on the hub's ``c``.
Everything is a maintained part: the hub's shared-password authenticator for a room,
NativeAuthenticator for committees' named accounts, ``configurable-http-proxy`` from npm,
``jupyterhub-idle-culler`` as a hub service.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from collective_ai.desk import write_notebook
from collective_ai.hub.settings import LEARNER_PAGES, NAME_PATTERN, HubSettings
from collective_ai.i18n import N_
from collective_ai.live.servers import COURSE_ROOT

SETTINGS_ENV = "COLLECTIVE_AI_HUB_FOLDER"
TOKEN_FILE = "facilitator-token"
FACILITATOR = "facilitator"  # the hub service `collective-ai hub prestart` speaks as
# configurable-http-proxy as the project's setup installs it (`make hub-proxy`).
LOCAL_PROXY = Path(sys.prefix) / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
# The sign-in page's note, in the hub's language (the rest of that page is JupyterHub's own).
LOGIN_NOTE = N_(
    "Sign in with any name you will remember: it need not be your own. "
    "Use the password the facilitator shows."
)
COMMITTEE_NOTE = N_(
    "Committee members: sign in with your own name and password. "
    "New here? Sign up, then ask the person who runs the hub to approve you."
)


def proxy_command() -> list[str]:
    """The proxy the project installed, else one on PATH (as JupyterHub would look)."""
    return [str(LOCAL_PROXY) if LOCAL_PROXY.exists() else "configurable-http-proxy"]


def prepare_course_folder(folder: Path, pages=LEARNER_PAGES) -> Path:
    """Link each landing page into ``FOLDER/course/notebooks`` (what Voila lists); return it.

    The desk's one-cell notebook is written beside them, so a learner reaches every tool too.

    The course's ``book`` and ``references.bib`` are linked beside it, so the labs'
    chapter links and citations resolve as they do in ``make voila``.
    """
    course = Path(folder) / "course"
    notebooks = course / "notebooks"
    notebooks.mkdir(parents=True, exist_ok=True)
    for old in notebooks.iterdir():
        if old.is_symlink():
            old.unlink()
    for page in pages:
        (notebooks / Path(page).name).symlink_to(COURSE_ROOT / page)
    write_notebook(notebooks)  # the desk: each learner's own log, survey, audit and demands
    for name in ("book", "references.bib"):
        link = course / name
        if not link.is_symlink():
            link.symlink_to(COURSE_ROOT / name)
    return notebooks


def facilitator_token(folder: Path) -> str:
    """The token `collective-ai hub prestart` uses, made once and kept private in ``folder``."""
    import secrets

    from collective_ai.files import write_atomic

    path = Path(folder) / TOKEN_FILE
    if not path.exists():
        write_atomic(path, secrets.token_hex(32), mode=0o600)
    return path.read_text(encoding="utf-8").strip()


def configure(c, settings: HubSettings) -> None:
    """Set the hub's configuration object ``c`` from ``settings``."""
    folder = Path(settings.folder)
    prepare_course_folder(folder)
    c.JupyterHub.ip = settings.host
    c.JupyterHub.port = settings.port
    c.JupyterHub.hub_ip = "127.0.0.1"
    if settings.hub_port:
        c.JupyterHub.hub_port = settings.hub_port
    if settings.proxy_api_port:
        c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
    c.ConfigurableHTTPProxy.command = proxy_command()
    c.ConfigurableHTTPProxy.pid_file = str(folder / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{folder / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(folder / "cookie-secret")
    c.JupyterHub.pid_file = str(folder / "hub.pid")
    c.JupyterHub.cleanup_servers = True  # stopping the hub stops every learner's server
    c.JupyterHub.cleanup_proxy = True
    c.Authenticator.username_pattern = NAME_PATTERN
    _authenticate(c, settings)
    c.JupyterHub.spawner_class = "collective_ai.hub.spawner.CourseSpawner"
    c.CourseSpawner.hub_folder = str(folder)
    # A busy laptop starting a room's servers at once needs far more than 30 s.
    c.Spawner.start_timeout = settings.spawn_timeout
    c.Spawner.http_timeout = settings.spawn_timeout
    c.Spawner.default_url = "/voila/"
    c.Spawner.mem_limit = settings.memory_mb * 1024 * 1024  # shown to the server as MEM_LIMIT
    # A closed lab's kernel is shut down after 15 idle minutes, so its memory comes back.
    c.Spawner.args = [
        "--MappingKernelManager.cull_idle_timeout=900",
        "--MappingKernelManager.cull_interval=60",
        "--ServerApp.terminals_enabled=False",
    ]
    c.JupyterHub.redirect_to_server = True
    # A spawn request answers at once (the learner sees the hub's progress page), so
    # pre-starting a room asks for every server without waiting on each in turn.
    c.JupyterHub.tornado_settings = {"slow_spawn_timeout": 0}
    c.JupyterHub.services = [
        {
            "name": "idle-culler",
            "command": [
                sys.executable,
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={settings.cull_after}",
                f"--cull-every={max(10, min(300, settings.cull_after // 4))}",
            ],
        },
        {"name": FACILITATOR, "api_token": facilitator_token(folder)},
    ]
    c.JupyterHub.load_roles = [
        {
            "name": "idle-culler",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["idle-culler"],
        },
        {
            "name": FACILITATOR,
            "scopes": ["list:users", "read:users", "admin:users", "servers", "read:servers"],
            "services": [FACILITATOR],
        },
    ]


def _authenticate(c, settings: HubSettings) -> None:
    """A room shares one password; committees sign in with their own (NativeAuthenticator)."""
    if not settings.named_accounts:
        c.JupyterHub.authenticator_class = "shared-password"
        c.SharedPasswordAuthenticator.user_password = settings.password
        c.Authenticator.allow_all = True
        c.JupyterHub.template_vars = {"announcement_login": _note(LOGIN_NOTE, settings)}
        return
    named = sorted({m for committee in settings.committees for m in committee.members})
    named += sorted(set(settings.admins) - set(named))
    c.JupyterHub.authenticator_class = "nativeauthenticator.NativeAuthenticator"
    # Only the named can sign up (the pattern is checked at sign-up and sign-in), and each
    # sign-up waits for an admin's approval at /hub/authorize, so nobody can take a member's
    # name before they do. NativeAuthenticator would approve anyone in allowed_users at once.
    c.Authenticator.username_pattern = "^(?:" + "|".join(re.escape(n) for n in named) + ")$"
    c.Authenticator.allow_all = True
    c.Authenticator.admin_users = set(settings.admins)
    c.NativeAuthenticator.open_signup = False
    c.NativeAuthenticator.check_common_password = True
    c.NativeAuthenticator.minimum_password_length = 10
    c.NativeAuthenticator.allowed_failed_logins = 5
    c.NativeAuthenticator.seconds_before_next_try = 300
    c.JupyterHub.template_vars = {"announcement_login": _note(COMMITTEE_NOTE, settings)}


def _note(note: str, settings: HubSettings) -> str:
    from collective_ai.i18n import _, using

    with using(settings.lang):
        return _(note)


def configure_from_environment(c) -> None:
    """What ``jupyterhub_config.py`` runs: the settings in ``$COLLECTIVE_AI_HUB_FOLDER``."""
    configure(c, HubSettings.load(os.environ[SETTINGS_ENV]))
