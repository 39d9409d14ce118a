"""Bounds for every number taken from a path, query or form: out of range is a 400 page, never a 500.

Database ids are 32-bit on PostgreSQL (``INTEGER``) and 64-bit on SQLite; a larger number would overflow in the
driver. ``DbId`` (path) and ``FormId`` (form field) refuse anything outside 1 … ``MAX_ID`` with FastAPI's
validation error, which the app renders as its fixed 400 page.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Path

from callqa.web.auth import Refused

MAX_ID = 2**31 - 1
MAX_PAGE = 100_000

DbId = Annotated[int, Path(ge=1, le=MAX_ID)]
FormId = Annotated[int, Form(ge=1, le=MAX_ID)]


def page_number(raw: str | None) -> int:
    """``?page=``: absent means 1; anything but a whole number in 1 … ``MAX_PAGE`` is refused (400)."""
    if raw is None or raw == "":
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise Refused(400, f"页码无效：应为 1 到 {MAX_PAGE} 之间的整数")
    return int(raw)
