"""One number per fact: every output of a scoring lab's chapter comes from the same run.

The chapter's text cell, its print figure, the book's precomputed frames, present mode and
the facilitator's reveal sheet all show the impact ratio and the two groups' rates at the
lab's starting setting. Each is produced here the way the chapter or the workshop produces
it (the chapter's own calls are read from the notebook), and all must print the same.
"""

from __future__ import annotations

import ast
import html
import json
import re

import pytest

from collective_ai.scoring import simulate
from collective_ai.scoring.figures import print_figure
from collective_ai.widgets.scoring_lab import ScoringLab
from collective_ai.widgets.scoring_static import frames
from collective_ai.workshop.labs import PRESENT_SEED, lab_figure, reveal_html
from collective_ai.workshop.present import PresentLab
from tests.notebook_expectations import ROOT

CHAPTERS = {
    "hiring": "hiring-screener",
    "warehouse": "warehouse-rates",
    "call_centre": "call-centre",
}


def chapter_calls(chapter: str) -> dict[str, list[tuple[list, dict]]]:
    """The literal arguments of each simulate, print_figure and ScoringLab call in a chapter."""
    notebook = json.loads((ROOT / "notebooks" / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    found: dict[str, list] = {"simulate": [], "print_figure": [], "ScoringLab": []}
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in found:
                args = [ast.literal_eval(a) for a in node.args]
                kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
                found[node.func.id].append((args, kwargs))
    return found


def shown(ratio: float, rates) -> str:
    """The facts as a reader sees them: the ratio to two places, each rate in whole percent."""
    return f"{ratio:.2f} " + " ".join(f"{r:.0%}" for r in rates)


@pytest.mark.parametrize("scenario", list(CHAPTERS))
def test_the_chapter_its_figure_frames_present_mode_and_reveal_sheet_agree(scenario):
    calls = chapter_calls(CHAPTERS[scenario])
    (([name], lab_kwargs),) = calls["ScoringLab"]
    assert name == scenario
    lab = ScoringLab(scenario, **lab_kwargs)
    weight = lab.params["proxy_weight"]
    expected = shown(lab.result.impact_ratio, lab.result.rates.values())

    # The run the chapter's text describes, when it describes the lab's starting setting.
    for args, kwargs in calls["simulate"]:
        if args == [scenario] and kwargs.get("proxy_weight", weight) == weight:
            text = simulate(*args, **kwargs)
            assert shown(text.impact_ratio, text.rates.values()) == expected, kwargs

    # At every setting the print figure shows, the lab, the chapter's figure, the handout's
    # figure (lab_figure), the book's frame, present mode and the reveal sheet agree.
    ((args, kwargs),) = calls["print_figure"]
    chapter_figure = print_figure(*args, **kwargs)
    present = PresentLab(scenario)
    assert lab_kwargs["seed"] == PRESENT_SEED
    sheet = reveal_html(scenario)
    handout = lab_figure(scenario)  # the workshop's figure and reveal sheet
    same_panels = kwargs.get("parameter", "proxy_weight") == "proxy_weight"
    if same_panels:  # (the warehouse chapter's figure varies the weeks instead)
        assert [r.params for r in chapter_figure.results] == [r.params for r in handout.results]
    for drawn, handed in zip(chapter_figure.results, handout.results, strict=True):
        value = handed.params["proxy_weight"]
        lab.controls["proxy_weight"].value = value
        present.controls["proxy_weight"].value = value
        expected = shown(lab.result.impact_ratio, lab.result.rates.values())
        if same_panels:
            assert shown(drawn.impact_ratio, drawn.rates.values()) == expected, value
        assert shown(handed.impact_ratio, handed.rates.values()) == expected, value
        assert present.summary == lab.summary
        (frame,) = frames(scenario, seed=PRESENT_SEED, settings=[{}], params=lab.params)
        assert f"impact ratio {lab.result.impact_ratio:.2f}" in html.unescape(frame["alts"][1])
        assert frame["summary"] == lab.summary
        row = re.search(rf"<tr><td>{value:g}</td>(.*?)</tr>", sheet)
        assert row, f"the reveal sheet has no row for {value:g}"
        cells = re.findall(r"<td>([^<]*)</td>", row.group(1))
        assert f"{cells[2]} {cells[0]} {cells[1]}" == expected, value
