"""The lab chart's words fit their panels: measured with matplotlib's renderer, no two
drawn texts of a panel overlap and none leaves its panel, at every size the chart is drawn,
in English and in Spanish (whose words are longer)."""

from __future__ import annotations

import itertools

import pytest

from collective_ai import i18n
from collective_ai.scoring import SCENARIOS, simulate
from collective_ai.scoring.lab_figure import BOOK, LabFigure
from collective_ai.scoring.lettering import fit, text_width
from collective_ai.workshop.present import present_size

SIZES = {
    "book": BOOK,
    "present, three across": present_size(True),  # the call centre's Outcome panel collided
    "present, two across": present_size(False),
}


def _drawn_texts(ax, renderer) -> list:
    """Every text matplotlib draws on ``ax``: ticks inside the limits, labels, title,
    the moving labels and the legend's words."""
    texts = []
    for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        low, high = sorted(limits)
        ticks = zip(axis.get_ticklabels(), axis.get_ticklocs(), strict=True)
        texts += [label for label, place in ticks if low <= place <= high]
    texts += [ax.xaxis.label, ax.yaxis.label, ax.title, *ax.texts]
    if ax.get_legend() is not None:
        texts += ax.get_legend().get_texts()
    return [
        (t.get_text(), t.get_window_extent(renderer))
        for t in texts
        if t.get_visible() and t.get_text().strip()
    ]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size_name", list(SIZES))
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_no_two_words_on_a_panel_overlap(scenario, size_name, lang):
    with i18n.using(lang):
        _check_words_apart(scenario, SIZES[size_name])


def _check_words_apart(scenario, size):
    view = LabFigure(SCENARIOS[scenario], size=size)
    for weight in (0.0, 0.5, 1.0):
        view.update(simulate(scenario, seed=2024, n=10_000, proxy_weight=weight))
        view.figure.canvas.draw()
        renderer = view.figure.canvas.get_renderer()
        for index, ax in enumerate(view.figure.axes):
            texts = _drawn_texts(ax, renderer)
            assert len(texts) >= 5
            for (one, box), (other, other_box) in itertools.combinations(texts, 2):
                assert not box.overlaps(other_box), (index, one, other)
            top = size.height * (view.panels - index)  # the panel's slot, bottom-up
            for text, box in texts:
                assert box.x0 >= 0, (index, text, box)
                assert box.x1 <= size.width, (index, text, box)
                assert box.y0 >= top - size.height, (index, text, box)
                assert box.y1 <= top, (index, text, box)


def test_group_names_under_the_bars_keep_a_gap():
    """The collision seen on the projector at 150%: "recognised" under both bars."""
    view = LabFigure(SCENARIOS["call_centre"], size=present_size(True))
    view.update(simulate("call_centre", seed=2024, n=10_000))
    view.figure.canvas.draw()
    renderer = view.figure.canvas.get_renderer()
    first, second = (t.get_window_extent(renderer) for t in view.figure.axes[1].get_xticklabels())
    assert second.x0 - first.x1 >= 0.3 * view.size.text - 1


def test_fit_measures_lines_and_splits_a_word_too_wide_with_a_hyphen():
    assert fit("Accent poorly recognised", width=400, pixels=14) == "Accent poorly recognised"
    assert fit("Accent poorly recognised", width=110, pixels=14) == "Accent poorly\nrecognised"
    narrow = fit("Accent well recognised", width=76, pixels=19)
    assert narrow == "Accent\nwell\nrecog-\nnised"
    for line in narrow.split("\n"):
        assert text_width(line, pixels=19) <= 76
    assert fit("Disabled, pregnant or older", width=76, pixels=19).startswith("Disa-\nbled,")
