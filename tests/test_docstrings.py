"""The public API documents itself: numpydoc sections on every name a subpackage exports.

numpydoc's own validator reads each docstring, so a missing section, a parameter the
docstring forgets or one it names that the signature lacks all fail here. Only the checks
below are enforced; numpydoc's style checks (summary wording, See Also everywhere) are not
the house style.
"""

from __future__ import annotations

import doctest
import importlib
import inspect

import pytest
from numpydoc.docscrape import get_doc_object
from numpydoc.validate import validate

PACKAGES = (
    "audit",
    "scoring",
    "demands",
    "evidence",
    "selfcheck",
    "classroom",
    "disclosure",
    "hub",
    "deadlines",
    "requests",
    "complaints",
    "campaign",
)

#: GL08: no docstring; PR01: a parameter not documented; PR02: a documented parameter the
#: signature lacks; RT01: no Returns section on a function that returns something.
ENFORCED = ("GL08", "PR01", "PR02", "RT01")


def public_api() -> list[str]:
    names = []
    for package in PACKAGES:
        module = importlib.import_module(f"collective_ai.{package}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                names.append(f"collective_ai.{package}.{name}")
    return names


def _resolve(qualified: str):
    module, _, name = qualified.rpartition(".")
    return getattr(importlib.import_module(module), name)


def numpydoc_errors(obj) -> list[tuple[str, str]]:
    return [e for e in validate(get_doc_object(obj))["errors"] if e[0] in ENFORCED]


def test_every_package_exports_something_documented():
    found = public_api()
    for package in PACKAGES:
        assert any(name.startswith(f"collective_ai.{package}.") for name in found), package
    assert "collective_ai.audit.audit" in found
    assert "collective_ai.scoring.simulate" in found
    assert "collective_ai.demands.render_markdown" in found


@pytest.mark.parametrize("qualified", public_api())
def test_public_name_has_numpydoc_sections(qualified):
    assert numpydoc_errors(_resolve(qualified)) == []


def _documented(value: int, *, scale: float = 1.0) -> float:
    """Scale a value.

    Parameters
    ----------
    value : int
        The value.
    scale : float
        The factor.

    Returns
    -------
    float
    """
    return value * scale


def _no_returns(value: int) -> int:
    """Double a value.

    Parameters
    ----------
    value : int
        The value.
    """
    return 2 * value


def _no_parameters(value: int) -> None:
    """Print a value."""
    print(value)


def _forgets_one(value: int, *, scale: float = 1.0) -> None:
    """Print a scaled value.

    Parameters
    ----------
    value : int
        The value.
    """
    print(value * scale)


def _undocumented(value):
    return value


class _Record:
    """A record with no Parameters section."""

    def __init__(self, name: str) -> None:
        self.name = name


@pytest.mark.parametrize(
    ("obj", "codes"),
    [
        (_documented, set()),
        (_no_returns, {"RT01"}),
        (_no_parameters, {"PR01"}),
        (_forgets_one, {"PR01"}),
        (_undocumented, {"GL08"}),
        (_Record, {"PR01"}),
    ],
)
def test_the_check_fails_on_a_missing_section(obj, codes):
    assert {code for code, _ in numpydoc_errors(obj)} == codes


@pytest.mark.parametrize("qualified", public_api())
def test_examples_run(qualified):
    """An example in a docstring is a promise: it must print what it says."""
    obj = _resolve(qualified)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder(recurse=False).find(obj, qualified):
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
