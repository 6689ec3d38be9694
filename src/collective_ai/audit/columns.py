"""Read one column of an audit as people write it: categories, outcomes, scores, counts.

Each function turns a pandas Series into a numpy array and refuses a value it cannot read
with an :class:`InputError` naming the column and the row. Rows count as a spreadsheet
does (the header is row 1): a Series with an integer index (the CSV reader gives each row
its number minus two, so blank lines do not shift them) reports ``index + 2``, any other
index the position plus two.
"""

from __future__ import annotations

import math
import re

from collective_ai.errors import InputError
from collective_ai.i18n import _

#: Outcome spellings, compared after trimming and lower-casing; a number equal to 1 or 0
#: (``1.00``, ``0.0``) reads the same as ``1`` and ``0``.
TRUE_WORDS = frozenset({"1", "true", "yes", "y", "selected"})
FALSE_WORDS = frozenset({"0", "false", "no", "n", "rejected"})

#: A count: digits, optionally grouped in thousands with commas, optionally ``.0``.
_COUNT = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


def row_number(series, position: int) -> int:
    """The spreadsheet row of the ``position``-th value of ``series``."""
    import pandas as pd

    if pd.api.types.is_integer_dtype(series.index.dtype):
        return int(series.index[position]) + 2
    return position + 2


def shown(value) -> str:
    """How a value that could not be read is named in a message."""
    import pandas as pd

    if value is None or value is pd.NA:
        return _("a missing value")
    if isinstance(value, float) and math.isnan(value):
        return _("NaN (a missing value)")
    if isinstance(value, str) and not value.strip():
        return _("a blank")
    return repr(str(value))


def category_codes(series, *, unknown: set[str]):
    """Integer codes for a group column (-1 for unknown) and the category names.

    Values are compared after trimming spaces, so `` Female`` and ``Female`` are one
    category; ``unknown`` holds trimmed, case-folded spellings meaning "not known".
    """
    import numpy as np
    import pandas as pd

    raw_codes, uniques = pd.factorize(series, sort=False)
    names: list[str] = []
    index: dict[str, int] = {}
    remap = np.full(len(uniques) + 1, -1, dtype=np.int64)
    for i, value in enumerate(uniques):
        label = str(value).strip()
        if label.casefold() in unknown:
            continue
        remap[i] = index.setdefault(label, len(names))
        if remap[i] == len(names):
            names.append(label)
    return remap[raw_codes], names


def outcome_word(value) -> int:
    """1 for selected, 0 for not, -1 when the value is not an outcome."""
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return 1
    if word in FALSE_WORDS:
        return 0
    try:
        number = float(word)
    except ValueError:
        return -1
    return 1 if number == 1 else 0 if number == 0 else -1


def refuse_first(bad, series, *, column: str, says) -> None:
    """Refuse the first row flagged in ``bad`` (positions): ``says(position)`` is why."""
    if len(bad):
        first = int(bad[0])
        raise InputError(says(first), column=column, row=row_number(series, first))


def _looked_up(series, read, dtype):
    """``read`` applied once per distinct value of ``series``: fast on a million rows."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(series, sort=False)
    return np.array([read(value) for value in uniques] + [-1], dtype=dtype)[codes]


def outcome_array(series, *, column: str):
    """Booleans from an outcome column: bool, 0/1, or words such as yes/no."""
    import numpy as np
    import pandas as pd

    if pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=bool)
    values = _looked_up(series, outcome_word, np.int8)
    refuse_first(
        np.flatnonzero(values < 0),
        series,
        column=column,
        says=lambda i: _(
            "{value} is not an outcome; use 1/0, true/false, yes/no or selected/rejected"
        ).format(value=shown(series.iloc[i])),
    )
    return values.astype(bool)


def score_array(series, *, column: str):
    """Floats from a score column; a decimal comma (``3,5``) is read as a point."""
    import numpy as np
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        values = series.to_numpy(dtype=float)
    else:
        text = series.astype("string").str.strip().str.replace(",", ".", regex=False)
        values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
    refuse_first(
        np.flatnonzero(~np.isfinite(values)),
        series,
        column=column,
        says=lambda i: _("{value} is not a number").format(value=shown(series.iloc[i])),
    )
    return values


def count_array(series, *, column: str):
    """Whole numbers of people from a counts column: ``12``, ``1,234``, ``12.0``."""
    import numpy as np
    import pandas as pd

    if pd.api.types.is_integer_dtype(series.dtype):
        values = series.to_numpy(dtype=np.int64)
    else:
        values = _looked_up(series, _count, np.int64)
    refuse_first(
        np.flatnonzero(values < 0),
        series,
        column=column,
        says=lambda i: _("{value} is not a number of people (a whole number, 0 or more)").format(
            value=shown(series.iloc[i])
        ),
    )
    return values


def _count(value) -> int:
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value >= 0 and value.is_integer() else -1
    text = str(value).strip()
    whole, point, fraction = text.partition(".")
    if not _COUNT.fullmatch(whole) or (point and fraction.strip("0")):
        return -1
    return int(whole.replace(",", ""))
