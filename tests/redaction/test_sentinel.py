"""Leak sentinel: residual digit runs and e-mail shapes are counted, placeholders and short numbers are not."""

from __future__ import annotations

import pytest

from transcripts.models import Segment, Transcript
from transcripts.redaction.engine import build_redactor
from transcripts.redaction.sentinel import Residue, call_residue, residue, transcript_residue


@pytest.mark.parametrize(("text", "digits", "emails"), [
    ("我的手机号是〔手机号〕，您记一下", 0, 0),
    ("验证码〔验证码〕，金额128元，下午3点", 0, 0),
    ("号码是139 1234 5678", 1, 0),
    ("幺三九幺二三四五六七八", 1, 0),
    ("１３９１２３４５６７８", 1, 0),
    ("尾号5678", 0, 0),
    ("邮箱 zhang.wei@163.com 和 li ＠ qq ． com", 0, 2),
    ("订单号20261121000123", 1, 0),
])
def test_residue_counts(text: str, digits: int, emails: int) -> None:
    assert residue(text) == Residue(digits, emails)


def test_call_residue_sums_turns() -> None:
    assert call_residue(["13912345678", "a@b.com", "好的"]) == Residue(1, 1)
    assert call_residue([]).total == 0


def test_transcript_residue_reads_segments_metadata_and_extra_fields() -> None:
    segs = (Segment(speaker="customer", start=0.0, end=1.0, text="订单号20261121000123"),
            Segment(speaker="agent", start=1.0, end=2.0, text="好的，〔手机号〕已登记", note="回电 a@b.com"))  # type: ignore[call-arg]
    transcript = Transcript(call_id="S1", segments=segs, metadata={"memo": ["一三九一二三四五六七八"]},
                            extra_field={"k": "x@y.org"})  # type: ignore[call-arg]
    assert transcript_residue(transcript) == Residue(2, 2)
    assert transcript_residue(Transcript(call_id="S2", segments=segs[:1])) == Residue(1, 0)


def test_a_redacted_call_leaves_no_residue_of_its_values() -> None:
    """What the backstop masks the sentinel no longer sees; what a named rule keeps it still counts."""
    redactor = build_redactor()
    texts = ["您记一下，七六五四三二一八九", "发到 li.si@example.org", "工单号88812345678"]
    assert call_residue([redactor.redact_text(t).text for t in texts]) == Residue(1, 0)
