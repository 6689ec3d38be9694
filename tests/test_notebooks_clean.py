"""Notebooks are committed without outputs, seeded, and thin (the house rules in CONTRIBUTING.md)."""

from __future__ import annotations

import ast
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
            assert re.search(r"\bseed=", call), f"unseeded call in {path.name}: {call}"
        assert "np.random.seed" not in cell.source
        assert "random.random(" not in cell.source


# CONTRIBUTING: "a cell calls the package. No simulation, statistics or template logic
# lives in a notebook cell." Definitions are code that belongs in src/ anywhere; a lab
# chapter's cells also hold no loop, comprehension or lambda (exercises are for coding).
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
LOGIC = (ast.For, ast.AsyncFor, ast.While, ast.Lambda, ast.ListComp, ast.SetComp)
LOGIC += (ast.DictComp, ast.GeneratorExp)


def cell_tree(source: str) -> ast.Module:
    """A code cell as Python, its IPython magics and shell lines left out."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    return ast.parse("\n".join(lines))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_cells_are_thin(path):
    """Logic lives in the package: cells call it."""
    nb = nbformat.read(path, as_version=4)
    banned = DEFINITIONS + (LOGIC if path.parent.name == "notebooks" else ())
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        found = sorted(
            {type(n).__name__ for n in ast.walk(cell_tree(cell.source)) if isinstance(n, banned)}
        )
        assert not found, (
            f"{path.name} cell {index} holds {', '.join(found)}; move the logic into "
            "src/collective_ai/ and call it"
        )


@pytest.mark.parametrize(
    "source",
    [
        "def helper():\n    pass",
        "class Helper:\n    pass",
        "%matplotlib inline\nrows = [r for r in table]",
        "for x in options:\n    print(x)",
        "best = min(options, key=lambda o: o.ratio)",
    ],
)
def test_the_thin_cell_rule_catches_logic(source):
    banned = DEFINITIONS + LOGIC
    assert any(isinstance(n, banned) for n in ast.walk(cell_tree(source)))
    assert not any(isinstance(n, banned) for n in ast.walk(cell_tree("lab = ScoringLab(seed=1)")))
