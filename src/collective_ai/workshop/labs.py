"""Handouts made from the labs: the small-multiples figure, prediction cards, reveal sheets.

All three come from one :func:`collective_ai.scoring.figures.print_figure` run with the
seed and settings that present mode projects (:data:`PRESENT_SEED`, the lab's defaults),
so the numbers on the reveal sheet are the numbers the room sees on the screen.
"""

from __future__ import annotations

import io
from functools import cache

from collective_ai.embed import data_uri
from collective_ai.escaping import escape_html

SCENARIOS = ("hiring", "warehouse", "call_centre")
PRESENT_SEED = 2024  # collective_ai.widgets.scoring_lab.DEFAULT_SEED, without importing widgets


@cache
def lab_figure(scenario: str):
    """The print figure for ``scenario`` at the projected lab's seed (cached per build)."""
    from collective_ai.scoring.figures import print_figure

    return print_figure(scenario, seed=PRESENT_SEED)


def _svg(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _setting(scenario: str) -> tuple[str, tuple]:
    """The varied control's label and its values, as the figure's panels show them."""
    figure = lab_figure(scenario)
    first = figure.results[0].scenario
    label = first.parameters["proxy_weight"].label
    return label, tuple(r.params["proxy_weight"] for r in figure.results)


def figure_html(scenario: str) -> str:
    """The figure (vector, so it prints sharp) with its text description under it."""
    figure = lab_figure(scenario)
    spec = figure.results[0].scenario
    source = data_uri(_svg(figure.figure), media_type="image/svg+xml")
    return (
        f"<h1>{escape_html(spec.title)}: the lab on paper</h1>"
        f"<p>Each small chart is one setting of the lab's main control. Plain bars are "
        f"{escape_html(spec.group_people)}, hatched bars {escape_html(spec.other_people)}; "
        "the number above each bar is the share who "
        f"{escape_html(spec.favourable_verb)}.</p>"
        f'<figure><img class="figure" alt="{escape_html(figure.alt)}" src="{source}">'
        f"<figcaption><b>In words.</b> {escape_html(figure.alt)}</figcaption></figure>"
    )


def prediction_cards_html(scenario: str) -> str:
    """One card per panel setting: the room writes its guess before the reveal."""
    spec = lab_figure(scenario).results[0].scenario
    label, values = _setting(scenario)
    cards = "".join(
        f'<section class="card"><h2>{escape_html(label)}: {value:g}</h2>'
        f"<p>Out of every 100 {escape_html(spec.group_people)}, how many "
        f"{escape_html(spec.favourable_verb)}? <span class='blank'></span></p>"
        f"<p>Out of every 100 {escape_html(spec.other_people)}? "
        "<span class='blank'></span></p>"
        "<p>Is the first group's share below four-fifths of the second's? "
        "&#9744; yes &#9744; no</p></section>"
        for value in values
    )
    return (
        f"<h1>{escape_html(spec.title)}: predict first</h1>"
        f"<p>The facilitator will set <b>{escape_html(label)}</b> on the projected lab. "
        "Before the chart is shown, write your table's guess on the card for that setting. "
        "Cut along the dashed lines.</p>"
        f'<div class="cards">{cards}</div>'
    )


def reveal_html(scenario: str) -> str:
    """The results for every card, for the facilitator to read out after the reveal."""
    figure = lab_figure(scenario)
    spec = figure.results[0].scenario
    label, values = _setting(scenario)
    rows = []
    for value, result in zip(values, figure.results, strict=True):
        rate_group, rate_other = ("n/a" if r is None else f"{r:.0%}" for r in result.rates.values())
        ratio = result.impact_ratio
        rows.append(
            f"<tr><td>{value:g}</td><td>{rate_group}</td><td>{rate_other}</td>"
            f"<td>{'undefined' if ratio is None else f'{ratio:.2f}'}</td>"
            f"<td>{'yes' if result.below_four_fifths else 'no'}</td></tr>"
        )
    return (
        f"<h1>{escape_html(spec.title)}: reveal sheet</h1>"
        "<p>For the facilitator: keep this sheet face down until the room has predicted. "
        f"The projected lab (present mode, seed {PRESENT_SEED}, every other control at its "
        "starting value) shows these numbers.</p>"
        f"<table><thead><tr><th>{escape_html(label)}</th>"
        f"<th>{escape_html(spec.group_people)} who {escape_html(spec.favourable_verb)}</th>"
        f"<th>{escape_html(spec.other_people)}</th><th>impact ratio</th>"
        f"<th>below four-fifths</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<p><b>In words.</b> {escape_html(figure.alt)}</p>"
    )
