"""Table test for transliterated-name candidates: where a run of transliteration characters starts."""

from __future__ import annotations

from importlib.resources import files

import pytest

from transcripts.redaction.detectors.name_foreign import (
    CHARACTERS,
    COMMON,
    ROLE,
    cued_foreign_starts,
    foreign_starts,
)

STARTS = [
    ("克林顿访华", [0]),
    ("美国总统克林顿今天说", [4]),
    ("俄罗斯总统叶利钦", [1, 5]),  # 罗斯 too (俄 is not a table character): LAC tags 俄罗斯 LOC, not PER
    ("阿拉法特", [0]),
    ("以色列总理内塔尼亚胡说", [5]),  # 以色列: 色 breaks the run, 列 alone is too short
    ("科菲·安南表示", [0]),  # one run across the middle dot
    ("索尔-坎贝尔在后防", [0]),
    ("亚历山大·克瓦希涅夫斯基总统", [5]),  # 历 and 大 are not table characters: the run starts after the dot
    ("莫斯科和夏威夷", [0, 4]),  # places are candidates; the tagger sorts them out
    ("克林顿和布什", [0, 4]),
    ("我买了东西", []),  # only COMMON characters: an ordinary word
    ("基本上没问题", []),
    ("日本", []),
    ("马上给您处理", []),  # 马 alone
    ("3-2-101室", []),  # a hyphen joins characters only
    ("克·", []),
    ("", []),
]
CUED = [
    ("美国总统克林顿今天说", [4]),
    ("克林顿总统访华", [0]),
    ("克林顿夫人", [0]),  # 夫 is a table character: the cue sits inside the run's tail
    ("内塔尼亚胡说", [0]),
    ("温格表示满意", [0]),
    ("外交部长普里马科夫", [4]),
    ("秘书长科菲·安南", [3]),
    ("克林顿访华", []),  # no cue
    ("俄罗斯总统叶利钦", [1, 5]),  # 总统 follows 罗斯 too: the tagger, not the cue, rejects places
    ("阿拉法特", []),
    ("客队加拉塔萨雷", []),  # LAC tags such clubs and places PER: no cue, no candidate
    ("莫斯科", []),
    ("您好，客服玛丽亚为您服务", [5]),  # agents' work names: 客服 / 我叫 before them
    ("我叫安娜", [2]),
]
KNOWN_MISSES = [
    ("秘书长安南", [3]),  # 安 and 南 are both COMMON
    ("撒切尔夫人", [0]),  # 撒 is not in the table: the run starts at 切
]


@pytest.mark.parametrize(("text", "expected"), STARTS)
def test_foreign_starts(text: str, expected: list[int]) -> None:
    assert foreign_starts(text) == expected


@pytest.mark.parametrize(("text", "expected"), CUED)
def test_cued_foreign_starts(text: str, expected: list[int]) -> None:
    assert cued_foreign_starts(text) == expected


@pytest.mark.parametrize(("text", "expected"), KNOWN_MISSES)
def test_known_misses_stay_recorded(text: str, expected: list[int]) -> None:
    assert foreign_starts(text) != expected


def test_roles_never_end_with_a_table_character() -> None:
    """Else a run would start inside the role (主任X) and the role before it would not be seen."""
    assert [role for role in ROLE.split("|") if role[-1] in CHARACTERS] == []


def test_common_characters_are_the_table_characters_among_jiebas_300_most_frequent() -> None:
    frequency: dict[str, int] = {}
    for line in (files("jieba") / "dict.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            for char in parts[0]:
                frequency[char] = frequency.get(char, 0) + int(parts[1])
    top = sorted(frequency, key=lambda c: -frequency[c])[:300]
    assert frozenset(top) & CHARACTERS == COMMON
