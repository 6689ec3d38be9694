"""What every widget in the course promises, so tests and instructors can drive it.

A lab is a *view* over a pure, unit-tested function. It exposes:

- ``controls``: a dict from parameter name to the ipywidget that sets it;
- ``result``: the latest return value of the pure function;
- ``figure``: the matplotlib Figure, updated in place on every change (None if the view
  has no figure);
- ``summary``: a plain-language sentence describing what the figure shows, which is
  also the figure's text alternative.

Setting ``lab.controls[name].value`` recomputes synchronously, so a test can set a value
and assert on ``result``, ``figure`` and ``summary`` on the next line.
"""

from __future__ import annotations

from typing import Any


class LabView:
    """Base for the course's widgets; subclasses build ``self.ui`` and call ``_refresh``."""

    controls: dict[str, Any]
    result: Any = None
    figure: Any = None
    summary: str = ""
    ui: Any = None

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.ui)
