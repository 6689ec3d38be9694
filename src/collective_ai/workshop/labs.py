"""Handouts made from the labs: the small-multiples figure, prediction cards, reveal sheets.

All three come from one :func:`collective_ai.scoring.figures.print_figure` run with the
seed and settings that present mode projects (:data:`PRESENT_SEED`, the lab's defaults),
so the numbers on the reveal sheet are the numbers the room sees on the screen.

The sheets' own words are translated (:mod:`collective_ai.i18n`) and their numbers go
through its formatter; the scenario's names, the figure and its description come from
:mod:`collective_ai.scoring` and are printed as it gives them.
"""

from __future__ import annotations

import io
from functools import cache

from collective_ai.embed import data_uri
from collective_ai.escaping import escape_html
from collective_ai.i18n import _, format_decimal, format_number, format_percent

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
    intro = _(
        "Each small chart is one setting of the lab's main control. Plain bars are "
        "{group}, hatched bars {other}; the number above each bar is the share who {verb}."
    ).format(group=spec.group_people, other=spec.other_people, verb=spec.favourable_verb)
    title = _("{title}: the lab on paper").format(title=spec.title)
    return (
        f"<h1>{escape_html(title)}</h1>"
        f"<p>{escape_html(intro)}</p>"
        f'<figure><img class="figure" alt="{escape_html(figure.alt)}" src="{source}">'
        f"<figcaption><b>{_in_words()}</b> {escape_html(figure.alt)}"
        "</figcaption></figure>"
    )


def prediction_cards_html(scenario: str) -> str:
    """One card per panel setting: the room writes its guess before the reveal."""
    spec = lab_figure(scenario).results[0].scenario
    label, values = _setting(scenario)
    first = _("Out of every 100 {group}, how many {verb}?").format(
        group=spec.group_people, verb=spec.favourable_verb
    )
    second = _("Out of every 100 {other}?").format(other=spec.other_people)
    below = _("Is the first group's share below four-fifths of the second's?")
    yes, no = escape_html(_("yes")), escape_html(_("no"))
    ticks = f"&#9744; {yes} &#9744; {no}"
    cards = "".join(
        f'<section class="card"><h2>{escape_html(label)}: {format_number(value)}</h2>'
        f"<p>{escape_html(first)} <span class='blank'></span></p>"
        f"<p>{escape_html(second)} <span class='blank'></span></p>"
        f"<p>{escape_html(below)} {ticks}</p></section>"
        for value in values
    )
    intro = escape_html(
        _(
            "The facilitator will set {control} on the projected lab. Before the chart is "
            "shown, write your table's guess on the card for that setting. Cut along the "
            "dashed lines."
        )
    ).format(control=f"<b>{escape_html(label)}</b>")
    title = _("{title}: predict first").format(title=spec.title)
    return f'<h1>{escape_html(title)}</h1><p>{intro}</p><div class="cards">{cards}</div>'


def reveal_html(scenario: str) -> str:
    """The results for every card, for the facilitator to read out after the reveal."""
    figure = lab_figure(scenario)
    spec = figure.results[0].scenario
    label, values = _setting(scenario)
    rows = []
    for value, result in zip(values, figure.results, strict=True):
        rate_group, rate_other = (
            _("n/a") if r is None else format_percent(r) for r in result.rates.values()
        )
        ratio = result.impact_ratio
        cells = (
            format_number(value),
            rate_group,
            rate_other,
            _("undefined") if ratio is None else format_decimal(ratio, 2),
            _("yes") if result.below_four_fifths else _("no"),
        )
        rows.append("<tr>" + "".join(f"<td>{escape_html(c)}</td>" for c in cells) + "</tr>")
    note = _(
        "For the facilitator: keep this sheet face down until the room has predicted. The "
        "projected lab (present mode, seed {seed}, every other control at its starting value) "
        "shows these numbers."
    ).format(seed=PRESENT_SEED)
    columns = (
        label,
        _("{group} who {verb}").format(group=spec.group_people, verb=spec.favourable_verb),
        spec.other_people,
        _("impact ratio"),
        _("below four-fifths"),
    )
    head = "".join(f"<th>{escape_html(c)}</th>" for c in columns)
    title = _("{title}: reveal sheet").format(title=spec.title)
    return (
        f"<h1>{escape_html(title)}</h1>"
        f"<p>{escape_html(note)}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<p><b>{_in_words()}</b> {escape_html(figure.alt)}</p>"
    )


def _in_words() -> str:
    return escape_html(_("In words."))
