"""Words the handouts take from the book's sources, translated like the package's own.

The worksheet, the log, the ground rules and the evaluation form print text read from the
book (:mod:`collective_ai.workshop.sources`). Each such text goes through :func:`sourced`,
which looks it up in the package's catalog. :func:`extract_handouts` is a Babel extractor
(see ``babel.cfg``): it builds those handouts in English and yields every text that went
through :func:`sourced`, so ``make messages`` puts exactly the printed texts in the
catalog, and an edited paragraph in the book comes back to the translator as fuzzy.
:func:`extract_notebook` reads the captions a lab chapter's code cells pass as ``_("...")``.
"""

from __future__ import annotations

from pathlib import Path

from collective_ai.i18n import _, using

_recording: list[tuple[Path, str]] | None = None


def sourced(text: str, source: Path) -> str:
    """``text``, read from ``source`` in the book, in the language in use."""
    if _recording is not None:
        _recording.append((Path(source).resolve(), text))
    return _(text)


def sourced_messages() -> list[tuple[Path, str]]:
    """(source file, text) for every text the handouts read from the book, in English."""
    global _recording
    from collective_ai.workshop.book_handouts import SOURCED_BUILDERS

    _recording = []
    try:
        with using("en"):
            for build in SOURCED_BUILDERS:
                build()
        return list(dict.fromkeys(_recording))
    finally:
        _recording = None


def extract_handouts(fileobj, keywords, comment_tags, options):
    """Babel extraction method: the sourced texts that come from the file being read."""
    path = Path(getattr(fileobj, "name", "")).resolve()
    for source, text in sourced_messages():
        if source == path and text.strip():
            yield 0, None, text, ["Printed on a handout; read from " + path.name]


def extract_notebook(fileobj, keywords, comment_tags, options):
    """Babel extraction method for a notebook: the ``_("...")`` calls in its code cells.

    A chapter passes its captions to the package as ``_("...")`` literals; Babel's Python
    extractor reads each code cell, and the line numbers count from the notebook's first
    code line, cell after cell.
    """
    import io
    import json

    from babel.messages.extract import extract_python

    cells = json.loads(fileobj.read().decode("utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    yield from extract_python(io.BytesIO(code.encode("utf-8")), keywords, comment_tags, options)
