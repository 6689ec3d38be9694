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
