"""The demand drafter, the formal-action part, the desk and present mode in the language in use.

Built in the pseudo-locale ``xx`` of :mod:`tests.test_i18n` (every message ``⟦message⟧``):
any word left outside the brackets, once typed data is removed, did not go through the
catalog. Then ``--lang es`` and ``make present LANG=es``: the language reaches the kernels.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from types import SimpleNamespace

import ipywidgets as widgets
import pytest

from collective_ai import i18n
from tests.test_i18n import _DATES, OPEN, ROOT, _english_left, messages, pseudo  # noqa: F401

TODAY = dt.date(2026, 12, 7)


def shown_text(widget) -> str:
    """Every word a widget tree shows: labels, tooltips, placeholders, options, HTML, titles."""
    found = []
    for name in ("description", "tooltip", "placeholder"):
        if getattr(widget, name, None):
            found.append(str(getattr(widget, name)))
    if isinstance(widget, widgets.HTML):
        found.append(widget.value)
    for label in getattr(widget, "_options_labels", ()):
        found.append(label)
    found += [t for t in getattr(widget, "titles", ()) if t]
    for child in getattr(widget, "children", ()):
        found.append(shown_text(child))
    return "\n".join(found)


def english(text: str, *, known=()) -> list[str]:
    """English words outside the brackets; dates are the formatter's (English's for ``xx``)."""
    for value in sorted(known, key=len, reverse=True):
        text = text.replace(value, " ")
    return _english_left(_DATES.sub(" ", text))


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECTIVE_AI_HOME", str(tmp_path))
    return tmp_path


@pytest.mark.usefixtures("pseudo")
def test_the_drafter_holds_no_hard_coded_english(home):
    from collective_ai.widgets.demand_drafter import DemandDrafter

    drafter = DemandDrafter()
    path = str(home)
    assert not english(shown_text(drafter.ui), known=[path, "UTC"])
    assert drafter.controls["form"].description.startswith(OPEN)
    before = (drafter.summary, drafter.preview)
    drafter.controls["form"].value = "letter"
    for name in ("employer", "workplace", "ai_system", "group_name", "contact"):
        drafter.controls[name].value = "Q1"
    assert (drafter.summary, drafter.preview) != before
    assert "Q1" in drafter.preview
    assert not english(drafter.summary + drafter.preview, known=["Q1"])
    exported = drafter.export(fmt="markdown", folder=home / "out")
    assert exported is not None
    assert not english(shown_text(drafter.ui), known=[path, exported.name, "UTC", "Q1"])
    drafter.duplicate_draft()
    drafter.new_draft()
    assert not english(shown_text(drafter.ui), known=[path, "UTC", "Q1"])


@pytest.mark.usefixtures("pseudo")
def test_typed_text_stays_data_in_the_drafter(home):
    from collective_ai.widgets.demand_drafter import DemandDrafter

    drafter = DemandDrafter()
    # "Signatures" is a message of the catalog: typed, it is the employer's name, as typed.
    drafter.controls["employer"].value = "Signatures <b>Q1</b>"
    assert "Signatures &lt;b&gt;Q1&lt;/b&gt;" in drafter.preview
    assert f"{OPEN}Signatures &lt;b&gt;" not in drafter.preview
    assert "<b>Q1</b>" not in drafter.preview


@pytest.mark.usefixtures("pseudo")
def test_the_static_samples_hold_no_hard_coded_english():
    from collective_ai.demands.library import load_library
    from collective_ai.widgets.demand_drafter import STARTER_DEMANDS
    from collective_ai.widgets.demand_samples import sample_fields, sample_view

    library = load_library()
    view = sample_view([library.get(t) for t in STARTER_DEMANDS])
    known = ["SampleScore", "committee@example.org", "example.org", "own-data.html", "desk", "hub"]
    text = shown_text(view)
    # The notice's own sentence is the shared static frame's (collective_ai.widgets.static).
    text = text.split("</p>", 1)[1]
    assert not english(text, known=known)
    assert sample_fields()["employer"].startswith(OPEN)


@pytest.mark.usefixtures("pseudo")
def test_the_formal_action_part_holds_no_hard_coded_english(tmp_path):
    from collective_ai.widgets.formal_action import FormalAction

    lab = FormalAction(tmp_path / "log.sqlite", today=TODAY)
    c = lab.controls
    c["venue"].value = "eeoc"
    c["decided"].value = "1 September 2026"
    c["campaign"].value = "Q5"
    c["kind"].value = "reply"
    c["date"].value, c["note"].value = "5 December 2026", "Q6"
    lab.add_step()
    assert lab.result["pack"] is not None
    text = shown_text(lab.ui) + lab.summary
    known = ["Q5", "Q6", "EEOC", "docx", "html", "markdown", "PickRate"]
    assert not english(text, known=known)
    c["date"].value = "not a date"
    lab.add_step()
    assert lab.message.startswith(OPEN)


@pytest.mark.usefixtures("pseudo")
def test_the_desk_parts_titles_and_messages_are_translated(monkeypatch):
    from collective_ai import desk
    from collective_ai.desk import parts

    dummy = {name: (lambda: widgets.HTML("<h3>Q</h3>")) for name in parts.PARTS}
    tabs = parts.lazy_tabs(dummy)
    assert len(tabs.titles) == 7
    assert all(t.startswith(OPEN) for t in tabs.titles), tabs.titles
    labs = parts.lazy_tabs({name: dummy["Labs"] for name in parts.SCORING_LABS.values()})
    assert all(t.startswith(OPEN) for t in labs.titles), labs.titles
    assert not english(shown_text(parts.handouts()))

    def broken():
        raise OSError(13, "Q9", "Q8")

    for failing in (broken, lambda: 1 / 0):
        message = parts.build_part(tabs.titles[0], failing).value
        assert not english(message, known=["Q8", "Q9", "ZeroDivisionError", "division", "zero"])

    drafter = SimpleNamespace(library=SimpleNamespace(answering=lambda _f: []), controls={})
    assert not english(shown_text(parts.finding_picker(drafter)))
    monkeypatch.setattr(parts, "PARTS", dummy)
    header = desk.build_desk().children[0].value
    assert not english(header.split("</style>")[1], known=[str(desk_home())])


def desk_home():
    from collective_ai.demands.drafts import data_home

    return data_home()


@pytest.mark.usefixtures("pseudo")
def test_the_desk_login_page_and_messages_are_translated():
    from collective_ai.desk import server

    page = server.LOGIN_PAGE.format(
        **server.login_words(), problem="", action="/login", xsrf="", next="/"
    )
    assert '<html lang="xx">' in page
    known = [server.ADDRESS_LINE, "collective-ai desk", "token", "Control-C"]
    assert not english(page.split("</style>")[1], known=known)
    warning = server.host_warning("0.0.0.0")
    assert not english(warning, known=[*known, "0.0.0.0"])
    argv = server.voila_argv(notebook=ROOT / "q.ipynb", host="127.0.0.1", port=1, token="q")
    assert "--VoilaExporter.language_code=xx" in argv


@pytest.mark.usefixtures("pseudo")
def test_the_desk_command_help_is_translated():
    import argparse

    from collective_ai.cli import build_parser

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    desk = commands.choices["desk"]
    helps = [a.help for a in desk._actions if not isinstance(a, argparse._HelpAction)]
    assert desk.description.startswith(OPEN)
    assert all(h.startswith(OPEN) for h in helps), helps


@pytest.mark.usefixtures("pseudo")
def test_present_mode_speaks_the_language(home):
    from collective_ai.workshop.present import PresentLab, present_notebook

    assert present_notebook("demands").metadata["collective_ai"]["waiting"].startswith(OPEN)
    lab = PresentLab("demands")
    assert lab.clear.description.startswith(OPEN)
    assert lab.clear.tooltip.startswith(OPEN)
    assert lab.reveal.description.startswith(OPEN)


def test_desk_lang_es_reaches_the_kernels(tmp_path, monkeypatch):
    """``collective-ai desk --lang es``: the kernels inherit COLLECTIVE_AI_LANG, the page's
    lang is es. Voila itself is replaced by a stand-in that records what it was given."""
    from collective_ai.cli import main
    from collective_ai.desk import server

    seen = {}

    class Voila:
        desk_url, show_browser = "", False

        def initialize(self, argv):
            seen["argv"], seen["lang"] = argv, os.environ[i18n.ENV]

        def start(self):
            seen["words"] = server.login_words()["button"]

    for name in (i18n.ENV, "JUPYTER_PATH", "COLLECTIVE_AI_HOME"):
        monkeypatch.setenv(name, "")
    monkeypatch.delenv("COLLECTIVE_AI_STATIC", raising=False)
    monkeypatch.setattr(server, "DeskServer", Voila)
    try:
        assert main(["desk", "--lang", "es", "--no-browser", "--data", str(tmp_path)]) == 0
    finally:
        i18n.set_language(None)
    assert seen["lang"] == "es"
    assert "--VoilaExporter.language_code=es" in seen["argv"]
    assert seen["words"] == "Abrir el escritorio"


def test_make_present_lang_es_gives_the_kernel_spanish():
    done = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "present", "LAB=demands", "LANG=es"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    notebook = next(line for line in done.stdout.splitlines() if "present-notebook" in line)
    assert notebook.startswith("COLLECTIVE_AI_LANG=es ")  # its waiting sentence is Spanish
    voila = next(line for line in done.stdout.splitlines() if "/voila " in line)
    assert voila.startswith("COLLECTIVE_AI_LANG=es ")
    assert "--VoilaExporter.language_code=$(COLLECTIVE_AI_LANG=es " in done.stdout
    english_run = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "present", "LAB=demands"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != i18n.ENV},
    )
    assert "COLLECTIVE_AI_LANG=es" not in english_run.stdout


@pytest.mark.usefixtures("pseudo")
def test_a_failed_save_is_said_in_the_language(home):
    from collective_ai.demands.drafts import DraftStore
    from collective_ai.widgets.demand_drafter import DemandDrafter

    blocker = home / "Q3"
    blocker.write_text("", encoding="utf-8")  # a file where the drafts folder should be
    drafter = DemandDrafter(store=DraftStore(blocker / "drafts"))
    assert drafter.not_saved is not None
    assert drafter.summary.startswith(drafter.not_saved)
    assert not english(drafter.not_saved, known=[str(blocker), "COLLECTIVE_AI_HOME"])


@pytest.mark.usefixtures("pseudo")
def test_present_mode_names_each_hidden_setting_in_words():
    from collective_ai.workshop.present import _readout

    assert _readout(widgets.Checkbox(value=False)) == f"{OPEN}no⟧"
    assert _readout(widgets.Dropdown(options=[("Q1", "q1")], value="q1")) == "Q1"
    assert _readout(widgets.FloatSlider(value=0.25)) == "0.25"
