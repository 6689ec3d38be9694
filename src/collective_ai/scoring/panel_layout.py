"""Where the lab chart's words go: a panel's size, and its labels fitted to it.

:class:`Layout` wraps every label of the chart to the room it has on a panel of a given
:class:`PanelSize`, with widths measured as they will be drawn
(:mod:`collective_ai.scoring.lettering`), and leaves margins for them, so the chart is laid
out for the panel's size rather than shrunk into it.
"""

from __future__ import annotations

from dataclasses import dataclass

from collective_ai.i18n import _
from collective_ai.scoring.lettering import fit, lines, text_width
from collective_ai.scoring.scenarios import Scenario

RIGHT_PX = 10  # each panel's right margin
GAP_EMS = 0.3  # the least room between the names under two bars, in text heights
BARS_XLIM = (-0.45, 1.45)  # the outcome panel's bars stand at 0 and 1


@dataclass(frozen=True)
class PanelSize:
    """One panel's size in CSS pixels and the height of its smallest text.

    At ``dpi`` 96 a pixel of the PNG is a CSS pixel, so the text is ``text`` px tall on
    screen wherever the panel is shown at its own width, and ``text * 0.75`` pt on paper.
    """

    width: int = 336  # two side by side fit the book's 688 px column on a laptop
    height: int = 280
    text: float = 14.0  # 10.5 pt: readable on a phone, and above 8 pt when printed
    dpi: int = 96

    @property
    def points(self) -> float:
        """The smallest text in points, as matplotlib takes it."""
        return self.text * 72 / self.dpi


BOOK = PanelSize()


def wrap(text: str, *, pixels: float, size: PanelSize) -> str:
    """``text`` broken into lines no wider than ``pixels`` at the panel's text size."""
    return fit(text, width=pixels, pixels=size.text, dpi=size.dpi)


@dataclass(frozen=True)
class Layout:
    """Every label of the panels wrapped to fit them, and the margins that leave it room.

    Worked out once per figure from the panel's size and the scenario's words, so a long
    group name on a narrow panel takes more lines instead of running into the next panel.
    """

    lefts: tuple[float, ...]  # each panel's left margin (its tick labels, its y label)
    margins: tuple[float, float]  # top and bottom, in pixels
    axes_height: float
    verb: str  # the outcome panel's y label
    groups: tuple[str, str]  # under the bars
    legend: tuple[str, str]  # in the scores panel's legend
    notes: dict  # x labels by panel name, and the rounds panel's y label ("ratio")
    text: float  # the text's height in pixels

    @classmethod
    def of(cls, scenario: Scenario, size: PanelSize) -> Layout:
        """The layout whose y label fits the axes it labels: the axes' height depends on
        the lines under them, which depend on the y label's width, so it is worked out
        again until the label fits (twice or three times at most)."""
        text, line = size.text, size.text * 1.3
        top = line * 1.15 + 0.5 * text
        height = size.height - top - 4 * line  # a first guess
        for _attempt in range(4):
            layout = cls._with_height(scenario, size, top, height)
            if text_width(layout.verb, pixels=text, dpi=size.dpi) <= layout.axes_height:
                break
            height = layout.axes_height
        return layout

    @classmethod
    def _with_height(cls, scenario: Scenario, size: PanelSize, top, height) -> Layout:
        text, line = size.text, size.text * 1.3
        verb = wrap(scenario.favourable_share, pixels=height, size=size)
        lefts = (
            text * 0.8,
            text * 2.2 + _wider_than_all(size) + line * lines(verb) + 4,
            text * 3.3 + line + 4,
        )
        scores, rates = (size.width - left - RIGHT_PX for left in lefts[:2])
        groups = _names_under_bars(scenario, size, rates=rates, right=RIGHT_PX)
        notes = {
            "scores": wrap(_("score (higher is better)"), pixels=scores, size=size),
            "rates": wrap(_("dots: 4/5 of the higher rate"), pixels=rates, size=size),
            "rounds": scenario.round_word,
        }
        under_bars = max(map(lines, groups)) + lines(notes["rates"])
        under = max(under_bars, 1 + lines(notes["scores"]))
        bottom = line * under + text * 0.9
        legend = tuple(wrap(g, pixels=scores - 3.2 * text, size=size) for g in _groups(scenario))
        axes_height = size.height - top - bottom
        # The rounds panel's y label, in as many lines as its axes' height needs.
        notes["ratio"] = wrap(_("impact ratio"), pixels=axes_height, size=size)
        lefts = (*lefts[:2], lefts[2] + line * (lines(notes["ratio"]) - 1))
        return cls(lefts, (top, bottom), axes_height, verb, groups, legend, notes, text)

    @property
    def legend_share(self) -> float:
        """How much of the scores panel's height its legend takes, from the top."""
        count = sum(map(lines, self.legend)) + 1
        return min(0.7, (count * 1.4 + 0.8) * self.text / self.axes_height)


def _wider_than_all(size: PanelSize) -> float:
    """How much wider the outcome panel's top tick ("all") is in the language in use than
    in English, whose width the margin was made for ("todos" is wider)."""
    word = _("all")
    if word == "all":
        return 0.0
    measured = (text_width(w, pixels=size.text, dpi=size.dpi) for w in (word, "all"))
    return max(0.0, next(measured) - next(measured))


def _groups(scenario: Scenario) -> tuple[str, str]:
    return scenario.group, scenario.other


def _names_under_bars(scenario, size: PanelSize, *, rates: float, right: float):
    """The two groups' names under their bars, apart by at least ``GAP_EMS``, the first
    clear of the y axis's "0" and the second inside the panel: half of one name's width and
    half of the other's fit the space between the bars' middles, so a short name leaves a
    long one more room (measured, not guessed)."""
    low, high = BARS_XLIM
    spacing = rates / (high - low)  # pixels between the bars' middles
    room = 2 * (spacing - GAP_EMS * size.text)  # for the two widths together
    edge = 2 * ((high - 1) * spacing + right - 2)  # the second name stays in the panel
    axis = 2 * -low * spacing  # the first name starts right of the y axis
    first, other = _groups(scenario)
    first_lines = wrap(first, pixels=min(room / 2, axis), size=size)
    width = text_width(first_lines, pixels=size.text, dpi=size.dpi)
    other_lines = wrap(other, pixels=min(room - width, edge), size=size)
    width = text_width(other_lines, pixels=size.text, dpi=size.dpi)
    return wrap(first, pixels=min(room - width, axis), size=size), other_lines
