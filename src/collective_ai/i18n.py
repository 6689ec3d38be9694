"""The package's one translation function and one formatter for numbers, percentages and dates.

Words go through :func:`_` (and :func:`ngettext`, :func:`pgettext`), looked up in
``locales/<lang>/LC_MESSAGES/collective_ai.po``. The ``.po`` file is the only catalog kept:
it is read with Babel and compiled to a ``.mo`` in memory the first time a language is used,
so a fresh clone, an editable install and a wheel all work with no build step and no
compiled file that can fall out of date. Fuzzy entries are left out, so a changed English
message shows in English until a translator confirms it.

Numbers, percentages and dates go through :func:`format_number`, :func:`format_percent`,
:func:`format_decimal`, :func:`format_date`, :func:`format_month` and
:func:`format_weekday`, which use Babel's
CLDR data for the language's locale (:data:`FORMAT_LOCALES`).

The language is chosen once per process: :func:`set_language` (the command line's
``--lang``), else ``COLLECTIVE_AI_LANG``, else English. Module-level lists mark their
words with :func:`N_` and translate them where they are shown.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import io
import os
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path

from collective_ai.errors import InputError

DOMAIN = "collective_ai"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
ENV = "COLLECTIVE_AI_LANG"
DEFAULT = "en"
#: The languages the package speaks, each named in itself.
LANGUAGES = {"en": "English", "es": "Español"}
#: The CLDR locale whose conventions numbers and dates follow. Spanish uses es_US (57%,
#: 1,234.5): the decimal point and comma that workers in the US, Mexico and Central
#: America read every day; Spain's es would print 57 % and 1.234,5.
FORMAT_LOCALES = {"en": "en_US", "es": "es_US"}
# English dates keep the month as a word before the year and the day first ("3 March
# 2026"), which no reader can take the wrong way round; other languages use CLDR's long form.
_DATE_PATTERNS = {"en": "d MMMM y"}

_chosen: str | None = None
_installed: dict[str, _gettext.NullTranslations] = {}


def available() -> tuple[str, ...]:
    """Languages with a catalog (English needs none), plus any installed for a test."""
    return tuple(sorted({DEFAULT, *_on_disk(), *_installed}))


@cache
def _on_disk() -> frozenset[str]:
    # Looked up once: every message asks for the language, and the folder does not change.
    return frozenset(p.parts[-3] for p in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _code(lang) -> str | None:
    """``lang`` reduced to a language with a catalog ("es_MX.UTF-8" -> "es"), else None."""
    code = str(lang or "").split(".")[0].replace("-", "_").strip()
    if code not in _installed:
        code = code.split("_")[0].lower()
    return code if code in available() else None


def check_language(lang: str, *, field: str = "--lang") -> str:
    """``lang`` reduced to its language code ("es_MX.UTF-8" -> "es"), or InputError."""
    code = _code(lang)
    if code is None:
        raise InputError(
            f"no language {lang!r}; choose one of {', '.join(available())}", field=field
        )
    return code


def set_language(lang: str | None) -> str:
    """Use ``lang`` from now on (None: back to ``COLLECTIVE_AI_LANG`` or English)."""
    global _chosen
    _chosen = None if lang is None else check_language(lang)
    return language()


def language() -> str:
    """The language in use: the one set, else ``COLLECTIVE_AI_LANG``, else English.

    An unknown ``COLLECTIVE_AI_LANG`` falls back to English rather than stopping every
    command; ``--lang`` with an unknown value is refused.
    """
    if _chosen is not None:
        return _chosen
    return _code(os.environ.get(ENV, DEFAULT)) or DEFAULT


@contextmanager
def using(lang: str):
    """Speak ``lang`` inside the block (a bilingual letter renders each half in one)."""
    global _chosen
    before = _chosen
    set_language(lang)
    try:
        yield
    finally:
        _chosen = before


def translations(lang: str | None = None) -> _gettext.NullTranslations:
    """The catalog for ``lang`` (default: the language in use)."""
    lang = lang or language()
    if lang in _installed:
        return _installed[lang]
    return _compiled(lang)


@cache
def _compiled(lang: str) -> _gettext.NullTranslations:
    path = LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == DEFAULT or not path.is_file():
        return _gettext.NullTranslations()
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    return install_catalog(lang, catalog, keep=False)


def install_catalog(lang: str, catalog, *, keep: bool = True) -> _gettext.NullTranslations:
    """Compile a Babel ``Catalog`` in memory; with ``keep``, make ``lang`` available.

    Tests install a pseudo-locale this way; :func:`_compiled` uses it for the real ones.
    """
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    compiled = _gettext.GNUTranslations(buffer)
    if keep:
        _installed[lang] = compiled
    return compiled


def uninstall_catalog(lang: str) -> None:
    """Forget a catalog :func:`install_catalog` kept (a test's pseudo-locale)."""
    global _chosen
    _installed.pop(lang, None)
    if _chosen == lang:
        _chosen = None


def _(message: str) -> str:
    """``message`` in the language in use (itself when there is no translation)."""
    return translations().gettext(message) if message else message


gettext = _


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message, chosen by ``n`` with the language's plural rule."""
    return translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` translated in ``context`` (one English word, two meanings)."""
    return translations().pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction only; it is translated with :func:`_` where shown."""
    return message


def format_locale(lang: str | None = None) -> str:
    """The CLDR locale numbers and dates follow for ``lang`` (English's for a pseudo-locale)."""
    return FORMAT_LOCALES.get(lang or language(), FORMAT_LOCALES[DEFAULT])


def format_number(value) -> str:
    """A whole or decimal number with the language's grouping: 1,234 (en and es_US)."""
    from babel.numbers import format_decimal as babel_decimal

    return babel_decimal(value, locale=format_locale())


def format_decimal(value, digits: int = 2) -> str:
    """A number with exactly ``digits`` decimals (an impact ratio: 0.81)."""
    from babel.numbers import format_decimal as babel_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return babel_decimal(value, format=pattern, locale=format_locale(), decimal_quantization=True)


def format_percent(value, digits: int = 0) -> str:
    """A share as a percentage: 0.57 -> "57%" (en, es_US), "57 %" (es of Spain)."""
    from babel import Locale
    from babel.numbers import format_percent as babel_percent

    locale = format_locale()
    pattern = Locale.parse(locale).percent_formats[None].pattern
    if digits:  # the locale's own pattern, with the decimals asked for: "#,##0.0%"
        head, zero, tail = pattern.rpartition("0")
        pattern = f"{head}{zero}.{'0' * digits}{tail}"
    return babel_percent(value, format=pattern, locale=locale, decimal_quantization=True)


def format_date(day: dt.date) -> str:
    """A date with the month as a word: "3 March 2026", "3 de marzo de 2026"."""
    return _format_date(day, language())


@lru_cache(maxsize=4096)
def _format_date(day: dt.date, lang: str) -> str:
    # Cached: a log or a register shows the same few days many times over.
    from babel.dates import format_date as babel_date

    pattern = _DATE_PATTERNS.get(lang if lang in FORMAT_LOCALES else DEFAULT, "long")
    return babel_date(day, pattern, locale=format_locale(lang))


def format_month(day: dt.date) -> str:
    """A month and year, for law stated "as of": "December 2026", "diciembre de 2026"."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMMM", day, locale=format_locale())


def format_weekday(day: dt.date) -> str:
    """The day of the week in words: "Sunday", "domingo"."""
    from babel.dates import format_date as babel_date

    return babel_date(day, "EEEE", locale=format_locale())
