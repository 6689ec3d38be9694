"""Present mode's view (the browser test is tests/browser/test_present.py)."""

from __future__ import annotations

import nbformat
import pytest

from collective_ai.errors import InputError
from collective_ai.escaping import escape_html
from collective_ai.scoring import simulate
from collective_ai.workshop.__main__ import main
from collective_ai.workshop.labs import PRESENT_SEED
from collective_ai.workshop.present import (
    HIDE,
    REVEAL,
    PresentLab,
    present_notebook,
    present_size,
    write_present_notebook,
)


def stage(lab):
    """The chart and the summary, as the stage beside the controls shows them."""
    _, shown = lab.ui.children
    return shown.children


def test_hiring_shows_a_few_controls_and_the_lab_numbers():
    lab = PresentLab("hiring")
    assert "proxy_weight" in lab.controls
    assert "seed" not in lab.controls
    assert "n" not in lab.controls
    lab.controls["proxy_weight"].value = 0.5
    expected = simulate("hiring", seed=PRESENT_SEED, proxy_weight=0.5)
    assert lab.result.impact_ratio == expected.impact_ratio
    assert lab.summary == expected.summary
    chart, summary = stage(lab)
    assert escape_html(expected.summary) in summary.value
    assert "<img" in chart.value
    assert lab.figure.get_size_inches()[0] * lab.figure.dpi == present_size(False).width
    assert chart.value.count("<img") == 2  # one picture per panel, side by side


def test_hide_then_reveal_keeps_the_setting_secret_until_revealed():
    lab = PresentLab("warehouse")
    lab.reveal.value = True
    assert lab.reveal.description == REVEAL
    assert lab.hidden
    lab.controls["proxy_weight"].value = 0.8
    chart, summary = stage(lab)
    assert "<img" not in chart.value
    assert summary.value == ""
    assert "Proxy weight: 0.8" in chart.value
    lab.reveal.value = False
    assert lab.reveal.description == HIDE
    assert "<img" in chart.value
    expected = simulate("warehouse", seed=PRESENT_SEED, proxy_weight=0.8).summary
    assert escape_html(expected) in summary.value


def test_audit_lab_redraws_its_chart():
    lab = PresentLab("audit")
    chart, summary = stage(lab)
    first = chart.value
    lab.controls["chart"].value = lab.controls["chart"].options[-1]
    assert chart.value != first
    assert escape_html(lab.summary) in summary.value


def test_unknown_lab_is_one_line_naming_lab(tmp_path, capsys):
    with pytest.raises(InputError, match="LAB"):
        PresentLab("payroll")
    assert main(["present-notebook", "payroll", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_the_notebook_is_one_code_cell_and_no_prose(tmp_path):
    nb = present_notebook("call_centre")
    assert [c.cell_type for c in nb.cells] == ["code"]
    assert "PresentLab('call_centre')" in nb.cells[0].source
    path = write_present_notebook("call_centre", out=tmp_path)
    assert nbformat.read(path, as_version=4).cells[0].source == nb.cells[0].source


def test_demands_present_mode_opens_empty_and_clears(monkeypatch, tmp_path):
    """The projector never shows what a previous group typed, and "Clear" empties it again."""
    from collective_ai.widgets.demand_drafter import DemandDrafter

    monkeypatch.setenv("COLLECTIVE_AI_HOME", str(tmp_path))
    earlier = DemandDrafter()  # a previous group's session, saved in the usual folder
    earlier.controls["employer"].value = "Quayside Logistics"
    earlier.controls["ai_system"].value = "ShiftScore"
    assert DemandDrafter().controls["employer"].value == "Quayside Logistics"  # it was saved

    lab = PresentLab("demands")
    assert lab.controls["employer"].value == ""
    assert lab.controls["ai_system"].value == ""
    assert "Quayside" not in " ".join(str(o) for o in lab.controls["draft"].options)
    lab.controls["employer"].value = "Harbour Freight"
    lab.clear.click()
    assert lab.controls["employer"].value == ""
    assert lab.clear.description == "Clear: start empty"
