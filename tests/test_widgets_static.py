"""The static book's shared pieces: the mode switch, frames, notices and choices."""

from __future__ import annotations

import ipywidgets as widgets

from collective_ai.widgets.static import choice_view, frame_html, kernel_notice, static_mode


def test_static_mode_reads_the_environment(monkeypatch):
    monkeypatch.delenv("COLLECTIVE_AI_STATIC", raising=False)
    assert not static_mode()
    monkeypatch.setenv("COLLECTIVE_AI_STATIC", "1")
    assert static_mode()
    monkeypatch.setenv("COLLECTIVE_AI_STATIC", "0")
    assert not static_mode()


def test_a_frame_carries_its_summary_as_alt_text_and_as_text_escaped():
    html = frame_html({"png": b"\x89PNG fake", "summary": "Rates <b>fall</b> & rise"})
    assert html.count("Rates &lt;b&gt;fall&lt;/b&gt; &amp; rise") == 2
    assert '<img alt="Rates &lt;b&gt;fall' in html
    assert "<b>fall</b>" not in html
    assert html.startswith('<div class="collective-ai-frame ')


def test_kernel_notice_says_how_to_run_the_lab_and_escapes_its_words():
    notice = kernel_notice("audit <lab>", shown="an example & its chart").value
    assert notice.startswith('<p role="note"><b>This page cannot run the audit &lt;lab&gt;.</b>')
    assert '<a href="../book/own-data.html">' in notice
    assert notice.endswith("Below, precomputed: an example &amp; its chart</p>")


def test_choice_view_links_radio_buttons_to_a_stack_of_frames():
    view = choice_view("Chart", [("Bars", "<p>bars</p>"), ("Table", "<p>table</p>")], tooltip="t")
    buttons, stack = view.children
    assert isinstance(buttons, widgets.RadioButtons)
    assert buttons.description == "Chart"
    assert [label for label, _ in buttons.options] == ["Bars", "Table"]
    assert [child.value for child in stack.children] == ["<p>bars</p>", "<p>table</p>"]
    state = widgets.Widget.get_manager_state(drop_defaults=False)["state"]
    links = [
        s["state"]
        for s in state.values()
        if s["model_name"] == "LinkModel"
        and s["state"]["source"] == [f"IPY_MODEL_{buttons.model_id}", "index"]
    ]
    assert [link["target"] for link in links] == [[f"IPY_MODEL_{stack.model_id}", "selected_index"]]
