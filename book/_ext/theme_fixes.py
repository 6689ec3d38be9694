"""Fixes to what the stock theme puts on every page, found by the real-browser tests.

- Jupyter Book 1 reads the sources twice (``jupyter_book.sphinx`` calls ``builder.read()``
  before ``build()``), so sphinx-thebe registers its inline configuration script twice,
  once with ``filename=None`` and once with ``filename=""``. The browser then stops on the
  second copy ("Identifier 'THEBE_JS_URL' has already been declared"). We keep the first
  copy of every script.
- axe-core reports serious or critical violations on every page: the search buttons and
  the colour-mode button are named differently from what they show, the sidebar's
  ``<summary>`` toggles are empty, and the bibliography is a list without list items.
  ``static/theme-a11y.js`` gives them accurate names and roles. On pages with widgets the
  primary (blue) button text is under the contrast minimum: ``static/widgets-a11y.css``.
- Slider handles have no name and announce a frame index: ``collective_ai/widgets/assets/
  lab-a11y.js``, which the live labs load too. The words it writes into a page (the skip
  link, a scroll box's name) come before it, in the edition's language, from the package's
  catalog (``lab_words``), so the Spanish book's pages say them in Spanish.
- The book's root ``index.html`` is Jupyter Book's bare redirect, with no icon link, so a
  browser opening it asks for ``/favicon.ico``, which 404s in the console
  (``test_page_works_offline[index.html]``, when the request wins the race with the
  redirect). ``root_favicon`` puts the course's icon there (``favicon.ico``, the same three
  circles as ``book/_vendor/favicon.svg``).
- Sphinx copies static files only when some page is rebuilt, so a fix to one of these files
  alone never reached the built book ("no targets are out of date"): ``stale_static`` asks
  for the landing page again whenever a static file differs from its built copy.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path
from typing import Any

STATIC = Path(__file__).parent / "static"
ROOT_ICON = Path(__file__).parent / "favicon.ico"


def _script_key(script: Any) -> tuple:
    """Identify a script by what lands in the page: its source, priority and attributes."""
    return (script.filename or "", script.priority, tuple(sorted(script.attributes.items())))


def drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    """Remove repeated <script> entries from one page, keeping their first position."""
    seen: set[tuple] = set()
    unique = []
    for script in context.get("script_files", []):
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def add_static_path(app, config) -> None:
    from collective_ai.widgets.base import ASSETS  # lab-a11y.js, shared with the live views

    config.html_static_path.extend([str(STATIC), str(ASSETS)])


def lab_words(app) -> None:
    """``window.collectiveAiWords`` in each page, before ``lab-a11y.js``, in the edition's
    language (``language: es`` in the Spanish configuration; English for any other)."""
    from collective_ai.i18n import DEFAULT, available
    from collective_ai.widgets.base import words_script

    language = app.config.language if app.config.language in available() else DEFAULT
    app.add_js_file(None, body=words_script(language), priority=400)


def stale_static(app, env, added, changed, removed) -> list[str]:
    """The root page, when any static file differs from (or is missing in) ``_static/``."""
    built = Path(app.outdir) / "_static"
    for folder in map(Path, app.config.html_static_path):
        folder = folder if folder.is_absolute() else Path(app.confdir) / folder
        for source in (f for f in folder.rglob("*") if f.is_file()):
            copy = built / source.relative_to(folder)
            if not copy.is_file() or not filecmp.cmp(source, copy, shallow=False):
                return [app.config.root_doc]
    return []


def root_favicon(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        shutil.copyfile(ROOT_ICON, Path(app.outdir) / "favicon.ico")


def setup(app) -> dict[str, Any]:
    app.connect("config-inited", add_static_path)
    app.connect("builder-inited", lab_words)
    app.connect("env-get-outdated", stale_static)
    app.connect("build-finished", root_favicon)
    app.connect("html-page-context", drop_duplicate_scripts)
    app.add_js_file("theme-a11y.js")
    app.add_js_file("lab-a11y.js")
    app.add_css_file("widgets-a11y.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
