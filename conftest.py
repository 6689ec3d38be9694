"""nbval glue: expected outputs of deterministic cells live beside the tests, not in notebooks.

Notebooks are committed without outputs, so nbval alone would compare nothing. A cell tagged
``nbval-check-output`` gets its expected outputs from
``tests/notebook_outputs/`` (written by ``make notebook-outputs``, reviewed like any other
test data) before nbval runs it. A marked cell with no recorded expectation fails.
"""

from __future__ import annotations

import os
import tempfile

import nbformat

from tests.notebook_expectations import expected_outputs_for, is_checked

_private_home: tempfile.TemporaryDirectory | None = None


def pytest_configure(config):
    """Notebooks and tests must not write drafts into a learner's real data folder.

    Set before any kernel starts, so nbval's kernels inherit it too.
    """
    global _private_home
    if "COLLECTIVE_AI_HOME" not in os.environ:
        _private_home = tempfile.TemporaryDirectory(prefix="collective-ai-test-")
        os.environ["COLLECTIVE_AI_HOME"] = _private_home.name


def pytest_unconfigure(config):
    if _private_home is not None:
        os.environ.pop("COLLECTIVE_AI_HOME", None)
        _private_home.cleanup()


def pytest_collection_modifyitems(items):
    for item in items:
        cell = getattr(item, "cell", None)
        if cell is None or type(item).__name__ != "IPyNbCell":
            continue
        if not is_checked(cell):
            continue
        notebook = str(item.fspath)
        expected = expected_outputs_for(notebook, cell, index=item.cell_num)
        cell.outputs = [nbformat.from_dict(output) for output in expected]  # nbval wants nodes
        cell.execution_count = 1  # nbval compares only cells that were "run"
