"""The configuration file ``collective-ai hub`` starts JupyterHub with (``jupyterhub -f``)."""

from collective_ai.hub.config import configure_from_environment

configure_from_environment(get_config())  # noqa: F821 (JupyterHub's config loader defines it)
