"""The course's widgets: views over the package's pure functions (see ``base.LabView``).

Each widget is imported from its own module (``from collective_ai.widgets.scoring_lab
import ScoringLab``), so ``import collective_ai`` and the command line never pay for
ipywidgets and matplotlib.
"""
