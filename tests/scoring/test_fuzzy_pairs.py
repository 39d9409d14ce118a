"""The fuzzy blocks' pre-check (D162): a partial_ratio match leaves the proven number of phrase pairs verbatim."""

from __future__ import annotations

import random

from rapidfuzz import fuzz

from scoring.context import CallContext
from scoring.fuzzy_pairs import guaranteed_pairs, pairs_of
from scoring.match import Phrases
from transcripts.models import Segment, Transcript


def _occurrences(text: str, phrase: str) -> int:
    pairs = set(pairs_of(phrase))
    return sum(text[k:k + 2] in pairs for k in range(len(text) - 1))


def test_a_fuzzy_match_leaves_the_guaranteed_pairs_in_the_sentence() -> None:
    rng = random.Random(11)
    alphabet = "甲乙丙丁戊己庚辛"
    checked = 0
    for _ in range(40_000):
        phrase = "".join(rng.choice(alphabet) for _ in range(rng.randint(5, 9)))
        window = list(phrase)
        for _ in range(rng.randint(0, 3)):  # a few substitutions, deletions and insertions
            k = rng.randrange(len(window) + 1)
            op = rng.choice("sdi")
            if op == "s" and k < len(window):
                window[k] = rng.choice(alphabet)
            elif op == "d" and k < len(window):
                del window[k]
            else:
                window.insert(k, rng.choice(alphabet))
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4))) + "".join(window) + \
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4)))
        if len(text) < len(phrase):
            continue
        score = fuzz.partial_ratio(text, phrase)
        for threshold in (85, 90, 95, 100):
            if score >= threshold:
                checked += 1
                assert _occurrences(text, phrase) >= guaranteed_pairs(len(phrase), threshold), (text, phrase)
    assert checked > 10_000
    assert guaranteed_pairs(5, 85) == 2 and guaranteed_pairs(5, 100) == 4


def test_fuzzy_candidates_need_two_pairs_of_one_phrase() -> None:
    texts = ("你们的服务太差劲", "你们好", "你们服务太差", "服务好")
    segs = tuple(Segment(speaker="customer", start=k * 3.0, end=k * 3.0 + 2, text=t) for k, t in enumerate(texts))
    ctx = CallContext.build(Transcript(call_id="FZ1", channel="phone", segments=segs, duration_s=12.0))
    block = Phrases(phrases=("你们服务太差劲",), fuzzy=85, sound="exact")
    assert ctx.candidates(block.compiled, "customer") == (0, 2)
    assert [ctx.search(block, i) for i in range(4)] == [block.search(t) for t in ctx.texts]
    assert ctx.search(block, 0) is not None and ctx.search(block, 1) is None
