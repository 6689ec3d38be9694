"""The scoring lab's chart: one picture per panel, laid out by the page, updated in place.

A :class:`LabFigure` owns one plain matplotlib ``Figure`` on an Agg canvas (no pyplot, so no
global state and nothing leaks into notebook outputs) whose panels sit one under another, each
in its own slot of :class:`PanelSize`. ``update(result)`` changes artist data (histogram steps,
bar heights, line data, text) and ``pngs()`` renders the figure once and cuts it into one PNG
per panel. The page puts those side by side where they fit and under one another on a phone
(:func:`collective_ai.embed.panels_html`), so the chart is drawn for the screen's width, with
text of a fixed size, instead of a wide picture shrunk to fit. Rebuilding axes on every slider
move costs several times more (see ``bench/bench_scoring.py``).
"""

from __future__ import annotations

import io
import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from collective_ai.audit.stats import FOUR_FIFTHS
from collective_ai.i18n import _, format_decimal, format_percent, pgettext
from collective_ai.palette import THRESHOLD_COLOUR, group_style
from collective_ai.scoring.lettering import text_width
from collective_ai.scoring.panel_layout import (
    BARS_XLIM,
    BOOK,
    RIGHT_PX,
    Layout,
    PanelSize,
)
from collective_ai.scoring.result import ScoringResult
from collective_ai.scoring.scenarios import Scenario
from collective_ai.scoring.sprites import Sprites

BINS = 40
PALETTE_COLOURS = 128
SCORE_RANGE = 3.5  # scores are in standard units; the lab plots -3.5 to 3.5
LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 1}  # legible over the line
LABEL_HEIGHT = 0.07  # a bar label's height in data units (0 to 1 share), at the book's size
RATES_TOP = 1.3  # the outcome panel's y limit: room for the ratio above the highest bar
ROUNDS_TOP = 1.08


def label_height(rate: float, line: float, *, gap: float = 0.02, height=LABEL_HEIGHT) -> float:
    """Where a bar's value label sits: just above the bar, unless that would cross the
    four-fifths line, in which case just above the line, so the two never overlap.
    ``height`` is the label's height in data units."""
    bottom = rate + gap
    if bottom - gap < line + gap and bottom + height > line - gap:
        return line + gap
    return bottom


def threshold_label_place(ratios, *, height=LABEL_HEIGHT) -> tuple[str, float]:
    """Where the rounds panel's "four-fifths" label sits: which end of the line ("left" or
    "right") and at what height, on the side of the line away from that end's data point.

    Of the four places (either end, above or below the line) it takes the one farthest from
    the ratio drawn at that end, so the word never covers the line of ratios it labels.
    """
    line = float(FOUR_FIFTHS)
    places = [
        (end, line + side * (0.02 + height / 2)) for end in ("left", "right") for side in (1, -1)
    ]
    ends = {"left": ratios[0], "right": ratios[-1]} if len(ratios) else {}

    def clearance(place):
        end, middle = place
        value = ends.get(end)
        return 1.0 if value is None or math.isnan(value) else abs(value - middle)

    return max(places, key=clearance)


