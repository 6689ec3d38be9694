"""The last English a Spanish-speaking user met, and Spanish wherever a worker reaches the tools.

- the words ``lab-a11y.js`` writes into every lab page (the skip link, a scroll box's name),
  live and in the static book;
- why a file could not be written (``files.describe_failure``);
- ``collective-ai hub --lang es``, ``make voila|lab|hub LANG=es``: the language reaches every
  learner's server and its kernels, and the lines the facilitator reads are in it.

Built in the pseudo-locale ``xx`` of :mod:`tests.test_i18n` (every message ``⟦message⟧``)
and in Spanish. No server is started: the command, environment and configuration each would
get are inspected (the real hub runs in tests/browser/test_hub.py).
"""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
from types import SimpleNamespace

import pytest

from collective_ai import i18n
from collective_ai.widgets.base import A11Y_WORDS, ASSETS, live_scripts, words_script
from tests.test_i18n import CLOSE, OPEN, ROOT, _english_left, messages, parsers, pseudo  # noqa: F401

SCRIPT = ASSETS / "lab-a11y.js"
THEME_SCRIPT = ROOT / "book" / "_ext" / "static" / "theme-a11y.js"
SPANISH_WORDS = {
    "skip": "Saltar al laboratorio",
    "chart": "Gráfico (se desplaza hacia los lados)",
    "table": "Tabla",
    "sections": "Secciones de {title}",
    "chapter": "este capítulo",
}


@pytest.fixture(autouse=True)
def english_after(monkeypatch):
    """Each test starts with no language chosen and none in the environment, and ends so."""
    monkeypatch.delenv(i18n.ENV, raising=False)
    yield
    i18n.set_language(None)


def _words(script: str) -> dict:
    match = re.match(r"window\.collectiveAiWords = (\{.*\});\n", script)
    assert match, script[:200]
    return json.loads(match.group(1))


# --- lab-a11y.js --------------------------------------------------------------------------


def test_the_scripts_ask_for_each_word_and_write_no_english_of_their_own():
    """Every word the scripts write is ``word(key, English)``: the key is one Python
    translates, and the English the same message (the fallback for a page without Python)."""
    asked = {}
    for script in (SCRIPT, THEME_SCRIPT):
        text = script.read_text(encoding="utf-8")
        asked.update(re.findall(r'word\("(\w+)", "([^"]+)"\)', text))
        assert not re.search(r'textContent = "|"aria-label",\s*"|: "[a-z]+ [a-z]', text)
    assert asked == A11Y_WORDS


@pytest.mark.usefixtures("pseudo")
def test_the_live_labs_write_the_catalogs_words():
    words = _words(words_script())
    assert set(words) == set(A11Y_WORDS)
    assert all(w.startswith(OPEN) and w.endswith(CLOSE) for w in words.values()), words
    script = live_scripts().data
    assert script.startswith(words_script())  # set before lab-a11y.js runs
    assert script.endswith(SCRIPT.read_text(encoding="utf-8"))


def test_the_labs_write_spanish_words():
    assert _words(words_script("es")) == SPANISH_WORDS
    i18n.set_language("es")
    assert _words(live_scripts().data) == SPANISH_WORDS
    i18n.set_language("en")
    assert _words(words_script()) == A11Y_WORDS


def test_no_word_can_end_its_script_element(monkeypatch):
    monkeypatch.setitem(A11Y_WORDS, "skip", "</script><b>")
    assert "</script>" not in words_script("en")
    assert _words(words_script("en"))["skip"] == "</script><b>"


def _theme_fixes():
    spec = importlib.util.spec_from_file_location(
        "theme_fixes", ROOT / "book" / "_ext" / "theme_fixes.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", SPANISH_WORDS), ("en", A11Y_WORDS), (None, A11Y_WORDS), ("fr", A11Y_WORDS)],
)
def test_each_book_edition_writes_its_own_languages_words(language, expected):
    """The static book loads lab-a11y.js as a file: each page gets the words first, in the
    edition's language (the Spanish configuration's ``language: es``)."""
    added = []
    app = SimpleNamespace(
        config=SimpleNamespace(language=language),
        add_js_file=lambda filename, **kw: added.append((filename, kw)),
    )
    _theme_fixes().lab_words(app)
    [(filename, options)] = added
    assert filename is None
    assert options["priority"] < 500
    assert _words(options["body"]) == expected


# --- why a file could not be written ------------------------------------------------------

