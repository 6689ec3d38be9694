"""Words broken into lines that fit a width, measured as the chart will draw them.

A label's width is measured with the Agg renderer and the font the charts use, not guessed
from its number of letters: a guess let "recognised" under one bar run into "recognised"
under the next on the projector's narrow panels. A word wider than the room is split with
a hyphen, and a panel's labels stay apart however narrow it is.
"""

from __future__ import annotations

from functools import lru_cache

MIN_PART = 3  # letters on each side of a hyphen


@lru_cache(maxsize=4096)
def text_width(text: str, *, pixels: float, dpi: int = 96) -> float:
    """How wide ``text`` is drawn, in pixels, at a font ``pixels`` tall (the widest line)."""
    from matplotlib.font_manager import FontProperties

    renderer, font = _renderer(dpi), FontProperties(size=pixels * 72 / dpi)
    return max(
        renderer.get_text_width_height_descent(line, font, ismath=False)[0]
        for line in text.split("\n")
    )


@lru_cache(maxsize=4)
def _renderer(dpi: int):
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, dpi)


def fit(text: str, *, width: float, pixels: float, dpi: int = 96) -> str:
    """``text`` in lines no wider than ``width`` pixels at a font ``pixels`` tall.

    Words go on a line while they fit; a word that fits no line alone is split with a
    hyphen, as late as it fits, keeping at least three letters on each side.
    """
    out: list[str] = []
    for word in text.split():
        first, *rest = _split(word, width=width, pixels=pixels, dpi=dpi)
        joined = f"{out[-1]} {first}" if out else first
        if out and text_width(joined, pixels=pixels, dpi=dpi) <= width:
            out[-1] = joined
        else:
            out.append(first)
        out.extend(rest)  # the rest of a split word starts its own lines
    return "\n".join(out)


def _split(word: str, *, width: float, pixels: float, dpi: int) -> list[str]:
    """``word``, or its parts with a hyphen after each but the last, each fitting ``width``.

    Of the splits that fit, one between two consonants that do not start syllables
    together ("recog-nised", "preg-nant") comes first, then one after a vowel ("Disa-bled"),
    then the latest.
    """
    parts = []
    while text_width(word, pixels=pixels, dpi=dpi) > width and len(word) >= 2 * MIN_PART:
        fitting = [
            end
            for end in range(MIN_PART, len(word) - MIN_PART + 1)
            if text_width(word[:end] + "-", pixels=pixels, dpi=dpi) <= width
        ]
        cut = max(fitting, key=lambda end: (_syllable_break(word, end), end), default=MIN_PART)
        parts.append(word[:cut] + "-")
        word = word[cut:]
    return [*parts, word]


VOWELS = "aeiouy"
ONSETS = {"bl", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "ph", "pl", "pr", "sc"}
ONSETS |= {"sh", "sk", "sl", "sp", "st", "th", "tr", "wh", "wr"}


def _syllable_break(word: str, end: int) -> int:
    """How likely a syllable ends before ``word[end]``: 2, 1 or 0 (a rough English rule)."""
    before, after = word[end - 1].lower(), word[end : end + 2].lower()
    if not (before.isalpha() and after[:1].isalpha()):
        return 0
    if before not in VOWELS and after[0] not in VOWELS:
        return 0 if before + after[0] in ONSETS else 2
    return 1 if before in VOWELS and after[0] not in VOWELS else 0


def lines(text: str) -> int:
    """How many lines ``text`` takes."""
    return text.count("\n") + 1
