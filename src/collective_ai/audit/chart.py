"""The audit chart: each category's rate as a bar, and the four-fifths line.

A plain matplotlib ``Figure`` on an Agg canvas (no pyplot: no global state, nothing leaks
into notebook outputs). :func:`draw_rates` redraws an existing figure, so a widget keeps
one figure and updates it in place. Bars carry the palette's colour *and* hatch, and
each bar is labelled with its rate, so the chart reads in greyscale print too.
"""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from collective_ai.audit.stats import FOUR_FIFTHS
from collective_ai.audit.tables import AuditTable
from collective_ai.i18n import _, format_percent
from collective_ai.palette import THRESHOLD_COLOUR, group_style

WIDTH_INCHES = 7.0
TEXT_POINTS = 8.0  # the smallest text: 8 pt on paper
PHONE_INCHES = 3.6  # 346 px at 96 dpi: a 390 px phone's column, lettering unchanged


def new_figure() -> Figure:
    figure = Figure(figsize=(WIDTH_INCHES, 3.0), dpi=96)
    FigureCanvasAgg(figure)
    return figure


def rates_of(table: AuditTable) -> tuple[str, dict[str, float]]:
    """Which rate the chart shows (selection, else scoring) and its value per category."""
    if any(g.selection_rate is not None for g in table.groups.values()):
        return "selection", {n: g.selection_rate for n, g in table.groups.items()}
    return "scoring", {n: g.scoring_rate or 0.0 for n, g in table.groups.items()}


def _words(kind: str, label: str) -> dict[str, str]:
    """The chart's words for a selection or a scoring rate, in the language in use."""
    if kind == "selection":
        return {
            "axis": _("Selection rate"),
            "title": _("Selection rate by {label}").format(label=label),
            "alt": _("Bar chart of the selection rate by {label}.").format(label=label),
        }
    return {
        "axis": _("Scoring rate"),
        "title": _("Scoring rate by {label}").format(label=label),
        "alt": _("Bar chart of the scoring rate by {label}.").format(label=label),
    }


def draw_rates(
    table: AuditTable,
    *,
    figure: Figure | None = None,
    width: float = WIDTH_INCHES,
    points: float = TEXT_POINTS,
) -> Figure:
    """Draw (or redraw) the rate chart of ``table`` and return the figure.

    ``width`` in inches and the smallest text in ``points``: present mode draws it as wide as
    the projector's stage with words 19 px tall; the rows grow with the text. Narrower than
    a page (:data:`PHONE_INCHES`, a phone), each category's name goes on its own lines above
    its bar, whole, instead of beside it, where a long one would be cut.
    """
    figure = figure or new_figure()
    figure.clear()
    kind, rates = rates_of(table)
    names = list(rates)
    above = width < WIDTH_INCHES
    shown = [_wrapped(n, 44) if above else _plain(n) for n in names]
    lines = max((s.count("\n") + 1 for s in shown), default=1)
    step = 1.0 + (0.55 * lines if above else 0.0)  # room for the name over each bar
    per_row = 0.38 * step
    figure.set_size_inches(width, (1.2 + per_row * max(len(names), 1)) * points / TEXT_POINTS)
    ax = figure.add_subplot()
    values = []
    for i, name in enumerate(names):
        style = group_style(i)
        excluded = table.groups[name].excluded
        y = i * step
        ax.barh(
            y,
            rates[name],
            color=style["color"],
            hatch=style["hatch"],
            edgecolor="black",
            alpha=0.35 if excluded else 1.0,
        )
        label = format_percent(rates[name], 1)
        if excluded:
            label = _("{rate} (excluded)").format(rate=label)
        values.append(ax.text(rates[name] + 0.01, y, label, va="center", fontsize=points))
        if above:
            ax.text(0, y - 0.45, shown[i], va="bottom", ha="left", fontsize=points)
    compared = [rates[n] for n in names if not table.groups[n].excluded]
    top = -1.0 - (0.55 * lines if above else 0.0)
    marker = None
    if compared and max(compared) > 0:
        line = float(FOUR_FIFTHS) * max(compared)
        ax.axvline(line, color=THRESHOLD_COLOUR, linestyle="--", linewidth=1.5)
        words = " " + _("four-fifths of the highest")
        marker = ax.text(line, top + 0.3, words, color="black", fontsize=points)
        # Not part of the layout: a label past the axes would squeeze them; it is fitted
        # to the figure instead (_fit), once the layout is known.
        marker.set_in_layout(False)
    ticks = [i * step for i in range(len(names))]
    ax.set_yticks(ticks, [] if above else shown, fontsize=points)
    ax.set_xlim(0, 1.15)
    ax.set_ylim((len(names) - 1) * step + 0.5, top)
    ax.xaxis.set_major_formatter(lambda value, _position: format_percent(value))
    words = _words(kind, table.label)
    ax.set_xlabel(words["axis"], fontsize=points + 2)
    ax.tick_params(axis="x", labelsize=points + 2)
    title = words["title"]
    heading = ax.set_title(_wrapped(title, 44) if above else _plain(title), fontsize=points + 2)
    figure.tight_layout()
    if _fit(figure, heading, _plain(title)):
        figure.tight_layout()
    _room_for(values, ax, figure)
    if marker is not None and _fit(figure, marker, marker.get_text().strip(), indent=" "):
        _make_room(ax, marker, figure)
    return figure


