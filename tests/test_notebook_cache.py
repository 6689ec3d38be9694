"""tests.notebook_cache: a cached notebook is reused only while what it imports is unchanged."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tests import notebook_cache

PKG = notebook_cache.SOURCE / "collective_ai"


def _relative(paths) -> set[str]:
    return {path.relative_to(PKG).as_posix() for path in paths}


def test_dependencies_follow_imports_through_modules_and_take_package_data():
    found = _relative(notebook_cache.dependencies("from collective_ai.audit import check_report"))
    assert {"__init__.py", "audit/__init__.py", "audit/check_report.py"} <= found
    assert "data/audit_sample.csv" in found  # beside the package, read through it
    assert not any(name.startswith("demands/") for name in found)  # not imported


def test_dependencies_follow_a_module_named_in_a_string():
    code = 'writer = "collective_ai.demands.markdown_writer:write"'
    assert "demands/markdown_writer.py" in _relative(notebook_cache.dependencies(code))


def _notebook(path, code: str):
    nb = new_notebook(
        cells=[new_markdown_cell("# A page"), new_code_cell(code)],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(nb, path)
    return nb


def _executed(nb):
    executed = nbformat.from_dict(nb)
    executed.cells[1].outputs = [new_output("stream", name="stdout", text="ran\n")]
    executed.cells[1].execution_count = 1
    return executed


def test_prune_keeps_a_current_execution_and_drops_one_made_in_another_setting(
    tmp_path, monkeypatch
):
    from jupyter_cache import get_cache

    monkeypatch.setenv("COLLECTIVE_AI_STATIC", "1")
    cache_dir, path = tmp_path / "cache", tmp_path / "page.ipynb"
    nb = _notebook(path, "import collective_ai.palette")
    notebook_cache.store(cache_dir, path, _executed(nb))

    assert notebook_cache.prune(cache_dir, [path]) == [path]  # first sight: Sphinx re-reads
    assert notebook_cache.prune(cache_dir, [path]) == []
    assert get_cache(str(cache_dir)).match_cache_notebook(nb)

    monkeypatch.setenv("COLLECTIVE_AI_STATIC", "0")
    assert notebook_cache.prune(cache_dir, [path]) == [path]
    assert not get_cache(str(cache_dir)).list_cache_records()


def test_an_old_execution_is_not_reused_when_the_code_returns_to_it(tmp_path, monkeypatch):
    from jupyter_cache import get_cache

    monkeypatch.setenv("COLLECTIVE_AI_STATIC", "1")
    cache_dir, path = tmp_path / "cache", tmp_path / "page.ipynb"
    first = _notebook(path, "import collective_ai.palette")
    notebook_cache.store(cache_dir, path, _executed(first))
    _notebook(path, "import collective_ai.palette  # edited")
    notebook_cache.prune(cache_dir, [path])
    monkeypatch.setenv("COLLECTIVE_AI_STATIC", "0")  # settings change while it is edited
    notebook_cache.prune(cache_dir, [path])
    _notebook(path, "import collective_ai.palette")  # back to the cached code
    notebook_cache.prune(cache_dir, [path])
    assert not get_cache(str(cache_dir)).list_cache_records()


def test_an_execution_in_one_language_is_not_reused_in_another(tmp_path, monkeypatch):
    """English outputs never reach the Spanish book: the language is part of the key (and
    the Spanish book keeps its own cache besides, ``make book LANG=es``)."""
    from jupyter_cache import get_cache

    monkeypatch.setenv("COLLECTIVE_AI_STATIC", "1")
    monkeypatch.setenv("COLLECTIVE_AI_LANG", "en")
    cache_dir, path = tmp_path / "cache", tmp_path / "page.ipynb"
    nb = _notebook(path, "import collective_ai.i18n")
    notebook_cache.store(cache_dir, path, _executed(nb))
    assert notebook_cache.prune(cache_dir, [path]) == [path]
    assert get_cache(str(cache_dir)).list_cache_records()

    monkeypatch.setenv("COLLECTIVE_AI_LANG", "es")
    assert notebook_cache.prune(cache_dir, [path]) == [path]
    assert not get_cache(str(cache_dir)).list_cache_records()
