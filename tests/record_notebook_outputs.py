"""Record the expected outputs of every cell tagged ``nbval-check-output`` (``make notebook-outputs``).

Runs each notebook in ``notebooks/`` and ``exercises/`` in a fresh kernel, from its own folder,
in the environment nbval runs it in (``COLLECTIVE_AI_STATIC=1``, as for the book), and writes
the text and HTML outputs of the tagged cells to ``tests/notebook_outputs/``. Review the diff
before committing: these files are the expected values nbval checks against.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.notebook_expectations import ROOT, STORE, cell_key, is_checked, store_path

COMPARED = ("text/plain", "text/html")  # images are not compared (nbval skips them)


def _text_only(output: dict) -> dict:
    output = dict(output)
    output.pop("execution_count", None)
    if "data" in output:
        output["data"] = {k: v for k, v in output["data"].items() if k in COMPARED}
        output["metadata"] = {}
    return output


def record(notebook: Path) -> int:
    nb = nbformat.read(notebook, as_version=4)
    marked = [i for i, c in enumerate(nb.cells) if is_checked(c)]
    path = store_path(notebook)
    if not marked:
        path.unlink(missing_ok=True)
        return 0
    NotebookClient(
        nb, timeout=600, resources={"metadata": {"path": str(notebook.parent)}}
    ).execute()
    expected = {
        cell_key(nb.cells[i], i): [_text_only(o) for o in nb.cells[i].outputs] for i in marked
    }
    STORE.mkdir(exist_ok=True)
    path.write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(marked)


def main(paths: list[str]) -> None:
    notebooks = [Path(p).resolve() for p in paths] or sorted(
        p for folder in ("notebooks", "exercises") for p in (ROOT / folder).glob("*.ipynb")
    )
    os.environ.setdefault("COLLECTIVE_AI_STATIC", "1")  # as `make notebooks` runs nbval
    with tempfile.TemporaryDirectory() as home:
        os.environ["COLLECTIVE_AI_HOME"] = home
        for notebook in notebooks:
            count = record(notebook)
            print(f"{notebook.relative_to(ROOT)}: {count} checked cell(s) recorded")


if __name__ == "__main__":
    main(sys.argv[1:])
