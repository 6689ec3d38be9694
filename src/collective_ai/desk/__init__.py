"""The desk: every tool a committee uses, on its own data, in one browser page.

``collective-ai desk`` (:mod:`collective_ai.desk.cli`) starts Voila on a one-cell notebook
that calls :func:`show_desk`, written when the desk starts (:func:`write_notebook`; the
package ships no notebook, so none can be mistaken for an exercise's). The page is
:func:`build_desk`: the data folder in words, then one tab per part of
:data:`~collective_ai.desk.parts.PARTS`. Anything else that runs a kernel (JupyterLab, a
hub) can show the same desk with ``from collective_ai.desk import show_desk; show_desk()``.
"""

from __future__ import annotations

from pathlib import Path

NOTEBOOK_NAME = "desk.ipynb"
PARTS_CLASS = "collective-ai-desk-parts"
#: Tab names dark enough to read (WCAG AA); on a phone the tabs wrap instead of being cut,
#: each label sits above its box, a row of buttons wraps (Spanish words run longer) and
#: wide tables scroll sideways.
STYLE = f"""<style>
.{PARTS_CLASS} > .widget-tab-bar {{ height: auto; }}
.{PARTS_CLASS} .lm-TabBar-content {{ flex-wrap: wrap; }}
.{PARTS_CLASS} .lm-TabBar-tab {{ flex: 0 0 auto !important; min-width: 0; }}
.{PARTS_CLASS} .lm-TabBar-tab, .{PARTS_CLASS} .lm-TabBar-tabLabel {{
  color: #1a1a1a !important; opacity: 1 !important;
}}
@media (max-width: 640px) {{
  .{PARTS_CLASS} .widget-tab-contents {{ padding: 6px; }}
  .{PARTS_CLASS} table {{ display: block; max-width: 100%; overflow-x: auto; }}
  .{PARTS_CLASS} :is(.widget-text, .widget-textarea, .widget-dropdown, .widget-slider) {{
    flex-wrap: wrap; height: auto; width: 100% !important;
  }}
  .{PARTS_CLASS} :is(.widget-text, .widget-textarea, .widget-dropdown, .widget-slider)
    > .widget-label {{
    width: 100% !important; max-width: none !important; text-align: left !important;
  }}
  .{PARTS_CLASS} .widget-slider .slider-container {{ flex: 1 1 0; min-width: 0; }}
  .{PARTS_CLASS} .widget-slider .widget-readout {{ min-width: 3em; }}
  .{PARTS_CLASS} .widget-dropdown > select {{ height: var(--jp-widgets-inline-height); }}
  .{PARTS_CLASS} .widget-hbox:has(> button) {{ flex-wrap: wrap; row-gap: 4px; }}
  .{PARTS_CLASS} .widget-hbox > button {{ width: auto; max-width: 100%; }}
}}
</style>"""


def write_notebook(folder: Path) -> Path:
    """Write the desk's notebook (one cell: :func:`show_desk`) into ``folder``; its path."""
    import json

    from collective_ai.files import write_atomic

    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "desk",
                "metadata": {},
                "outputs": [],
                "source": ["from collective_ai.desk import show_desk\n", "\n", "show_desk()"],
            }
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return write_atomic(Path(folder) / NOTEBOOK_NAME, json.dumps(notebook, indent=1))


def build_desk():
    """The desk's widget: where the data lives, then a tab for each part.

    Returns
    -------
    ipywidgets.VBox
        Opening a tab builds its part; the parts read and write the data folder
        (``COLLECTIVE_AI_HOME``, else the course's user data folder).
    """
    import ipywidgets as widgets

    from collective_ai.demands.drafts import data_home
    from collective_ai.desk.parts import PARTS, lazy_tabs
    from collective_ai.escaping import escape_html
    from collective_ai.i18n import _

    folder = f"<code>{escape_html(str(data_home()))}</code>"
    title = escape_html(_("Committee desk"))
    where = escape_html(
        _(
            "Your group's data folder: {folder}. Everything you type or load is kept in that "
            "folder on this computer; nothing is sent anywhere. Copy the folder to back it up."
        )
    ).format(folder=folder)
    header = widgets.HTML(f"{STYLE}<h1>{title}</h1><p>{where}</p>")
    tabs = lazy_tabs(PARTS)
    tabs.add_class(PARTS_CLASS)
    return widgets.VBox([header, tabs])


def show_desk() -> None:
    """Display the desk and the labs' accessibility script in a running notebook."""
    from IPython.display import display

    from collective_ai.widgets.base import live_scripts

    display(build_desk(), live_scripts())
