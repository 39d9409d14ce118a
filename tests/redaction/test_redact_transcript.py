"""Transcript redaction: segments, words, metadata, cross-segment numbers, context cues, value-free detections."""

from __future__ import annotations

from common.keys import KeyedHasher
from tests.redaction.values import card_number, id_number
from transcripts.models import Segment, Transcript, Word
from transcripts.redaction.engine import build_redactor
from transcripts.redaction.placeholders import PLACEHOLDERS
from transcripts.redaction.transcript import redact_transcript

PHONE = "13812345678"

REDACTOR = build_redactor()


def seg(speaker: str, text: str, start: float, words: bool = False) -> Segment:
    ws: tuple[Word, ...] = ()
    if words:
        step = 0.2
        ws = tuple(Word(text=ch, start=round(start + i * step, 2), end=round(start + (i + 1) * step, 2))
                   for i, ch in enumerate(text))
    return Segment(speaker=speaker, start=start, end=start + max(1.0, len(text) * 0.2), text=text,
                   words=ws)


def call(*segments: Segment, **extra: object) -> Transcript:
    return Transcript(call_id="T1", segments=segments, **extra)


def test_segment_and_word_texts_are_redacted_with_audio_times(hasher: KeyedHasher) -> None:
    t = call(seg("agent", "请问您的手机号", 0.0), seg("customer", f"是{PHONE}谢谢", 3.0, words=True))
    out = redact_transcript(t, hasher, REDACTOR)
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
    out = redact_transcript(t, hasher, REDACTOR)
    assert [s.text for s in out.transcript.segments] == ["我的手机号是〔手机号〕", "〔手机号〕", "好的"]
    assert {d.group for d in out.detections} == {1}
    assert [(d.segment, d.start, d.end) for d in out.detections] == [(0, 6, 11), (1, 0, 6)]


def test_code_after_the_other_partys_question(hasher: KeyedHasher) -> None:
    t = call(seg("agent", "请把验证码告诉我", 0.0), seg("customer", "八三五二一六", 2.0))
    out = redact_transcript(t, hasher, REDACTOR)
    assert out.transcript.segments[1].text == PLACEHOLDERS["VERIFICATION_CODE"]
    assert out.transcript.segments[0].text == "请把验证码告诉我"  # context only: never redacted


def test_nothing_raw_survives_anywhere(hasher: KeyedHasher) -> None:
    ident, card = id_number(), card_number()
    t = call(seg("customer", f"身份证{ident}", 0.0, words=True), seg("customer", f"卡号{card}", 9.0),
             seg("agent", "邮箱是li.si@example.com吗", 15.0), metadata={"note": f"回拨{PHONE}", "n": 3})
    out = redact_transcript(t, hasher, REDACTOR)
    dumped = out.transcript.model_dump_json() + "".join(d.model_dump_json() for d in out.detections)
    for value in (ident, card, PHONE, "li.si@example.com"):
        assert value not in dumped
    assert out.transcript.metadata == {"note": "回拨〔手机号〕", "n": 3}
    assert sorted(d.type for d in out.detections) == ["BANK_CARD", "EMAIL", "ID_CARD", "PHONE"]  # PHONE: metadata


def test_clean_transcript_is_unchanged(hasher: KeyedHasher) -> None:
    t = call(seg("agent", "您好，工号1032，很高兴为您服务", 0.0), seg("customer", "退款两百元什么时候到", 3.0))
    out = redact_transcript(t, hasher, REDACTOR)
    assert out.transcript == t and out.detections == []


def test_number_split_after_punctuation_across_three_segments(hasher: KeyedHasher) -> None:
    t = call(seg("customer", "手机号一三八，", 0.0), seg("customer", "一二三四。", 2.0),
             seg("customer", "五六七八", 4.0), seg("agent", "好的", 6.0),
             seg("customer", "座机010，", 7.0), seg("customer", "62345678", 9.0))
    out = redact_transcript(t, hasher, REDACTOR)
    assert [s.text for s in out.transcript.segments] == [
        "手机号〔手机号〕，", "〔手机号〕。", "〔手机号〕", "好的", "座机〔手机号〕，", "〔手机号〕"]
    assert [(d.segment, d.group) for d in out.detections] == [(0, 1), (1, 1), (2, 1), (4, 2), (5, 2)]
    assert len({d.value_hash for d in out.detections if d.group == 1}) == 1
    for d in out.detections:
        assert d.type == "PHONE" and d.speaker == "customer" and t.segments[d.segment].text[d.start:d.end]


def test_other_speaker_in_between_breaks_the_number(hasher: KeyedHasher) -> None:
    t = call(seg("customer", "13812", 0.0), seg("agent", "嗯", 1.0), seg("customer", "345678", 2.0))
    assert redact_transcript(t, hasher, REDACTOR).detections == []


