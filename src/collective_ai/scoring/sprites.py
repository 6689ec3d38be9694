"""Text drawn once and pasted after: the pixels of a label, by what it says and where.

Laying out and rendering a short label costs matplotlib about a millisecond (FreeType
shapes the string and renders each glyph every time), a quarter of a control change's
time. The lab's moving labels say one of a few hundred things ("31%", "impact ratio 0.67")
at one of a few places, and are drawn straight onto a background that does not change, so
the pixels a label leaves are fixed by its words, its place and that background: they are
kept and pasted back the next time, pixel for pixel what drawing it again would give.
"""

from __future__ import annotations

import numpy as np
from matplotlib.transforms import Bbox

MAX_SPRITES = 2048  # about 4 kB each: a few MB at most, then start again


class Sprites:
    """Drawn labels of one figure, keyed by background, label, words and place."""

    def __init__(self, figure) -> None:
        self.figure = figure
        self._kept: dict = {}

    def clear(self) -> None:
        """Forget every label (the backgrounds they were drawn on changed)."""
        self._kept.clear()

    def draw(self, text, background) -> None:
        """Draw ``text`` onto the canvas, from the kept pixels when it was drawn before.

        Call it right after restoring ``background`` and before drawing anything that
        could overlap the label, so what lies under it is that background alone.
        """
        x, y = text.get_transform().transform(text.get_position())
        key = (background, id(text), text.get_text(), text.get_ha(), float(x), float(y))
        pixels = np.asarray(self.figure.canvas.buffer_rgba())
        kept = self._kept.get(key)
        if kept is None:
            self.figure.draw_artist(text)
            rows, columns = self._region(text, pixels.shape)
            if len(self._kept) >= MAX_SPRITES:
                self._kept.clear()
            self._kept[key] = kept = (rows, columns, pixels[rows, columns].copy())
            return
        rows, columns, sprite = kept
        pixels[rows, columns] = sprite

    def _region(self, text, shape) -> tuple[slice, slice]:
        """The pixels ``text`` covers, its box included, one pixel wider all round."""
        boxes = [text.get_window_extent()]
        patch = text.get_bbox_patch()
        if patch is not None:
            boxes.append(patch.get_window_extent())
        box = Bbox.union(boxes)
        height, width = shape[:2]
        left, right = max(int(box.x0) - 1, 0), min(int(np.ceil(box.x1)) + 1, width)
        top = max(height - int(np.ceil(box.y1)) - 1, 0)  # rows count down from the top
        bottom = min(height - int(box.y0) + 1, height)
        return slice(top, bottom), slice(left, right)
