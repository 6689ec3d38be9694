"""The student edition: the master notebook with every solution and hidden test removed.

The convention (CONTRIBUTING.md, "Exercises"): a solution runs from a markdown cell holding
sphinx-exercise's ``{solution-start}`` to one holding ``{solution-end}``, and every cell in
between carries the tag ``solution``; grading tests are cells tagged ``hidden-test``. For a
one-line answer inside a learner's cell, otter-grader's markers also work: a line ending in
``# SOLUTION`` keeps its assignment targets (``rate = 0.75  # SOLUTION`` becomes
``rate = ...``) and is otherwise replaced by ``...`` (``assert x == y  # SOLUTION`` too), as
otter-grader does; lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` become ``...``.
Every student code cell must still parse when its master did.

Removal is by markers *and* by tags, so a cell that lost its tag is still removed, and an
unclosed block is an error rather than a leak or a silently emptied notebook.
"""

from __future__ import annotations

import ast
import io
import json
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from collective_ai.errors import InputError
from collective_ai.files import write_atomic
from collective_ai.live.myst import Course, show
from collective_ai.selfcheck import encoding, keys

SOLUTION_TAG = "solution"
HIDDEN_TEST_TAG = "hidden-test"
_START = re.compile(r"^\s*(?:`{3,}|:{3,})\s*\{solution-start\}", re.MULTILINE)
_END = re.compile(r"^\s*(?:`{3,}|:{3,})\s*\{solution-end\}", re.MULTILINE)
_WHOLE = re.compile(r"^\s*(?:`{3,}|:{3,})\s*\{solution\}", re.MULTILINE)
_LINE = re.compile(r"^(?P<indent>\s*)(?P<code>.*?)\s*#\s*SOLUTION\s*$")
# otter-grader's rule for a solution line: assignment targets (names, attributes, string
# subscripts, comma-separated) then ``=`` keep their left side; we add that the ``=`` is not
# the first half of ``==``, so ``x == y  # SOLUTION`` becomes ``...``, not ``x = ...``.
_TARGETS = re.compile(r"""^(?P<targets>(?:[\w.]+(?:\[(['"]).*?\2\])*(?:,\s*)?)+\s*=)(?!=)""")
_MAGIC = re.compile(r"^\s*[%!].*$", re.MULTILINE)
_BEGIN = re.compile(r"^\s*#\s*BEGIN SOLUTION\s*$")
_STOP = re.compile(r"^\s*#\s*END SOLUTION\s*$")
_CELL_METADATA_KEPT = ("tags", "editable", "deletable")
_NB_METADATA_KEPT = ("kernelspec", "language_info")
# A fixed date for zip entries, so the same masters give byte-identical zips.
_ZIP_DATE = (2026, 1, 1, 0, 0, 0)


@dataclass
class Split:
    """A master split in two: what learners get and what only the instructor keeps."""

    student: nbformat.NotebookNode
    removed: list[str] = field(default_factory=list)  # the source of every removed cell or line


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _strip_markers(source: str, removed: list[str], *, where: str) -> str:
    """Apply otter-style in-cell markers to one code cell."""
    out, inside = [], False
    for line in source.split("\n"):
        if _BEGIN.match(line):
            if inside:
                raise InputError("BEGIN SOLUTION inside another", field=where)
            inside = True
            out.append(line[: len(line) - len(line.lstrip())] + "...")
        elif _STOP.match(line):
            if not inside:
                raise InputError("END SOLUTION without BEGIN SOLUTION", field=where)
            inside = False
        elif inside:
            removed.append(line)
        elif match := _LINE.match(line):
            removed.append(line)
            assign = _TARGETS.match(match["code"])
            kept = re.sub(r"\s*=$", " = ...", assign["targets"]) if assign else "..."
            out.append(f"{match['indent']}{kept}")
        else:
            out.append(line)
    if inside:
        raise InputError("BEGIN SOLUTION is never closed by END SOLUTION", field=where)
    return "\n".join(out)


