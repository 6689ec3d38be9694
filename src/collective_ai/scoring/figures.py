"""Figures for the scoring lab: built once, then updated in place.

A :class:`LabFigure` owns a plain matplotlib ``Figure`` on an Agg canvas (no pyplot, so
no global state and nothing leaks into notebook outputs). ``update(result)`` changes
artist data (histogram steps, bar heights, line data, text) and ``png()`` renders it:
rebuilding axes on every slider move costs several times more (see
``bench/bench_scoring.py``). Every figure ships with a text alternative.

:func:`print_figure` draws the small-multiples handout: the outcome for each group at a
handful of values of one parameter, readable in greyscale (hatches and direct labels, not
colour alone).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from collective_ai.audit.stats import FOUR_FIFTHS
from collective_ai.embed import img_html, png_bytes
from collective_ai.errors import InputError
from collective_ai.escaping import escape_html
from collective_ai.files import write_atomic
from collective_ai.palette import THRESHOLD_COLOUR, group_style
from collective_ai.scoring.result import ScoringResult
from collective_ai.scoring.scenarios import Scenario

BINS = 40
PALETTE_COLOURS = 64
SCORE_RANGE = 3.5  # scores are in standard units; the lab plots -3.5 to 3.5
_LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 1}  # legible over the line
LABEL_HEIGHT = 0.07  # a bar label's height in data units (0 to 1 share), with its box


def label_height(rate: float, line: float, *, gap: float = 0.02) -> float:
    """Where a bar's value label sits: just above the bar, unless that would cross the
    four-fifths line, in which case just above the line, so the two never overlap."""
    bottom = rate + gap
    if bottom - gap < line + gap and bottom + LABEL_HEIGHT > line - gap:
        return line + gap
    return bottom


def threshold_label_place(ratios) -> tuple[str, float]:
    """Where the rounds panel's "four-fifths" label sits: which end of the line ("left" or
    "right") and at what height, on the side of the line away from that end's data point.

    Of the four places (either end, above or below the line) it takes the one farthest from
    the ratio drawn at that end, so the word never covers the line of ratios it labels.
    """
    line = float(FOUR_FIFTHS)
    places = [
        (end, line + side * (0.02 + LABEL_HEIGHT / 2))
        for end in ("left", "right")
        for side in (1, -1)
    ]
    ends = {"left": ratios[0], "right": ratios[-1]} if len(ratios) else {}

    def clearance(place):
        end, height = place
        value = ends.get(end)
        return 1.0 if value is None or math.isnan(value) else abs(value - height)

    return max(places, key=clearance)


def _short(name: str) -> str:
    """Wrap a group name onto two lines for a bar label."""
    words = name.split()
    half = (len(words) + 1) // 2
    return " ".join(words[:half]) + "\n" + " ".join(words[half:]) if len(words) > 2 else name


class LabFigure:
    """Score distributions with the cut line, outcome rates against the four-fifths line,
    and, for scenarios with rounds, the impact ratio round by round.

    Axes, ticks and labels do not move with the data (fixed limits), so they are drawn
    once into a background; an update restores it and redraws only the artists that carry
    data (the "blitting" technique of matplotlib's animation guide).
    """

    def __init__(self, scenario: Scenario, *, width: float = 9.0, height: float = 3.3, dpi=96):
        self.scenario = scenario
        panels = 3 if scenario.has_rounds else 2
        self.figure = Figure(figsize=(width * 2 / 3 if panels == 2 else width, height), dpi=dpi)
        FigureCanvasAgg(self.figure)
        axes = self.figure.subplots(1, panels, gridspec_kw={"wspace": 0.38})
        self.figure.subplots_adjust(left=0.07 * 3 / panels, right=0.98, top=0.84, bottom=0.2)
        self._build_scores(axes[0])
        self._build_rates(axes[1])
        self._rounds_ax = axes[2] if panels == 3 else None
        if self._rounds_ax is not None:
            self._build_rounds(self._rounds_ax)
        self.figure.suptitle(scenario.title, fontsize=10)
        self._moving = [*self._steps, self._cut, *self._bars, *self._bar_text, self._line]
        self._moving.append(self._ratio_text)
        if self._rounds_ax is not None:
            self._moving += [self._ratio_line, self._threshold_label]
        self._background = None

    def _build_scores(self, ax) -> None:
        edges = np.linspace(-SCORE_RANGE, SCORE_RANGE, BINS + 1)
        self._edges = edges
        self._steps = []
        for i, name in enumerate((self.scenario.group, self.scenario.other)):
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
        # The cut line stops below the legend, which sits in the background layer.
        self._cut = ax.axvline(
            0, ymax=0.62, color="black", linestyle="--", linewidth=1.2, label="cut line"
        )
        ax.set_xlim(-SCORE_RANGE, SCORE_RANGE)
        ax.set_ylim(0, 1.75)
        ax.set_title("Scores by group", fontsize=9)
        ax.set_xlabel("score (higher is better)", fontsize=8)
        ax.set_yticks([])
        ax.tick_params(labelsize=7)
        ax.legend(fontsize=7, loc="upper left", frameon=False)

    def _build_rates(self, ax) -> None:
        names = (self.scenario.group, self.scenario.other)
        self._bars = ax.bar(
            [0, 1],
            [0, 0],
            color=[group_style(i)["color"] for i in (0, 1)],
            hatch=[group_style(i)["hatch"] for i in (0, 1)],
            edgecolor="black",
            width=0.6,
        )
        self._bar_text = [
            ax.text(i, 0, "", ha="center", va="bottom", fontsize=8, bbox=_LABEL_BOX) for i in (0, 1)
        ]
        self._line = ax.axhline(0, color=THRESHOLD_COLOUR, linestyle=":", linewidth=2)
        self._ratio_text = ax.text(
            0.5, 0.97, "", transform=ax.transAxes, ha="center", va="top", fontsize=8
        )
        ax.set_xticks([0, 1], [_short(n) for n in names], fontsize=7)
        ax.set_xlim(-0.5, 1.5)
        ax.set_ylim(0, 1.12)
        ax.set_xlabel("dotted line: four-fifths of the higher rate", fontsize=7)
        ax.set_ylabel(f"share who {self.scenario.favourable_verb}", fontsize=7)
        ax.set_title("Outcome by group", fontsize=9)
        ax.tick_params(labelsize=7)

    def _build_rounds(self, ax) -> None:
        style = group_style(0)
        (self._ratio_line,) = ax.plot([], [], color=style["color"], marker="o", markersize=3)
        ax.axhline(float(FOUR_FIFTHS), color=THRESHOLD_COLOUR, linestyle=":", linewidth=2)
        # Moves with the data (threshold_label_place), so it never sits on the ratios' line.
        self._threshold_label = ax.text(
            0.02,
            float(FOUR_FIFTHS) + 0.02,
            "four-fifths",
            fontsize=7,
            va="center",
            transform=ax.get_yaxis_transform(),
        )
        ax.set_ylim(0, 1.08)
        ax.set_xlim(0.5, 2.5)
        ax.set_xlabel(self.scenario.round_noun, fontsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("impact ratio so far", fontsize=7)
        ax.set_title("Gap over time", fontsize=9)
        ax.tick_params(labelsize=7)

    def update(self, result: ScoringResult) -> None:
        """Point the existing artists at ``result``'s numbers."""
        self._update_scores(result)
        self._update_rates(result)
        if self._rounds_ax is not None:
            self._update_rounds(result)
        ratio = result.impact_ratio
        self._ratio_text.set_text(f"impact ratio {'n/a' if ratio is None else f'{ratio:.2f}'}")

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
            text.set_y(label_height(rate or 0, line))
            text.set_text(_percent(rate))
        self._line.set_ydata([line] * 2)

    def _update_rounds(self, result: ScoringResult) -> None:
        table = result.by_round
        ratios = table["impact_ratio"].astype(float).to_numpy()
        self._ratio_line.set_data(table.index.to_numpy(), ratios)
        end, height = threshold_label_place(ratios)
        self._threshold_label.set_position((0.02 if end == "left" else 0.98, height))
        self._threshold_label.set_horizontalalignment(end)
        limits = (0.5, max(len(ratios), 2) + 0.5)
        if self._rounds_ax.get_xlim() != limits:
            self._rounds_ax.set_xlim(limits)
            self._background = None  # the axis ticks moved: redraw the background

    def render(self) -> None:
        """Draw the figure into its canvas: background once, then the moving artists."""
        canvas = self.figure.canvas
        if self._background is None:
            for artist in self._moving:
                artist.set_animated(True)  # left out of the background
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            for artist in self._moving:
                artist.set_animated(False)  # so savefig still draws everything
        canvas.restore_region(self._background)
        for artist in self._moving:
            self.figure.draw_artist(artist)

    def png(self) -> bytes:
        """The current state as PNG.

        Fast compression and a 64-colour palette: the frame is shown on screen, not
        archived, and a palette PNG is about half the size (static pages embed eleven).
        """
        from PIL import Image

        self.render()
        canvas = self.figure.canvas
        rgba = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
        image = rgba.convert("RGB").quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE)
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


