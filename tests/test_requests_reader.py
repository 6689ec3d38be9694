"""The reader of what comes back: per-member summaries, and broken answers refused in one line."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
import zipfile

import pytest
from pypdf import PdfWriter

from collective_ai.errors import InputError
from collective_ai.requests import unpack as unpack_module
from collective_ai.requests.reader import decode, read_file, read_return
from collective_ai.requests.synthetic import (
    pdf_bytes,
    synthetic_return,
    write_return,
    xlsx_bytes,
)


def test_synthetic_returns_are_deterministic():
    assert synthetic_return(seed=4) == synthetic_return(seed=4)
    assert synthetic_return(seed=4) != synthetic_return(seed=5)


def test_a_platform_answer_summarised_with_the_logic_missing(tmp_path):
    # The zip's own name is often the member's: it is shown on screen, never kept.
    zipped = write_return(synthetic_return(seed=1, trips=40), tmp_path / "jane-smith.zip")
    summary = read_return(zipped)
    assert "jane" not in json.dumps(summary.to_dict(source=False))
    assert summary.source == "jane-smith.zip"
    # 40 trips, 30 ratings (three quarters), 1 driver score, 3 account events.
    tables = {t.name: t.records for f in summary.files for t in f.tables}
    assert tables == {
        "trips.csv": 40,
        "ratings.json: ratings": 30,
        "ratings.json: driver_score": 1,
        "account.xlsx: Account": 3,
    }
    assert summary.records == 74
    assert summary.missing == ["logic"]
    assert "ratings.json: ratings: stars" in summary.found["scores"]
    assert "account.xlsx: Account: decision" in summary.found["decisions"]
    encodings = {f.name: f.encoding for f in summary.files}
    assert encodings["cover-letter.txt"] == "windows-1252"  # beside UTF-8 files
    assert encodings["trips.csv"] == "utf-8"
    assert "The rules or logic: **missing**" in summary.markdown()


def test_an_explanation_of_the_logic_is_found_in_a_folder(tmp_path):
    folder = write_return(synthetic_return(seed=2, logic=True), tmp_path / "b", as_zip=False)
    summary = read_return(folder)
    assert summary.missing == []
    assert summary.found["logic"] == ["how-ratings-work.txt"]


def test_a_notice_pdf_is_read_page_by_page(tmp_path):
    summary = read_return(write_return(synthetic_return(seed=1), tmp_path / "a.zip"))
    pdf = next(f for f in summary.files if f.kind == "pdf")
    # 3 + 2 + 11 + 11 + 3 words on the notice's lines; a text PDF is not held against the format.
    assert (pdf.name, pdf.pages, pdf.words, pdf.unread) == ("deactivation-notice.pdf", 1, 30, "")
    assert "deactivated on 30 November 2026" in pdf.text
    assert "Zürich" in pdf.text  # Windows-1252 in the PDF's font encoding
    assert summary.missing == ["logic"]
    assert r"| deactivation\-notice\.pdf | pdf | | 1 page, 30 words |" in summary.markdown()
    assert synthetic_return(seed=1, deactivated=False).keys() == {
        "trips.csv", "ratings.json", "account.xlsx", "cover-letter.txt"
    }  # fmt: skip


def test_the_logic_explained_in_a_pdf_is_found_on_its_second_page(tmp_path):
    explained = pdf_bytes([["Rating policy"], ["Your rating is the average of 500 trips."]])
    files = {**synthetic_return(seed=3), "policy.pdf": explained}
    summary = read_return(write_return(files, tmp_path / "c.zip"))
    assert summary.missing == []
    assert summary.found["logic"] == ["policy.pdf"]
    assert next(f for f in summary.files if f.name == "policy.pdf").pages == 2


def test_a_scanned_pdf_is_named_and_counts_against_the_format(tmp_path):
    scan = pdf_bytes([[], []], scan=True)
    assert read_file("scan.pdf", scan).text == ""
    files = {**synthetic_return(seed=3), "statement.pdf": scan}
    summary = read_return(write_return(files, tmp_path / "c.zip"))
    assert summary.missing == ["logic", "format"]
    pdf = next(f for f in summary.files if f.name == "statement.pdf")
    assert (pdf.pages, pdf.unread) == (
        2,
        "a scan: no text to read; ask for the data as CSV or JSON",
    )
    assert "Machine-readable files: **missing**" in summary.markdown()
    assert r"| statement\.pdf | not read | | a scan\: no text to read\;" in summary.markdown()


def _encrypted_pdf(user: str, owner: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes([["rating 4.2"]])))
    writer.encrypt(user, owner)  # RC4, which pypdf reads without a cipher library
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_locked_only_against_editing_is_read():
    # Many "protected" PDFs have an empty password to open them: they open anywhere.
    pdf = read_file("locked.pdf", _encrypted_pdf("", "owner-secret"))
    assert (pdf.text, pdf.words) == ("rating 4.2", 2)


def test_a_damaged_pdf_that_pypdf_repairs_is_read_quietly(caplog):
    data = pdf_bytes([["rating 4.2"]])
    moved = data.replace(b"startxref\n", b"startxref\n9")  # a wrong pointer to the index
    assert moved != data
    assert read_file("moved.pdf", moved).text == "rating 4.2"
    assert [r for r in caplog.records if r.name.startswith("pypdf")] == []
    assert logging.getLogger("pypdf").level == logging.NOTSET  # put back as it was


def test_reading_pdfs_does_not_slow_the_package_import():
    code = (
        "import sys; import collective_ai.requests.reader, collective_ai.requests.synthetic; "
        "print('pypdf' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_nested_zips_are_opened(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("trips.csv", synthetic_return(seed=1)["trips.csv"])
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.writestr("part-1.zip", inner.getvalue())
        archive.writestr("ratings.json", synthetic_return(seed=1)["ratings.json"])
    summary = read_return(outer)
    assert [f.name for f in summary.files] == ["part-1.zip/trips.csv", "ratings.json"]


def test_mixed_encodings_decode():
    assert decode("Zürich".encode("utf-16")) == ("Zürich", "utf-16")
    assert decode("\ufeffZürich".encode()) == ("Zürich", "utf-8")
    assert decode("Zürich".encode("cp1252")) == ("Zürich", "windows-1252")
    table = read_file("t.csv", "name;Stadt\nx;Zürich\n".encode("utf-16")).tables[0]
    assert (table.records, table.fields) == (1, ["name", "Stadt"])


def test_xlsx_with_shared_strings_is_read():
    # Our own writer uses inline strings; a spreadsheet program writes shared strings.
    book = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes([["a"]]))) as source,
        zipfile.ZipFile(book, "w") as out,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = (
                    data.replace(
                        b'<c r="A1" t="inlineStr"><is><t>a</t></is></c>',
                        b'<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>',
                    )
                    + b""
                )
                data = data.replace(
                    b"</sheetData>", b'<row r="2"><c r="A2"><v>4.5</v></c></row></sheetData>'
                )
            out.writestr(item, data)
        out.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            "<si><t>rating</t></si><si><t>week</t></si></sst>",
        )
    table = read_file("s.xlsx", book.getvalue()).tables[0]
    assert (table.records, table.fields) == (1, ["rating", "week"])


def _zip(tmp_path, entries: dict, name="x.zip") -> str:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return path


def _encrypted_zip(tmp_path):
    """A zip whose one entry has the 'encrypted' flag, as a password-protected zip does."""
    path = _zip(tmp_path, {"trips.csv": b"a,b\n1,2\n"})
    data = bytearray(path.read_bytes())
    # Bit 0 of the general-purpose flags, in the local header (offset 6) and the central
    # directory entry (offset 8 after its signature).
    data[6] |= 1
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 1
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: _zip(p, {}), "holds no files"),
        (lambda p: _zip(p, {"folder/": b""}), "holds no files"),
        (_encrypted_zip, "password-protected"),
        (
            lambda p: (p / "broken.zip").write_bytes(b"PK\x03\x04 not really") and p / "broken.zip",
            "not a readable zip",
        ),
        (lambda p: _zip(p, {"r.json": b'{"a": [1,'}), "not valid JSON (line 1)"),
        (lambda p: _zip(p, {"s.xlsx": b"not a spreadsheet"}), "not a readable .xlsx"),
        (lambda p: _zip(p, {"deep.json": b"[" * 100_000 + b"]" * 100_000}), "nested too deeply"),
        (lambda p: _zip(p, {"wide.csv": b'a\n"' + b"x" * 200_000 + b'"\n'}), "not a readable CSV"),
        (lambda p: p / "nowhere", "does not exist"),
        (
            lambda p: _zip(p, {"notice.pdf": _encrypted_pdf("secret", "secret")}),
            "notice.pdf is password-protected",
        ),
        (
            lambda p: _zip(p, {"notice.pdf": pdf_bytes([["a b"]])[:300]}),
            "notice.pdf is not a readable PDF",
        ),
        (lambda p: _zip(p, {"notice.pdf": b"%PDF-1.7\n"}), "notice.pdf is not a readable PDF"),
        (lambda p: _zip(p, {"notice.pdf": b"<html>not a pdf</html>"}), "not a readable PDF"),
    ],
)
def test_broken_answers_are_one_line(tmp_path, make, words):
    with pytest.raises(InputError) as caught:
        read_return(make(tmp_path))
    assert words in str(caught.value)
    assert caught.value.field == "file"
    assert "\n" not in str(caught.value)


def test_an_over_size_file_is_refused_before_it_is_read(tmp_path):
    # A sparse 1 GB file: its size is real, its blocks are not written.
    big = tmp_path / "export.csv"
    with big.open("wb") as handle:
        handle.truncate(2**30)
    with pytest.raises(InputError, match=r"export\.csv is too large to read \(1,024 MB\)"):
        read_return(tmp_path)


def test_a_zip_entry_over_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(unpack_module, "MAX_FILE_BYTES", 1000)
    path = _zip(tmp_path, {"trips.csv": b"x" * 5000})
    with pytest.raises(InputError, match=r"trips\.csv is too large"):
        read_return(path)


def test_a_pdf_over_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(unpack_module, "MAX_FILE_BYTES", 1000)
    (tmp_path / "statement.pdf").write_bytes(pdf_bytes([["trip fare"] * 40]))
    with pytest.raises(InputError, match=r"statement\.pdf is too large to read \(1,\d{3} bytes\)"):
        read_return(tmp_path)


def test_zips_nested_too_deep_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(unpack_module, "MAX_DEPTH", 1)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("a.csv", b"a\n1\n")
    path = _zip(tmp_path, {"inner.zip": inner.getvalue()})
    with pytest.raises(InputError, match="a zip inside 1 other zips"):
        read_return(path)
