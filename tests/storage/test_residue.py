"""Leak sentinel in storage (issue 14): the residue of the stored redacted text is counted per call, on
SQLite and PostgreSQL, and the compliance queries list the calls that have any."""

from __future__ import annotations

from storage.audit_queries import residual_calls, residue_of
from storage.db import session_scope
from storage.interactions import register, store_redacted_transcript
from transcripts.models import Segment, Transcript


def _store(url: str, call_id: str, texts: list[str], metadata: dict[str, object] | None = None) -> int:
    segs = tuple(Segment(speaker="customer", start=float(i), end=float(i) + 0.9, text=t) for i, t in enumerate(texts))
    with session_scope(url) as s:
        inter = register(s, call_id=call_id, content_sha256=call_id.ljust(64, "0"), kind="transcript",
                         source_name=f"{call_id}.json", run_id=None).interaction
        assert inter is not None
        store_redacted_transcript(s, inter, Transcript(call_id=call_id, segments=segs, metadata=metadata or {}),
                                  None, None)
        return inter.id


def test_residue_is_counted_per_call_and_listed(db_url: str) -> None:
    clean = _store(db_url, "R-CLEAN", ["我的手机号是〔手机号〕", "订单金额128元"])
    risky = _store(db_url, "R-RISKY", ["订单号20261121000123已经发货", "邮箱 zhang.wei@example.com 收一下"],
                   {"note": "回电 一三九一二三四五六七八"})
    with session_scope(db_url) as s:
        counts = residue_of(s, [clean, risky])
        listed, total = residual_calls(s, limit=10)
        by_prefix, n_prefix = residual_calls(s, limit=10, call_prefix="R-CL")
    assert counts == {clean: (0, 0), risky: (2, 1)}  # the order number and the spoken number in metadata
    assert total == 1 and listed == [{"id": risky, "call_id": "R-RISKY", "digit_runs": 2, "email_shapes": 1}]
    assert (by_prefix, n_prefix) == ([], 0)