class LabFigure:
    """Score distributions with the cut line, outcome rates against the four-fifths line,
    and, for scenarios with rounds, the impact ratio round by round: one panel each.

    Axes, ticks and labels do not move with the data (fixed limits), so they are drawn
    once into a background; an update restores it and redraws only the artists that carry
    data (the "blitting" technique of matplotlib's animation guide).
    """

    def __init__(self, scenario: Scenario, *, size: PanelSize = BOOK) -> None:
        self.scenario, self.size = scenario, size
        self.panels = 3 if scenario.has_rounds else 2
        self.figure = Figure(
            figsize=(size.width / size.dpi, size.height * self.panels / size.dpi), dpi=size.dpi
        )
        FigureCanvasAgg(self.figure)
        self.layout = Layout.of(scenario, size)
        axes = [self._slot(i) for i in range(self.panels)]
        # A label's height in each panel's data units, with its box: where labels go.
        share = size.text * 1.5 / self.layout.axes_height
        self.label_heights = {"rates": share * RATES_TOP, "rounds": share * ROUNDS_TOP}
        self._build_scores(axes[0])
        self._build_rates(axes[1])
        self._rounds_ax = axes[2] if self.panels == 3 else None
        if self._rounds_ax is not None:
            self._build_rounds(self._rounds_ax)
        # Labels first, straight onto the background, so their pixels can be kept
        # (sprites.py); nothing else drawn overlaps them (label_height keeps them clear).
        self._labels = [*self._bar_text, self._ratio_text]
        self._moving = [*self._labels, *self._steps, self._cut, *self._bars, self._line]
        if self._rounds_ax is not None:
            self._moving.append(self._ratio_line)
        self._sprites = Sprites(self.figure)
        # Backgrounds by the "four-fifths" label's place: it has four places only, so it is
        # drawn into a background per place rather than on every frame.
        self._backgrounds: dict = {}
        self._palette = None  # the first frame's colours, reused by every later frame
        self._result: ScoringResult | None = None

    def _slot(self, index: int) -> object:
        """Axes inside the ``index``-th panel's slot, with the layout's margins."""
        left, (top, bottom) = self.layout.lefts[index], self.layout.margins
        width, height = self.size.width, self.size.height * self.panels
        slot_top = height - index * self.size.height
        rect = (
            left / width,
            (slot_top - self.size.height + bottom) / height,
            (width - left - RIGHT_PX) / width,
            (self.size.height - top - bottom) / height,
        )
        return self.figure.add_axes(rect)

    def _title(self, ax, index: int, text: str) -> None:
        """A panel's title, centred on its panel rather than on its axes."""
        left = self.layout.lefts[index]
        middle = (self.size.width / 2 - left) / (self.size.width - left - RIGHT_PX)
        ax.set_title(text, fontsize=self._fonts()[1], x=middle)

    def _fonts(self) -> tuple[float, float]:
        """The text and title sizes, in points."""
        return self.size.points, self.size.points * 1.15

    def _build_scores(self, ax) -> None:
        small = self._fonts()[0]
        edges = np.linspace(-SCORE_RANGE, SCORE_RANGE, BINS + 1)
        self._edges = edges
        self._steps = []
        for i, name in enumerate(self.layout.legend):
            style = group_style(i)
            self._steps.append(
                ax.stairs(
                    np.zeros(BINS),
                    edges,
                    fill=True,
                    facecolor=(*_rgb(style["color"]), 0.35),
                    edgecolor=style["color"],
                    hatch=style["hatch"],
                    linewidth=1.2,
                    label=name,
                )
            )
        # The tallest step (1) and the cut line stop below the legend, which sits in the
        # background layer.
        below = 1 - self.layout.legend_share - 0.04
        self._cut = ax.axvline(
            0, ymax=below, color="black", linestyle="--", linewidth=1.4, label=_("cut line")
        )
        ax.set_xlim(-SCORE_RANGE, SCORE_RANGE)
        ax.set_ylim(0, 1.02 / below)
        self._title(ax, 0, _("Scores by group"))
        ax.set_xlabel(self.layout.notes["scores"], fontsize=small)
        ax.set_yticks([])
        ax.tick_params(labelsize=small)
        ax.legend(fontsize=small, loc="upper left", frameon=False, borderaxespad=0.2)

    def _build_rates(self, ax) -> None:
        small = self._fonts()[0]
        self._bars = ax.bar(
            [0, 1],
            [0, 0],
            color=[group_style(i)["color"] for i in (0, 1)],
            hatch=[group_style(i)["hatch"] for i in (0, 1)],
            edgecolor="black",
            width=0.6,
        )
        self._bar_text = [
            ax.text(i, 0, "", ha="center", va="bottom", fontsize=small, bbox=LABEL_BOX)
            for i in (0, 1)
        ]
        self._line = ax.axhline(0, color=THRESHOLD_COLOUR, linestyle=":", linewidth=2.5)
        self._ratio_text = ax.text(
            0.5, 0.98, "", transform=ax.transAxes, ha="center", va="top", fontsize=small
        )
        # The ratio's words in full where they fit over the bars, else the short form.
        room = (self.size.width - self.layout.lefts[1] - RIGHT_PX) * 0.95
        widest = text_width(ratio_label(0.0), pixels=self.size.text, dpi=self.size.dpi)
        self._short_ratio = widest > room
        ax.set_xticks([0, 1], self.layout.groups, fontsize=small)
        ax.set_xlim(*BARS_XLIM)
        ax.set_ylim(0, RATES_TOP)
        ax.set_yticks([0, 0.5, 1], ["0", "½", _("all")])
        ax.set_ylabel(self.layout.verb, fontsize=small)
        ax.set_xlabel(self.layout.notes["rates"], fontsize=small)
        self._title(ax, 1, _("Outcome by group"))
        ax.tick_params(labelsize=small)

    def _build_rounds(self, ax) -> None:
        small = self._fonts()[0]
        style = group_style(0)
        (self._ratio_line,) = ax.plot([], [], color=style["color"], marker="o", markersize=4)
        ax.axhline(float(FOUR_FIFTHS), color=THRESHOLD_COLOUR, linestyle=":", linewidth=2.5)
        # Moves with the data (threshold_label_place), so it never sits on the ratios' line.
        self._threshold_label = ax.text(
            0.02,
            float(FOUR_FIFTHS) + 0.02,
            _("four-fifths"),
            fontsize=small,
            va="center",
            transform=ax.get_yaxis_transform(),
        )
        ax.set_ylim(0, ROUNDS_TOP)
        ax.set_xlim(0.5, 2.5)
        ax.set_xlabel(self.layout.notes["rounds"], fontsize=small)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        ax.set_ylabel(self.layout.notes["ratio"], fontsize=small)
        self._title(ax, 2, _("Gap over time"))
        ax.tick_params(labelsize=small)

    def update(self, result: ScoringResult) -> None:
        """Point the existing artists at ``result``'s numbers."""
        self._result = result
        self._update_scores(result)
        self._update_rates(result)
        if self._rounds_ax is not None:
            self._update_rounds(result)
        self._ratio_text.set_text(ratio_label(result.impact_ratio, short=self._short_ratio))

    def _update_scores(self, result: ScoringResult) -> None:
        scores = result.people["score"].to_numpy()
        codes = result.people["group"].cat.codes.to_numpy()
        # One pass for both groups: bin index plus BINS times the group code.
        index = np.searchsorted(self._edges, scores, side="right") - 1
        inside = (index >= 0) & (index < BINS)
        counts = np.bincount(index[inside] + BINS * codes[inside], minlength=2 * BINS)
        by_group = (counts[BINS:], counts[:BINS])
        for step, values in zip(self._steps, by_group, strict=True):
            step.set_data(values / max(values.max(), 1))
        self._cut.set_xdata([result.cuts[-1]] * 2)

    def _update_rates(self, result: ScoringResult) -> None:
        rates = list(result.rates.values())
        line = float(FOUR_FIFTHS) * max(r or 0 for r in rates)
        for bar, text, rate in zip(self._bars, self._bar_text, rates, strict=True):
            bar.set_height(rate or 0)
            height = label_height(rate or 0, line, height=self.label_heights["rates"])
            text.set_y(_on_pixel(text.axes, height))
            text.set_text(percent(rate))
        self._line.set_ydata([line] * 2)

    def _update_rounds(self, result: ScoringResult) -> None:
        # The audit of each round, as by_round reads it, without building its table.
        found = (t.groups.get(result.group_names[0]) for t in result.round_audits)
        ratios = np.array(
            [np.nan if g is None or g.impact_ratio is None else g.impact_ratio for g in found],
            dtype=float,
        )
        self._ratio_line.set_data(np.arange(1, len(ratios) + 1), ratios)
        end, height = threshold_label_place(ratios, height=self.label_heights["rounds"])
        self._threshold_label.set_position((0.02 if end == "left" else 0.98, height))
        self._threshold_label.set_horizontalalignment(end)
        limits = (0.5, max(len(ratios), 2) + 0.5)
        if self._rounds_ax.get_xlim() != limits:
            self._rounds_ax.set_xlim(limits)
            self._backgrounds.clear()  # the axis ticks moved: redraw the backgrounds
            self._sprites.clear()

    def render(self) -> None:
        """Draw the figure into its canvas: background once, then the moving artists."""
        canvas = self.figure.canvas
        key = None  # one of threshold_label_place's four places, with rounds
        if self._rounds_ax is not None:
            key = (self._threshold_label.get_position(), self._threshold_label.get_ha())
        if key not in self._backgrounds:
            for artist in self._moving:
                artist.set_animated(True)  # left out of the background
            canvas.draw()
            self._backgrounds[key] = canvas.copy_from_bbox(self.figure.bbox)
            for artist in self._moving:
                artist.set_animated(False)  # so savefig still draws everything
        canvas.restore_region(self._backgrounds[key])
        for label in self._labels:
            self._sprites.draw(label, key)
        for artist in self._moving[len(self._labels) :]:
            self.figure.draw_artist(artist)

    def _indexed(self):
        """The rendered figure as a palette image.

        The palette is worked out once, from the first frame: the artists keep their
        colours, so later frames only look each pixel up in it (a tenth of the time of
        choosing a palette per frame, which was a third of a control change).
        """
        from PIL import Image

        self.render()
        canvas = self.figure.canvas
        rgba = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
        image = rgba.convert("RGB")
        if self._palette is None:
            self._palette = image.quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE)
        return image.quantize(palette=self._palette, dither=Image.Dither.NONE)

    def png(self) -> bytes:
        """The whole figure, its panels one under another, as PNG."""
        return _encode(self._indexed())

    def pngs(self) -> list[bytes]:
        """One PNG per panel, top panel first.

        Palette PNGs at fast compression: the frame is shown on screen, not archived, and
        a palette PNG is about half the size (static pages embed dozens).
        """
        indexed, step = self._indexed(), self.size.height
        return [
            _encode(indexed.crop((0, i * step, self.size.width, (i + 1) * step)))
            for i in range(self.panels)
        ]

    def alts(self) -> list[str]:
        """A text alternative for each panel, from the numbers the panels show."""
        result, spec = self._result, self.scenario
        if result is None:
            return [_("Chart not drawn yet.")] * self.panels
        rate_group, rate_other = (percent(r) for r in result.rates.values())
        ratio = result.impact_ratio
        ratio_text = _("undefined") if ratio is None else format_decimal(ratio, 2)
        share = spec.favourable_share
        out = [
            _("Scores of {group} and of {other}, with the cut line.").format(
                group=spec.group_people, other=spec.other_people
            ),
            _("{share}: {group} {rate}, {other} {other_rate}; impact ratio {ratio}.").format(
                share=share[0].upper() + share[1:],
                group=spec.group_people,
                rate=rate_group,
                other=spec.other_people,
                other_rate=rate_other,
                ratio=ratio_text,
            ),
        ]
        if self._rounds_ax is not None:
            rounds = len(result.round_audits)
            out.append(
                _("Impact ratio {round} by {round}, over {span}, ending at {ratio}.").format(
                    round=spec.round_word, span=spec.rounds_text(rounds), ratio=ratio_text
                )
            )
        return out


def _encode(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def _on_pixel(ax, y: float) -> float:
    """``y`` in ``ax``'s data units moved to the nearest whole pixel (at most half a pixel),
    so a label at the same height is the same pixels every time (a kept sprite)."""
    to_pixels = ax.transData
    pixel = round(float(to_pixels.transform((0, y))[1]))
    return float(to_pixels.inverted().transform((0, pixel))[1])


def _rgb(colour: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return to_rgb(colour)


def percent(rate: float | None) -> str:
    """A share as a whole percentage, or n/a."""
    return _("n/a") if rate is None else format_percent(rate)


def ratio_label(ratio: float | None, *, short: bool = False) -> str:
    """ "impact ratio 0.67", or n/a when nobody got the favourable outcome; ``short``, the
    form for a narrow panel (a language whose words for it are long shortens them)."""
    shown = _("n/a") if ratio is None else format_decimal(ratio, 2)
    if short:
        return pgettext("narrow chart", "impact ratio {ratio}").format(ratio=shown)
    return _("impact ratio {ratio}").format(ratio=shown)
