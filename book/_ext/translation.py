"""The book in a second language: Sphinx's gettext route, made visible to readers.

Jupyter Book 1 has no language flag, so the Spanish edition is the same sources built with a
second configuration (``language: es``, ``locale_dirs: [locales/]``) that
``python book/_ext/translation.py config es`` writes from ``_config.yml``; Sphinx replaces
each paragraph by its ``msgstr`` in ``locales/es/LC_MESSAGES/<page>.po`` (``make po`` keeps
them in step with the English, and a changed English paragraph comes back *fuzzy*, which
Sphinx leaves in English). This extension, loaded by both editions:

- prints, for a translated edition, the share of each page's messages translated
  (:func:`status_lines`), so a build says how far the translation has come;
- puts a notice at the top of a translated page whose catalogue is incomplete or has fuzzy
  entries, in that language, so nobody mistakes the English left in it for an oversight;
- links every page to the same page in the other edition (``translation_editions``: the
  Spanish edition is built into ``es/`` inside the English one, so a relative link works
  from a web server, a folder and the USB bundle alike).

Command line: ``python book/_ext/translation.py config LANG [--cache DIR]`` prints the
edition's configuration (``--cache``: another notebook cache than the edition's own); ``python book/_ext/translation.py status LANG`` prints the status lines.
"""

from __future__ import annotations

import html
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
SOURCE_LANGUAGE = "en"
# Where each translated edition sits inside the English one, and what it says to readers.
EDITIONS = {
    "en": {
        "folder": "",
        "switch": "Read this page in English",
        "name": "English",
    },
    "es": {
        "folder": "es/",
        "switch": "Leer esta página en español",
        "name": "Español",
        "incomplete_title": "Traducción incompleta",
        "incomplete": (
            "Esta página todavía no está traducida por completo: {done} de {total} "
            "fragmentos están en español ({share}). Lo que falta aparece en inglés."
        ),
        "fuzzy": (
            " {fuzzy} fragmentos cambiaron en la versión en inglés y su traducción espera "
            "una revisión; mientras tanto se muestran en inglés."
        ),
    },
}
# Where an edition's executed notebooks are kept: the Spanish build runs them with
# COLLECTIVE_AI_LANG=es, so their outputs (the labs' summaries, tables and charts) speak
# Spanish, and they must never be mixed with the English ones (``make book LANG=es``).
EXECUTION_CACHES = {"es": "_build/.jupyter_cache_es"}
# What the Spanish configuration changes in _config.yml (the rest is shared).
SPANISH = {
    "title": "Collective AI Expertise (edición en español)",
    "execute.cache": EXECUTION_CACHES["es"],
    "sphinx.config.language": "es",
    "sphinx.config.locale_dirs": ["locales/"],
    "sphinx.config.gettext_compact": False,
    "sphinx.config.gettext_location": False,
    "sphinx.config.nb_code_prompt_show": "Mostrar el código Python",
    "sphinx.config.nb_code_prompt_hide": "Ocultar el código Python",
    "sphinx.config.html_theme_options.search_bar_text": "Buscar en este libro",
    "sphinx.config.html_theme_options.extra_footer": (
        "Código bajo la licencia MIT; textos y figuras bajo CC BY 4.0 (vea «Licence and credits»)."
    ),
}


@dataclass(frozen=True)
class Progress:
    """How much of one page's catalogue is translated."""

    total: int
    done: int
    fuzzy: int

    @property
    def complete(self) -> bool:
        return self.done == self.total and not self.fuzzy

    @property
    def share(self) -> str:
        return f"{100 * self.done / self.total:.0f} %" if self.total else "100 %"


def catalogue(language: str, docname: str, locales: Path = LOCALES) -> Path:
    return locales / language / "LC_MESSAGES" / f"{docname}.po"


def progress(po_file: Path) -> Progress:
    """Count the messages of a ``.po`` file: all, translated (non-empty, not fuzzy), fuzzy."""
    from babel.messages.pofile import read_po

    with open(po_file, "rb") as handle:
        messages = [m for m in read_po(handle) if m.id]
    fuzzy = sum(1 for m in messages if m.fuzzy)
    done = sum(1 for m in messages if m.string and not m.fuzzy)
    return Progress(total=len(messages), done=done, fuzzy=fuzzy)


def status_lines(language: str, docnames, locales: Path = LOCALES) -> list[str]:
    """One line per page (messages translated / total) and one for the whole edition."""
    lines, done, total = [], 0, 0
    for docname in sorted(docnames):
        po_file = catalogue(language, docname, locales)
        if not po_file.is_file():
            lines.append(f"translation {language}: {docname}: no catalogue")
            continue
        counted = progress(po_file)
        done, total = done + counted.done, total + counted.total
        fuzzy = f", {counted.fuzzy} fuzzy" if counted.fuzzy else ""
        lines.append(
            f"translation {language}: {docname}: {counted.done}/{counted.total}"
            f" ({counted.share}{fuzzy})"
        )
    whole = Progress(total=total, done=done, fuzzy=0)
    lines.append(f"translation {language}: whole book: {done}/{total} ({whole.share})")
    return lines


def notice_text(language: str, counted: Progress) -> str:
    words = EDITIONS[language]
    text = words["incomplete"].format(done=counted.done, total=counted.total, share=counted.share)
    if counted.fuzzy:
        text += words["fuzzy"].format(fuzzy=counted.fuzzy)
    return text


