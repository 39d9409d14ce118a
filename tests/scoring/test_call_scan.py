"""Per-call shared work (D147/D148): batch normalisation, the lexicon automaton, sentence codes."""

from __future__ import annotations

import random
import re
import unicodedata

from scoring.context import CallContext
from scoring.lexicon import Lexicon
from scoring.match import Phrases
from scoring.sound import encode
from scoring.text import locate, nfkc, normalise, normalise_all, offsets
from transcripts.models import Segment, Transcript

TRICKY = ("這個發票請您確認一下", "ＡＢＣ１２３，好的！", "ΑΣ ΟΔΟΣ", "〔手机号〕 100%", "头发乾燥", "", "ﬁ①㈠",
          "e\u0301", "  空格  ", "乾隆")


def test_normalise_all_equals_normalise_per_text() -> None:
    assert normalise_all(TRICKY) == tuple(map(normalise, TRICKY))
    rng = random.Random(5)
    pool = [chr(c) for c in range(0x4E00, 0x9FFF, 5)] + list("，。！？ ,.!?ＡＢ１２ａbΣσ〔〕%\t這發確")
    for _ in range(300):
        texts = tuple("".join(rng.choice(pool) for _ in range(rng.randint(0, 25))) for _ in range(rng.randint(2, 9)))
        assert normalise_all(texts) == tuple(map(normalise, texts)), texts


def test_normalise_all_falls_back_for_newlines_and_astral_text() -> None:
    texts = ("第一行\n第二行", "好的😀", "請稍等")
    assert normalise_all(texts) == tuple(map(normalise, texts))


def test_lexicon_groups_are_deduplicated_and_find_overlapping_words() -> None:
    lex = Lexicon()
    a = lex.group(["退款", "退款进度"])
    assert lex.group(["退款进度", "退款", ""]) == a
    b = lex.group(["进度"])
    text = "我要退款进度\n好的\n进度呢"
    size, rows = lex.rows(text, (0, 7, 10))
    assert size == 2
    assert rows[a] == {0} and rows[b] == {0, 2}


def _call(*texts: str) -> Transcript:
    segs = tuple(Segment(speaker="agent" if k % 2 == 0 else "customer", start=k * 3.0, end=k * 3.0 + 2, text=t)
                 for k, t in enumerate(texts))
    return Transcript(call_id="LEX1", channel="phone", segments=segs, duration_s=len(texts) * 3.0)


def test_a_block_compiled_after_the_scan_gets_its_rows() -> None:
    ctx = CallContext.build(_call("您好请问有什么可以帮您", "我想查一下退款", "好的帮您核实一下"))
    first = Phrases(phrases=("您好",), sound="exact").compiled
    assert ctx.candidates(first, "agent") == (0,)
    later = Phrases(phrases=("核实一下", "查一下"), sound="exact").compiled  # a new group after the scan
    assert ctx.candidates(later, "any") == (1, 2)
    assert ctx.candidates(later, "customer") == (1,)


def test_context_search_uses_the_calls_sentence_codes() -> None:
    ctx = CallContext.build(_call("好的", "请您烧等一下", "不能请您烧等"))
    block = Phrases(phrases=("请您稍等",), negated_by=("不能请您稍等",), sound="pinyin")
    assert ctx._sentence_codes("pinyin") == tuple(encode(t, "pinyin") for t in ctx.texts)
    assert [ctx.search(block, i) for i in range(3)] == [block.search(t) for t in ctx.texts]
    assert ctx.search(block, 1) == "♪请您烧等" and ctx.search(block, 2) is None


def test_regex_by_sound_candidates_need_a_match_longer_than_two_syllables() -> None:
    # 马 sounds like 吗 (one syllable: never a match by sound); 为甚么 sounds like 为什么 (three: a match)
    ctx = CallContext.build(_call("马上帮您处理", "你为甚么不处理", "好的吗", "码号"))
    block = Phrases(regex=("吗|为什么",), sound="pinyin")
    assert ctx.candidates(block.compiled, "any") == (1, 2)
    assert [ctx.search(block, i) for i in range(4)] == [None, "♪为甚么", "吗", None]
    assert [ctx.search(block, i) for i in range(4)] == [block.search(t) for t in ctx.texts]


def _offsets_per_character(text: str) -> tuple[str, tuple[int, ...]]:
    pairs = [(n, i) for i, ch in enumerate(text) for n in normalise(ch)]
    return "".join(n for n, _ in pairs), tuple(i for _, i in pairs)


def test_offsets_equal_the_per_character_definition() -> None:
    for text in (*TRICKY, "ﬁ好的，ﬀ", "您好，工号123，很高兴为您服务", "①号㈠"):
        assert offsets(text) == _offsets_per_character(text), text
    assert offsets("ﬁ好")[1] == (0, 0, 1)  # one character normalised to two
    assert locate("您好，工号123", "工号123") == (3, 8)


def test_a_literal_alternation_by_sound_is_looked_up_by_its_long_words() -> None:
    from scoring.match import _long_literals

    assert _long_literals(re.compile("ab|abcd|xyz|q")) == ["abcd", "xyz"]
    assert _long_literals(re.compile("(ab|abc)d")) is None and _long_literals(re.compile("a.{0,3}b")) is None
    block = Phrases(regex=("吗|为什么",), sound="pinyin").compiled
    assert block.scans is not None  # the characters' regex keeps its scan, the encoded one is a lexicon group
    assert [mode for _, mode in block.scans.patterns] == [None] and [m for _, m in block.scans.groups] == ["pinyin"]


def test_nfkc_equals_unicodedata_on_wide_combining_and_random_text() -> None:
    rng = random.Random(7)
    pool = ["，", "：", "Ａ", "ｅ", "\u0301", "\u0308", "\u3000", "ｶ", "\uff9e", "①", "ﬁ", "退款",
            "é", "a", "1", "\u3099"]
    texts = ["Ａ\u0301", "ｅ\u0308ｘ", "ｶ\uff9e", "，\u0301"]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(0, 12))) for _ in range(5000)]
    texts += ["".join(chr(rng.randint(0x20, 0xFFFF)) for _ in range(8)) for _ in range(5000)]
    for text in texts:
        assert nfkc(text) == unicodedata.normalize("NFKC", text), ascii(text)
