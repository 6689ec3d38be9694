"""The files of an answer, taken out of a folder or a zip (zips inside zips too), safely.

An answer arrives as a folder or a zip, sometimes with zips inside. Each file is read
whole into memory, so sizes are checked before reading: a file over
:data:`MAX_FILE_BYTES`, or an answer over :data:`MAX_TOTAL_BYTES` in all, is refused
with its name, and a zip entry is read no further than the limit even when its header
claims less (a "zip bomb" lies about its size). A password-protected entry, an empty zip,
a damaged zip, or zips nested deeper than :data:`MAX_DEPTH` are refused the same way:
one :class:`~collective_ai.errors.InputError` naming the file, raised before anything
is written anywhere.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.i18n import _, format_number, ngettext

MAX_FILE_BYTES = 200 * 2**20
MAX_TOTAL_BYTES = 500 * 2**20
MAX_FILES = 5000
MAX_DEPTH = 3
_SKIP = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")
_CHUNK = 2**20


@dataclass(frozen=True)
class Item:
    """One file of an answer: its path inside the answer, and its bytes."""

    name: str
    data: bytes


def _mib(size: int) -> str:
    if size >= 2**20:
        return _("{size} MB").format(size=format_number(round(size / 2**20)))
    return ngettext("{size} byte", "{size} bytes", size).format(size=format_number(size))


def _too_big(name: str, size: int | None = None, limit: int | None = None) -> InputError:
    said = " " + _("({size})").format(size=_mib(size)) if size is not None else ""
    return InputError(
        _(
            "{name} is too large to read{said}; the limit is {value} a file. Ask for the data "
            "split into smaller files, or take the file out and read the rest"
        ).format(name=name, said=said, value=_mib(limit or MAX_FILE_BYTES)),
        field="file",
    )


class _Budget:
    def __init__(self) -> None:
        self.total = 0
        self.files = 0

    def take(self, name: str, size: int) -> None:
        self.total += size
        self.files += 1
        if self.total > MAX_TOTAL_BYTES:
            raise InputError(
                _(
                    "the answer is over {value} in all (reached at {name}); read it in parts, "
                    "one folder at a time"
                ).format(value=_mib(MAX_TOTAL_BYTES), name=name),
                field="file",
            )
        if self.files > MAX_FILES:
            raise InputError(
                _("the answer holds over {max_files} files").format(
                    max_files=format_number(MAX_FILES)
                ),
                field="file",
            )


def unpack(source) -> list[Item]:
    """Every file of the answer at ``source`` (a folder, a zip or one file), by name.

    Parameters
    ----------
    source : str or pathlib.Path
        Where the answer is.

    Returns
    -------
    list of Item
        Sorted by name; names inside a zip are prefixed with the zip's own name.

    Raises
    ------
    InputError
        Nothing there, nothing in it, or a file that cannot be read safely (see the
        module docstring).
    """
    path = Path(source)
    budget = _Budget()
    if not path.exists():
        raise InputError(_("{path} does not exist").format(path=path), field="file")
    if path.is_dir():
        items = []
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            name = child.relative_to(path).as_posix()
            if not _skipped(name):
                items += _from_file(name, child, budget)
    else:
        items = _from_file(path.name, path, budget, path_is_root=True)
    if not items:
        raise InputError(_("{name} holds no files").format(name=path.name), field="file")
    return sorted(items, key=lambda item: item.name)


def _skipped(name: str) -> bool:
    return name.startswith(_SKIP[0]) or Path(name).name in _SKIP[1:]


def _from_file(name: str, path: Path, budget: _Budget, *, path_is_root: bool = False) -> list[Item]:
    is_zip = name.lower().endswith(".zip")  # an .xlsx is a zip too, but read as itself
    limit = MAX_TOTAL_BYTES if is_zip else MAX_FILE_BYTES  # a zip holds many files
    size = path.stat().st_size
    if size > limit:
        raise _too_big(name, size, limit)  # checked before a byte is read
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _too_big(name, None, limit)
    if is_zip:
        # The answer's own zip is the root: its name (often the member's) is not kept.
        top = "" if path_is_root else f"{name}/"
        return _from_zip(name, data, budget, depth=1, prefix=top)
    budget.take(name, size)
    return [Item(name, data)]


def _from_zip(name: str, data: bytes, budget: _Budget, *, depth: int, prefix: str) -> list[Item]:
    if depth > MAX_DEPTH:
        raise InputError(
            _(
                "{name} is a zip inside {value} other zips; unpack it by hand and read the folder"
            ).format(name=name, value=depth - 1),
            field="file",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(_("{name} is not a readable zip file (damaged or cut short)").format(name=name),
                         field="file") from None  # fmt: skip
    items = []
    with archive:
        for info in archive.infolist():
            inner = f"{name}/{info.filename}"  # for messages
            kept = f"{prefix}{info.filename}"  # for the summary
            if info.is_dir() or _skipped(info.filename):
                continue
            if info.flag_bits & 0x1:
                raise InputError(
                    _(
                        "{inner} is password-protected; open the zip with its password, save "
                        "the files in a folder and read the folder"
                    ).format(inner=inner),
                    field="file",
                )
            if info.file_size > MAX_FILE_BYTES:
                raise _too_big(inner, info.file_size)
            content = _read_entry(archive, info, inner)
            budget.take(inner, len(content))
            if info.filename.lower().endswith(".zip"):
                items += _from_zip(inner, content, budget, depth=depth + 1, prefix=f"{kept}/")
            else:
                items.append(Item(kept, content))
    if not items:
        raise InputError(_("{name} holds no files").format(name=name), field="file")
    return items


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """The entry's bytes, never more than the limit, whatever its header claims."""
    chunks, read = [], 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                read += len(chunk)
                if read > MAX_FILE_BYTES:
                    raise _too_big(name)
                chunks.append(chunk)
    except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError) as error:
        raise InputError(
            _("{name} cannot be taken out of its zip ({error})").format(name=name, error=error),
            field="file",
        ) from None
    return b"".join(chunks)
