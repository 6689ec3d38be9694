"""The static book's scoring lab: precomputed frames in a Stack, jslinked to a slider."""

from __future__ import annotations

import base64
import html
import re

import ipywidgets as widgets
import pytest

from collective_ai.widgets.scoring_lab import ScoringLab
from collective_ai.widgets.scoring_static import frame_values, frames, static_view
from tests.lab_contract import shown

MAX_PAGE_BYTES = 2_000_000  # issue 4: at most 2 MB per lab page


def test_frame_values_are_even_and_clean():
    assert frame_values(0.0, 1.0) == [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    assert frame_values(1, 52, count=4) == [1.0, 18.0, 35.0, 52.0]


def test_frames_follow_the_parameter():
    settings = [{"proxy_weight": v} for v in (0.0, 0.5, 1.0)]
    rendered = frames("hiring", seed=4, settings=settings, params={"n": 5_000})
    ratios = [f["impact_ratio"] for f in rendered]
    assert ratios[0] > ratios[1] > ratios[2]
    assert len({f["pngs"][1] for f in rendered}) == 3  # the outcome panel moved each time
    assert all(png.startswith(b"\x89PNG") for f in rendered for png in f["pngs"])
    assert all(len(f["pngs"]) == len(f["alts"]) == 2 for f in rendered)


@pytest.fixture(scope="module")
def hiring_view():
    lab = ScoringLab("hiring", seed=3, proxy_weight=0.3)
    return lab, static_view(lab)


def _frames(stack) -> list:
    """Every frame under a (possibly nested) Stack, in slider order."""
    out = []
    for child in stack.children:
        out.extend(_frames(child) if isinstance(child, widgets.Stack) else [child])
    return out


def test_view_is_two_labelled_sliders_over_nested_stacks_of_html_frames(hiring_view):
    lab, view = hiring_view
    intro, weight, share, stack = view.children
    assert isinstance(weight, widgets.SelectionSlider)
    assert isinstance(share, widgets.SelectionSlider)
    assert weight.description == "Proxy weight"
    assert "Units:" in weight.tooltip
    assert share.description == lab.scenario.parameters["selection_share"].label
    assert "arrow keys" in intro.value
    assert "Proxy weight" in intro.value
    assert "Seed" not in intro.value
    assert "seed" in intro.value  # says what works only live
    assert [label for label, _ in weight.options][:3] == ["0", "0.1", "0.2"]
    assert [label for label, _ in share.options] == ["0.05", "0.2", "0.5", "0.8"]
    assert len(stack.children) == 11
    assert all(len(inner.children) == 4 for inner in stack.children)
    assert weight.index == stack.selected_index == 3  # the lab's proxy_weight, 0.3
    assert all(isinstance(frame, widgets.HTML) for frame in _frames(stack))


def test_the_second_slider_changes_the_result_at_every_weight(hiring_view):
    _, view = hiring_view
    for inner in view.children[3].children:
        summaries = [re.search(r"<p[^>]*>([^<]*)</p>", f.value).group(1) for f in inner.children]
        assert len(set(summaries)) == len(summaries)


def test_each_frame_has_alt_text_per_panel_and_its_summary_as_text(hiring_view):
    _, view = hiring_view
    for frame in _frames(view.children[3]):
        alts = [html.unescape(a) for a in re.findall(r'<img alt="([^"]*)"', frame.value)]
        text = html.unescape(re.search(r"<p[^>]*>([^<]*)</p>", frame.value).group(1))
        assert len(alts) == 2
        ratio = re.search(r"impact ratio (\d\.\d\d)", text).group(1)
        assert f"impact ratio {ratio}" in alts[1]  # the outcome panel says the same number
        data = re.search(r'src="data:image/png;base64,([^"]+)"', frame.value).group(1)
        assert base64.b64decode(data).startswith(b"\x89PNG")


def test_sliders_and_stacks_are_jslinked_in_the_saved_widget_state(hiring_view):
    _, view = hiring_view
    _, weight, share, stack = view.children
    state = widgets.Widget.get_manager_state(drop_defaults=False)["state"]

    def targets(slider):
        return [
            s["state"]["target"][0]
            for s in state.values()
            if s["model_name"] == "LinkModel"
            and s["state"]["source"] == [f"IPY_MODEL_{slider.model_id}", "index"]
        ]

    assert targets(weight) == [f"IPY_MODEL_{stack.model_id}"]
    assert sorted(targets(share)) == sorted(f"IPY_MODEL_{c.model_id}" for c in stack.children)


@pytest.mark.parametrize("scenario", ["hiring", "warehouse", "call_centre"])
def test_frames_fit_the_page_budget(scenario):
    view = static_view(ScoringLab(scenario, seed=3))
    frame_bytes = sum(len(frame.value) for frame in _frames(view.children[-1]))
    assert frame_bytes < MAX_PAGE_BYTES * 0.8  # room for the theme, prose and the print figure


def test_static_display_shows_frames_and_drops_the_live_image(monkeypatch):
    displayed = []
    monkeypatch.setenv("COLLECTIVE_AI_STATIC", "1")
    monkeypatch.setattr("IPython.display.display", lambda obj: displayed.append(obj))
    lab = ScoringLab("call_centre", seed=1)
    lab._ipython_display_()
    assert isinstance(displayed[0].children[-1], widgets.Stack)
    assert "<img" not in shown(lab.ui)  # the live image is not embedded too


def test_other_parameter_and_values(hiring_view):
    lab, _ = hiring_view
    view = static_view(lab, controls=[("human_review_share", [0.0, 0.5, 1.0])])
    assert [label for label, _ in view.children[1].options] == ["0", "0.5", "1"]
    assert view.children[1].description == "Human review"
