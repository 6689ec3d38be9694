"""The static book's lab: precomputed frames in a Stack, jslinked to a slider."""

from __future__ import annotations

import base64
import html
import re

import ipywidgets as widgets
import pytest

from collective_ai.widgets.scoring_lab import ScoringLab
from collective_ai.widgets.static import (
    frame_values,
    frames,
    static_mode,
    static_view,
)

MAX_PAGE_BYTES = 2_000_000  # issue 4: at most 2 MB per lab page


def test_static_mode_reads_the_environment(monkeypatch):
    monkeypatch.delenv("COLLECTIVE_AI_STATIC", raising=False)
    assert not static_mode()
    monkeypatch.setenv("COLLECTIVE_AI_STATIC", "1")
    assert static_mode()
    monkeypatch.setenv("COLLECTIVE_AI_STATIC", "0")
    assert not static_mode()


def test_frame_values_are_even_and_clean():
    assert frame_values(0.0, 1.0) == [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    assert frame_values(1, 52, count=4) == [1.0, 18.0, 35.0, 52.0]


def test_frames_follow_the_parameter():
    rendered = frames(
        "hiring", seed=4, parameter="proxy_weight", values=[0.0, 0.5, 1.0], params={"n": 5_000}
    )
    ratios = [f["impact_ratio"] for f in rendered]
    assert ratios[0] > ratios[1] > ratios[2]
    assert len({f["png"] for f in rendered}) == 3
    assert all(f["png"].startswith(b"\x89PNG") for f in rendered)


@pytest.fixture(scope="module")
def hiring_view():
    lab = ScoringLab("hiring", seed=3, proxy_weight=0.3)
    return lab, static_view(lab)


def test_view_is_a_labelled_slider_over_a_stack_of_html_frames(hiring_view):
    lab, view = hiring_view
    intro, slider, stack = view.children
    assert isinstance(slider, widgets.SelectionSlider)
    assert isinstance(stack, widgets.Stack)
    assert slider.description == "Proxy weight" and "Units:" in slider.tooltip
    assert "arrow keys" in intro.value and "Proxy weight" in intro.value
    assert [label for label, _ in slider.options][:3] == ["0", "0.1", "0.2"]
    assert len(stack.children) == 11
    assert slider.index == stack.selected_index == 3  # the lab's proxy_weight, 0.3
    assert all(isinstance(frame, widgets.HTML) for frame in stack.children)


def test_each_frame_has_its_summary_as_alt_text_and_as_text(hiring_view):
    _, view = hiring_view
    for frame in view.children[2].children:
        alt = re.search(r'<img alt="([^"]*)"', frame.value).group(1)
        text = re.search(r"<p>([^<]*)</p>", frame.value).group(1)
        assert html.unescape(alt) == html.unescape(text)
        assert "impact ratio" in alt
        data = re.search(r'src="data:image/png;base64,([^"]+)"', frame.value).group(1)
        assert base64.b64decode(data).startswith(b"\x89PNG")


def test_slider_and_stack_are_jslinked_in_the_saved_widget_state(hiring_view):
    _, view = hiring_view
    _, slider, stack = view.children
    state = widgets.Widget.get_manager_state(drop_defaults=False)["state"]
    links = [
        s["state"]
        for s in state.values()
        if s["model_name"] == "LinkModel"
        and s["state"]["source"] == [f"IPY_MODEL_{slider.model_id}", "index"]
    ]
    assert links and links[0]["target"] == [f"IPY_MODEL_{stack.model_id}", "selected_index"]


@pytest.mark.parametrize("scenario", ["hiring", "warehouse", "call_centre"])
def test_frames_fit_the_page_budget(scenario):
    view = static_view(ScoringLab(scenario, seed=3))
    frame_bytes = sum(len(frame.value) for frame in view.children[2].children)
    assert frame_bytes < MAX_PAGE_BYTES / 4  # room for the theme, prose and the print figure


def test_static_display_shows_frames_and_drops_the_live_image(monkeypatch):
    shown = []
    monkeypatch.setenv("COLLECTIVE_AI_STATIC", "1")
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    lab = ScoringLab("call_centre", seed=1)
    lab._ipython_display_()
    assert isinstance(shown[0].children[2], widgets.Stack)
    assert lab._image.value == ""


def test_other_parameter_and_values(hiring_view):
    lab, _ = hiring_view
    view = static_view(lab, parameter="human_review_share", values=[0.0, 0.5, 1.0])
    assert [label for label, _ in view.children[1].options] == ["0", "0.5", "1"]
    assert view.children[1].description == "Human review"
