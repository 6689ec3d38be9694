"""Read an audit CSV the way people actually have it.

Spreadsheets export UTF-8 with or without a byte-order mark, with commas or (in much of
Europe) semicolons, with quoted fields and Windows line endings. Only the columns the
audit needs are read, by pandas' C parser, in chunks, as categories: ten million rows stay
well under a gigabyte. Every row's number of fields is checked first, quoted or not, so a
row whose columns shifted is refused instead of read wrong. Every problem becomes an
:class:`InputError` naming the column and the row (the header is row 1, and every record
is one row, as in a spreadsheet: a blank line is a row, a quoted line break is not).
A header is read whole however wide (a form export may have 10,000 columns), and a pipe is
copied aside only up to a limit, so an endless one cannot fill the disk.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import tempfile
from pathlib import Path

from collective_ai.audit.columns import score_array
from collective_ai.errors import InputError
from collective_ai.i18n import _, format_number, ngettext

DELIMITERS = (",", ";")
#: Bytes checked at a time, and rows parsed at a time: memory stays flat with file size.
BLOCK_BYTES = 1 << 22
CHUNK_ROWS = 1 << 20
#: A header with no line end past this many bytes is not a CSV header (6 million columns).
HEADER_MAX_BYTES = 1 << 26
#: The most copied aside from a stream that cannot seek (standard input), and how much of
#: that copy stays in memory before it goes to a temporary file.
STREAM_MAX_BYTES = 512 << 20
SPOOL_MEMORY = 1 << 26
#: csv's own limit on one field is 128 KiB; a long quoted comment is still one field.
FIELD_LIMIT = (1 << 31) - 1
_BLANK = b" \t\r"
_BOM = b"\xef\xbb\xbf"
_LINE_OR_QUOTE = re.compile(rb'["\r\n]')


def read_audit_csv(
    source,
    *,
    groups: list[str],
    selected: str | None,
    score: str | None = None,
    counts=(),
    max_bytes: int = STREAM_MAX_BYTES,
):
    """A DataFrame with just the named columns of the CSV ``source``.

    ``source`` is a path, the bytes of a file, or a binary stream (standard input).
    Group, outcome and ``counts`` columns are read as text (a blank stays a blank, "NA"
    stays "NA": the audit decides what is unknown or unreadable); the score column as
    numbers, refused with its row when a value is not one. The index is each row's
    spreadsheet number minus two. A stream that cannot seek is refused past ``max_bytes``.
    """
    text_columns = [*groups, *(c for c in (selected, *counts) if c is not None)]
    numbers = [score] if score else []
    return read_columns(source, text=text_columns, numbers=numbers, max_bytes=max_bytes)


def read_columns(source, *, text: list[str], numbers: list[str], max_bytes: int = STREAM_MAX_BYTES):
    """The named columns of a CSV: ``text`` ones as categories, ``numbers`` as floats."""
    import numpy as np
    import pandas as pd

    wanted = list(dict.fromkeys([*text, *numbers]))
    with _opened(source, max_bytes=max_bytes) as stream:
        delimiter, header = _choose_delimiter(_header_text(stream), wanted)
        positions = _positions(header, wanted)
        stream.seek(0)
        records, blanks = _check_field_counts(stream, delimiter=delimiter, fields=len(header))
        stream.seek(0)
        index = None
        if blanks:
            index = np.setdiff1d(np.arange(2, records + 1), blanks) - 2
        numeric = {positions[c] for c in numbers}
        chunks = _chunks(stream, delimiter, header, positions, wanted, numeric)
        parts: dict[int, list] = {positions[c]: [] for c in wanted}
        with contextlib.closing(chunks):
            parts = _parse(chunks, parts, index=index, positions=positions, numeric=numeric)

    frame = {}
    for column in wanted:
        pieces = parts[positions[column]]
        if positions[column] in numeric:
            frame[column] = np.concatenate(pieces) if pieces else np.array([], dtype=float)
        elif pieces:
            frame[column] = pd.api.types.union_categoricals(pieces)
        else:
            frame[column] = pd.Categorical([])
    result = pd.DataFrame(frame)
    if index is not None and len(index) == len(result):
        result.index = index
    return result


def _parse(chunks, parts: dict, *, index, positions: dict, numeric: set) -> dict:
    start = 0
    for chunk in chunks:
        if index is not None and start + len(chunk) <= len(index):
            chunk.index = index[start : start + len(chunk)]
        start += len(chunk)
        for column, at in positions.items():
            parts[at].append(score_array(chunk[at], column=column) if at in numeric else chunk[at])
    return parts


def _chunks(stream, delimiter, header, positions, wanted, numeric):
    import pandas as pd

    names = list(range(len(header)))
    dtype = {positions[c]: "category" for c in wanted if positions[c] not in numeric}
    try:
        with pd.read_csv(
            stream,
            sep=delimiter,
            header=0,
            names=names,
            usecols=sorted(set(positions.values())),
            dtype=dtype,
            encoding="utf-8-sig",
            keep_default_na=False,
            na_values=[],
            engine="c",
            chunksize=CHUNK_ROWS,
        ) as reader:
            yield from reader
    except UnicodeDecodeError:
        stream.seek(0)
        raise InputError(
            _("the file is not UTF-8 text; save it as CSV UTF-8"), row=_bad_row(stream)
        ) from None
    except pd.errors.ParserError as error:
        raise InputError(
            _("the file could not be read as CSV ({error})").format(error=error)
        ) from None


def header_of(source) -> list[str]:
    """The column names of a CSV (path or bytes), trimmed, for a view to offer as choices."""
    with _opened(source, max_bytes=STREAM_MAX_BYTES) as stream:
        _delimiter, header = _choose_delimiter(_header_text(stream), [])
    return [h.strip() for h in header]


@contextlib.contextmanager
def _opened(source, *, max_bytes: int):
    """A seekable binary stream over ``source``; standard input is first copied aside."""
    if isinstance(source, bytes | bytearray | memoryview):
        yield io.BytesIO(bytes(source))
    elif isinstance(source, str | Path):
        with open(source, "rb") as stream:
            yield stream
    elif source.seekable():
        yield source
    else:
        with spooled(source, max_bytes=max_bytes) as copy:
            yield copy


@contextlib.contextmanager
def spooled(stream, *, max_bytes: int = STREAM_MAX_BYTES, field: str | None = None):
    """A seekable copy of a pipe, refused past ``max_bytes`` so an endless one stops.

    The CSV is read more than once (field counts, then columns), so a pipe is copied: in
    memory up to :data:`SPOOL_MEMORY`, then to a temporary file deleted on exit. ``field``
    names the option that sets the limit, for the error.
    """
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY) as copy:
        total = 0
        while block := stream.read(min(BLOCK_BYTES, max_bytes + 1 - total)):
            total += len(block)
            if total > max_bytes:
                raise InputError(
                    _(
                        "the input is over {size}, the most read from standard "
                        "input; name the file instead, or raise the limit"
                    ).format(size=_megabytes(max_bytes)),
                    field=field,
                )
            copy.write(block)
        copy.seek(0)
        yield copy


def _megabytes(size: int) -> str:
    return _("{size} MB").format(size=format_number(round(size / (1 << 20), 6)))


def _first_record(stream) -> bytes:
    """The file's bytes up to the end of its first record (the header), however long.

    A line end counts only outside a quoted field. A quote opens one where csv opens one:
    at the start of the record or after a delimiter (either one: reading a line too many
    is harmless, one too few is not), or right after a closing quote (``""``).
    """
    data, quoted, closed = bytearray(), False, -2
    while block := stream.read(1 << 16):
        offset = len(data)
        data += block
        for match in _LINE_OR_QUOTE.finditer(block):
            at = offset + match.start()
            if match.group() != b'"':
                if not quoted:
                    return bytes(data[: at + 1])
            elif quoted:
                quoted, closed = False, at
            elif (
                at in (0, closed + 1)
                or data[at - 1 : at] in (b",", b";")
                or (at == 3 and data[:3] == _BOM)
            ):
                quoted = True
        if len(data) > HEADER_MAX_BYTES:
            raise InputError(
                _(
                    "the first row is over {size} long; is this a CSV file with a header row?"
                ).format(size=_megabytes(HEADER_MAX_BYTES)),
                row=1,
            )
    return bytes(data)


def _header_text(stream) -> str:
    """The first record of the file (its header), as text; an empty file is an error."""
    record = _first_record(stream).removeprefix(_BOM)
    if not record.strip():
        stream.seek(0)
        block = stream.read(BLOCK_BYTES).removeprefix(_BOM)
        while block:
            if block.strip():
                raise InputError(_("the first row is blank; it should name the columns"), row=1)
            block = stream.read(BLOCK_BYTES)
        raise InputError(_("the file is empty: it needs a header row naming the columns"), row=1)
    try:
        return record.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(_("the file is not UTF-8 text; save it as CSV UTF-8"), row=1) from None


def _choose_delimiter(text: str, wanted: list[str]) -> tuple[str, list[str]]:
    """The delimiter whose header holds the wanted columns (else the one splitting more)."""
    with _long_fields():
        parsed = {
            d: next(csv.reader(io.StringIO(text, newline=""), delimiter=d)) for d in DELIMITERS
        }
    for delimiter, header in parsed.items() if wanted else ():
        names = {h.strip() for h in header}
        if all(c in names for c in wanted):
            return delimiter, header
    delimiter = max(DELIMITERS, key=lambda d: len(parsed[d]))
    return delimiter, parsed[delimiter]


@contextlib.contextmanager
def _long_fields():
    """Lift csv's 128 KiB limit on one field while reading: a wide header read with the
    other delimiter, or a long quoted comment, is one long field, not an error."""
    old = csv.field_size_limit(FIELD_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(old)


#: How many column names an error shows before saying how many more there are.
SHOWN_COLUMNS = 30


def _positions(header: list[str], wanted: list[str]) -> dict[str, int]:
    stripped = [h.strip() for h in header]
    places: dict[str, list[int]] = {}
    for i, name in enumerate(stripped, start=1):
        places.setdefault(name, []).append(i)
    positions = {}
    for column in wanted:
        if column not in places:
            shown = ", ".join(stripped[:SHOWN_COLUMNS])
            if len(stripped) > SHOWN_COLUMNS:
                more = format_number(len(stripped) - SHOWN_COLUMNS)
                shown += " " + _("and {n} more").format(n=more)
            raise InputError(
                _("no such column (the header has: {header})").format(header=shown),
                column=column,
                row=1,
            )
        found = places[column]
        if len(found) > 1 and column:
            raise InputError(
                _(
                    "{n} columns have this name (columns {places}); "
                    "rename them so each is one column"
                ).format(n=len(found), places=", ".join(map(str, found))),
                column=column,
                row=1,
            )
        positions[column] = found[0] - 1
    return positions


def _check_field_counts(stream, *, delimiter: str, fields: int) -> tuple[int, list[int]]:
    """Refuse a row whose number of fields differs from the header's: its columns shifted.

    pandas does not check this when it reads only some columns. Every row is counted, so a
    row with one field too many cannot hide behind another with one too few. Files without
    quotes are counted with numpy, a block at a time; a quoted field may hold a delimiter or
    a line break, so a file with quotes is counted by the csv module. Returns the number of
    rows and the blank ones (which pandas skips).
    """
    counted = _count_plain(stream, delimiter=delimiter, fields=fields)
    if counted is not None:
        return counted
    stream.seek(0)
    return _count_quoted(stream, delimiter=delimiter, fields=fields)


def _count_plain(stream, *, delimiter: str, fields: int) -> tuple[int, list[int]] | None:
    """Field counts of a file without quotes or lone carriage returns (else None)."""
    rows, blanks, carry = 0, [], b""
    while True:
        block = stream.read(BLOCK_BYTES)
        if b'"' in block:
            return None
        data = carry + block
        cut = len(data) if not block else data.rfind(b"\n") + 1
        data, carry = data[:cut], data[cut:]
        if data and not data.endswith(b"\n"):
            data += b"\n"
        if data.count(b"\r") != data.count(b"\r\n"):
            return None
        if data:
            rows = _count_lines(
                data, delimiter=delimiter, fields=fields, before=rows, blanks=blanks
            )
        if not block:
            return rows, blanks


def _count_lines(data: bytes, *, delimiter: str, fields: int, before: int, blanks: list) -> int:
    import numpy as np

    raw = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(raw == 10)
    delimiters = np.flatnonzero(raw == ord(delimiter))
    per_line = np.diff(np.searchsorted(delimiters, ends), prepend=0) + 1
    starts = np.concatenate(([0], ends[:-1] + 1))
    short = (ends - starts) <= 2 if fields == 1 else np.zeros(len(ends), dtype=bool)
    for line in np.flatnonzero((per_line != fields) | short):
        row = before + int(line) + 1
        if not data[starts[line] : ends[line]].strip(_BLANK):
            blanks.append(row)
        elif per_line[line] != fields:
            _wrong(int(per_line[line]), fields, row)
    return before + len(ends)


def _count_quoted(stream, *, delimiter: str, fields: int) -> tuple[int, list[int]]:
    with _long_fields():
        return _count_records(stream, delimiter=delimiter, fields=fields)


def _count_records(stream, *, delimiter: str, fields: int) -> tuple[int, list[int]]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    rows, blanks = 0, []
    try:
        for rows, record in enumerate(csv.reader(text, delimiter=delimiter), start=1):
            if not record or (len(record) == 1 and not record[0].strip(" \t")):
                blanks.append(rows)
            elif len(record) != fields:
                _wrong(len(record), fields, rows)
    except UnicodeDecodeError:
        text.detach()
        stream.seek(0)
        raise InputError(
            _("the file is not UTF-8 text; save it as CSV UTF-8"), row=_bad_row(stream)
        ) from None
    except csv.Error as error:
        text.detach()
        raise InputError(
            _("the row could not be read as CSV ({error})").format(error=error), row=rows + 1
        ) from None
    text.detach()
    return rows, blanks


def _wrong(found: int, fields: int, row: int):
    raise InputError(
        ngettext(
            "this row has {found} field but the header has {fields}",
            "this row has {found} fields but the header has {fields}",
            found,
        ).format(found=found, fields=fields),
        row=row,
    )


def _bad_row(stream) -> int:
    for number, line in enumerate(stream, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return number
    return 1
