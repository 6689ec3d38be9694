"""The version is written once, in ``collective_ai.__version__``; everything else reads it."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import collective_ai

ROOT = Path(__file__).resolve().parent.parent


def test_pyproject_reads_the_version_from_the_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "collective_ai.__version__"
    }


def test_the_installed_metadata_and_the_book_cite_that_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+", collective_ai.__version__)
    assert version("collective-ai") == collective_ai.__version__
    cited = re.findall(r"\(version (\d+\.\d+\.\d+)\)", (ROOT / "book/license.md").read_text())
    assert cited == [collective_ai.__version__]
