"""collective_ai.scoring.figures: figures updated in place, and the print handout."""

from __future__ import annotations

import io
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from collective_ai.embed import png_bytes
from collective_ai.palette import group_style
from collective_ai.scoring import SCENARIOS, simulate
from collective_ai.scoring.figures import (
    LABEL_HEIGHT,
    LabFigure,
    print_figure,
    threshold_label_place,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _drawn(view: LabFigure) -> SimpleNamespace:
    """What the figure shows, found with matplotlib's public API on ``view.figure``."""
    scores, rates, *rounds = view.figure.axes
    (cut,) = scores.lines
    (line,) = rates.lines
    *bar_text, ratio_text = rates.texts  # a label per bar, then the ratio
    return SimpleNamespace(
        steps=list(scores.patches),
        cut=cut,
        bars=list(rates.patches),
        bar_text=bar_text,
        line=line,
        ratio_text=ratio_text,
        rounds_ax=rounds[0] if rounds else None,
        ratio_line=rounds[0].lines[0] if rounds else None,  # drawn before the four-fifths line
    )


def _state(view: LabFigure):
    drawn = _drawn(view)
    return (
        [bar.get_height() for bar in drawn.bars],
        [step.get_data().values.copy() for step in drawn.steps],
        drawn.cut.get_xdata()[0],
    )


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_update_moves_the_existing_artists_to_the_result(scenario):
    view = LabFigure(SCENARIOS[scenario])
    artists_before = list(view.figure.axes[1].patches)
    result = simulate(scenario, seed=1, n=5_000, proxy_weight=0.4)
    view.update(result)
    heights, steps, cut = _state(view)
    assert heights == pytest.approx(list(result.rates.values()))
    assert cut == result.cuts[-1]
    assert all(values.max() == pytest.approx(1.0) for values in steps)  # each group's peak
    assert _drawn(view).ratio_text.get_text() == f"impact ratio {result.impact_ratio:.2f}"
    assert _drawn(view).line.get_ydata()[0] == pytest.approx(0.8 * max(result.rates.values()))
    assert list(view.figure.axes[1].patches) == artists_before  # the same bars, not new ones


def test_histogram_counts_each_group_separately():
    result = simulate("hiring", seed=1, n=5_000, proxy_weight=0.9, proxy_strength=1.0)
    view = LabFigure(result.scenario)
    view.update(result)
    group, other = (step.get_data() for step in _drawn(view).steps)
    group_steps, other_steps, edges = group.values, other.values, group.edges
    centres = (edges[:-1] + edges[1:]) / 2
    # With the score all proxy, the penalised group's scores sit well below the others'.
    assert centres[group_steps.argmax()] < centres[other_steps.argmax()] - 1


def test_rounds_panel_follows_the_rounds():
    view = LabFigure(SCENARIOS["warehouse"])
    result = simulate("warehouse", seed=1, n=5_000, rounds=6, proxy_weight=0.3)
    view.update(result)
    drawn = _drawn(view)
    x, y = drawn.ratio_line.get_data()
    assert list(x) == [1, 2, 3, 4, 5, 6]
    assert y[-1] == pytest.approx(result.impact_ratio)
    assert [line.get_ydata()[0] for line in drawn.rounds_ax.lines[1:]] == [0.8]  # four-fifths
    view.update(simulate("warehouse", seed=1, n=5_000, rounds=3))
    assert len(drawn.ratio_line.get_data()[0]) == 3
    assert drawn.rounds_ax.get_xlim() == (0.5, 3.5)


@pytest.mark.parametrize(
    ("ratios", "expected_end", "above"),
    [
        ([0.84, 0.7, 0.64], "right", True),  # starts on the line, ends well below it
        ([0.5, 0.9, 1.0], "left", True),  # starts below, ends above
        ([0.86, 0.85, 0.84], "left", False),  # hugs the line from above: go under it
    ],
)
def test_threshold_label_keeps_clear_of_the_ratios(ratios, expected_end, above):
    end, height = threshold_label_place(ratios)
    assert end == expected_end
    assert (height > 0.8) is above
    nearest = ratios[0] if end == "left" else ratios[-1]
    assert abs(nearest - height) > LABEL_HEIGHT / 2


def test_threshold_label_moves_with_the_rounds_drawn():
    view = LabFigure(SCENARIOS["warehouse"])
    view.update(simulate("warehouse", seed=1, n=5_000, rounds=8, proxy_weight=0.3))
    rounds_ax = view.figure.axes[2]
    (label,) = [text for text in rounds_ax.texts if text.get_text() == "four-fifths"]
    ratios = rounds_ax.lines[0].get_ydata()
    end, height = threshold_label_place(ratios, height=view.label_heights["rounds"])
    assert label.get_position()[1] == height
    assert label.get_horizontalalignment() == end


def test_hiring_has_no_rounds_panel():
    assert len(LabFigure(SCENARIOS["hiring"]).figure.axes) == 2
    assert len(LabFigure(SCENARIOS["warehouse"]).figure.axes) == 3


def test_png_changes_with_the_data_and_matches_a_full_redraw():
    view = LabFigure(SCENARIOS["hiring"])
    view.update(simulate("hiring", seed=2, n=5_000, proxy_weight=0.0))
    first = view.png()
    view.update(simulate("hiring", seed=2, n=5_000, proxy_weight=0.6))
    second = view.png()
    assert first.startswith(PNG_SIGNATURE)
    assert second.startswith(PNG_SIGNATURE)
    assert first != second
    blitted = np.asarray(Image.open(io.BytesIO(second)).convert("RGB"), dtype=float)
    full = np.asarray(Image.open(io.BytesIO(png_bytes(view.figure))).convert("RGB"), dtype=float)
    assert blitted.shape == full.shape
    assert np.abs(blitted - full).mean() < 3  # same picture, up to the palette


def test_print_figure_has_a_panel_per_value_and_a_full_text_alternative(tmp_path):
    values = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
    handout = print_figure("hiring", seed=3, n=5_000, values=values)
    visible = [ax for ax in handout.figure.axes if ax.get_visible()]
    assert len(visible) == 6
    for value, result in zip(values, handout.results, strict=True):
        rate_group, rate_other = result.rates.values()
        assert f"at {value:g}, {rate_group:.0%} against {rate_other:.0%}" in handout.alt
        assert f"(ratio {result.impact_ratio:.2f})" in handout.alt
    width, height = handout.figure.get_size_inches()
    assert width <= 7.5
    assert height <= 10  # inside A4 and US Letter printable areas
    handout.save(tmp_path / "hiring.png", dpi=100)
    assert (tmp_path / "hiring.png").read_bytes().startswith(PNG_SIGNATURE)
    assert (tmp_path / "hiring.txt").read_text(encoding="utf-8").strip() == handout.alt
    assert "<figcaption>" in handout._repr_html_()


def test_print_bars_are_told_apart_without_colour():
    handout = print_figure("warehouse", seed=3, n=2_000, values=(0.0, 0.5))
    bars = handout.figure.axes[0].patches
    assert [bar.get_hatch() or "" for bar in bars] == [
        group_style(0)["hatch"],
        group_style(1)["hatch"],
    ]
    assert bars[0].get_hatch() != bars[1].get_hatch()
    assert len([ax for ax in handout.figure.axes if ax.get_visible()]) == 2


def test_print_figure_other_parameter():
    handout = print_figure(
        "hiring",
        seed=3,
        n=2_000,
        parameter="human_review_share",
        values=(0.0, 0.5, 1.0),
        proxy_weight=0.5,
    )
    ratios = [r.impact_ratio for r in handout.results]
    assert ratios == sorted(ratios)
    assert "for each setting of Human review" in handout.alt


@pytest.mark.parametrize("proxy_weight", [0.0, 0.1, 0.2, 0.3, 0.4, 0.6, 1.0])
def test_bar_labels_never_cross_the_four_fifths_line(proxy_weight):
    """Measured on the drawn figure: each label's box against the line, in pixels."""
    view = LabFigure(SCENARIOS["hiring"])
    view.update(simulate("hiring", seed=2024, n=10_000, proxy_weight=proxy_weight))
    view.figure.canvas.draw()
    renderer = view.figure.canvas.get_renderer()
    drawn = _drawn(view)
    line_y = drawn.line.get_transform().transform((0, drawn.line.get_ydata()[0]))[1]
    for text, bar in zip(drawn.bar_text, drawn.bars, strict=True):
        box = text.get_window_extent(renderer)
        assert not (box.y0 - 1 <= line_y <= box.y1 + 1), (text.get_text(), box, line_y)
        bar_top = bar.get_transform().transform((0, bar.get_height()))[1]
        assert box.y0 >= bar_top - 1  # still above its own bar


def test_label_height_moves_only_labels_that_would_cross():
    from collective_ai.scoring.figures import LABEL_HEIGHT, label_height

    assert label_height(0.5, 0.2) == pytest.approx(0.52)  # far above the line
    assert label_height(0.1, 0.4) == pytest.approx(0.12)  # far below it
    for rate in np.linspace(0, 1, 101):
        line = 0.8 * 0.23
        y = label_height(rate, line)
        assert y >= rate
        assert not (y - 0.02 < line < y + LABEL_HEIGHT)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_kept_label_pixels_draw_what_a_fresh_figure_draws(scenario):
    """Back at an earlier setting, the labels come from kept pixels (sprites.py): the
    frame is pixel for pixel a fresh figure's, and so is one with labels never seen."""
    moved = LabFigure(SCENARIOS[scenario])
    for weight in (0.3, 0.0, 0.7, 0.3):
        moved.update(simulate(scenario, seed=5, n=5_000, proxy_weight=weight))
        moved.render()
    kept = len(moved._sprites._kept)
    assert kept < 4 * 3  # the last move drew its labels from kept pixels
    fresh = LabFigure(SCENARIOS[scenario])
    fresh.update(simulate(scenario, seed=5, n=5_000, proxy_weight=0.3))
    fresh.render()
    np.testing.assert_array_equal(
        np.asarray(moved.figure.canvas.buffer_rgba()),
        np.asarray(fresh.figure.canvas.buffer_rgba()),
    )
    moved.update(simulate(scenario, seed=5, n=5_000, proxy_weight=0.55))
    moved.render()
    fresh.update(simulate(scenario, seed=5, n=5_000, proxy_weight=0.55))
    fresh._sprites.clear()
    fresh.render()
    np.testing.assert_array_equal(
        np.asarray(moved.figure.canvas.buffer_rgba()),
        np.asarray(fresh.figure.canvas.buffer_rgba()),
    )


def test_a_moved_label_is_not_pasted_where_it_was():
    """Same words at another height are drawn again, not pasted at the old place."""
    view = LabFigure(SCENARIOS["hiring"])
    view.update(simulate("hiring", seed=5, n=5_000, proxy_weight=0.3))
    view.render()
    label = view.figure.axes[1].texts[0]
    label.set_y(label.get_position()[1] + 0.2)
    view.render()
    fresh = LabFigure(SCENARIOS["hiring"])
    fresh.update(simulate("hiring", seed=5, n=5_000, proxy_weight=0.3))
    fresh.figure.axes[1].texts[0].set_y(label.get_position()[1])
    fresh.render()
    np.testing.assert_array_equal(
        np.asarray(view.figure.canvas.buffer_rgba()),
        np.asarray(fresh.figure.canvas.buffer_rgba()),
    )


@pytest.mark.parametrize("proxy_weight", [0.0, 0.5, 1.0])
def test_rounds_line_is_the_by_round_table(proxy_weight):
    """The panel reads each round's audit directly; it must draw what by_round says, ratios
    of 0 (everyone in the group flagged) included."""
    result = simulate("warehouse", seed=3, n=5_000, proxy_weight=proxy_weight, proxy_strength=1)
    view = LabFigure(result.scenario)
    view.update(result)
    x, y = view.figure.axes[2].lines[0].get_data()
    table = result.by_round
    assert list(x) == list(table.index)
    np.testing.assert_allclose(y, table["impact_ratio"].astype(float).to_numpy())
