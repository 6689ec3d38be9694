"""Figures for the scoring lab: the live chart and the printed handout.

The lab's chart, :class:`LabFigure`, is built once and updated in place
(:mod:`collective_ai.scoring.lab_figure`, re-exported here). Every figure ships with a text
alternative.

:func:`print_figure` draws the small-multiples handout: the outcome for each group at a
handful of values of one parameter, readable in greyscale (hatches and direct labels, not
colour alone).
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from collective_ai.audit.stats import FOUR_FIFTHS
from collective_ai.embed import img_html, png_bytes
from collective_ai.errors import InputError
from collective_ai.escaping import escape_html
from collective_ai.files import write_atomic
from collective_ai.i18n import _, format_decimal
from collective_ai.palette import THRESHOLD_COLOUR, group_style
from collective_ai.scoring.lab_figure import (  # noqa: F401  (the lab's figure, re-exported)
    BOOK,
    LABEL_BOX,
    LABEL_HEIGHT,
    LabFigure,
    PanelSize,
    label_height,
    percent,
    ratio_label,
    threshold_label_place,
)
from collective_ai.scoring.lettering import fit, lines
from collective_ai.scoring.result import ScoringResult
from collective_ai.scoring.scenarios import Scenario

PRINT_TEXT = 8  # points: the smallest text on a handout


def _short(name: str) -> str:
    """A group name under a handout's bar: lines of at most 11 characters at 8 pt (a
    longer word, as Spanish has, keeps its line rather than being cut)."""
    return textwrap.fill(name, 11, break_long_words=False)


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
            f"<figure>{img_html(png, alt=self.alt)}"
            f"<figcaption>{escape_html(self.alt)}</figcaption></figure>"
        )


HANDOUT_FORMATS = {".pdf": "pdf", ".png": "png", ".svg": "svg"}


def handout_path(path) -> tuple[Path, str]:
    """The handout's path and format, checked before anything is drawn or written."""
    path = Path(path)
    if path.is_dir():
        example = path / "handout.pdf"
        message = _("{path} is a folder; give a file name such as {example}")
        raise InputError(message.format(path=path, example=example), field="handout")
    fmt = HANDOUT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        message = _("the file name should end in .pdf, .png or .svg, not {name}")
        raise InputError(message.format(name=repr(path.name)), field="handout")
    if not path.parent.is_dir():
        message = _("the folder {folder} does not exist").format(folder=path.parent)
        raise InputError(message, field="handout")
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
    printable width of A4 and US Letter (7 x 5.6 inches). ``values`` defaults to six
    values across the parameter's range.
    """
    from collective_ai.scoring.engine import get_scenario, simulate

    spec = get_scenario(scenario)
    varying = [name for name, knob in spec.parameters.items() if knob.high > knob.low]
    if parameter not in varying:
        allowed = ", ".join(varying)
        message = _("not a parameter that varies here; choose one of {allowed}")
        raise InputError(message.format(allowed=allowed), field=parameter)
    label = spec.parameters[parameter].label
    values = tuple(values) if values is not None else handout_values(spec, parameter)
    results = [simulate(scenario, seed=seed, **{**params, parameter: v}) for v in values]
    figure = Figure(figsize=(7.0, 5.6))
    FigureCanvasAgg(figure)
    columns = 3
    rows = -(-len(values) // columns)
    axes = figure.subplots(rows, columns, sharey=True, squeeze=False).ravel()
    # The heading and the key on as many lines as the page's width needs (Spanish takes
    # two), with the panels moved in to leave them room.
    room = figure.get_figwidth() * 72 * 0.96
    title = _("{title}: outcome by group for each setting of {control}")
    heading = _fitted(title.format(title=spec.title, control=label), room, 10)
    key = _(
        "Plain bars: {group}.  Hatched bars: {other}.  Dotted line: four-fifths of the higher rate."
    )
    key = _fitted(key.format(group=spec.group, other=spec.other), room, PRINT_TEXT)
    top, bottom = 0.87 - 0.04 * (lines(heading) - 1), 0.14 + 0.03 * (lines(key) - 1)
    figure.subplots_adjust(left=0.12, right=0.98, top=top, bottom=bottom, hspace=0.95, wspace=0.12)
    for ax, value, result in zip(axes, values, results, strict=False):
        _print_panel(ax, result, title=f"{label} {value:g}")
    share = textwrap.fill(spec.favourable_share, 16)
    for ax in axes[len(values) :]:
        ax.set_visible(False)
    axes[0].set_ylabel(share, fontsize=PRINT_TEXT + 1)
    if rows > 1:
        axes[columns].set_ylabel(share, fontsize=PRINT_TEXT + 1)
    figure.suptitle(heading, fontsize=10)
    figure.text(
        0.5,
        0.02,
        key,
        ha="center",
        va="baseline" if lines(key) == 1 else "bottom",
        fontsize=PRINT_TEXT,
    )
    return PrintFigure(figure, _print_alt(spec, label, values, results), results)


def _fitted(text: str, width: float, points: float) -> str:
    """``text`` as it is if it fits ``width`` points, else broken into lines that do."""
    wrapped = fit(text, width=width, pixels=points, dpi=72)
    return text if lines(wrapped) == 1 else wrapped


def _print_panel(ax, result: ScoringResult, *, title: str) -> None:
    rates = [r or 0 for r in result.rates.values()]
    line = float(FOUR_FIFTHS) * max(rates)
    for i, (rate, shown) in enumerate(zip(rates, result.rates.values(), strict=True)):
        style = group_style(i)
        ax.bar(i, rate, color=style["color"], hatch=style["hatch"], edgecolor="black", width=0.6)
        y = label_height(rate, line)
        ax.text(i, y, percent(shown), ha="center", va="bottom", fontsize=PRINT_TEXT, bbox=LABEL_BOX)
    ax.axhline(line, color=THRESHOLD_COLOUR, linestyle=":", linewidth=2)
    ax.set_title(f"{title}\n{ratio_label(result.impact_ratio)}", fontsize=PRINT_TEXT + 1)
    ax.set_xticks([0, 1], [_short(name) for name in result.group_names])
    ax.tick_params(labelsize=PRINT_TEXT)
    ax.set_ylim(0, 1.1)
    ax.set_xlim(-0.6, 1.6)


def _print_alt(spec: Scenario, label: str, values, results) -> str:
    parts = []
    for value, result in zip(values, results, strict=True):
        rate_group, rate_other = (percent(r) for r in result.rates.values())
        ratio = result.impact_ratio
        part = _("at {value}, {rate} against {other_rate} (ratio {ratio})")
        parts.append(
            part.format(
                value=f"{value:g}",
                rate=rate_group,
                other_rate=rate_other,
                ratio=_("undefined") if ratio is None else format_decimal(ratio, 2),
            )
        )
    lead = _(
        "{title}: share of {group} and of {other} who {verb}, for each setting of {control}: "
    ).format(
        title=spec.title,
        group=spec.group_people,
        other=spec.other_people,
        verb=spec.favourable_verb,
        control=label,
    )
    return lead + "; ".join(parts) + "."
