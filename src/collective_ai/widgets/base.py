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

import json
from pathlib import Path
from typing import Any

from collective_ai.i18n import N_

#: Scripts every view of a lab loads: the static book through book/_ext, the live views
#: through :func:`live_scripts` (JupyterLab runs a trusted ``application/javascript`` output).
ASSETS = Path(__file__).with_name("assets")
#: The words ``lab-a11y.js`` (and the book's ``theme-a11y.js``) write into a page, by the
#: key the scripts ask for them with.
A11Y_WORDS = {
    "skip": N_("Skip to the lab"),
    "chart": N_("Chart (scrolls sideways)"),
    "table": N_("Table"),
    "sections": N_("Sections of {title}"),
    "chapter": N_("this chapter"),
}


class FileUploads:
    """What a lab that reads a person's own CSV shares (AuditLab, SurveyLab): an ``upload``
    control feeding ``files`` (name to bytes, never written anywhere) and a ``source`` control
    choosing among them. A subclass gives ``_source_options()`` and ``_load(name)``."""

    files: dict[str, bytes]
    _quiet: bool = False

    @staticmethod
    def upload_control(tooltip: str):
        """The "Load a CSV" button: one file at a time, read in the browser, kept in memory."""
        import ipywidgets as widgets

        from collective_ai.i18n import _

        return widgets.FileUpload(
            accept=".csv", multiple=False, description=_("Load a CSV"), tooltip=tooltip
        )

    def load_csv(self, name: str, data: bytes) -> None:
        """Add a file (as the upload control does) and show what the lab makes of it."""
        self.files[name] = data
        self._quiet = True  # changing the options must not load the previous choice again
        self.controls["source"].options = self._source_options()
        self._quiet = False
        if self.controls["source"].value == name:
            self._load(name)
        else:
            self.controls["source"].value = name

    def _on_upload(self, change) -> None:
        for item in change["new"] or ():
            self.load_csv(str(item["name"]), bytes(item["content"]))


def words_script(lang: str | None = None) -> str:
    """``window.collectiveAiWords``: :data:`A11Y_WORDS` in ``lang`` (default: the language in
    use), set before ``lab-a11y.js`` runs, which keeps its English only for a page without it.

    The static book puts this in each page for its edition's language (book/_ext).
    """
    from collective_ai.i18n import _, language, using

    with using(lang or language()):
        words = {key: _(text) for key, text in A11Y_WORDS.items()}
    # "<" escaped, so no word can end the <script> element it sits in.
    text = json.dumps(words, ensure_ascii=False).replace("<", "\\u003c")
    return f"window.collectiveAiWords = {text};\n"


def live_scripts():
    """The accessibility script for sliders, with its words in the language in use, as an
    output JupyterLab and Voila run once."""
    from IPython.display import Javascript

    return Javascript(words_script() + (ASSETS / "lab-a11y.js").read_text(encoding="utf-8"))


class LabView:
    """Base for the course's widgets; subclasses build ``self.ui`` and call ``_refresh``."""

    controls: dict[str, Any]
    result: Any = None
    figure: Any = None
    summary: str = ""
    ui: Any = None

    def _ipython_display_(self) -> None:
        self._show_live()

    def _show_live(self) -> None:
        """The widgets, with the script that makes every lab usable by keyboard and by finger
        (24 px targets, labels above controls on a phone): the book's pages load it anyway,
        Voila and JupyterLab only through this output."""
        from IPython.display import display

        display(self.ui, live_scripts())


def fluid(width: str) -> dict:
    """A control's layout: ``width`` wide where there is room, the screen's width on a phone."""
    return {"width": "100%", "max_width": width}


def summary_html(summary: str, *, live: bool = False) -> str:
    """The sentence under a chart: large enough to read from a seat, announced when it changes."""
    from collective_ai.escaping import escape_html

    polite = ' aria-live="polite"' if live else ""
    return f'<p{polite} style="font-size:1.15em;line-height:1.45">{escape_html(summary)}</p>'
