"""Strip outputs from notebooks before they are committed (the pre-commit hook runs this).

``python -m tests.strip_outputs FILE.ipynb ...`` clears every code cell's outputs and
execution count, and drops what a running notebook adds but the course never needs: the
saved widget state (it can hold what a person typed into a lab) and per-cell execution
timings and scroll state. Everything else stays, above all the cell tags the course runs
on (``remove-input``, ``hide-input``, ``nbval-check-output``, ``solution``, ...), and the
cell ids, so a stripped notebook is the same file ``tests/test_notebooks_clean.py``
accepts. Exit status 1 when a file was changed, so a commit stops and the change can be
reviewed; 0 when every file was already clean.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from collective_ai.files import write_atomic

#: Notebook metadata a running kernel or JupyterLab writes, never part of the lesson.
NOTEBOOK_KEYS_DROPPED = ("widgets", "signature")
#: Cell metadata that records one run or one screen: timings, collapsed or scrolled output.
CELL_KEYS_DROPPED = ("execution", "ExecuteTime", "collapsed", "scrolled")


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook without outputs, execution counts or run-time metadata (in place)."""
    for key in NOTEBOOK_KEYS_DROPPED:
        nb.metadata.pop(key, None)
    for cell in nb.cells:
        for key in CELL_KEYS_DROPPED:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def strip_file(path: Path) -> bool:
    """Strip one notebook on disk; True when its bytes changed."""
    before = path.read_text(encoding="utf-8")
    after = nbformat.writes(strip(nbformat.reads(before, as_version=4))) + "\n"
    if after == before:
        return False
    write_atomic(path, after)
    return True


def main(argv: list[str]) -> int:
    changed = [path for path in map(Path, argv) if strip_file(path)]
    for path in changed:
        print(f"stripped outputs from {path}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
