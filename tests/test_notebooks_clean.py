"""Notebooks are committed without outputs, seeded, and thin (the house rules in CONTRIBUTING.md)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(
    p for folder in ("notebooks", "exercises") for p in (ROOT / folder).glob("*.ipynb")
)
IDS = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 10


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and (c.outputs or c.execution_count)
    ]
    assert not dirty, (
        f"cells {dirty} hold outputs: run `jupyter nbconvert --clear-output --inplace {path}`"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_random_draws_are_seeded(path):
    """Any call that simulates must pass an explicit seed, so every reader sees the same numbers."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for call in re.findall(r"\b(?:simulate|ScoringLab)\([^)]*\)", cell.source):
            assert "seed" in call or "ScoringLab" in call, f"unseeded call in {path.name}: {call}"
        assert "np.random.seed" not in cell.source and "random.random(" not in cell.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_cells_are_thin(path):
    """Logic lives in the package: no function or class definitions in notebook cells."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not re.search(r"^\s*(def|class) ", cell.source, re.M), (
                f"{path.name} defines code in a cell; move it into src/collective_ai/"
            )