FAILURES = [
    OSError(errno.ENOSPC, "No space left on device"),
    OSError(errno.EDQUOT, "Disk quota exceeded"),
    OSError(errno.EROFS, "Read-only file system"),
    PermissionError(errno.EACCES, "Permission denied"),
    IsADirectoryError(errno.EISDIR, "Is a directory"),
    IsADirectoryError(errno.EISDIR, "Is a directory", "/q/drafts"),
    NotADirectoryError(errno.ENOTDIR, "Not a directory"),
]


@pytest.mark.usefixtures("pseudo")
@pytest.mark.parametrize("error", FAILURES, ids=lambda e: type(e).__name__ + str(e.errno))
def test_why_a_file_failed_goes_through_the_catalog(error):
    from collective_ai.files import describe_failure

    assert not _english_left(describe_failure(error), known=["/q/drafts"])


def test_why_a_file_failed_in_spanish_and_in_english():
    from collective_ai.files import describe_failure

    full, folder = FAILURES[0], FAILURES[5]
    assert describe_failure(full) == "the disk is full"
    assert describe_failure(folder) == "/q/drafts is a folder, not a file"
    i18n.set_language("es")
    assert describe_failure(full) == "el disco está lleno"
    assert describe_failure(folder) == "/q/drafts es una carpeta, no un archivo"
    # An error the list does not know keeps the system's own words.
    assert describe_failure(OSError(errno.EIO, "Input/output error")) == "Input/output error"


# --- the hub ------------------------------------------------------------------------------


@pytest.mark.usefixtures("pseudo")
def test_the_hubs_help_goes_through_the_catalog():
    import argparse

    from collective_ai.cli import build_parser

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    unwrapped = []
    for parser in parsers(commands.choices["hub"]):
        if not parser.description or not parser.description.startswith(OPEN):
            unwrapped.append(parser.description)
        for action in parser._actions:
            own = not isinstance(action, argparse._HelpAction)
            helped = action.help not in (None, argparse.SUPPRESS)
            if own and helped and not action.help.startswith(OPEN):
                unwrapped.append(action.help)
    hub_help = next(a.help for a in commands._choices_actions if a.dest == "hub")
    assert hub_help.startswith(OPEN)
    assert unwrapped == [None]  # only `prestart`, which has a help and no description


@pytest.mark.usefixtures("pseudo")
def test_what_the_facilitator_reads_goes_through_the_catalog(tmp_path):
    from collective_ai.hub.cli import room_lines
    from collective_ai.hub.settings import HubSettings

    room = HubSettings(folder=str(tmp_path), port=8123, password="kmtr-wqpz-hxnd")
    committees = HubSettings(folder=str(tmp_path), port=8123, admins=("organiser",))
    for settings in (room, committees):
        text = "\n".join(room_lines(settings))
        known = ["http://127.0.0.1:8123/", "kmtr-wqpz-hxnd", "organiser", "/hub/"]
        assert not _english_left(text, known=known), text