def test_multi_character_words_first_gets_placeholder_rest_empty(hasher: KeyedHasher) -> None:
    texts = [("我的", 0.0), ("手机号", 0.4), ("是", 1.0), ("138", 1.2), ("1234", 1.8), ("5678", 2.4), ("谢谢", 3.0)]
    words = tuple(Word(text=w, start=s, end=s + 0.5) for w, s in texts)
    t = call(Segment(speaker="customer", start=0.0, end=3.5, text="".join(w for w, _ in texts), words=words))
    out = redact_transcript(t, hasher, REDACTOR)
    assert [w.text for w in out.transcript.segments[0].words] == ["我的", "手机号", "是", "〔手机号〕", "", "", "谢谢"]
    assert [(w.start, w.end) for w in out.transcript.segments[0].words] == [(w.start, w.end) for w in words]
    (d,) = out.detections
    assert (d.audio_start, d.audio_end) == (0.95, 3.15)  # first to last digit word, padded 0.25 s


def test_words_that_do_not_spell_the_text_are_still_redacted(hasher: KeyedHasher) -> None:
    words = (Word(text="电话 ", start=0.0, end=0.5), Word(text="138 1234 5678", start=0.5, end=2.0))
    t = call(Segment(speaker="customer", start=0.0, end=2.0, text=f"电话{PHONE}", words=words))
    out = redact_transcript(t, hasher, REDACTOR)
    assert [w.text for w in out.transcript.segments[0].words] == ["电话 ", "〔手机号〕"]
    (d,) = out.detections
    assert (d.audio_start, d.audio_end) == (0.0, 2.0)  # word timings unusable: the whole segment


def test_extra_fields_are_redacted_too(hasher: KeyedHasher) -> None:
    segment = Segment.model_validate({"speaker": "customer", "start": 0.0, "end": 2.0, "text": "好的",
                                      "alt_text": f"电话{PHONE}", "n_best": [f"手机{PHONE}"]})
    t = Transcript.model_validate({"call_id": "T1", "segments": [segment.model_dump()], "summary": f"客户留了{PHONE}"})
    out = redact_transcript(t, hasher, REDACTOR)
    assert PHONE not in out.transcript.model_dump_json()
    assert out.transcript.model_extra == {"summary": "客户留了〔手机号〕"}
    # every value redacted outside the sentence text is in the audit too, with where it was
    fields = sorted((d.segment, d.field, d.start, d.end, d.type) for d in out.detections)
    assert fields == [(-1, "summary", 4, 15, "PHONE"), (0, "alt_text", 2, 13, "PHONE"),
                      (0, "n_best[0]", 2, 13, "PHONE")]
    assert len({d.value_hash for d in out.detections}) == 1  # the same number links across fields


def test_metadata_values_are_audited_with_their_field(hasher: KeyedHasher) -> None:
    meta = {"note": f"回拨{PHONE}", "product": "宽带", "tags": ["加急", "邮箱a.b@x.com"]}
    t = call(seg("agent", "您好", 0.0), metadata=meta)
    out = redact_transcript(t, hasher, REDACTOR)
    assert out.transcript.metadata == {"note": "回拨〔手机号〕", "product": "宽带", "tags": ["加急", "邮箱〔邮箱〕"]}
    got = sorted((d.field, d.type, d.segment, d.speaker) for d in out.detections)
    assert got == [("metadata.note", "PHONE", -1, None), ("metadata.tags[1]", "EMAIL", -1, None)]
    assert all(d.audio_start is None and d.value_hash for d in out.detections)


def test_offsets_point_at_the_original_and_nothing_raw_is_kept(hasher: KeyedHasher) -> None:
    ident, card = id_number("44030519851120123"), card_number("621700123456789012")
    said = {"PHONE": "幺三八 一二三四 五六七八", "ID_CARD": ident, "BANK_CARD": card,
            "EMAIL": "wang dot wu at qq dot com", "VERIFICATION_CODE": "六八三九二一"}
    t = call(seg("agent", "请报一下手机号", 0.0), seg("customer", f"手机号{said['PHONE']}", 2.0, words=True),
             seg("customer", f"身份证是{said['ID_CARD']}", 9.0, words=True),
             seg("customer", f"卡号{said['BANK_CARD']}", 20.0),
             seg("customer", f"邮箱{said['EMAIL']}", 30.0), seg("agent", "验证码是多少", 40.0),
             seg("customer", said["VERIFICATION_CODE"], 42.0))
    out = redact_transcript(t, hasher, REDACTOR)
    assert {d.type: t.segments[d.segment].text[d.start:d.end] for d in out.detections} == said
    dumped = out.transcript.model_dump_json()
    for value in [*said.values(), "13812345678", "wang"]:
        assert value not in dumped
    assert all(d.value_hash and d.key_id == hasher.key_id and d.group == 0 for d in out.detections)


def test_hesitation_at_a_segment_start_stays_outside_the_span(hasher: KeyedHasher) -> None:
    t = call(seg("customer", "手机号幺三八，", 0.0), seg("customer", "嗯，一二三四五六七八", 2.0, words=True))
    out = redact_transcript(t, hasher, REDACTOR)
    assert [s.text for s in out.transcript.segments] == ["手机号〔手机号〕，", "嗯，〔手机号〕"]
    assert [(d.segment, d.start, d.end, d.group) for d in out.detections] == [(0, 3, 6, 1), (1, 2, 10, 1)]
    words = out.transcript.segments[1].words
    assert [w.text for w in words[:3]] == ["嗯", "，", "〔手机号〕"] and all(w.text == "" for w in words[3:])
    assert "一二三四" not in out.transcript.model_dump_json()
