"""The desk: its parts by name, built when opened, its failures in one sentence, its command.

The whole desk, installed from the wheel and driven in Chromium, is
tests/browser/test_desk.py; here are its pieces, and one real start stopped by Control-C.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys

import ipywidgets as widgets
import pytest

from collective_ai.cli import main
from collective_ai.desk import build_desk, parts, write_notebook
from collective_ai.desk.server import host_warning, voila_argv


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLECTIVE_AI_HOME", str(tmp_path / "our <data>"))
    monkeypatch.delenv("COLLECTIVE_AI_STATIC", raising=False)
    return tmp_path / "our <data>"


def test_every_part_is_a_tab_by_name_and_built_when_first_opened(home, monkeypatch):
    opened = []
    for name in parts.PARTS:
        monkeypatch.setitem(
            parts.PARTS, name, lambda name=name: opened.append(name) or widgets.Label(name)
        )
    header, tabs = build_desk().children
    assert list(tabs.titles) == [
        "Evidence log",
        "Survey",
        "Audit",
        "Demands",
        "Formal action",
        "Handouts",
        "Labs",
    ]
    assert opened == ["Evidence log"]  # the first part at once, the others on demand
    tabs.selected_index = 3
    tabs.selected_index = 0
    tabs.selected_index = 3
    assert opened == ["Evidence log", "Demands"]  # each built once
    assert tabs.children[3].children[0].value == "Demands"
    assert "our &lt;data&gt;" in header.value  # the data folder, escaped


def test_the_real_first_part_is_the_evidence_log_on_the_data_folder(home):
    _, tabs = build_desk().children
    (log,) = tabs.children[0].children
    assert "Evidence log" in log.children[0].value
    assert (home / "evidence.sqlite").is_file()


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (
            PermissionError(13, "Permission denied", "/stick/evidence.sqlite"),
            "could not open its file",
        ),
        (ValueError("boom"), "could not open (ValueError: boom)"),
    ],
)
def test_a_part_that_fails_is_one_sentence_not_a_traceback(error, says):
    def broken():
        raise error

    shown = parts.build_part("Survey", broken)
    assert shown.value.startswith('<p role="alert">The Survey part ')
    assert says in shown.value
    assert "Traceback" not in shown.value


def test_the_handouts_offer_both_paper_forms():
    links = parts.handouts().value
    assert 'download="survey-paper.html"' in links
    assert 'download="evidence-log-sheet.html"' in links


def test_only_a_host_beyond_this_computer_is_warned_about():
    assert host_warning("127.0.0.1") is None
    assert host_warning("localhost") is None
    warning = host_warning("0.0.0.0")
    assert "other devices on this network" in warning
    assert "Control-C" in warning


def test_voila_gets_the_notebook_the_token_the_template_and_no_tracebacks(tmp_path):
    notebook = write_notebook(tmp_path)
    cell = json.loads(notebook.read_text())["cells"][0]
    assert "".join(cell["source"]).endswith("show_desk()")
    argv = voila_argv(notebook=notebook, host="127.0.0.1", port=8123, token="abc")
    assert argv[0] == str(notebook)
    assert "--Voila.token=abc" in argv
    assert "--VoilaConfiguration.template=collective-ai" in argv
    assert "--VoilaConfiguration.show_tracebacks=False" in argv


def test_a_bad_port_or_data_folder_is_one_line_and_exit_code_2(tmp_path, capsys):
    assert main(["desk", "--no-browser", "--port", "0"]) == 2
    assert "field '--port'" in capsys.readouterr().err
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    assert main(["desk", "--no-browser", "--data", str(blocker / "data")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "field '--data'" in err


@pytest.mark.slow
def test_control_c_stops_the_desk_cleanly_after_one_warning(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLLECTIVE_AI_")}
    argv = [sys.executable, "-m", "collective_ai", "desk", "--no-browser", "--host", "0.0.0.0"]
    desk = subprocess.Popen(
        [*argv, "--data", str(tmp_path / "data")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready, _, _ = select.select([desk.stdout], [], [], 120)  # never hang the run
        line = desk.stdout.readline() if ready else "(nothing printed in 120 s)"
        assert line.startswith("Desk: http://0.0.0.0:")
        assert "/?token=" in line
        desk.send_signal(signal.SIGINT)  # what Control-C sends
        out, err = desk.communicate(timeout=60)
    finally:
        if desk.poll() is None:
            desk.kill()
            desk.wait()
    assert desk.returncode == 0
    assert "Desk stopped" in out
    assert err.count("Warning: the desk is listening on 0.0.0.0") == 1
    assert "Traceback" not in err


def test_a_finding_ticks_the_demands_that_answer_it(home):
    from collective_ai.widgets.demand_drafter import DemandDrafter

    drafter = DemandDrafter()
    picker = parts.finding_picker(drafter)
    answering = {t.id for t in drafter.library.answering("no-appeal")}
    assert answering
    assert not all(drafter.controls[f"demand:{i}"].value for i in answering)
    ticked_before = {k for k, c in drafter.controls.items() if k.startswith("demand:") and c.value}
    picker.value = "no-appeal"
    ticked = {k for k, c in drafter.controls.items() if k.startswith("demand:") and c.value}
    assert ticked == ticked_before | {f"demand:{i}" for i in answering}
    assert all(f"demand:{i}" in ticked for i in answering)
    assert drafter.result is not None  # the preview follows
