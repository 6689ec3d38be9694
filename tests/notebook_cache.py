"""One execution of each notebook per ``make test``, shared by nbval and both books.

The book builds read executed notebooks from a jupyter-cache (``_build/.jupyter_cache``),
which matches a notebook by its code cells only. What a notebook shows also depends on the
package code and data it imports and on ``COLLECTIVE_AI_STATIC`` and ``COLLECTIVE_AI_LANG``
(the Spanish book keeps its own cache, ``_build/.jupyter_cache_es``), so this module keys each
cached notebook on those too: :func:`fingerprint` hashes every module of ``collective_ai`` a
notebook imports (directly or through other modules, found by reading their source), the
data files beside them, those environment variables and the installed dependencies' versions.
:func:`prune` deletes a cached notebook whose fingerprint changed and touches the notebook
file, so jupyter-book executes it again and Sphinx re-reads it.

nbval is the one that executes (``make notebooks``): the root ``conftest.py`` passes every
message of its kernel through nbclient's own handling (:class:`Capture`), as myst-nb would
when it executes, and stores each notebook that ran without an error with :func:`store`.

Command line: ``python tests/notebook_cache.py CACHE NOTEBOOK_OR_FOLDER...`` prunes.
"""

from __future__ import annotations

import ast
import contextlib
import fcntl
import hashlib
import json
import os
import platform
import re
import sys
from importlib import metadata
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "collective_ai"
SOURCE = ROOT / "src"
FAILED = ROOT / "_build" / "failed-notebooks"  # a notebook nbval failed on, with its outputs
# What changes a notebook's output besides its code: the static book, the package's language.
ENV_VARS = ("COLLECTIVE_AI_STATIC", "COLLECTIVE_AI_LANG")
_MODULE_NAME = re.compile(rf"\b{PACKAGE}(?:\.\w+)*")  # also "module:function" strings
_SIDECAR = "fingerprints.json"


def _module_file(name: str) -> Path | None:
    base = SOURCE.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _named_modules(source: str, *, package: str = "") -> set[str]:
    """Modules of the package that ``source`` imports or names in a string."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: fall back to the names alone
        tree = None
    names = set(_MODULE_NAME.findall(source))
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in names if name == PACKAGE or name.startswith(PACKAGE + ".")}


def _with_parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def dependencies(code: str) -> list[Path]:
    """Every package file that code importing what ``code`` imports may read."""
    seen: set[str] = set()
    todo = sorted(_named_modules(code))
    files: set[Path] = set()
    while todo:
        for name in _with_parents(todo.pop()):
            if name in seen:
                continue
            seen.add(name)
            path = _module_file(name)
            if path is None:
                continue
            files.add(path)
            package = name if path.name == "__init__.py" else name.rpartition(".")[0]
            todo.extend(_named_modules(path.read_text(encoding="utf-8"), package=package))
            if path.name == "__init__.py":
                files.update(_data_files(path.parent))
    return sorted(files)


def _data_files(folder: Path) -> list[Path]:
    """Data beside a package's modules: its non-Python files and folders that are not packages."""
    found = []
    for path in folder.iterdir():
        if path.name == "__pycache__" or path.name.startswith("."):
            continue
        if path.is_file() and path.suffix not in {".py", ".pyc"}:
            found.append(path)
        elif path.is_dir() and not (path / "__init__.py").exists():
            found.extend(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return found


def _environment() -> dict:
    versions = {}
    with contextlib.suppress(metadata.PackageNotFoundError):
        for requirement in metadata.requires("collective-ai") or []:
            name = re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]
            with contextlib.suppress(metadata.PackageNotFoundError):
                versions[name] = metadata.version(name)
    return {
        "python": platform.python_version(),
        "packages": versions,
        "env": {name: os.environ.get(name, "") for name in ENV_VARS},
    }


def code_of(nb) -> str:
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")


