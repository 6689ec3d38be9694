"""The offline bundle: one zip with the built book, the handout pack, wheels and a README.

Copied to a USB stick and unzipped on a laptop with no network, the book opens from
``book/index.html`` as a file; its lab pages' sliders work because the widget JavaScript
is vendored in the book (see ``book/_vendor``). ``make bundle`` puts both editions side by
side (the Spanish one in ``book/es/``; the language links between them are relative, so they
work from files) and both packs of handouts (the Spanish one in ``handouts/es/``), and the
README says what is there in English and in Spanish (:func:`readme`). Entries carry a fixed date, so the same
build gives the same zip, and the zip is written with :func:`collective_ai.files.write_atomic`.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from collective_ai.errors import InputError
from collective_ai.files import write_atomic

TOP = "collective-ai-workshop"
_ZIP_DATE = (2026, 1, 1, 0, 0, 0)
_SKIPPED = {".buildinfo", "_sources"}  # Sphinx's build stamp and the pages' source copies

README = """Collective AI Expertise: workshop bundle
========================================

Everything here works with no internet connection.

book/index.html
    The course book. Open it in a web browser (double-click it, or drag it onto the
    browser). The lab pages' sliders work straight from the stick or the laptop.
    If a page's interactive parts stay blank, copy the "book" folder to the laptop,
    open a terminal in it and run:  python3 -m http.server
    then browse to http://127.0.0.1:8000
{spanish_book}
handouts/
    Print-ready PDFs for the participants, black and white: worksheet, maps, log,
    role-play and prediction cards, poster, forms, the demand checklist and the labs'
    figures. The facilitator guide (book/book/facilitator-guide.html) says which block
    uses which file.

handouts/facilitator/
    Answers and reveal sheets. For the facilitator only: do not copy them for the tables.
{spanish_handouts}
wheels/
    Everything to install the committee desk (the tools on your group's own data) with
    no internet, on Windows, macOS or Linux with Python 3.11 installed. Copy the folder
    to the laptop, open a terminal in the folder that holds it and run:
        python -m pip install --no-index --find-links wheels collective-ai
    then:  collective-ai desk
    The book's page "Use the tools with your own group's data" explains each step.

Live labs on the projector (every control, "predict, then reveal") need the course
installed on that laptop: see "Present mode" in the facilitator guide.

Code: MIT licence. Text and figures: CC BY 4.0.
{spanish}"""
# Added when the book carries its Spanish edition (`make bundle` builds it into book/es/,
# each page linking to the same page in the other language, as files) and when the pack
# has its Spanish handouts (handouts/es/): said in English, then again in Spanish.
SPANISH_BOOK = """
book/es/index.html
    The Spanish edition of the book, side by side with the English one. Every page
    links to the same page in the other language, and the links work from the stick.
"""
SPANISH_HANDOUTS = """
handouts/es/
    The same handouts in Spanish; handouts/es/facilitator/ holds their answers and
    reveal sheets (for the facilitator only).
"""
SPANISH_README = """
En español
----------
"""
SPANISH_README_BOOK = """
book/es/index.html
    La edición en español del libro. Ábrala en un navegador (haga doble clic en el
    archivo). Cada página enlaza con la misma página en inglés ("Read this page in
    English"), y cada página en inglés con la misma en español. Una página que todavía
    no está traducida por completo lo dice arriba. La guía para facilitadores
    (book/es/book/facilitator-guide.html) dice qué archivo usa cada bloque del taller.
"""
SPANISH_README_HANDOUTS = """
handouts/es/
    Los materiales del taller en español, listos para imprimir en blanco y negro.
    handouts/es/facilitator/ tiene las respuestas y las hojas de resultados: son solo
    para el facilitador; no las copie para las mesas.
"""
SPANISH_README_END = """
wheels/
    Todo lo necesario para instalar las herramientas del comité sin internet: vea las
    instrucciones de arriba, en inglés.

Código: licencia MIT. Textos y figuras: CC BY 4.0.
"""


def readme(*, spanish_book: bool, spanish_handouts: bool) -> str:
    """The bundle's README.txt: what is on the stick, in both languages when both are."""
    spanish = ""
    if spanish_book or spanish_handouts:
        spanish = SPANISH_README
        spanish += SPANISH_README_BOOK if spanish_book else ""
        spanish += SPANISH_README_HANDOUTS if spanish_handouts else ""
        spanish += SPANISH_README_END
    return README.format(
        spanish_book=SPANISH_BOOK if spanish_book else "",
        spanish_handouts=SPANISH_HANDOUTS if spanish_handouts else "",
        spanish=spanish,
    )


def _files(folder: Path, *, skip=frozenset()) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not (set(path.relative_to(folder).parts) & skip)
    )


def build_bundle(*, book: Path, handouts: Path, out: Path, wheels: Path | None = None) -> Path:
    """Zip ``book`` (a built HTML book), ``handouts`` (the pack) and ``wheels`` (a folder
    of wheels, :mod:`collective_ai.workshop.wheels`) into ``out``.

    Raises
    ------
    InputError
        When the book or the pack has not been built, or ``wheels`` holds no wheel.
    """
    book, handouts = Path(book), Path(handouts)
    if not (book / "index.html").is_file():
        raise InputError(f"no built book at {book}: run `make book` first", field="book")
    if not any(handouts.glob("*.pdf")):
        raise InputError(f"no handouts in {handouts}: run `make handouts` first", field="handouts")
    if wheels is not None and not any(Path(wheels).glob("*.whl")):
        raise InputError(f"no wheels in {wheels}: run `make bundle`", field="wheels")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        text = readme(
            spanish_book=(book / "es" / "index.html").is_file(),
            spanish_handouts=any((handouts / "es").glob("*.pdf")),
        )
        _add(archive, f"{TOP}/README.txt", text.encode("utf-8"))
        for path in _files(book, skip=_SKIPPED):
            _add(archive, f"{TOP}/book/{path.relative_to(book).as_posix()}", path.read_bytes())
        for path in _files(handouts):
            if path.suffix == ".pdf":
                relative = path.relative_to(handouts).as_posix()
                _add(archive, f"{TOP}/handouts/{relative}", path.read_bytes())
        for path in sorted(Path(wheels).glob("*.whl")) if wheels is not None else ():
            _add(archive, f"{TOP}/wheels/{path.name}", path.read_bytes())
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(out, buffer.getvalue())


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)
