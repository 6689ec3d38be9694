"""The Littlest JupyterHub: every learner lands on the labs in Voila, as on a laptop's hub.

Copy to /opt/tljh/config/jupyterhub_config.d/ (deploy/README.md, "A union's own server")
after cloning the course to /opt/collective-ai. The server flags are the ones
``make voila`` and ``collective-ai hub`` use (collective_ai.live.servers.voila_command),
less those that say where one server listens: TLJH sets those.
"""

import sys
from pathlib import Path

COURSE = Path("/opt/collective-ai")
sys.path.insert(0, str(COURSE / "src"))  # servers.py needs only the standard library

from collective_ai.live.servers import JUPYTER_DATA, voila_command  # noqa: E402

PER_SERVER = (
    "--no-browser",
    "--ServerApp.ip=",
    "--ServerApp.port=",
    "--ServerApp.port_retries=",
    "--IdentityProvider.token=",
    "--allow-root",
)

c = get_config()  # noqa: F821 (JupyterHub's config loader defines it)
c.Spawner.args = [
    flag
    for flag in voila_command(root=COURSE / "notebooks", host="", port=0, token="")[1:]
    if not flag.startswith(PER_SERVER)
]
c.Spawner.environment = {"JUPYTER_PATH": str(JUPYTER_DATA)}
c.Spawner.default_url = "/voila/"
