"""Candidate starts for transliterated foreign names (克林顿, 阿拉法特, 科菲·安南), which have no Chinese surname.

``names_uncued`` proposes surnames, so the LAC tagger (``name_tagger``) never sees these names. Here a
candidate is a run of at least two characters of the standard transliteration table, parts joined by a
middle dot or hyphen. Nothing comes from the evaluation set:

- ``CHARACTERS``: the syllable characters of Xinhua's English–Chinese transliteration table (英汉译音表 of
  《英语姓名译名手册》, the same table as GB/T 17693.1), hand-listed row by row, with the variants it gives
  for women's names (娜 莎 丽 娅 …), the customary finals 顿 (-ton) and 逊 (-son), and the few characters
  the Russian, German and Arabic tables add (叶 雅 涅 列 施 卜 罕 …).
- ``COMMON``: those of them among the 300 most frequent characters of jieba's dictionary (the file
  ``name_lexicon`` reads). A run made only of them is an ordinary word (东西, 基本, 平安, 日本), not a name.

LAC tags transliterated places and clubs as people too (扎伊尔, 加拉塔萨雷, 波兹南), so ``cued_foreign_starts``
keeps only runs next to a person's role (总统克林顿, 布莱尔首相) or a speech verb (温格表示).
"""

from __future__ import annotations

import re

CHARACTERS = frozenset(
    "布普德特格克兹茨日什奇赫姆恩尔伊古库胡夫弗斯丝"  # consonants alone
    "阿巴帕达塔加卡瓦娃法扎察萨莎沙贾查哈马玛纳娜拉亚娅瓜夸华"  # + a
    "埃贝佩泰盖凯韦费泽策塞热谢杰切黑梅内莱雷蕾耶圭奎惠"  # + e
    "厄伯珀沃瑟舍哲彻默勒果阔霍"  # + ə
    "比皮迪蒂吉基维威菲齐西希米尼妮利莉里丽"  # + i
    "奥博波多托戈科福佐措索若肖乔莫诺洛罗萝约"  # + o
    "乌杜图武伍富祖楚苏茹舒朱穆努卢鲁尤久丘休缪纽柳留"  # + u, ju
    "艾拜派代怀宰蔡赛夏柴海迈奈赖鲍保道陶高考藻曹绍焦豪毛瑙劳尧"  # + ai, au
    "安班潘丹坦甘坎万凡赞灿桑尚詹钱汉曼南兰扬关宽环"  # + an
    "昂邦庞当唐冈康旺方藏仓让章昌杭芒朗光匡黄"  # + aŋ
    "本彭登滕根肯文芬曾岑森任申真琴亨门嫩伦延昆"  # + en
    "因宾平丁廷金温津欣辛钦明宁林琳英京青"  # + in, iŋ
    "翁蓬东通贡孔丰宗聪松荣雄琼洪蒙农隆龙永"  # + uŋ
    "顿逊"  # customary finals -ton, -son
    "叶雅涅捷列季施侯卜罕"  # Russian Е Я не те ле ти, German sch, Arabic ḥu Abu -han
)
COMMON = frozenset("道方多里本高法门日代文当关明平南内西东安通加海武因利万任特比汉科金马基米果华保达")
"""Table characters among jieba's 300 most frequent: a run needs at least one character outside this set."""
JOINERS = "·・•‧-－"
"""Between the parts of a foreign name: 科菲·安南, 索尔-坎贝尔 (the em dash is punctuation, not a joiner)."""
ROLE = ("总统|总理|首相|主席|国王|女王|王子|公主|总督|外长|部长|大臣|国务卿|大使|议员|议长|州长|市长|省长|"
        "秘书长|总书记|书记|委员|会长|院长|教授|博士|先生|女士|夫人|小姐|导演|演员|歌手|作家|诗人|画家|"
        "教练|主帅|队长|球员|球星|前锋|后卫|门将|明星|影星|歌星|选手|车手|董事长|总裁|创始人|发言人|记者|"
        "作者|学者|学家|艺术家|设计师|建筑师|律师|医生|主持人|老板|经理|妻子|太太|儿子|女儿|父亲|母亲|朋友|同事")
"""A person's role; none ends with a table character, so a run never starts inside one."""
ROLE_BEFORE = re.compile(f"(?:{ROLE}|会见|会晤|客服|我叫|名叫|叫做)$")
"""Also the cues of a call: agents often work under a foreign name (客服玛丽亚, 我叫安娜)."""
CUE_AFTER = re.compile(f"{ROLE}|说|表示|指出|认为|强调|透露|称|告诉|宣布|承认|坦言|回忆|解释|写道|介绍")

_CLASS, _JOIN = "".join(sorted(CHARACTERS)), re.escape(JOINERS)
RUN = re.compile(f"[{_CLASS}](?:[{_JOIN}]?[{_CLASS}])+")
"""A maximal run (scanning left to right, a match starts at a run's first character), a joiner only
between two characters. No look-behind: it would double the cost (~8 ms → ~4 ms on 0.6 MB)."""
LOOK_BACK = max(len(role) for role in ROLE.split("|"))
"""Characters before a run searched for a role (the longest role: 秘书长, 董事长)."""


def foreign_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of ≥ 2 table characters (parts joined by ``JOINERS``) that is not made of
    ``COMMON`` characters only (a joiner alone makes it foreign: 安·南); in text order."""
    return [m.span() for m in RUN.finditer(text) if not COMMON.issuperset(m.group())]


def foreign_starts(text: str) -> list[int]:
    """Sorted offsets where a run of transliteration characters starts (see ``foreign_runs``)."""
    return [s for s, _ in foreign_runs(text)]


def cued_foreign_starts(text: str) -> list[int]:
    """``foreign_starts`` next to a person cue: a role just before the run, or a role or speech verb right
    after it or inside its tail (克林顿夫人: 夫 is a table character, so the run is 克林顿夫)."""
    return [s for s, e in foreign_runs(text)
            if ROLE_BEFORE.search(text, max(0, s - LOOK_BACK), s)
            or any(CUE_AFTER.match(text, p) for p in range(s + 2, e + 1))]
