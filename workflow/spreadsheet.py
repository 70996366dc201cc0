"""CSV that a spreadsheet opens as data: no cell is taken for a formula.

OWASP's rule (https://owasp.org/www-community/attacks/CSV_Injection): a text
cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
written after a single quote, which spreadsheets show as text. Numbers are
left as they are (a negative number is data). Every CSV the app writes goes
through ``writer``; the registry import reads such a cell back (``unquote``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

#: What makes a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value``, quoted if it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unquote(value: str) -> str:
    """A cell as ``safe_cell`` got it: the quote before a formula start removed."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class SafeWriter:
    """``csv.writer`` whose every cell goes through ``safe_cell``."""

    def __init__(self, out: Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: Any, **options: Any) -> SafeWriter:
    return SafeWriter(out, **options)
