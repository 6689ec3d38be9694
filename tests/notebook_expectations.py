"""Where the expected outputs of checked cells are kept, and how they are read.

A cell is checked when it carries the cell tag ``nbval-check-output`` (nbval's own tag), so
no test marker shows in any view a learner sees.
"""

from __future__ import annotations

import json
from pathlib import Path

TAG = "nbval-check-output"
ROOT = Path(__file__).resolve().parent.parent
STORE = Path(__file__).resolve().parent / "notebook_outputs"


def store_path(notebook: str | Path) -> Path:
    """``notebooks/hiring-screener.ipynb`` -> ``tests/notebook_outputs/notebooks__hiring-screener.json``."""
    relative = Path(notebook).resolve().relative_to(ROOT).with_suffix("")
    return STORE / ("__".join(relative.parts) + ".json")


def is_checked(cell) -> bool:
    """True for a code cell whose outputs nbval compares with the recorded ones."""
    return cell.get("cell_type") == "code" and TAG in cell.get("metadata", {}).get("tags", [])


def cell_key(cell, index: int) -> str:
    return cell.get("id") or f"index-{index}"


def expected_outputs_for(notebook: str | Path, cell, *, index: int) -> list[dict]:
    """The recorded outputs, or one output that says how to record them (so the cell fails)."""
    path = store_path(notebook)
    recorded = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    key = cell_key(cell, index)
    if key in recorded:
        return recorded[key]
    return [
        {
            "output_type": "stream",
            "name": "stdout",
            "text": f"no recorded output for cell {key} of {notebook}: run `make notebook-outputs`\n",
        }
    ]
