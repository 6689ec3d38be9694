"""The Spanish edition's catalogues (locales/es) and the extension that shows their state.

No book is built here: the catalogues are read with Babel, and the extension's functions
(``book/_ext/translation.py``) are called on small documents. ``make book LANG=es`` is the
build; the browser tests check what it made.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import translation  # noqa: E402  (book/_ext is not a package)

MESSAGES = ROOT / "locales" / "es" / "LC_MESSAGES"
# The pages translated in full, in the order the issue asks for them. A page joins this list
# once every one of its messages has a reviewed Spanish entry.
TRANSLATED = [
    "book/index",
    "book/how-to-use",
    "book/why-collective",
    "book/glossary",
    "book/scoring-systems",
    "book/practical-steps",
    "book/facilitator-guide",
    "notebooks/hiring-screener",
    "notebooks/warehouse-rates",
    "notebooks/call-centre",
    "notebooks/documenting-ai",
    "notebooks/making-demands",
]
# English term -> what its Spanish entry must say (locales/es/glossary.md). Both are patterns:
# plurals read naturally ("tasas de selección"), and JupyterHub's proxy (a web server) is not
# the glossary's proxy.
TERMS = {
    "four-fifths": r"cuatro quintas partes",
    "selection rate": r"tasas? de selección",
    "impact ratio": r"índices? de impacto",
    "scoring rate": r"tasas? de puntuación",
    "adverse impact": r"impacto adverso",
    "disparate impact": r"impacto dispar",
    "steward": r"delegad[oa]s?",
    "grievance": r"quejas?",
    "bargaining unit": r"unidad(es)? de negociación",
    "information request": r"solicitud(es)? de información",
    "threshold": r"umbral(es)?",
    r"(?<!hub's )(?<!its )\bprox(y|ies)\b": r"indicador(es)? indirecto",
    "just cause": r"causa justa",
    "human review": r"revisión humana",
    "documentation log": r"registro",
    "error rate": r"tasas? de error",
}
ROLE = re.compile(r"\{([\w:.-]+)\}`([^`]*)`")
CODE = re.compile(r"``?[^`]+``?")
LINK = re.compile(r"\]\(([^)\s]+)\)")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def role_targets(text: str) -> list[tuple[str, str]]:
    """Each MyST role in ``text`` as (role, target): ``{term}`tasa <selection rate>``` has
    the target ``selection rate``, so a translated title may replace an English one."""
    found = []
    for role, content in ROLE.findall(text):
        explicit = re.search(r"<([^<>]+)>\s*$", content)
        found.append((role, explicit.group(1) if explicit else content))
    return sorted(found)


def _prose(text: str) -> str:
    return CODE.sub(" ", ROLE.sub(" ", text))


def problems(msgid: str, msgstr: str) -> list[str]:
    """What a Spanish entry changed that it must keep: roles, code, link targets, numbers."""
    found = []
    if not msgstr.strip():
        found.append("empty")
    if role_targets(msgid) != role_targets(msgstr):
        found.append(f"roles {role_targets(msgid)} became {role_targets(msgstr)}")
    if sorted(CODE.findall(ROLE.sub(" ", msgid))) != sorted(CODE.findall(ROLE.sub(" ", msgstr))):
        found.append("inline code changed")
    if sorted(LINK.findall(msgid)) != sorted(LINK.findall(msgstr)):
        found.append("link targets changed")
    if re.match(r"\d+\. ", msgid) and not re.match(r"\d+\\\. ", msgstr):
        # A numbered heading: unescaped, MyST reads "1. Qué..." as a list item, so Sphinx
        # refuses it as a section title and shows the English.
        found.append("numbered heading: write '1\\. ...'")
    missing = sorted(set(NUMBER.findall(_prose(msgid))) - set(NUMBER.findall(_prose(msgstr))))
    if missing:
        found.append(f"numbers missing: {missing}")
    # Glossary terms count in the prose and in {term} roles (whose Spanish title says them),
    # not in page names or citation keys.
    terms = " ".join(target for role, target in role_targets(msgid) if role == "term")
    lowered, spanish = f"{_prose(msgid)} {terms}".lower(), msgstr.lower()
    for english, term in TERMS.items():
        if re.search(english, lowered) and not re.search(term, spanish):
            found.append(f"glossary: {english!r} must read {term!r}")
    return found


def messages_of(po_file: Path) -> list:
    with open(po_file, "rb") as handle:
        return [message for message in read_po(handle) if message.id]


def messages(docname: str) -> list:
    return messages_of(MESSAGES / f"{docname}.po")


@pytest.mark.parametrize("docname", TRANSLATED)
def test_every_message_of_a_translated_page_has_a_reviewed_entry(docname):
    entries = messages(docname)
    assert entries, f"{docname}.po holds no message"
    untranslated = [m.id[:60] for m in entries if not m.string or m.fuzzy]
    assert not untranslated, f"{docname}: {len(untranslated)} missing or fuzzy: {untranslated}"


@pytest.mark.parametrize("docname", TRANSLATED)
def test_entries_keep_markup_numbers_and_the_glossary(docname):
    found = [
        f"{m.id[:70]!r}: {problem}"
        for m in messages(docname)
        if m.string
        for problem in problems(m.id, m.string)
    ]
    assert not found, "\n".join(found)


def test_the_checks_catch_each_kind_of_change():
    english = "The {term}`four-fifths rule` uses `make po`, [a](x.md) and 80% {cite:p}`cfr1607`."
    good = (
        "La {term}`regla de las cuatro quintas partes <four-fifths rule>` usa `make po`, "
        "[a](x.md) y el 80% {cite:p}`cfr1607`."
    )
    assert problems(english, good) == []
    assert problems(english, good.replace("80%", "ochenta por ciento")) == [
        "numbers missing: ['80']"
    ]
    assert "inline code changed" in problems(english, good.replace("`make po`", "make po"))
    assert "link targets changed" in problems(english, good.replace("(x.md)", "(y.md)"))
    assert any("roles" in p for p in problems(english, good.replace("cfr1607", "cfr")))
    assert any("glossary" in p for p in problems(english, good.replace("cuatro quintas", "4/5")))
    assert problems(english, "")[0] == "empty"
    assert problems("1. Talk", "1\\. Conversar") == []
    assert problems("1. Talk", "1. Conversar") == ["numbered heading: write '1\\. ...'"]


def test_every_page_of_the_book_has_a_spanish_catalogue():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    pages = ["book/index", *re.findall(r"file: (\S+)", toc)]
    missing = [page for page in pages if not (MESSAGES / f"{page}.po").is_file()]
    assert not missing, f"run `make po`: no catalogue for {missing}"


def _catalogue(folder: Path, docname: str, entries: list[tuple[str, str, bool]]) -> Path:
    path = folder / "es" / "LC_MESSAGES" / f"{docname}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for msgid, msgstr, fuzzy in entries:
        lines += ["#, fuzzy"] if fuzzy else []
        lines += [f'msgid "{msgid}"', f'msgstr "{msgstr}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_progress_counts_translated_empty_and_fuzzy_entries(tmp_path):
    path = _catalogue(
        tmp_path, "a", [("One", "Uno", False), ("Two", "", False), ("Three", "Tres", True)]
    )
    assert translation.progress(path) == translation.Progress(total=3, done=1, fuzzy=1)


def test_the_status_line_gives_each_page_and_the_whole_book(tmp_path):
    _catalogue(tmp_path, "book/a", [("One", "Uno", False), ("Two", "Dos", False)])
    _catalogue(tmp_path, "book/b", [("One", "Uno", False), ("Two", "", False)])
    lines = translation.status_lines("es", ["book/b", "book/a", "book/c"], tmp_path)
    assert lines == [
        "translation es: book/a: 2/2 (100 %)",
        "translation es: book/b: 1/2 (50 %)",
        "translation es: book/c: no catalogue",
        "translation es: whole book: 3/4 (75 %)",
    ]


def test_the_status_command_reads_the_repository_catalogues():
    result = subprocess.run(
        [sys.executable, str(ROOT / "book" / "_ext" / "translation.py"), "status", "es"],
        capture_output=True,
        text=True,
        check=True,
    )
    for docname in TRANSLATED:
        total = len(messages(docname))
        assert f"translation es: {docname}: {total}/{total} (100 %)" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("translation es: whole book: ")


def _page(title: str = "Título"):
    from docutils import nodes
    from docutils.utils import new_document
    from sphinx.util.docutils import docutils_namespace

    with docutils_namespace():
        document = new_document("<test>")
    section = nodes.section()
    section += nodes.title(text=title)
    section += nodes.paragraph(text="Texto.")
    document += section
    return document


class _App:
    def __init__(self, srcdir: Path, language: str = "es") -> None:
        self.srcdir = srcdir
        self.config = type("Config", (), {"language": language})()


def test_an_incomplete_page_says_so_in_spanish_under_its_title(tmp_path):
    locales = tmp_path / "locales"
    _catalogue(locales, "book/a", [("One", "Uno", False), ("Two", "", False), ("X", "X", True)])
    document = _page()
    translation.add_incomplete_notice(_App(tmp_path), document, "book/a")
    section = document[0]
    notice = section[1]
    assert "translation-incomplete" in notice["classes"]
    assert notice[0].astext() == "Traducción incompleta"
    assert notice[1].astext() == (
        "Esta página todavía no está traducida por completo: 1 de 3 fragmentos están en "
        "español (33 %). Lo que falta aparece en inglés. 1 fragmentos cambiaron en la "
        "versión en inglés y su traducción espera una revisión; mientras tanto se muestran "
        "en inglés."
    )


def test_a_complete_page_and_the_english_edition_carry_no_notice(tmp_path):
    locales = tmp_path / "locales"
    _catalogue(locales, "book/a", [("One", "Uno", False)])
    complete, english = _page(), _page()
    translation.add_incomplete_notice(_App(tmp_path), complete, "book/a")
    translation.add_incomplete_notice(_App(tmp_path, "en"), english, "book/b")
    assert len(complete[0]) == len(english[0]) == 2


def test_the_switch_links_each_page_to_the_same_page_in_the_other_edition():
    english = translation.switch_link("en", "book/case-studies/wga", ["en", "es"])
    spanish = translation.switch_link("es", "book/case-studies/wga", ["en", "es"])
    assert 'href="../../es/book/case-studies/wga.html" hreflang="es"' in english
    assert "Leer esta página en español" in english
    assert 'href="../../../book/case-studies/wga.html" hreflang="en"' in spanish
    assert translation.switch_link("es", "index", ["en", "es"]).count('href="../index.html"')
    assert translation.switch_link("en", "book/index", ["en"]) == ""


def test_the_spanish_configuration_is_the_english_one_with_its_changes():
    import yaml

    english = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    spanish = yaml.safe_load(translation.edition_config("es"))
    assert spanish["sphinx"]["config"]["language"] == "es"
    assert spanish["sphinx"]["config"]["locale_dirs"] == ["locales/"]
    # Its own notebook cache: the Spanish build runs the notebooks with COLLECTIVE_AI_LANG=es.
    assert spanish["execute"] == {**english["execute"], "cache": "_build/.jupyter_cache_es"}
    assert english["execute"]["cache"] == "_build/.jupyter_cache"
    # `make po` extracts from the English outputs: it reads the English cache.
    po_config = yaml.safe_load(translation.edition_config("es", cache="_build/.jupyter_cache"))
    assert po_config["execute"] == english["execute"]
    assert po_config["sphinx"]["config"]["language"] == "es"
    assert spanish["sphinx"]["extra_extensions"] == english["sphinx"]["extra_extensions"]
    for folder in spanish["sphinx"]["local_extensions"].values():
        assert Path(folder).is_absolute()
        assert Path(folder).is_dir()


def test_a_changed_english_paragraph_comes_back_fuzzy_not_silent(tmp_path):
    """What ``make po`` does after the gettext build: sphinx-intl merges the new template."""
    pot_dir, locales = tmp_path / "gettext", tmp_path / "locales"
    pot_dir.mkdir()
    (pot_dir / "page.pot").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "The labs work by moving sliders and reading the charts."\nmsgstr ""\n\n'
        'msgid "Unchanged."\nmsgstr ""\n',
        encoding="utf-8",
    )
    _catalogue(
        locales,
        "page",
        [
            ("The labs work by moving sliders and reading charts.", "Se leen gráficos.", False),
            ("Unchanged.", "Sin cambios.", False),
        ],
    )
    update = [sys.executable, "-m", "sphinx_intl", "update", "-l", "es"]
    subprocess.run(
        [*update, "-p", str(pot_dir), "-d", str(locales)],
        check=True,
        capture_output=True,
    )
    po_file = locales / "es" / "LC_MESSAGES" / "page.po"
    changed = next(m for m in messages_of(po_file) if "reading the charts" in m.id)
    assert changed.fuzzy
    assert changed.string == "Se leen gráficos."
    assert translation.progress(po_file) == translation.Progress(total=2, done=1, fuzzy=1)


def test_the_configuration_command_can_name_another_notebook_cache(capsys):
    assert translation.main(["config", "es", "--cache", "_build/.jupyter_cache"]) == 0
    assert "cache: _build/.jupyter_cache\n" in capsys.readouterr().out
    assert translation.main(["config", "es"]) == 0
    assert "cache: _build/.jupyter_cache_es\n" in capsys.readouterr().out
    assert translation.main(["config", "es", "--cache"]) == 2
    assert "usage:" in capsys.readouterr().err
