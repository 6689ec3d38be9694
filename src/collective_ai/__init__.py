"""Collective AI Expertise: the package behind every notebook in the course."""

# The one place the version is written: pyproject.toml reads it (tool.setuptools.dynamic).
__version__ = "0.1.0"
