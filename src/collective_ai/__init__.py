"""Collective AI Expertise: the package behind every notebook in the course."""

__version__ = "0.1.0"
