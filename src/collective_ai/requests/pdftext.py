"""The text of a PDF in an answer, page by page, or one line saying why it cannot be had.

Organisations often answer an access request with PDFs: a cover letter, a notice, a
printed table. Their text is read with pypdf (pure Python, imported only here and only
when a PDF turns up: it costs a sixth of a second to import). A PDF whose pages carry no
text at all is a scan or a picture of the data; the caller names it as such. A PDF
locked with a password, or damaged, is refused with its name, like a locked or damaged
zip; pypdf's own errors and log messages never reach the screen. An empty password, which
many "protected" PDFs have so that they open anywhere, is tried first.
"""

from __future__ import annotations

import io
import logging

from collective_ai.errors import InputError
from collective_ai.i18n import _

MAX_CHARS = 200_000  # the text kept for a text file too; pages past it are not read


def pdf_pages(name: str, data: bytes) -> tuple[list[str], int]:
    """The text of each page read, and how many pages the PDF has.

    Parameters
    ----------
    name : str
        The file's name, for the message.
    data : bytes
        The PDF (its size already checked by :mod:`~collective_ai.requests.unpack`).

    Returns
    -------
    tuple of (list of str, int)
        The pages' text (stripped; "" for a page with no text layer), stopping once
        :data:`MAX_CHARS` are read, and the page count.

    Raises
    ------
    InputError
        A PDF that is password-protected or that cannot be read.
    """
    from pypdf import PdfReader

    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # "incorrect startxref" and the like: not for a reader
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _opens_without_password(reader):
            raise InputError(
                _(
                    "{name} is password-protected; open it with its password, save a copy "
                    "without one (or ask for the data as CSV or JSON) and read again"
                ).format(name=name),
                field="file",
            )
        pages, chars = [], 0
        for page in reader.pages:
            if chars > MAX_CHARS:
                break
            text = (page.extract_text() or "").strip()
            pages.append(text)
            chars += len(text)
        return pages, len(reader.pages)
    except InputError:
        raise
    except Exception:  # a damaged PDF makes a parser raise almost anything
        raise InputError(_("{name} is not a readable PDF (damaged or cut short)").format(name=name),
                         field="file") from None  # fmt: skip
    finally:
        quiet.setLevel(level)


def _opens_without_password(reader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except Exception:  # an unknown cipher, or one that needs a library not installed
        return False
