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
        from collective_ai.i18n import _  # deferred: i18n raises InputError itself

        self.field = field
        self.column = column
        self.row = row
        where = []
        if field is not None:
            where.append(_("field {name!r}").format(name=field))
        if column is not None:
            where.append(_("column {name!r}").format(name=column))
        if row is not None:
            where.append(_("row {number}").format(number=row))
        self.message = message
        super().__init__(f"{', '.join(where)}: {message}" if where else message)
