"""Transcript redaction: segments, words, metadata, cross-segment numbers, context cues, value-free detections."""

from __future__ import annotations

from callqa.keys import KeyedHasher
from tests.redaction.values import card_number, id_number
from transcripts.models import Segment, Transcript, Word
from transcripts.redaction import PLACEHOLDERS, redact_transcript

PHONE = "13812345678"


def seg(speaker: str, text: str, start: float, words: bool = False) -> Segment:
    ws: tuple[Word, ...] = ()
    if words:
        step = 0.2
        ws = tuple(Word(text=ch, start=round(start + i * step, 2), end=round(start + (i + 1) * step, 2))
                   for i, ch in enumerate(text))
    return Segment(speaker=speaker, start=start, end=start + max(1.0, len(text) * 0.2), text=text,  # type: ignore[arg-type]
                   words=ws)


def call(*segments: Segment, **extra: object) -> Transcript:
    return Transcript(call_id="T1", segments=segments, **extra)  # type: ignore[arg-type]


def test_segment_and_word_texts_are_redacted_with_audio_times(hasher: KeyedHasher) -> None:
    t = call(seg("agent", "请问您的手机号", 0.0), seg("customer", f"是{PHONE}谢谢", 3.0, words=True))
    out = redact_transcript(t, hasher)
    s = out.transcript.segments[1]
    assert s.text == "是〔手机号〕谢谢"
    assert "".join(w.text for w in s.words) == "是〔手机号〕谢谢"
    assert [w.start for w in s.words] == [w.start for w in t.segments[1].words]  # timings kept
    (d,) = out.detections
    assert (d.segment, d.start, d.end, d.type, d.speaker) == (1, 1, 12, "PHONE", "customer")
    assert t.segments[1].text[d.start:d.end] == PHONE
    assert d.audio_start == 2.95 and d.audio_end == 5.65  # the words of the digits, padded 0.25 s
    assert d.value_hash and d.key_id == hasher.key_id


def test_number_split_across_segments_of_one_speaker(hasher: KeyedHasher) -> None:
    t = call(seg("customer", "我的手机号是13812", 0.0), seg("customer", "345678", 4.0), seg("agent", "好的", 6.0))
    out = redact_transcript(t, hasher)
    assert [s.text for s in out.transcript.segments] == ["我的手机号是〔手机号〕", "〔手机号〕", "好的"]
    assert {d.group for d in out.detections} == {1}
    assert [(d.segment, d.start, d.end) for d in out.detections] == [(0, 6, 11), (1, 0, 6)]


def test_code_after_the_other_partys_question(hasher: KeyedHasher) -> None:
    t = call(seg("agent", "请把验证码告诉我", 0.0), seg("customer", "八三五二一六", 2.0))
    out = redact_transcript(t, hasher)
    assert out.transcript.segments[1].text == PLACEHOLDERS["VERIFICATION_CODE"]
    assert out.transcript.segments[0].text == "请把验证码告诉我"  # context only: never redacted


def test_nothing_raw_survives_anywhere(hasher: KeyedHasher) -> None:
    ident, card = id_number(), card_number()
    t = call(seg("customer", f"身份证{ident}", 0.0, words=True), seg("customer", f"卡号{card}", 9.0),
             seg("agent", "邮箱是li.si@example.com吗", 15.0), metadata={"note": f"回拨{PHONE}", "n": 3})
    out = redact_transcript(t, hasher)
    dumped = out.transcript.model_dump_json() + "".join(d.model_dump_json() for d in out.detections)
    for value in (ident, card, PHONE, "li.si@example.com"):
        assert value not in dumped
    assert out.transcript.metadata == {"note": "回拨〔手机号〕", "n": 3}
    assert sorted(d.type for d in out.detections) == ["BANK_CARD", "EMAIL", "ID_CARD"]


def test_clean_transcript_is_unchanged(hasher: KeyedHasher) -> None:
    t = call(seg("agent", "您好，工号1032，很高兴为您服务", 0.0), seg("customer", "退款两百元什么时候到", 3.0))
    out = redact_transcript(t, hasher)
    assert out.transcript == t and out.detections == []
