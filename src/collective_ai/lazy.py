"""Names a package exports from its modules, imported on first use.

A subpackage's ``__init__`` that imported its modules would make ``import
collective_ai.scoring`` pay for numpy and pandas, and the command line's start with it.
With :func:`exports` the package lists its public names once (its ``__all__``) and each
is imported from its module when someone first asks for it.
"""

from __future__ import annotations

from importlib import import_module


def exports(package: str, names: dict[str, str]):
    """A module-level ``__getattr__`` that imports each name from its module when asked.

    Parameters
    ----------
    package : str
        The package's dotted name, for the error message.
    names : dict of str to str
        Each exported name and the module that defines it.

    Returns
    -------
    callable
        Assign it to the package's ``__getattr__`` (PEP 562).
    """

    def __getattr__(name: str):
        if name in names:
            return getattr(import_module(names[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