def _rgb(colour: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return to_rgb(colour)


@dataclass
class PrintFigure:
    """The handout figure, its text alternative and the runs behind it."""

    figure: Figure
    alt: str
    results: list[ScoringResult]

    def save(self, path, *, dpi: int = 200) -> None:
        """Write the figure (PNG, PDF or SVG by suffix) and its alt text beside it (.txt)."""
        path, fmt = handout_path(path)
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format=fmt, dpi=dpi, metadata=_metadata(path, self.alt))
        write_atomic(path, buffer.getvalue())
        write_atomic(path.with_suffix(".txt"), self.alt + "\n")

    def _repr_html_(self) -> str:
        png = png_bytes(self.figure, dpi=100)
        return (
            f"<figure>{img_html(png, alt=self.alt, width='720px')}"
            f"<figcaption>{escape_html(self.alt)}</figcaption></figure>"
        )


HANDOUT_FORMATS = {".pdf": "pdf", ".png": "png", ".svg": "svg"}


def handout_path(path) -> tuple[Path, str]:
    """The handout's path and format, checked before anything is drawn or written."""
    path = Path(path)
    if path.is_dir():
        example = path / "handout.pdf"
        raise InputError(f"{path} is a folder; give a file name such as {example}", field="handout")
    fmt = HANDOUT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"the file name should end in .pdf, .png or .svg, not {path.name!r}", field="handout"
        )
    if not path.parent.is_dir():
        raise InputError(f"the folder {path.parent} does not exist", field="handout")
    return path, fmt


