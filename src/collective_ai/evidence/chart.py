"""Charts of the evidence log and the survey: hidden counts are drawn as gaps, and said so.

Plain matplotlib Figures on an Agg canvas (no pyplot), redrawn in place by the widgets.
Bars carry the palette's colour and hatch and a printed label, so they read in greyscale.
"""

from __future__ import annotations

import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from collective_ai.evidence.responses import shown_answer
from collective_ai.i18n import _, format_percent
from collective_ai.palette import group_style

WIDTH_INCHES = 7.0
PHONE_INCHES = 3.6  # 346 px at 96 dpi: a 390 px phone's column, lettering unchanged


def new_figure() -> Figure:
    figure = Figure(figsize=(WIDTH_INCHES, 3.0), dpi=96)
    FigureCanvasAgg(figure)
    return figure


def _plain(text) -> str:
    return str(text).replace("$", r"\$")  # data, never mathematics


def _short(text, width: int = 38) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def draw_counts(
    pairs: list[tuple[str, int]],
    *,
    title: str,
    figure: Figure | None = None,
    width: float = WIDTH_INCHES,
) -> Figure:
    """Horizontal bars of (label, count), as in the evidence log's counts by system;
    ``width`` in inches (:data:`PHONE_INCHES` for a phone)."""
    figure = figure or new_figure()
    figure.clear()
    figure.set_size_inches(width, 1.2 + 0.35 * max(len(pairs), 1))
    ax = figure.add_subplot()
    style = group_style(0)
    for i, (_label, count) in enumerate(pairs):
        ax.barh(i, count, color=style["color"], hatch=style["hatch"], edgecolor="black")
        ax.text(count, i, f" {count}", va="center", fontsize=8)
    ax.set_yticks(range(len(pairs)), [_tick(p[0], width) for p in pairs], fontsize=8)
    if pairs:  # room for the count printed after the longest bar; whole incidents only
        ax.set_xlim(0, max(count for _label, count in pairs) * 1.15)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.invert_yaxis()
    ax.set_xlabel(_("Incidents"))
    ax.set_title(_plain(title), fontsize=10)
    if not pairs:
        ax.text(0.5, 0.5, _("Nothing recorded yet"), ha="center", transform=ax.transAxes)
    figure.tight_layout()
    return figure


def counts_alt(pairs: list[tuple[str, int]], *, title: str) -> str:
    if not pairs:
        return _("{title}: nothing recorded yet.").format(title=title)
    bars = "; ".join(f"{label}: {count}" for label, count in pairs)
    return _("Bar chart, {title}: {bars}.").format(title=title, bars=bars)


def shares(summary) -> list[tuple[str, list[tuple[str, float | None]]]]:
    """Per group, each answer's share of the group (None where hidden)."""
    totals = {tuple(t["group"].items()): t["count"] for t in summary.totals}
    out: dict = {}
    for cell in summary.cells:
        key = tuple(cell["group"].items())
        total = totals[key]
        share = None if cell["count"] is None or not total else cell["count"] / total
        label = " / ".join(str(v) for v in cell["group"].values()) or _("Everyone")
        out.setdefault(label, []).append((shown_answer(cell["answer"]), share))
    return list(out.items())


_HIDDEN = {"va": "center", "fontsize": 8, "style": "italic"}


def _label_room(width: float) -> int:
    """How many letters of a group's name fit beside the bars: 38 on a page, 20 on a phone."""
    return 38 if width >= WIDTH_INCHES else 20


def _tick(text, width: float) -> str:
    """A bar's name: one line on a page; on a phone two short lines, so the bars keep room
    ("Prefiero no decirlo", "reporte disciplinario")."""
    if width >= WIDTH_INCHES:
        return _plain(_short(text, 38))
    lines = textwrap.wrap(" ".join(str(text).split()), 13, max_lines=2, placeholder="\u2026")
    return _plain("\n".join(lines))


def draw_survey(summary, *, figure: Figure | None = None, width: float = WIDTH_INCHES) -> Figure:
    """Grouped bars: each answer's share of each group; a hidden share is marked 'hidden'.

    ``width`` in inches (:data:`PHONE_INCHES` for a phone); every word is 8 pt or more.
    """
    figure = figure or new_figure()
    figure.clear()
    rows = shares(summary)
    answers = [a for a, _share in rows[0][1]] if rows else []
    room = _label_room(width)
    figure.set_size_inches(width, 1.4 + 0.32 * max(len(rows) * len(answers), 1))
    ax = figure.add_subplot()
    height = 0.8 / max(len(answers), 1)
    labelled = set()
    for j, answer in enumerate(answers):
        style = group_style(j)
        for i, (_group, values) in enumerate(rows):
            share = values[j][1]
            y = i + j * height
            if share is None:
                hidden = _("{answer}: hidden").format(answer=_plain(_short(answer, room)))
                ax.text(0.005, y, hidden, **_HIDDEN)
                continue
            ax.barh(
                y,
                share,
                height=height,
                color=style["color"],
                hatch=style["hatch"],
                edgecolor="black",
                label=None if j in labelled else _plain(_short(answer, 2 * room + 6)),
            )
            labelled.add(j)
            ax.text(share + 0.01, y, format_percent(share), va="center", fontsize=8)
    ax.set_yticks(
        [i + 0.4 - height / 2 for i in range(len(rows))],
        [_tick(r[0], width) for r in rows],
        fontsize=8,
    )
    # Every slot, shown or hidden, inside the axes: a hidden first answer has no bar to
    # stretch them, and its label would float above the chart.
    ax.set_ylim(len(rows) - 1 + (len(answers) - 0.5) * height, -height / 2 - 0.05)
    ax.set_xlim(0, 1.15)
    ax.xaxis.set_major_formatter(lambda value, _pos: format_percent(value))
    ax.set_xlabel(_("Share of the group"))
    title = _plain(_short(summary.question, 70))
    if room < 38:  # a phone: the same words on two lines, across the figure, not the axes
        figure.suptitle("\n".join(textwrap.wrap(title, 40)), fontsize=10)
    else:
        ax.set_title(title, fontsize=10)
    _legend_below(figure, ax, len(labelled))
    return figure


def _legend_below(figure: Figure, ax, entries: int) -> None:
    """The key under the chart, in room added for it: inside the axes it covered the last
    group's bars on a phone, and Spanish answers are longer still."""
    if not entries:
        figure.tight_layout()
        return
    room = 0.15 + 0.19 * entries  # inches: one 8 pt line per answer, and the frame
    width, height = figure.get_size_inches()
    figure.set_size_inches(width, height + room)
    figure.tight_layout(rect=(0, room / (height + room), 1, 1))
    handles, labels = ax.get_legend_handles_labels()
    figure.legend(handles, labels, fontsize=8, loc="lower left", bbox_to_anchor=(0.01, 0.01))
    return figure


def survey_alt(summary) -> str:
    """The survey chart in words: every shown share, and which are hidden."""
    parts = [_("Bar chart of the answers to: {question}.").format(question=summary.question)]
    hidden = _("hidden")
    for label, values in shares(summary):
        said = ", ".join(
            f"{answer} {hidden if share is None else format_percent(share)}"
            for answer, share in values
        )
        parts.append(f"{label}: {said}.")
    return " ".join(parts)
