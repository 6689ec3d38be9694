"""The pre-commit output stripper: outputs go, the course's cell tags and ids stay."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from tests.strip_outputs import main, strip_file

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = sorted(
    p for folder in ("notebooks", "exercises") for p in (ROOT / folder).glob("*.ipynb")
)
TAGS = [["remove-input"], ["hide-input", "nbval-check-output"], ["solution"]]


def _dirty(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    output = nbformat.v4.new_output("stream", name="stdout", text="0.52\n")
    for number, tags in enumerate(TAGS, start=1):
        cell = nbformat.v4.new_code_cell(f"print({number})", execution_count=number)
        cell.metadata = {"tags": tags, "editable": False, "ExecuteTime": {"end": "x"}}
        cell.outputs = [output]
        cell.id = f"cell-{number}"
        nb.cells.append(cell)
    nb.cells.append(nbformat.v4.new_markdown_cell("## Summary", metadata={"tags": ["x"]}))
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    return path


def test_outputs_and_run_state_are_removed(tmp_path):
    path = _dirty(tmp_path / "lab.ipynb")
    assert strip_file(path) is True
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.outputs for c in code] == [[], [], []]
    assert [c.execution_count for c in code] == [None, None, None]
    assert all("ExecuteTime" not in c.metadata for c in code)
    assert "widgets" not in nb.metadata  # saved widget state can hold what someone typed


def test_cell_tags_ids_and_other_metadata_are_kept(tmp_path):
    path = _dirty(tmp_path / "lab.ipynb")
    strip_file(path)
    nb = nbformat.read(path, as_version=4)
    assert [c.metadata.get("tags") for c in nb.cells] == [*TAGS, ["x"]]
    assert [c.id for c in nb.cells[:3]] == ["cell-1", "cell-2", "cell-3"]
    assert [c.metadata.get("editable") for c in nb.cells[:3]] == [False, False, False]
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.cells[1].source == "print(2)"


def test_a_clean_notebook_is_left_alone_and_the_exit_status_says_so(tmp_path):
    path = _dirty(tmp_path / "lab.ipynb")
    assert main([str(path)]) == 1
    stripped = path.read_bytes()
    assert main([str(path)]) == 0
    assert path.read_bytes() == stripped


@pytest.mark.parametrize("source", COMMITTED, ids=[p.name for p in COMMITTED])
def test_committed_notebooks_are_already_stripped(source, tmp_path):
    """The hook and tests/test_notebooks_clean.py agree: committing changes nothing."""
    copy = shutil.copy(source, tmp_path / source.name)
    assert strip_file(Path(copy)) is False


def test_pre_commit_runs_ruff_and_the_stripper():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert all(repo["repo"] == "local" for repo in config["repos"])  # nothing to download
    assert hooks["strip-notebook-outputs"]["entry"].endswith("-m tests.strip_outputs")
    assert hooks["strip-notebook-outputs"]["types"] == ["jupyter"]
    assert hooks["ruff-check"]["entry"].split()[1:3] == ["check", "--force-exclude"]
    assert hooks["ruff-format"]["entry"].split()[1:3] == ["format", "--force-exclude"]
