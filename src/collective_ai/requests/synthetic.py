"""Made-up "returned data" in the shapes a ride-hail or delivery platform's answer takes.

An answer to an access request is usually a zip of files: trips as CSV, ratings as JSON,
an account record as a spreadsheet, a cover letter, a notice as a PDF (written here by
hand, as a few lines of PDF: no library needed). These are invented, deterministic
(a seed gives the same bytes every time) and about no one, for the chapter and the tests.
By default nothing in them explains the logic of the ratings or the deactivation, which
is what workers most often report missing from real answers.
"""

from __future__ import annotations

import csv
import io
import json
import random
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

AREAS = ("Centre", "North", "Riverside", "Airport", "Old Town", "University")
_EPOCH = 1_767_225_600  # 2026-01-01T00:00:00Z
_NOTICE = [
    "Account status notice",
    "",
    "Dear driver,",
    "Your account was deactivated on 30 November 2026 (reason code FR-2).",
    "You can ask us to review this decision within 30 days.",
    "",
    "Driver Support, Zürich",
]


def synthetic_return(
    *, seed: int = 0, trips: int = 40, logic: bool = False, deactivated: bool = True
) -> dict[str, bytes]:
    """The files of one member's (invented) answer, by file name.

    Parameters
    ----------
    seed : int
        Same seed, same bytes.
    trips : int
        Rows in ``trips.csv``.
    logic : bool
        Include ``how-ratings-work.txt``, an explanation of the rating logic.
    deactivated : bool
        Include a deactivation decision in ``account.xlsx``, and its notice as a PDF.

    Returns
    -------
    dict of str to bytes
    """
    rng = random.Random(seed)
    files = {
        "trips.csv": _trips(rng, trips),
        "ratings.json": _ratings(rng, trips),
        "account.xlsx": xlsx_bytes(_account(rng, deactivated), sheet="Account"),
        "cover-letter.txt": (
            "Dear driver,\n\nPlease find attached the personal data we hold about you, "
            "as requested. Fees: 0 €.\n\nPrivacy Team, Zürich\n"
        ).encode("cp1252"),  # an older system's encoding, beside UTF-8 files
    }
    if deactivated:
        files["deactivation-notice.pdf"] = pdf_bytes([_NOTICE])
    if logic:
        files["how-ratings-work.txt"] = (
            b"Your rating is the average of the last 500 rated trips. The factors are the "
            b"star ratings riders give; a rating below 4.6 is reviewed and may lead to "
            b"deactivation.\n"
        )
    return files


def write_return(files: dict[str, bytes], target, *, as_zip: bool = True) -> Path:
    """Write a return as a zip file, or as a folder of files.

    Parameters
    ----------
    files : dict of str to bytes
        What :func:`synthetic_return` made.
    target : str or pathlib.Path
        The zip file, or the folder, to create.
    as_zip : bool
        A zip (the usual way an answer arrives) or a folder.

    Returns
    -------
    pathlib.Path
    """
    from collective_ai.files import write_atomic

    target = Path(target)
    if as_zip:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(zipfile.ZipInfo(name, date_time=(2027, 2, 1, 9, 0, 0)), data)
        return write_atomic(target, buffer.getvalue())
    target.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        write_atomic(target / name, data)
    return target


def _stamp(seconds: int) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(_EPOCH + seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _trips(rng: random.Random, count: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["trip_id", "request_time", "pickup_area", "dropoff_area", "distance_km", "fare_eur",
         "driver_pay_eur", "status"]
    )  # fmt: skip
    at = 0
    for number in range(1, count + 1):
        at += rng.randint(1_800, 20_000)
        distance = round(rng.uniform(1.0, 25.0), 1)
        fare = round(3.0 + distance * 1.4, 2)
        status = "completed" if rng.random() > 0.08 else "cancelled by rider"
        writer.writerow(
            [f"T{number:05d}", _stamp(at), rng.choice(AREAS), rng.choice(AREAS), distance,
             fare, round(fare * 0.7, 2), status]
        )  # fmt: skip
    return out.getvalue().encode()


def _ratings(rng: random.Random, count: int) -> bytes:
    rated = sorted(rng.sample(range(1, count + 1), k=max(1, count * 3 // 4)))
    stars = [rng.choice((5, 5, 5, 4, 4, 3, 1)) for _ in rated]
    body = {
        "ratings": [
            {"trip_id": f"T{n:05d}", "stars": s, "comment_tag": rng.choice(["", "", "route"])}
            for n, s in zip(rated, stars, strict=True)
        ],
        "driver_score": {"rating": round(sum(stars) / len(stars), 2), "tier": "standard"},
    }
    return json.dumps(body, indent=2).encode()


def _account(rng: random.Random, deactivated: bool) -> list[list]:
    rows = [
        ["date", "event", "decision", "reason_code", "reviewed_by"],
        ["2026-01-04", "account opened", "", "", ""],
        ["2026-06-12", "warning", "low rating warning", "R-46", ""],
    ]
    if deactivated:
        rows.append(["2026-11-30", "account status", "deactivated", "FR-2", "automated"])
    return rows


def xlsx_bytes(rows: list[list], *, sheet: str = "Sheet1") -> bytes:
    """A minimal .xlsx (one sheet, text cells written inline), with no spreadsheet library.

    Parameters
    ----------
    rows : list of list
        The cells, row by row.
    sheet : str
        The sheet's name.

    Returns
    -------
    bytes
    """
    cells = []
    for r, row in enumerate(rows, 1):
        parts = []
        for c, value in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            parts.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
        cells.append(f'<row r="{r}">{"".join(parts)}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="applica'
            'tion/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" Co'
            'ntentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.ope'
            'nxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}"><Relationship '
            f'Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            f'<sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}"><Relationship '
            f'Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
            f"{''.join(cells)}</sheetData></worksheet>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2027, 2, 1, 9, 0, 0)), text)
    return buffer.getvalue()


def pdf_bytes(pages: list[list[str]], *, scan: bool = False) -> bytes:
    """A small PDF, one page per list of lines, in Helvetica, with no PDF library.

    Parameters
    ----------
    pages : list of list of str
        Each page's lines (Windows-1252 characters, the encoding the PDF's standard
        fonts use).
    scan : bool
        Draw each page as a grey picture with no text layer, as a scanner does.

    Returns
    -------
    bytes
        The same bytes for the same pages: no dates, no document id.
    """
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]  # the page tree comes once kids are known
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    objects.append(
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x60\xa0\xa0\x60\nendstream"
    )
    kids = []
    for lines in pages:
        if scan:
            content = b"q 468 0 0 640 72 100 cm /Im1 Do Q"
        else:
            shown = b" T* ".join(b"(" + _pdf_string(line) + b") Tj" for line in lines)
            content = b"BT /F1 11 Tf 14 TL 72 720 Td " + shown + b" ET"
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >> >>" % (len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
