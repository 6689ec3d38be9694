"""nbval glue: expected outputs of deterministic cells live beside the tests, not in notebooks.

Notebooks are committed without outputs, so nbval alone would compare nothing. A cell tagged
``nbval-check-output`` gets its expected outputs from
``tests/notebook_outputs/`` (written by ``make notebook-outputs``, reviewed like any other
test data) before nbval runs it. A marked cell with no recorded expectation fails.

nbval is not loaded unless asked for (``-p nbval`` or an ``--nbval`` option). With
``--notebook-cache DIR`` each notebook nbval ran without a failure is also stored in that
jupyter-cache, so the book builds reuse the execution (:mod:`tests.notebook_cache`).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from tests.notebook_expectations import expected_outputs_for, is_checked

_private_home: tempfile.TemporaryDirectory | None = None
_captures: dict = {}  # nbval's notebook collector -> tests.notebook_cache.Capture


def pytest_addoption(parser, pluginmanager):
    if not pluginmanager.has_plugin("nbval") and any(a.startswith("--nbval") for a in sys.argv):
        pluginmanager.consider_pluginarg("nbval")  # `pytest --nbval-lax FILE` works as before
    parser.addoption(
        "--notebook-cache",
        metavar="DIR",
        default=None,
        help="store each notebook nbval executes without a failure in this jupyter-cache",
    )


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


def _is_nbval_cell(item) -> bool:
    return type(item).__name__ == "IPyNbCell" and getattr(item, "cell", None) is not None


def _capture_for(item):
    """The notebook being rebuilt from what nbval's kernel sends (one per notebook file)."""
    from tests import notebook_cache

    notebook = item.parent
    if notebook not in _captures:
        capture = _captures[notebook] = notebook_cache.Capture(Path(str(notebook.fspath)))
        kernel, read = notebook.kernel, notebook.get_kernel_message
        execute = kernel.execute_cell_input

        def execute_and_note(source, allow_stdin=None):
            msg_id = execute(source, allow_stdin=allow_stdin)
            capture.begin(capture.cell_num, msg_id)
            return msg_id

        def read_and_note(timeout=None, stream="iopub"):
            msg = read(timeout=timeout, stream=stream)
            if stream == "iopub":
                capture.message(msg)
            return msg

        kernel.execute_cell_input = execute_and_note
        notebook.get_kernel_message = read_and_note
    return _captures[notebook]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    cache = item.config.getoption("notebook_cache")
    if not cache or not _is_nbval_cell(item) or item.parent.kernel is None:
        return (yield)
    capture = _capture_for(item)
    capture.cell_num = item.cell_num
    passed = False
    try:
        result = yield
        passed = True
        return result
    finally:
        complete = capture.end(item.cell_num, passed=passed)
        if item.cell_num == len(capture.code) - 1:
            del _captures[item.parent]
            _keep(capture, cache=Path(cache), complete=complete)


def _keep(capture, *, cache: Path, complete: bool) -> None:
    """Cache a notebook that passed; keep one that failed, as run, for a person to read."""
    from tests import notebook_cache

    executed = capture.executed()
    relative = capture.path.resolve().relative_to(notebook_cache.ROOT)
    if complete:
        notebook_cache.store(cache, capture.path, executed)
    elif capture.broken:  # the book will execute it itself
        print(f"\n{relative}: not cached, its copy is incomplete ({capture.broken})")
    else:
        kept = notebook_cache.FAILED / "__".join(relative.parts)
        kept.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(executed, kept)
