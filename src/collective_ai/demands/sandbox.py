"""The Jinja2 sandboxes every demand template, form and HTML page is rendered in.

Nothing a person types is ever evaluated: values are passed to templates as data, so
``{{ 7*7 }}`` typed into a field comes out as typed. The text environment marks each value
as data (:mod:`collective_ai.demands.document`); the HTML environment autoescapes.
Jinja2 loads when an environment is first asked for, so importing this module stays quick.

The forms' own wording is written in ``{% trans %}`` blocks (Jinja2's i18n extension) and
looked up in the package's catalog (:mod:`collective_ai.i18n`); a value placed inside a
translated sentence is still marked as data.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from collective_ai.demands.document import CLOSE, OPEN, Segmented, clean_text
from collective_ai.i18n import _, ngettext

FORMS_DIR = Path(__file__).resolve().parent / "forms"


def _mark(value) -> str:
    if isinstance(value, Segmented):
        return value
    return f"{OPEN}{clean_text(str(value))}{CLOSE}"


def text_environment():
    """The sandbox every demand template and form is rendered in."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        undefined=StrictUndefined,
        finalize=_mark,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )


@cache
def compiled(source: str):
    """Templates compile once per process: the live preview re-renders on every keystroke."""
    return _shared_environment().from_string(source)


@cache
def _shared_environment():
    return text_environment()


class _Wording(Segmented):
    """A translated sentence from a form; ``%`` fills in its values, each marked as data."""

    def __mod__(self, values):
        return Segmented(str.__mod__(self, {k: _mark(v) for k, v in values.items()}))


def _wording(message: str) -> _Wording:
    return _Wording(_(message))


def _wording_plural(singular: str, plural: str, n: int) -> _Wording:
    return _Wording(ngettext(singular, plural, n))


@cache
def form_environment():
    """The text sandbox with the forms' folder and ``{% trans %}`` in the language in use."""
    from jinja2 import FileSystemLoader

    env = text_environment()
    env.loader = FileSystemLoader(FORMS_DIR)
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(_wording, _wording_plural, newstyle=False)
    return env


@cache
def html_environment():
    from jinja2 import FileSystemLoader
    from jinja2.sandbox import SandboxedEnvironment

    from collective_ai.demands.document import signature_columns

    env = SandboxedEnvironment(
        loader=FileSystemLoader(FORMS_DIR),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # newstyle: a translation is escaped like any other text, and so are the values in it.
    env.install_gettext_callables(_, ngettext, newstyle=True)
    env.globals["signature_columns"] = signature_columns
    return env