def _parses(source: str) -> bool:
    try:
        ast.parse(_MAGIC.sub("pass", source))
    except SyntaxError:
        return False
    return True


def _check_parses(master: str, stripped: str, *, where: str) -> None:
    """A learner's cell must be Python if the master's was: no ``assert x = ...``."""
    if stripped != master and _parses(master) and not _parses(stripped):
        raise InputError(
            "removing the solution leaves code that is not valid Python; mark whole "
            "statements (# BEGIN SOLUTION / # END SOLUTION around several lines)",
            field=where,
        )


def _clean(cell, *, number: int) -> nbformat.NotebookNode:
    """The cell without outputs or private metadata; its id is kept so builds reproduce."""
    metadata = {k: v for k, v in cell.get("metadata", {}).items() if k in _CELL_METADATA_KEPT}
    make = {
        "code": nbformat.v4.new_code_cell,
        "markdown": nbformat.v4.new_markdown_cell,
    }.get(cell.cell_type, nbformat.v4.new_raw_cell)
    clean = make(cell.source, metadata=metadata)
    clean["id"] = cell.get("id") or f"cell-{number}"
    return clean


def split_master(master: nbformat.NotebookNode, *, name: str = "notebook") -> Split:
    """The student notebook (outputs cleared) and the list of removed source texts.

    Parameters
    ----------
    master : nbformat.NotebookNode
        The instructor's master.
    name : str
        The notebook's name, for error messages.

    Returns
    -------
    Split
        ``.student``, the learner's notebook, and ``.removed``, every source removed (so a
        test can prove no solution is left).

    Raises
    ------
    InputError
        A solution block opened inside another, closed without opening, or never closed,
        or a code cell that no longer parses once its solution lines are removed.
    """
    kept, removed, open_at = [], [], None
    for number, cell in enumerate(master.cells, start=1):
        where = f"{name} cell {number}"
        is_md = cell.cell_type == "markdown"
        if is_md and _START.search(cell.source):
            if open_at is not None:
                raise InputError(
                    f"solution-start inside the block opened at cell {open_at}", field=where
                )
            open_at = number
        drop = (
            open_at is not None
            or (is_md and _WHOLE.search(cell.source) is not None)
            or SOLUTION_TAG in _tags(cell)
            or HIDDEN_TEST_TAG in _tags(cell)
        )
        if is_md and _END.search(cell.source):
            if open_at is None:
                raise InputError("solution-end without a solution-start above it", field=where)
            open_at = None
        if drop:
            removed.append(cell.source)
            continue
        clean = _clean(cell, number=number)
        if cell.cell_type == "code":
            clean.source = _strip_markers(cell.source, removed, where=where)
            _check_parses(cell.source, clean.source, where=where)
        kept.append(clean)
    if open_at is not None:
        raise InputError(
            "solution-start is never closed by a solution-end", field=f"{name} cell {open_at}"
        )
    metadata = {k: v for k, v in master.metadata.items() if k in _NB_METADATA_KEPT}
    return Split(nbformat.v4.new_notebook(cells=kept, metadata=metadata), removed)


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read a notebook; InputError (naming the file) if it is not one."""
    try:
        return nbformat.read(path, as_version=4)
    except (json.JSONDecodeError, UnicodeDecodeError, nbformat.reader.NotJSONError) as error:
        raise InputError(f"not a Jupyter notebook ({error})", field=str(path)) from None


def encoded_key(exercise: str, *, keys_dir: Path) -> dict | None:
    """The student-edition key bundle for ``exercise``, or None if it has no key."""
    path = keys_dir / f"{exercise}.yaml"
    if not path.is_file():
        return None
    return encoding.encode_key(keys.read_yaml_key(path), exercise=exercise, seed=path.read_bytes())


def _write_if_changed(path: Path, data: bytes) -> None:
    """Leave an unchanged file alone, so a rebuild does not look like an edit."""
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)


def _notebook_bytes(nb: nbformat.NotebookNode) -> bytes:
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def _bundle_bytes(bundle: dict) -> bytes:
    return (json.dumps(bundle, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def student_files(master_path: Path, *, keys_dir: Path) -> dict[str, bytes]:
    """Relative path to bytes for one exercise's student folder."""
    name = master_path.stem
    split = split_master(read_notebook(master_path), name=master_path.name)
    files = {f"{name}.ipynb": _notebook_bytes(split.student)}
    bundle = encoded_key(name, keys_dir=keys_dir)
    if bundle is not None:
        files[f"keys/{name}.json"] = _bundle_bytes(bundle)
    return files


