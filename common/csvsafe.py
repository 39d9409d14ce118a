"""Spreadsheet formula injection (OWASP "CSV Injection"): neutralise a cell before it is exported.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula by
Excel, LibreOffice and WPS; prefixing a single quote makes it plain text. Numbers are left alone (``-3`` from
an ``int`` is a number, not a formula). Every CSV / xlsx writer in the product passes its cells through here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: safe_cell(v) for k, v in row.items()}
