"""Read what came back: which of the letter's asks arrived, how many records, which fields.

Each file of the answer (:mod:`~collective_ai.requests.unpack`) is read by its kind: CSV
(comma, semicolon or tab), JSON, XLSX (read with the standard library: a spreadsheet is
a zip of XML), text, or PDF (its text, page by page, :mod:`~collective_ai.requests.pdftext`).
Text is decoded as UTF-8, UTF-16 with a byte-order mark, or else Windows-1252, the
encodings answers mix. A PDF with no text in it is a scan: it is listed, with what to
ask for instead, and counts against the machine-readable format the letter asked for.

Each ask of the letter (:data:`~collective_ai.requests.laws.ASKS`) is found by the field
names and words that carry it: scores ("rating", "score", "tier"), decisions
("decision", "deactivated", "warning"), the logic (an explanation with "factor",
"weight", "calculated"), inputs (any other records). What is not found is *missing*; it
may be there under a name this reader does not know, so the summary says where it looked.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import asdict, dataclass, field
from xml.etree import ElementTree

from collective_ai.errors import InputError
from collective_ai.escaping import markdown_cell
from collective_ai.i18n import N_, _, format_number, ngettext
from collective_ai.requests.asks import ASKS
from collective_ai.requests.pdftext import MAX_CHARS, pdf_pages
from collective_ai.requests.unpack import unpack

SCORE = re.compile(
    r"score|rating|stars|rank|tier|grade|flag|percentile|acceptance|cancellation", re.I
)
DECISION = re.compile(r"decision|deactivat|suspen|warning|disciplin|termination|outcome", re.I)
WHO = re.compile(r"review|recipient|shared|viewed|seen_by|disclosed", re.I)
LOGIC = re.compile(
    r"\b(factors?|weights?|weighted|logic|algorithm|calculated|is the average|threshold)\b", re.I
)
TEXT_KINDS = (".txt", ".md", ".text")
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass
class Table:
    """Records found in a file: a CSV, a sheet, or a list inside a JSON file."""

    name: str
    records: int
    fields: list[str]


@dataclass
class FileRead:
    """One file of the answer as read: its kind, encoding, tables (or a text's words and a
    PDF's pages), or why it was not read."""

    name: str
    kind: str
    encoding: str = ""
    tables: list[Table] = field(default_factory=list)
    unread: str = ""
    words: int = 0
    pages: int = 0
    text: str = field(default="", repr=False)


@dataclass
class ReturnSummary:
    """What one member's answer holds, against what the letter asked for.

    Parameters
    ----------
    source : str
        The folder or zip read.
    files : list of FileRead
        Every file, read or not.
    found : dict
        For each ask's key, where it was found ("file: field").
    missing : list of str
        Asks not found, and "format" when a file was not machine-readable.
    records : int
        Records in all tables.
    """

    source: str
    files: list[FileRead]
    found: dict
    missing: list[str]
    records: int

    def to_dict(self, *, source: bool = True) -> dict:
        """A JSON-ready dict without the files' text; ``source=False`` leaves out the
        answer's own file name, which is often the member's name (the register's copy)."""
        files = []
        for item in self.files:
            entry = asdict(item)
            entry.pop("text")
            files.append(entry)
        out = {"source": self.source} if source else {}
        out.update(files=files, found=self.found, missing=list(self.missing), records=self.records)
        return out

    def markdown(self) -> str:
        """A page a committee reads: what arrived, what is missing, file by file."""
        titles = {ask.key: ask.words(group=False)[0] for ask in ASKS}
        titles["format"] = _("Machine-readable files")
        heading = _("What came back: {source}").format(source=markdown_cell(self.source))
        lines = ["# " + heading, ""]
        records = ngettext("{count} record", "{count} records", self.records)
        files = ngettext("in {count} file.", "in {count} files.", len(self.files))
        count = format_number(self.records)
        lines.append(records.format(count=count) + " " + files.format(count=len(self.files)))
        lines += ["", "## " + _("What the letter asked for"), ""]
        missing, arrived = _("missing"), _("arrived")
        for key, title in titles.items():
            where = self.found.get(key)
            state = missing if key in self.missing else arrived
            detail = f" ({markdown_cell('; '.join(where[:4]))})" if where else ""
            lines.append(f"- {title}: **{state}**{detail}")
        heads = (_("File"), _("Kind"), _("Records"), _("Fields"))
        lines += ["", "## " + _("Files"), "", "| " + " | ".join(heads) + " |"]
        lines.append("| --- | --- | --- | --- |")
        not_read = _("not read")
        for item in self.files:
            if item.unread:
                lines.append(
                    f"| {markdown_cell(item.name)} | {not_read} | | "
                    f"{markdown_cell(_(item.unread))} |"
                )
            for table in item.tables:
                fields = ", ".join(table.fields[:12]) + (" ..." if len(table.fields) > 12 else "")
                lines.append(
                    f"| {markdown_cell(table.name)} | {item.kind} | "
                    f"{format_number(table.records)} | {markdown_cell(fields)} |"
                )
            if not item.tables and not item.unread:
                pages = ngettext("{count} page", "{count} pages", item.pages)
                words = ngettext("{count} word", "{count} words", item.words)
                size = ", ".join(
                    unit.format(count=format_number(n))
                    for n, unit in ((item.pages, pages), (item.words, words))
                    if n
                )
                lines.append(f"| {markdown_cell(item.name)} | {item.kind} | | {size} |")
        note = _(
            "Missing means this reader did not find it by its usual names; check the files "
            "before writing to the organisation."
        )
        lines += ["", f"*{note}*"]
        return "\n".join(lines) + "\n"


def read_return(source) -> ReturnSummary:
    """Read an answer (folder, zip or file) and compare it with the letter's asks.

    Parameters
    ----------
    source : str or pathlib.Path
        The answer.

    Returns
    -------
    ReturnSummary

    Raises
    ------
    InputError
        An answer that cannot be read safely (see :func:`~collective_ai.requests.unpack.unpack`)
        or a file in it that is damaged (named, with its line when known).
    """
    from pathlib import Path

    files = [read_file(item.name, item.data) for item in unpack(source)]
    found = classify(files)
    missing = [ask.key for ask in ASKS if not found.get(ask.key)]
    if any(f.kind == "pdf" and f.unread for f in files):  # a scan is not data
        missing.append("format")
    records = sum(t.records for f in files for t in f.tables)
    return ReturnSummary(Path(source).name, files, found, missing, records)


def read_file(name: str, data: bytes) -> FileRead:
    """One file, read by its kind (see the module docstring).

    Parameters
    ----------
    name : str
        Its name (the suffix decides the kind).
    data : bytes
        Its bytes.

    Returns
    -------
    FileRead

    Raises
    ------
    InputError
        A CSV, JSON, XLSX or PDF file that is damaged, or a PDF locked with a password.
    """
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in (".csv", ".tsv"):
        text, encoding = decode(data)
        return FileRead(name, "csv", encoding, [_csv_table(name, text)])
    if suffix == ".json":
        text, encoding = decode(data)
        try:
            return FileRead(name, "json", encoding, _json_tables(name, json.loads(text)))
        except json.JSONDecodeError as error:
            raise InputError(
                _("{name} is not valid JSON (line {lineno})").format(
                    name=name, lineno=error.lineno
                ),
                field="file",
            ) from None
        except RecursionError:
            raise InputError(
                _("{name} is nested too deeply to read").format(name=name), field="file"
            ) from None
    if suffix == ".xlsx":
        return FileRead(name, "xlsx", "", _xlsx_tables(name, data))
    if suffix in TEXT_KINDS:
        text, encoding = decode(data)
        words = len(text.split())
        return FileRead(name, "text", encoding, words=words, text=text[:MAX_CHARS] if words else "")
    if suffix == ".pdf":
        pages, count = pdf_pages(name, data)
        text = "\n\n".join(page for page in pages if page)
        if not text:
            scan = N_("a scan: no text to read; ask for the data as CSV or JSON")
            return FileRead(name, "pdf", unread=scan if count else N_("no pages"), pages=count)
        return FileRead(name, "pdf", words=len(text.split()), pages=count, text=text[:MAX_CHARS])
    unread = N_("not a CSV, JSON, XLSX or text file")
    return FileRead(name, suffix.lstrip(".") or "file", unread=unread)


def decode(data: bytes) -> tuple[str, str]:
    """Text from bytes in the encodings answers use, and the one it was in.

    Parameters
    ----------
    data : bytes
        The file.

    Returns
    -------
    tuple of (str, str)
        The text, and "utf-8", "utf-16" or "windows-1252".
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "windows-1252"


def _csv_table(name: str, text: str) -> Table:
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    try:
        rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(row)]
    except csv.Error as error:
        raise InputError(
            _("{name} is not a readable CSV ({error})").format(name=name, error=error), field="file"
        ) from None
    if not rows:
        return Table(name, 0, [])
    return Table(name, len(rows) - 1, [h.strip() for h in rows[0]])


def _json_tables(name: str, value) -> list[Table]:
    """Lists of records anywhere in the JSON, and the fields of its other objects."""
    tables: list[Table] = []

    def walk(node, where: str) -> None:
        if isinstance(node, list) and node and all(isinstance(x, dict) for x in node):
            fields = list(dict.fromkeys(k for record in node for k in record))
            tables.append(Table(where, len(node), fields))
        elif isinstance(node, dict):
            plain = [k for k, v in node.items() if not isinstance(v, dict | list)]
            if plain:
                tables.append(Table(where, 1, plain))
            for key, child in node.items():
                if isinstance(child, dict | list):
                    walk(child, f"{where}: {key}")

    walk(value, name)
    return tables


def _xlsx_tables(name: str, data: bytes) -> list[Table]:
    """Each sheet's first row as fields and the rows under it as records."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            shared = _shared_strings(book)
            workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target") for r in rels}
            tables = []
            for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
                target = targets.get(sheet.get(_REL), "")
                part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                rows = _sheet_rows(ElementTree.fromstring(book.read(part)), shared)
                fields = rows[0] if rows else []
                tables.append(Table(f"{name}: {sheet.get('name')}", max(len(rows) - 1, 0), fields))
            return tables
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        raise InputError(
            _("{name} is not a readable .xlsx spreadsheet").format(name=name), field="file"
        ) from None


def _shared_strings(book: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in book.namelist():
        return []
    root = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{{{_NS['m']}}}t")) for si in root]


def _sheet_rows(root, shared: list[str]) -> list[list[str]]:
    rows = []
    for row in root.iterfind("m:sheetData/m:row", _NS):
        values = []
        for cell in row.iterfind("m:c", _NS):
            kind = cell.get("t")
            if kind == "inlineStr":
                values.append("".join(t.text or "" for t in cell.iter(f"{{{_NS['m']}}}t")))
                continue
            raw = cell.findtext("m:v", default="", namespaces=_NS)
            values.append(shared[int(raw)] if kind == "s" and raw.isdigit() else raw)
        if any(v.strip() for v in values):
            rows.append([v.strip() for v in values])
    return rows


def classify(files: list[FileRead]) -> dict:
    """Where each ask was found: ``{"scores": ["ratings.json: stars", ...], ...}``.

    Parameters
    ----------
    files : list of FileRead
        The files as read.

    Returns
    -------
    dict
    """
    found: dict[str, list[str]] = {ask.key: [] for ask in ASKS}
    for item in files:
        for table in item.tables:
            other = False
            for name in table.fields:
                where = f"{table.name}: {name}"
                if SCORE.search(name):
                    found["scores"].append(where)
                elif DECISION.search(name) or WHO.search(name):
                    found["decisions"].append(where)
                elif LOGIC.search(name.replace("_", " ")):
                    found["logic"].append(where)
                else:
                    other = True
            if other and table.records:
                found["inputs"].append(table.name)
        if item.text and LOGIC.search(item.text):
            found["logic"].append(item.name)
    return {key: where for key, where in found.items() if where}
