"""The one error type a person can cause.

Anything a learner types, uploads or passes on the command line that we cannot use raises
:class:`InputError`. It carries the field, column or row so the message can say exactly
where to look; the CLI and the widgets show ``str(error)`` and never a traceback.
"""

from __future__ import annotations


class InputError(ValueError):
    """Bad input from a person, with where it was found.

    ``field`` names a form field, parameter or command-line option; ``column`` and ``row``
    locate a cell in a table (``row`` is 1-based and counts the header as row 1, as a
    spreadsheet does).
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        column: str | None = None,
        row: int | None = None,
    ) -> None:
        self.field = field
        self.column = column
        self.row = row
        where = []
        if field is not None:
            where.append(f"field {field!r}")
        if column is not None:
            where.append(f"column {column!r}")
        if row is not None:
            where.append(f"row {row}")
        self.message = message
        super().__init__(f"{', '.join(where)}: {message}" if where else message)
