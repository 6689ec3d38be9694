"""ScoringLab: every control re-simulates and updates result, figure and summary."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pytest

from collective_ai.errors import InputError
from collective_ai.scoring import SCENARIOS
from collective_ai.widgets.scoring_lab import ScoringLab
from tests.lab_contract import assert_keeps_the_lab_contract, part_with

# A value for each control that differs from the lab's start and visibly changes the outcome.
NEW_VALUES = {
    "n": 1_000,
    "group_share": 0.6,
    "proxy_strength": 0.9,
    "proxy_weight": 0.7,
    "selection_share": 0.5,
    "human_review_share": 0.9,
    "reviewer_accuracy": 0.2,
    "rounds": 5,
    "target_ratchet": 0.2,
    "seed": 99,
}
START = {"seed": 1, "human_review_share": 0.4}  # with some review, reviewer accuracy matters


def _figure_state(lab: ScoringLab):
    scores, rates, *_ = lab.figure.axes
    return (
        tuple(bar.get_height() for bar in rates.patches),
        tuple(tuple(step.get_data().values) for step in scores.patches),
        part_with(lab.ui, "<img"),
    )


def _cases():
    for name, spec in SCENARIOS.items():
        for control in [*spec.parameters, "seed"]:
            if control == "rounds" and spec.parameters["rounds"].high == 1:
                continue
            yield pytest.param(name, control, id=f"{name}-{control}")


@pytest.mark.parametrize(("scenario", "control"), list(_cases()))
def test_each_control_changes_result_figure_and_summary(scenario, control):
    lab = ScoringLab(scenario, **START)
    before = (lab.result, _figure_state(lab), lab.summary)
    lab.controls[control].value = NEW_VALUES[control]
    assert lab.result is not before[0]
    assert (lab.result.params | {"seed": lab.controls["seed"].value})[control] == NEW_VALUES[
        control
    ]
    assert _figure_state(lab) != before[1]
    assert lab.summary != before[2]
    assert lab.summary == lab.result.summary
    chart = html.unescape(part_with(lab.ui, "<img"))
    alts = lab.view.alts()  # one per panel, from the numbers the panel shows
    assert len(alts) == chart.count("<img") == (3 if lab.scenario.has_rounds else 2)
    assert all(f'alt="{alt}"' in chart for alt in alts)
    ratio = lab.result.impact_ratio
    assert f"impact ratio {'undefined' if ratio is None else f'{ratio:.2f}'}" in alts[1]


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_controls_are_labelled_with_units_and_help(scenario):
    lab = ScoringLab(scenario, seed=1)
    assert_keeps_the_lab_contract(lab)
    for name, control in lab.controls.items():
        assert control.description, name
        assert control.tooltip, name
        assert len(control.tooltip) > 20, name
    sliders = [c for c in lab.controls.values() if isinstance(c, widgets.FloatSlider)]
    assert all("Units:" in s.tooltip for s in sliders)
    assert "What the controls mean" in lab.ui.children[-3].value


def test_hiring_has_no_rounds_control_and_warehouse_has_a_ratchet():
    assert "rounds" not in ScoringLab("hiring", seed=1).controls
    warehouse = ScoringLab("warehouse", seed=1)
    assert {"rounds", "target_ratchet"} <= set(warehouse.controls)
    assert "target_ratchet" not in ScoringLab("call_centre", seed=1).controls


def test_initial_parameters_are_applied_and_checked():
    lab = ScoringLab("warehouse", seed=5, proxy_weight=0.45, rounds=4, n=1_000)
    assert lab.controls["proxy_weight"].value == 0.45
    assert lab.result.params["rounds"] == 4
    assert len(lab.result.people) == 1_000
    assert lab.controls["n"].options[0] == ("1,000", 1_000)
    with pytest.raises(InputError, match="proxy_weight"):
        ScoringLab("hiring", proxy_weight=2)
    for seed in (-3, 2**32, 1.5, True):
        with pytest.raises(InputError, match=r"seed.*0 to 4,294,967,295"):
            ScoringLab("hiring", seed=seed)


def test_live_display_shows_the_controls(monkeypatch):
    shown = []
    monkeypatch.delenv("COLLECTIVE_AI_STATIC", raising=False)
    monkeypatch.setattr("IPython.display.display", lambda *objs: shown.extend(objs))
    lab = ScoringLab("hiring", seed=1)
    lab._ipython_display_()
    ui, script = shown
    assert ui is lab.ui
    assert "aria-valuetext" in script.data  # the slider script JupyterLab and Voila run
