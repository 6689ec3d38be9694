"""Each learner's server: Voila on the course, as ``make voila`` runs it, started by the hub.

The command line is :func:`collective_ai.live.servers.voila_command`'s, run by
``jupyterhub-singleuser`` instead of ``jupyter-server``, so a learner sees the labs exactly
as the room's projector does. Every server runs as the hub's own system account (a laptop
has no account per learner); what keeps learners apart is their folder, and a memory limit
keeps one runaway cell from taking the laptop down for everyone.
"""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner
from traitlets import Unicode, default

from collective_ai.hub.settings import HubSettings
from collective_ai.live.servers import COURSE_ROOT, environment, voila_command

MEGABYTE = 1024 * 1024


class CourseSpawner(SimpleLocalProcessSpawner):
    """A learner's Voila server in ``FOLDER/learners/NAME``, under the hub's memory limit."""

    hub_folder = Unicode("", config=True, help="The folder `collective-ai hub` runs in.")

    @default("cmd")
    def _default_cmd(self):
        return [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]

    @default("home_dir")
    def _default_home_dir(self):
        return str(Path(self.hub_folder) / "learners" / self.user.name)

    def _settings(self) -> HubSettings:
        return HubSettings.load(self.hub_folder)

    def get_args(self):
        course = Path(self.hub_folder) / "course"
        # voila_command's own server program is replaced by jupyterhub-singleuser (self.cmd).
        voila = voila_command(
            root=course / "notebooks", host="127.0.0.1", port=self.port, token="",
            course_root=COURSE_ROOT, language=self._settings().lang,
        )[1:]  # fmt: skip
        return [*voila, *self.args]

    def user_env(self, env):
        settings = self._settings()
        name = self.user.name
        # Our Voila template on JUPYTER_PATH, and the hub's language for the server's kernels.
        env = environment(env, language=settings.lang)
        env.update(
            USER=name,
            # HOME stays the hub's: matplotlib's font cache is built once, not per learner.
            HOME=os.environ.get("HOME", self.home_dir),
            COLLECTIVE_AI_HOME=str(settings.data_home(name)),
            COLLECTIVE_AI_EXPORT="yes" if settings.may_export(name) else "no",
            JUPYTER_RUNTIME_DIR=str(Path(self.home_dir) / "runtime"),
            MALLOC_ARENA_MAX="2",  # fewer malloc arenas: less address space per thread
        )
        env.pop("COLLECTIVE_AI_STATIC", None)  # live labs, never the static book's frames
        return env

    def make_preexec_fn(self, name):
        home, data = self.home_dir, str(self._settings().data_home(self.user.name))
        limit = self._settings().memory_mb * MEGABYTE

        def preexec():  # runs in the child, before the server starts
            os.makedirs(home, 0o700, exist_ok=True)
            os.makedirs(data, 0o700, exist_ok=True)
            os.chdir(home)
            if limit:
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        return preexec
