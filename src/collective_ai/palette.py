"""Colours and figure defaults shared by every chart in the course.

The Okabe-Ito palette stays distinguishable under the common colour-vision deficiencies
(Okabe and Ito, "Color Universal Design", 2008). Groups are also told apart by hatch and
line style so a chart still reads in greyscale print.
"""

from __future__ import annotations

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

# Order used for groups: the first two contrast strongly in colour and in lightness.
GROUP_COLOURS = [
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["yellow"],
]
GROUP_HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "++"]
GROUP_LINESTYLES = ["-", "--", ":", "-."]

# The four-fifths line and other thresholds.
THRESHOLD_COLOUR = OKABE_ITO["vermillion"]


def group_style(index: int) -> dict:
    """Colour, hatch and line style for the ``index``-th group, cycling if needed."""
    return {
        "color": GROUP_COLOURS[index % len(GROUP_COLOURS)],
        "hatch": GROUP_HATCHES[index % len(GROUP_HATCHES)],
        "linestyle": GROUP_LINESTYLES[index % len(GROUP_LINESTYLES)],
    }