def _metadata(path, alt: str) -> dict:
    suffix = path.suffix.lower()
    if suffix == ".png":
        return {"Description": alt}
    if suffix in (".pdf", ".svg"):
        return {"Title": alt[:200]} if suffix == ".pdf" else {"Description": alt}
    return {}


PROXY_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5, 0.8)  # dense where the four-fifths line is crossed


def handout_values(spec: Scenario, parameter: str) -> tuple:
    """Six values of ``parameter`` for the handout's panels."""
    if parameter == "proxy_weight":
        return PROXY_WEIGHTS
    knob = spec.parameters[parameter]
    values = np.linspace(knob.low, knob.high, 6)
    return (
        tuple(sorted({round(v) for v in values}))
        if knob.integer
        else tuple(round(float(v), 3) for v in values)
    )


def print_figure(
    scenario: str,
    *,
    seed,
    parameter: str = "proxy_weight",
    values=None,
    **params,
) -> PrintFigure:
    """Small multiples for a printed handout: one panel per value of ``parameter``.

    Each panel shows both groups' outcome rates (hatched bars labelled with the number) and
    the four-fifths line; the title gives the value and the impact ratio. Sized for the
    printable width of A4 and US Letter (7 x 4.6 inches). ``values`` defaults to six
    values across the parameter's range.
    """
    from collective_ai.scoring.engine import get_scenario, simulate

    spec = get_scenario(scenario)
    varying = [name for name, knob in spec.parameters.items() if knob.high > knob.low]
    if parameter not in varying:
        allowed = ", ".join(varying)
        raise InputError(
            f"not a parameter that varies here; choose one of {allowed}", field=parameter
        )
    label = spec.parameters[parameter].label
    values = tuple(values) if values is not None else handout_values(spec, parameter)
    results = [simulate(scenario, seed=seed, **{**params, parameter: v}) for v in values]
    figure = Figure(figsize=(7.0, 4.6))
    FigureCanvasAgg(figure)
    columns = 3
    rows = -(-len(values) // columns)
    axes = figure.subplots(rows, columns, sharey=True, squeeze=False).ravel()
    figure.subplots_adjust(left=0.09, right=0.98, top=0.86, bottom=0.12, hspace=0.75, wspace=0.12)
    for ax, value, result in zip(axes, values, results, strict=False):
        _print_panel(ax, result, title=f"{label} {value:g}")
    for ax in axes[len(values) :]:
        ax.set_visible(False)
    axes[0].set_ylabel(f"share who\n{spec.favourable_verb}", fontsize=8)
    if rows > 1:
        axes[columns].set_ylabel(f"share who\n{spec.favourable_verb}", fontsize=8)
    figure.suptitle(f"{spec.title}: outcome by group for each setting of {label}", fontsize=10)
    figure.text(
        0.5,
        0.02,
        "Plain bars: "
        + spec.group
        + ".  Hatched bars: "
        + spec.other
        + ".  Dotted line: four-fifths of the higher rate.",
        ha="center",
        fontsize=7,
    )
    return PrintFigure(figure, _print_alt(spec, label, values, results), results)


def _print_panel(ax, result: ScoringResult, *, title: str) -> None:
    rates = [r or 0 for r in result.rates.values()]
    line = float(FOUR_FIFTHS) * max(rates)
    for i, (rate, shown) in enumerate(zip(rates, result.rates.values(), strict=True)):
        style = group_style(i)
        ax.bar(i, rate, color=style["color"], hatch=style["hatch"], edgecolor="black", width=0.6)
        y = label_height(rate, line)
        ax.text(i, y, _percent(shown), ha="center", va="bottom", fontsize=7, bbox=_LABEL_BOX)
    ax.axhline(line, color=THRESHOLD_COLOUR, linestyle=":", linewidth=2)
    ratio = result.impact_ratio
    ax.set_title(f"{title}\nimpact ratio {'n/a' if ratio is None else f'{ratio:.2f}'}", fontsize=8)
    ax.set_xticks([0, 1], [_short(result.scenario.group), _short(result.scenario.other)])
    ax.tick_params(labelsize=6)
    ax.set_ylim(0, 1.1)
    ax.set_xlim(-0.6, 1.6)


def _print_alt(spec: Scenario, label: str, values, results) -> str:
    parts = []
    for value, result in zip(values, results, strict=True):
        rate_group, rate_other = (_percent(r) for r in result.rates.values())
        ratio = result.impact_ratio
        parts.append(
            f"at {value:g}, {rate_group} against {rate_other} "
            f"(ratio {'undefined' if ratio is None else f'{ratio:.2f}'})"
        )
    return (
        f"{spec.title}: share of {spec.group_people} and of {spec.other_people} who "
        f"{spec.favourable_verb}, for each setting of {label}: " + "; ".join(parts) + "."
    )


def _percent(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate:.0%}"
