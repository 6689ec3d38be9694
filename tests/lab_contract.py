"""What every lab promises (:mod:`collective_ai.widgets.base`), checked on the object itself.

Being a subclass of ``LabView`` proves nothing; these are the attributes a test or an
instructor drives.
"""

from __future__ import annotations

import ipywidgets as widgets
from matplotlib.figure import Figure


def assert_keeps_the_lab_contract(lab) -> None:
    """Controls are widgets, the figure is a Figure, the summary is a sentence, there is a UI."""
    assert lab.controls
    assert all(isinstance(c, widgets.Widget) for c in lab.controls.values())
    assert isinstance(lab.figure, Figure)
    assert isinstance(lab.summary, str)
    assert lab.summary.strip()
    assert isinstance(lab.ui, widgets.Widget)


def descendants(widget):
    """A view and every widget inside it, in display order."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from descendants(child)


def shown_parts(view) -> list[str]:
    """The HTML of every part of ``view`` a person sees, in display order.

    Tests read a lab through what it shows, not through its private widgets.
    """
    return [w.value for w in descendants(view) if isinstance(w, widgets.HTML)]


def shown(view) -> str:
    """Everything ``view`` shows as HTML, as one string."""
    return "\n".join(shown_parts(view))


def part_with(view, text: str) -> str:
    """The one part of ``view`` that shows ``text`` (a download link, an image)."""
    (part,) = [p for p in shown_parts(view) if text in p]
    return part


def status_line(view) -> str:
    """The view's status line: its one live region (``role="alert"`` or ``aria-live``)."""
    (line,) = [p for p in shown_parts(view) if p.startswith(('<p role="alert"', "<p aria-live="))]
    return line