def test_the_room_lines_in_english_are_unchanged(tmp_path):
    from collective_ai.hub.cli import room_lines
    from collective_ai.hub.settings import HubSettings

    room = HubSettings(folder=str(tmp_path), port=8123, password="kmtr-wqpz-hxnd")
    assert room_lines(room) == [
        "Learners open: http://127.0.0.1:8123/",
        "Password:      kmtr-wqpz-hxnd",
        "Control-C stops the hub and every learner's server.",
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_hub_lang_es_reaches_every_learners_server_and_kernels(tmp_path, monkeypatch, capsys):
    """``collective-ai hub --lang es``: the settings keep the language; JupyterHub starts with
    it; each learner's server gets it in its environment (its kernels inherit that) and its
    Voila pages say ``lang="es"``; the sign-in note and the printed lines are Spanish."""
    from traitlets.config import Config

    from collective_ai.cli import main
    from collective_ai.hub import config as hub_config
    from collective_ai.hub.settings import HubSettings
    from collective_ai.hub.spawner import CourseSpawner

    started = {}
    monkeypatch.chdir(tmp_path)  # run_hub moves into the hub's folder; this moves back
    monkeypatch.setattr(hub_config, "proxy_command", lambda: [sys.executable])
    monkeypatch.setattr(os, "execve", lambda path, argv, env: started.update(env=env))
    folder = tmp_path / "hub"
    argv = ["hub", "--lang", "es", "--port", str(_free_port()), "--folder", str(folder)]
    assert main([*argv, "--password", "kmtr-wqpz-hxnd"]) == 0
    printed = capsys.readouterr().out
    assert "Contraseña:" in printed
    assert "Los participantes abren: http://" in printed
    assert started["env"][i18n.ENV] == "es"
    settings = HubSettings.load(folder)
    assert settings.lang == "es"

    c = Config()
    hub_config.configure(c, settings)
    assert c.JupyterHub.template_vars["announcement_login"].startswith("Inicie sesión")

    spawner = CourseSpawner(hub_folder=str(folder), user=SimpleNamespace(name="ana"), port=9)
    env = spawner.user_env({"PATH": "/usr/bin"})
    assert env[i18n.ENV] == "es"
    assert "--VoilaExporter.language_code=es" in spawner.get_args()


def test_a_hub_without_lang_stays_english(tmp_path):
    from collective_ai.hub.settings import HubSettings
    from collective_ai.hub.spawner import CourseSpawner

    HubSettings(folder=str(tmp_path), password="kmtr-wqpz-hxnd").save()
    spawner = CourseSpawner(hub_folder=str(tmp_path), user=SimpleNamespace(name="ana"), port=9)
    assert spawner.user_env({})[i18n.ENV] == "en"
    assert not any("language_code" in arg for arg in spawner.get_args())


@pytest.mark.usefixtures("pseudo")
def test_servers_not_ready_in_time_is_said_through_the_catalog(monkeypatch):
    from collective_ai.hub.api import HubAPI

    api = HubAPI("http://127.0.0.1:9", "token")
    monkeypatch.setattr(api, "users", lambda: {})
    with pytest.raises(TimeoutError) as late:
        api.wait_ready(["seat-01"], timeout=-1)
    assert not _english_left(str(late.value), known=["seat-01"])


def test_hub_mistakes_are_said_in_spanish(tmp_path, capsys):
    from collective_ai.cli import main

    assert main(["hub", "--lang", "es", "--password", "short", "--folder", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "error: campo '--password': al menos 8 caracteres\n"


# --- make voila / make lab ----------------------------------------------------------------


def test_voila_lang_es_reaches_the_kernels_and_the_page():
    from collective_ai.live.__main__ import plan

    command, env, lines = plan(["voila", "--lang", "es"])
    assert env[i18n.ENV] == "es"
    assert "--VoilaExporter.language_code=es" in command
    assert lines == [
        "Los laboratorios: http://127.0.0.1:8866/voila/",
        "Un laboratorio:   http://127.0.0.1:8866/voila/render/hiring-screener.ipynb",
    ]
    i18n.set_language(None)
    command, env, _ = plan(["lab", "--lang", "es"])
    assert env[i18n.ENV] == "es"


def test_voila_in_english_prints_what_it_did(monkeypatch):
    from collective_ai.live.__main__ import plan

    command, env, lines = plan(["voila"])
    assert env[i18n.ENV] == "en"
    assert not any("language_code" in arg for arg in command)
    assert lines == [
        "The labs: http://127.0.0.1:8866/voila/",
        "One lab:  http://127.0.0.1:8866/voila/render/hiring-screener.ipynb",
    ]
    monkeypatch.setenv(i18n.ENV, "es")  # the environment, as `COLLECTIVE_AI_LANG=es make voila`
    assert plan(["voila"])[1][i18n.ENV] == "es"


@pytest.mark.usefixtures("pseudo")
def test_the_room_note_goes_through_the_catalog():
    from collective_ai.live.__main__ import plan

    for view in ("lab", "voila"):
        lines = plan([view, "--host", "0.0.0.0"])[2]
        text = re.sub(r"http://[^\s⟧]+", " ", "\n".join(lines))
        assert not _english_left(text, known=["JupyterLab"]), text


def test_an_unknown_lang_is_one_line_and_exit_2(capsys):
    from collective_ai.live.__main__ import main

    with pytest.raises(SystemExit) as stopped:
        main(["voila", "--lang", "zz"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize(
    ("target", "command"),
    [("voila", "live voila"), ("lab", "live lab"), ("hub", "collective_ai hub")],
)
def test_make_lang_es_passes_the_language(target, command):
    proxy = ".venv/proxy/node_modules/.bin/configurable-http-proxy"

    def run(*extra):
        done = subprocess.run(
            ["make", "-n", "-o", ".venv/.installed", "-o", proxy, target, *extra],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={k: v for k, v in os.environ.items() if k != i18n.ENV},
        )
        return next(line for line in done.stdout.splitlines() if command in line)

    assert run("LANG=es").endswith("--lang es")
    assert "--lang" not in run()
    assert "--lang" not in run("LANG=C.UTF-8")


def test_a_spanish_book_page_carries_the_words_before_the_script(tmp_path):
    """A real Sphinx build with the book's extension and ``language = "es"`` (what the Spanish
    configuration sets): the page sets the Spanish words before it loads lab-a11y.js."""
    (tmp_path / "conf.py").write_text('extensions = ["theme_fixes"]\nlanguage = "es"\n')
    (tmp_path / "index.rst").write_text("Laboratorio\n===========\n\nTexto.\n")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "book" / "_ext")]),
    }
    sphinx = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(tmp_path)]
    done = subprocess.run([*sphinx, str(tmp_path / "out")], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    words = re.search(r"<script>(window\.collectiveAiWords = .*?\n)</script>", page)
    assert words
    assert _words(words.group(1)) == SPANISH_WORDS
    assert words.start() < page.index("_static/lab-a11y.js")


# --- the chapters' prose in the live views ------------------------------------------------

PROSE = {
    "3. Try it: the lab": "3\\. Pruébelo: el laboratorio",
    "Move **Proxy weight** first, then the rest.": "Mueva primero **Peso del indicador**.",
    "An item that runs on": "Un punto que sigue",
    "Not legal advice.": "No es asesoría legal.",
    "Concepts": "Conceptos",
}


def test_a_chapters_paragraphs_headings_items_quotes_and_cells_are_swapped():
    from collective_ai.live.prose import translate_markdown

    source = (
        "## 3. Try it: the lab\n\nMove **Proxy weight** first,\nthen the rest.\n\n"
        "- An item that\n  runs on\n- Left alone\n\n> Not legal advice.\n\n"
        "| Concepts | Other |\n| --- | --- |\n\n```{note}\n:class: x\nUnknown.\n```"
    )
    assert translate_markdown(source, PROSE) == (
        "## 3\\. Pruébelo: el laboratorio\n\nMueva primero **Peso del indicador**.\n\n"
        "- Un punto que sigue\n- Left alone\n\n> No es asesoría legal.\n\n"
        "| Conceptos | Other |\n| --- | --- |\n\n```{note}\n:class: x\nUnknown.\n```"
    )
    assert translate_markdown(source, {}) == source


def test_voila_lang_es_shows_the_chapters_prose_in_spanish(monkeypatch):
    """The contents manager (Voila's and JupyterLab's) reads the chapter in the server's
    language from the Spanish book's catalog; saving gives back the English MyST."""
    import asyncio

    from collective_ai.live.contents import CourseContentsManager
    from collective_ai.live.servers import COURSE_ROOT

    manager = CourseContentsManager(root_dir=str(COURSE_ROOT / "notebooks"))

    def markdown() -> str:
        model = asyncio.run(manager.get("hiring-screener.ipynb"))
        cells = model["content"].cells
        return "\n".join(c.source for c in cells if c.cell_type == "markdown")

    english = markdown()
    assert "Try it: the lab" in english
    assert "Pruébelo" not in english
    monkeypatch.setenv(i18n.ENV, "es")
    spanish = markdown()
    assert "## 3\\. Pruébelo: el laboratorio" in spanish
    assert "Mueva primero **Peso del indicador**" in spanish
    assert "## Referencias" in spanish
    # A {doc} link takes the chapter's heading, from that chapter's catalog.
    title = "Cómo funcionan y cómo fallan los sistemas de puntuación por IA"
    assert f"([{title}](../book/scoring-systems.md) explica por qué)" in spanish
    assert "Try it: the lab" not in spanish


def test_a_hubs_linked_chapter_is_shown_in_spanish_too(tmp_path, monkeypatch):
    """The hub links each chapter into the learner's course folder (a symlink)."""
    import asyncio

    from collective_ai.live.contents import CourseContentsManager
    from collective_ai.live.servers import COURSE_ROOT

    (tmp_path / "warehouse-rates.ipynb").symlink_to(COURSE_ROOT / "notebooks/warehouse-rates.ipynb")
    manager = CourseContentsManager(root_dir=str(tmp_path), course_root=str(COURSE_ROOT))
    monkeypatch.setenv(i18n.ENV, "es")
    model = asyncio.run(manager.get("warehouse-rates.ipynb"))
    assert model["content"].cells[0].source.splitlines()[0] == "# La tasa del almacén"
