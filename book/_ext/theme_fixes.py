"""Keep the built book free of console errors when read offline.

Jupyter Book 1 reads the sources twice (``jupyter_book.sphinx`` calls ``builder.read()``
before ``build()``), so sphinx-thebe registers its inline configuration script twice, once
with ``filename=None`` and once with ``filename=""``. The browser then stops on the second
copy ("Identifier 'THEBE_JS_URL' has already been declared"). This extension keeps the
first copy of every inline script.
"""

from __future__ import annotations

from typing import Any


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


def setup(app) -> dict[str, Any]:
    app.connect("html-page-context", drop_duplicate_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
