"""Where the expected outputs of ``# NBVAL_CHECK_OUTPUT`` cells are kept, and how they are read."""

from __future__ import annotations

import json
from pathlib import Path

MARKER = "# NBVAL_CHECK_OUTPUT"
ROOT = Path(__file__).resolve().parent.parent
STORE = Path(__file__).resolve().parent / "notebook_outputs"


def store_path(notebook: str | Path) -> Path:
    """``notebooks/hiring-screener.ipynb`` -> ``tests/notebook_outputs/notebooks__hiring-screener.json``."""
    relative = Path(notebook).resolve().relative_to(ROOT).with_suffix("")
    return STORE / ("__".join(relative.parts) + ".json")


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