def fingerprint(nb, *, environment: dict | None = None) -> str:
    """A hash of what a notebook's outputs depend on besides its own code cells."""
    digest = hashlib.sha256()
    digest.update(json.dumps(environment or _environment(), sort_keys=True).encode())
    for path in dependencies(code_of(nb)):
        digest.update(path.relative_to(SOURCE).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@contextlib.contextmanager
def locked(cache_dir: Path):
    """One writer at a time (nbval may run in two processes)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    with (cache_dir / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read_sidecar(cache_dir: Path) -> dict:
    path = cache_dir / _SIDECAR
    if path.exists():
        with contextlib.suppress(ValueError):
            data = json.loads(path.read_text(encoding="utf-8"))
            return {"hashes": data.get("hashes", {}), "paths": data.get("paths", {})}
    return {"hashes": {}, "paths": {}}


def _write_sidecar(cache_dir: Path, data: dict) -> None:
    path = cache_dir / _SIDECAR
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def notebooks_in(paths: list[str | Path]) -> list[Path]:
    found = []
    for path in map(Path, paths):
        found += sorted(path.glob("*.ipynb")) if path.is_dir() else [path]
    return [path.resolve() for path in found]


def prune(cache_dir: Path, notebooks: list[Path]) -> list[Path]:
    """Drop cached executions made with other package code or settings; return those notebooks.

    The fingerprint is remembered per cached notebook (by jupyter-cache's hash of its code),
    so an old execution is not reused when a notebook's code returns to an earlier version;
    and per notebook file, so each book's Sphinx re-reads a notebook whose outputs changed.
    """
    from jupyter_cache import get_cache

    environment = _environment()
    stale = []
    with locked(cache_dir):
        cache = get_cache(str(cache_dir))
        sidecar = _read_sidecar(cache_dir)
        for path in notebooks:
            nb = nbformat.read(path, as_version=4)
            expected = fingerprint(nb, environment=environment)
            _, hashkey = cache.create_hashed_notebook(nb)
            if sidecar["hashes"].get(hashkey) != expected:
                with contextlib.suppress(KeyError):
                    cache.remove_cache(cache.match_cache_notebook(nb).pk)
                sidecar["hashes"][hashkey] = expected
            if sidecar["paths"].get(str(path)) != expected:
                path.touch()  # Sphinx re-reads only sources newer than its doctrees
                sidecar["paths"][str(path)] = expected
                stale.append(path)
        _write_sidecar(cache_dir, sidecar)
    return stale


def store(cache_dir: Path, path: Path, executed) -> None:
    """Put a notebook executed with the current code into the cache the books read."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    with locked(cache_dir):
        cache = get_cache(str(cache_dir))
        cache.cache_notebook_bundle(
            CacheBundleIn(executed, str(path), data={"executed_by": "nbval"}),
            check_validity=False,
            overwrite=True,
        )
        sidecar = _read_sidecar(cache_dir)
        _, hashkey = cache.create_hashed_notebook(executed)
        sidecar["hashes"][hashkey] = fingerprint(executed)
        _write_sidecar(cache_dir, sidecar)


LANGUAGE_INFO = {  # what ipykernel reports; nbval does not ask for it
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": platform.python_version(),
}


class Capture:
    """The executed notebook nbval's kernel produces, built as nbclient builds it for myst-nb.

    nbval reads each cell's kernel messages only to compare them; every message it reads is
    also given to nbclient's ``process_message`` (outputs, ``clear_output``, display updates
    and the widget state the static book embeds), on a fresh copy of the notebook.
    """

    def __init__(self, path: Path) -> None:
        from nbclient import NotebookClient

        self.path = path
        self.nb = nbformat.read(path, as_version=4)
        self.client = NotebookClient(self.nb, record_timing=False)  # as myst-nb executes
        self.client.reset_execution_trackers()
        self.code = [(i, cell) for i, cell in enumerate(self.nb.cells) if cell.cell_type == "code"]
        self.passed: set[int] = set()
        self.failed = False
        self.broken: str | None = None  # why this copy cannot be trusted; nothing is stored
        self._current: tuple[int, str] | None = None

    def begin(self, cell_num: int, msg_id: str) -> None:
        _, cell = self.code[cell_num]
        cell.outputs = []
        cell.execution_count = cell_num + 1  # nbval runs without history: number as nbclient
        self.client.clear_before_next_output = False
        self._current = (cell_num, msg_id)

    def message(self, msg: dict) -> None:
        from nbclient.exceptions import CellExecutionComplete

        if self._current is None or msg["parent_header"].get("msg_id") != self._current[1]:
            return
        index, cell = self.code[self._current[0]]
        try:
            self.client.process_message(msg, cell, index)
        except CellExecutionComplete:
            pass
        except Exception as error:  # the test goes on; only the cached copy is given up
            self.broken = f"{type(error).__name__}: {error}"
        cell.execution_count = self._current[0] + 1
        for output in cell.outputs:
            if output.get("output_type") == "execute_result":
                output.execution_count = cell.execution_count

    def end(self, cell_num: int, *, passed: bool) -> bool:
        """Record a cell's result; True once every code cell has passed."""
        self._current = None
        if passed:
            self.passed.add(cell_num)
        else:
            self.failed = True
        return not (self.failed or self.broken) and len(self.passed) == len(self.code)

    def executed(self):
        self.client.set_widgets_metadata()
        self.nb.metadata.language_info = dict(LANGUAGE_INFO)
        return self.nb


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    cache_dir, notebooks = Path(argv[0]), notebooks_in(argv[1:])
    stale = prune(cache_dir, notebooks)
    print(f"notebook cache {cache_dir}: {len(notebooks) - len(stale)} current, {len(stale)} to run")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