def add_incomplete_notice(app, doctree, docname) -> None:
    """Put the notice under the page's title when its catalogue is not fully translated."""
    from docutils import nodes

    language = app.config.language
    if language == SOURCE_LANGUAGE or language not in EDITIONS:
        return
    po_file = catalogue(language, docname, Path(app.srcdir) / "locales")
    counted = progress(po_file) if po_file.is_file() else None
    if counted is not None and counted.complete:
        return
    text = notice_text(language, counted or Progress(total=0, done=0, fuzzy=0))
    notice = nodes.admonition(classes=["warning", "translation-incomplete"])
    notice += nodes.title(text=EDITIONS[language]["incomplete_title"])
    notice += nodes.paragraph(text=text)
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, notice)
    else:
        doctree.insert(0, notice)


def translate_toc_captions(app, doctree) -> None:
    """Translate the part captions of the table of contents (the sidebar's headings).

    sphinx-external-toc inserts its toctrees after Sphinx's ``Locale`` transform has run, so
    their captions reach the page in English although ``make po`` extracts them.
    """
    from sphinx import addnodes
    from sphinx.locale import init as init_locale
    from sphinx.util.i18n import docname_to_domain

    config = app.config
    if config.language == SOURCE_LANGUAGE or not config.locale_dirs:
        return
    domain = docname_to_domain(app.env.docname, config.gettext_compact)
    folders = [str(Path(app.srcdir) / folder) for folder in config.locale_dirs]
    catalog, found = init_locale(folders, config.language, domain)
    for toctree in doctree.findall(addnodes.toctree) if found else ():
        if toctree.get("caption"):
            toctree["caption"] = toctree["rawcaption"] = catalog.gettext(toctree["caption"])


def switch_link(language: str, pagename: str, editions: list[str]) -> str:
    """The HTML of the link from ``pagename`` to the same page in the other edition."""
    others = [other for other in editions if other != language]
    if language not in EDITIONS or not others:
        return ""
    other = others[0]
    up = "../" * pagename.count("/")
    here, there = EDITIONS[language]["folder"], EDITIONS[other]["folder"]
    # From this edition's root to the English root, then down into the other edition.
    to_english = "../" * here.count("/")
    href = f"{up}{to_english}{there}{pagename}.html"
    text = html.escape(EDITIONS[other]["switch"])
    return (
        f'<p class="edition-switch"><a href="{html.escape(href)}" hreflang="{other}" '
        f'lang="{other}">{text}</a></p>\n'
    )


def add_switch_link(app, pagename, templatename, context, doctree) -> None:
    if doctree is None or "body" not in context:
        return
    link = switch_link(app.config.language, pagename, app.config.translation_editions)
    context["body"] = link + context["body"]


def print_status(app, exception) -> None:
    from sphinx.util import logging

    language = app.config.language
    if exception is not None or language == SOURCE_LANGUAGE or app.builder.format != "html":
        return
    logger = logging.getLogger(__name__)
    for line in status_lines(language, app.env.found_docs, Path(app.srcdir) / "locales"):
        logger.info(line)


def editions_from_environment() -> list[str]:
    """``BOOK_EDITIONS="en es"`` when both are built; alone, an edition links nowhere."""
    return os.environ.get("BOOK_EDITIONS", SOURCE_LANGUAGE).split()


def setup(app) -> dict[str, Any]:
    # "html": a change re-writes every page (its links), without reading the sources again.
    app.add_config_value("translation_editions", editions_from_environment(), "html")
    app.connect("doctree-read", translate_toc_captions)
    app.connect("doctree-resolved", add_incomplete_notice)
    app.connect("html-page-context", add_switch_link)
    app.connect("build-finished", print_status)
    app.add_css_file("translation.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def edition_config(
    language: str, english: Path = ROOT / "_config.yml", *, cache: str | None = None
) -> str:
    """The YAML configuration of an edition: ``_config.yml`` with the edition's changes.

    ``cache`` replaces the edition's notebook cache: ``make po`` reads the English one, since
    what it extracts for translators must come from the English outputs.
    """
    import yaml

    config = yaml.safe_load(english.read_text(encoding="utf-8"))
    # Jupyter Book finds local extensions relative to the configuration file, which for an
    # edition lives under _build/: name their folders in full.
    extensions = config["sphinx"]["local_extensions"]
    for name, folder in extensions.items():
        extensions[name] = (english.parent / folder).resolve().as_posix()
    for dotted, value in SPANISH.items() if language == "es" else ():
        *parents, key = dotted.split(".")
        target = config
        for name in parents:
            target = target.setdefault(name, {})
        target[key] = value
    if cache is not None:
        config["execute"]["cache"] = cache
    head = f"# Generated by book/_ext/translation.py from _config.yml ({language}); do not edit.\n"
    return head + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def main(argv: list[str]) -> int:
    cache = None
    if len(argv) == 4 and argv[0] == "config" and argv[2] == "--cache":
        argv, cache = argv[:2], argv[3]
    if len(argv) != 2 or argv[0] not in {"config", "status"} or argv[1] not in EDITIONS:
        print(
            "usage: translation.py config LANGUAGE [--cache DIR] | status LANGUAGE", file=sys.stderr
        )
        return 2
    command, language = argv
    if command == "config":
        print(edition_config(language, cache=cache), end="")
        return 0
    folder = LOCALES / language / "LC_MESSAGES"
    docnames = [p.relative_to(folder).with_suffix("").as_posix() for p in folder.rglob("*.po")]
    print("\n".join(status_lines(language, docnames)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