def _fit(figure: Figure, text, words: str, *, indent: str = "") -> bool:
    """Wrap ``text`` until it lies inside the figure (a longer language, a narrow screen).

    Returns whether it had to be wrapped: a chart whose words fit is drawn as it always was.
    """
    import textwrap

    renderer = figure.canvas.get_renderer()

    def inside() -> bool:
        box = text.get_window_extent(renderer)
        return box.x0 >= 0 and box.x1 <= figure.bbox.x1 - 1

    if inside():
        return False
    for width in range(len(words) - 1, 5, -1):
        text.set_text("\n".join(indent + line for line in textwrap.wrap(words, width)))
        if inside():
            break
    return True


def _room_for(labels, ax, figure: Figure) -> None:
    """Widen the x axis until every bar's label ends inside the figure (a long name can
    leave present mode's large "100.0%" no room past its bar)."""
    renderer = figure.canvas.get_renderer()
    right, width = figure.bbox.x1 - 2 - ax.bbox.x0, ax.bbox.width
    left, top = ax.get_xlim()
    needed = top
    for label in labels:
        room = right - label.get_window_extent(renderer).width
        if room > 0:  # the label's start x, in data units, must land at most ``room`` px in
            needed = max(needed, label.get_position()[0] * width / room)
    if needed > top:
        ax.set_xlim(left, needed)


def _make_room(ax, text, figure: Figure) -> None:
    """Raise the band over the first bar so a wrapped label stands in it, clear of the bars."""
    bottom, top = ax.get_ylim()
    anchor = top + 0.35
    text.set_y(anchor)
    text.set_verticalalignment("bottom")
    height = text.get_window_extent(figure.canvas.get_renderer()).height + 2
    pixels = ax.bbox.height
    # The new top t keeps (anchor - t) data units at least ``height`` pixels tall once the
    # axis spans bottom - t units over the same pixels: t <= (anchor*P - height*bottom)/(P - height).
    ax.set_ylim(bottom, min(top, (anchor * pixels - height * bottom) / (pixels - height)))


def _wrapped(text: str, width: int) -> str:
    """``text`` on lines of at most ``width`` letters, whole words kept."""
    import textwrap

    return "\n".join(textwrap.wrap(_plain(_one_line(text)), width)) or " "


def alt_text(table: AuditTable) -> str:
    """The chart in words: every bar and the line, for screen readers and print.

    One line: a line break typed in a category would end a Markdown image's alt text.
    """
    kind, rates = rates_of(table)
    parts = [_words(kind, _one_line(table.label))["alt"]]
    parts += [
        _("{name}: {rate}.").format(name=_one_line(name), rate=format_percent(rate, 1))
        for name, rate in rates.items()
    ]
    compared = [rates[n] for n in rates if not table.groups[n].excluded]
    if compared and max(compared) > 0:
        line = format_percent(float(FOUR_FIFTHS) * max(compared), 1)
        parts.append(
            _("A dashed line marks four-fifths of the highest rate: {rate}.").format(rate=line)
        )
    return " ".join(parts)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _plain(text: str) -> str:
    """Category names are data: keep matplotlib from reading ``$...$`` as mathematics, and
    draw a typed line break (``\\r`` has no glyph) as a space, as the text alternative does."""
    return _one_line(text).replace("$", r"\$")
