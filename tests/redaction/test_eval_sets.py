"""The external and ASR round-trip evaluation sets (bench/redaction_forms): parsing and gold re-alignment."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "bench" / "redaction_forms"), str(ROOT / "bench")]

from asr_roundtrip import align  # noqa: E402
from asr_sentences import cardinal, sentences  # noqa: E402
from external import address, name, weibo  # noqa: E402


def test_alignment_finds_spoken_digits_written_as_digits() -> None:
    text = "我的手机号是13912345678，您记一下"
    assert align("幺三九幺二三四五六七八", text) == (6, 17)


def test_alignment_takes_the_closest_window_for_misheard_characters() -> None:
    text = "我住在城都是五侯区光名向211号"
    start, end = align("成都市武侯区光明巷二百一十一号", text) or (0, 0)
    assert text[start:end].startswith("城都是五侯区光名向") or text[start:end].startswith("都是五侯区")


def test_alignment_gives_up_on_what_was_not_said() -> None:
    assert align("欧阳娜", "您好请问有什么可以帮您") is None


def test_round_trip_sentences_carry_their_values() -> None:
    items = sentences()
    assert len(items) == 80 and all(str(i["value"]) in str(i["text"]) for i in items)
    assert cardinal(230) == "二百三十" and cardinal(12) == "十二" and cardinal(105) == "一百零五"


def test_weibo_names_come_from_person_name_tags_only(tmp_path: Path) -> None:
    conll = tmp_path / "weibo.test"
    rows = ["我0\tO", "叫0\tO", "张0\tB-PER.NAM", "伟1\tI-PER.NAM", "老0\tB-PER.NOM", "师1\tI-PER.NOM", ""]
    conll.write_text("\n".join(rows), encoding="utf-8")
    (rec,) = list(weibo(conll))
    assert rec["text"] == "我叫张伟老师" and rec["spans"] == [{"start": 2, "end": 4, "type": "PERSON_NAME"}]
    assert list(weibo(tmp_path / "absent")) == []


def test_jddc_fills_vary_in_form() -> None:
    import random

    rng = random.Random(3)
    values = [address(rng) for _ in range(200)]
    assert any(" " in v for v in values) and any("组" in v for v in values) and any("校区" in v or "大学" in v
                                                                                   for v in values)
    names = [name(rng) for _ in range(200)]
    assert any("·" in n for n in names) and any(n.isascii() for n in names)