def _write_zip(path: Path, name: str, files: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for relative, data in sorted(files.items()):
            info = zipfile.ZipInfo(f"{name}/{relative}", date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    _write_if_changed(path, buffer.getvalue())


def _handout(notebook: bytes, *, course: Course) -> bytes:
    """A student notebook that reads right in any JupyterLab: MyST roles and exercise
    fences as plain Markdown, a reference list, chapters named rather than linked (the zip
    holds no book). The student *book* keeps the MyST, which Jupyter Book renders."""
    nb = nbformat.reads(notebook.decode("utf-8"), as_version=4)
    return _notebook_bytes(show(nb, course=course, here=None, links=False))


def masters(exercises_dir: Path) -> list[Path]:
    return sorted(exercises_dir.glob("*.ipynb"))


def build_student_edition(exercises_dir: Path, *, out: Path) -> list[Path]:
    """Write ``out/NAME/`` (notebook and encoded key) and ``out/NAME.zip`` per exercise.

    Parameters
    ----------
    exercises_dir : pathlib.Path
        The folder of masters, with their keys in ``keys/``.
    out : pathlib.Path
        Where the student edition goes.

    Returns
    -------
    list of pathlib.Path
        One folder per exercise.

    Raises
    ------
    InputError
        A master :func:`split_master` refuses, or a key that does not load.
    """
    keys_dir = exercises_dir / "keys"
    course = Course.at(exercises_dir.parent)
    written = []
    for master in masters(exercises_dir):
        name = master.stem
        files = student_files(master, keys_dir=keys_dir)
        files[f"{name}.ipynb"] = _handout(files[f"{name}.ipynb"], course=course)
        folder = out / name
        if folder.exists():
            shutil.rmtree(folder)
        for relative, data in files.items():
            _write_if_changed(folder / relative, data)
        _write_zip(out / f"{name}.zip", name, files)
        written.append(folder)
    return written


_NOT_IN_BOOK = {"_build", "tests", "bench", "src", "exercises", "node_modules"}
_JUNK = {"__pycache__", ".ipynb_checkpoints", ".jupyter_cache"}


def _sync_tree(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        if path.is_dir() or _JUNK.intersection(path.parts) or path.suffix == ".pyc":
            continue
        destination = target / path.relative_to(source)
        _write_if_changed(destination, path.read_bytes())


def build_student_book_source(repo: Path, *, out: Path) -> Path:
    """A copy of the book's sources with every exercise replaced by its student edition.

    ``jupyter-book build OUT`` on it gives a book whose HTML and downloadable notebooks hold
    no solution: they were never in its sources. Files are copied only when they changed,
    so the execution cache and Sphinx's incremental build keep working.

    Parameters
    ----------
    repo : pathlib.Path
        The course repository.
    out : pathlib.Path
        Where the student book's sources go.

    Returns
    -------
    pathlib.Path
        ``out``.
    """
    for path in sorted(repo.iterdir()):
        if path.name in _NOT_IN_BOOK or path.name.startswith("."):
            continue
        if path.is_dir():
            _sync_tree(path, out / path.name)
        elif path.is_file():
            _write_if_changed(out / path.name, path.read_bytes())
    exercises = repo / "exercises"
    for path in sorted(exercises.iterdir()):
        if path.is_file() and path.suffix != ".ipynb":
            _write_if_changed(out / "exercises" / path.name, path.read_bytes())
    for master in masters(exercises):
        for relative, data in student_files(master, keys_dir=exercises / "keys").items():
            _write_if_changed(out / "exercises" / relative, data)
    return out
