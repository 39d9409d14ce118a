"""Person names: surname table + given name, found through the cues people use on the phone.

No tagger model ships offline with a usable licence and speed (jieba's HMM tagger runs ~0.2 MB/s; see
docs/decisions.md D19), so names are found by rules:
- a cue before the name: 我叫 / 我姓 / 收件人 / 联系人 / 机主 / 持卡人 / 配送员 … + surname + 1–2 given characters;
- a title after it: 张伟先生 / 李娜女士 / 王建国经理 (the bare 张先生 is kept: a surname alone does not
  identify anyone);
- a greeting or thanks around it: 您好王建国 / 谢谢李娜 / 好的，陈晓东 (given characters from the common
  given-name table, to stay precise);
- a spelled surname: 弓长张 / 耳东陈 / 木子李 (+ the given name when it follows);
- characters spelled by a word (大小的小，明天的明) when the text also has a name cue or a name: they give
  the name away character by character.
After a cue the given name may contain 小 (王小明); elsewhere 小 reads as 王小姐 / 小王 and is left out.
"""

from __future__ import annotations

import re

from transcripts.redaction.detectors.address_grammar import KIND_OF
from transcripts.redaction.detectors.base import Candidate
from transcripts.redaction.detectors.gazetteer import gazetteer
from transcripts.redaction.detectors.name_lexicon import ORDINARY, crossing, load, starting
from transcripts.redaction.digits import DigitRun

SINGLE = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
    "崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊"
    "葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路"
    "游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应"
    "臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝禤帅钟"
)
COMPOUND = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "令狐",
    "慕容",
    "公孙",
    "长孙",
    "宇文",
    "夏侯",
    "尉迟",
    "轩辕",
    "端木",
    "独孤",
    "南宫",
    "西门",
    "钟离",
    "司徒",
    "申屠",
    "澹台",
    "万俟",
    "呼延",
)
COMMON_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞建国志宏文博宇浩然子轩梓涵一诺欣怡雨桐俊晓东"
    "海燕春梅琳晨阳辉斌颖婷倩婧雪琪佳嘉彤萱瑶璐露丹雯薇蕾莉婕思慧凤洁琴云莲珍妍茜秋珊莎青婉娴瑾仪荷蓉君蕊菁梦岚"
    "馨韵艺卿聪澜悦昭冰爽茗羽希宁凝欢枫芸菲寒伊亚宜舒影妮宝恒鸿剑娇睿威忠宗曼紫逸贤蝶儿成林松柏山川江河金鑫"
    "磊森淼焱垚福禄寿喜德才华荣发达兴旺安康乐永长生光亮新正直诚信义礼智勤俭谦让和顺利民生军兵武力坤乾振国庆"
)
NOT_GIVEN = set(
    "的了是在我你他她它们这那有个吗呢吧啊和与及或就都也还很先女小老师经理说要会能可以不没到给把被让从对向"
    "为于以及而且但如果因所此些么什怎样哪里谁几多少号码手机电话地址一二三四五六七八九十零百千万元块"
    "内外上下前后中间时天年月日周点分秒次件单货款费价钱请帮您会"
)
IN_NAMES = set("天少可向如月中千思一")
"""Characters of ``NOT_GIVEN`` that are frequent in given names (侯天明, 邱少华, 向阳): after a cue or before
a title they are part of the name; without one (``COMMON``) they stay words."""
SURNAME = "(?:" + "|".join(COMPOUND) + f"|[{SINGLE}])"
GIVEN = f"[^\\W\\d_A-Za-z{''.join(sorted(NOT_GIVEN - IN_NAMES))}]"
GIVEN_CUED = f"[^\\W\\d_A-Za-z{''.join(sorted(NOT_GIVEN - IN_NAMES - set('小')))}]"
COMMON = f"[{COMMON_GIVEN}]"
SPELLED = {
    "弓长": "张",
    "耳东": "陈",
    "木子": "李",
    "口天": "吴",
    "立早": "章",
    "古月": "胡",
    "草头": "黄",
    "双木": "林",
    "言午": "许",
    "三横": "王",
    "文刀": "刘",
    "关耳": "郑",
    "禾呈": "程",
    "人可": "何",
    "走肖": "赵",
    "三点水": "江",
}

CUE = re.compile(
    r"(?:我叫|我是|本人是?|名字(?:是|叫)?|姓名(?:是|叫)?|叫做|收件人(?:是|叫)?|收货人(?:是|叫)?|联系人(?:是|叫)?"
    r"|寄件人|签收人|机主(?:是|叫)?|户主(?:是|叫)?|持卡人(?:是|叫)?|开户人(?:是|叫)?|配送员|快递员"
    r"|客户姓名|投保人|被保险人|受益人)[:：，, ]?\s?"
    rf"(?P<v>{SURNAME}{GIVEN_CUED}{{1,2}})"
)
TITLED = re.compile(
    rf"(?P<v>{SURNAME}{GIVEN}{{1,2}})(?=先生|女士|小姐|老师|经理|师傅|主任|同学(?!会)|阿姨|叔叔|大哥|大姐|老板|总监)"
)
VOCATIVE = re.compile(
    rf"(?:您好|你好|谢谢|感谢|好的|麻烦|请问)[，, ]?(?P<v>{SURNAME}{COMMON}{{1,2}})(?=[，。！？,.!?\s~]|$)"
)
SPELLED_RX = re.compile("(?:我姓|姓)?(?P<v>(?:" + "|".join(SPELLED) + f")[{SINGLE}](?:{GIVEN}{{1,2}})?)")
HAN = r"[^\W\d_A-Za-z]"
CHAR_SPELLING = re.compile(rf"(?P<w>{HAN}{{2}})的(?P<c>{HAN})(?![^\W\d_])")
"""One character spelled by a word it occurs in: 大小的小, 明天的明, 晓得的晓."""
NAME_CONTEXT = re.compile(r"我叫|我姓|姓名|名字|叫什么|怎么写|哪个字|什么字")


def spelled_characters(text: str, named: bool) -> list[tuple[int, int]]:
    """Spans of character spellings, only where a name is being given (``named`` or a cue in the text)."""
    if not named and NAME_CONTEXT.search(text) is None:
        return []
    return [(m.start(), m.end()) for m in CHAR_SPELLING.finditer(text)
            if m.group("c") in m.group("w") and len(set(m.group("w"))) > 1]


DENY = {
    "申请",
    "和联",
    "和您",
    "和你",
    "单位",
    "单方",
    "胡子",
    "高兴",
    "高峰",
    "金额",
    "安装",
    "安全",
    "方便",
    "方面",
    "方式",
    "文件",
    "明天",
    "明白",
    "成功",
    "时间",
    "常规",
    "关注",
    "华为",
    "京东",
    "马上",
    "白色",
    "黄色",
    "蓝色",
    "米色",
    "万一",
    "和平",
    "宁可",
    "全部",
    "全款",
    "应该",
    "计划",
    "程序",
}


TITLE_AFTER = frozenset("总姐哥叔姨工局队董嫂爷奶伯婶傅父家")
"""A surname with one of these is a title or a family, not a name (王总, 张姐, 师傅, 商家): it identifies no one."""


def titled(value: str) -> bool:
    """A surname and a title or kinship word (王总, 张姐), also as 王总监: no name."""
    rest = value[2:] if value.startswith(COMPOUND) else value[1:]
    return rest[:1] in TITLE_AFTER


SELF_INTRO = re.compile(r"(?:我是|本人是?|我叫)[:：，, ]?\s?$")
PLACE_WORDS = tuple(w for w in KIND_OF if len(w) >= 2)


def place_not_name(text: str, start: int, end: int) -> bool:
    """The cued value is a place: a division after 我是 (我是安徽的), or a place word runs across its end
    (乘客华西医院: 医院)."""
    if any(text.startswith(w, p) for p in range(max(start, end - 3), end) for w in PLACE_WORDS
           if p + len(w) > end):
        return True
    if SELF_INTRO.search(text, max(0, start - 4), start) is None:
        return False
    places = gazetteer()
    return places.is_admin(text[start:end]) or places.is_admin(text[start:start + 2])


def ordinary(text: str, start: int, value: str) -> bool:
    """A title without a cue follows an ordinary word, not a name: 项目经理, 公关部经理, 公司艺术总监 (but
    a compound surname may be a word itself: 东方刚先生)."""
    if value.startswith(COMPOUND):
        return False
    lex = load()
    return starting(lex, text, start, 2) > ORDINARY or crossing(lex, text, start) > ORDINARY


class PersonNameDetector:
    name = "person_name_rules"
    version = "1.3"

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        out: list[Candidate] = []
        for rx, conf in ((CUE, 0.9), (TITLED, 0.85), (SPELLED_RX, 0.9), (VOCATIVE, 0.7)):
            for m in rx.finditer(text):
                value = m.group("v")
                if value[:2] in DENY or value in DENY or (rx is TITLED and ordinary(text, m.start("v"), value)) \
                        or (rx is CUE and (titled(value) or place_not_name(text, m.start("v"), m.end("v")))):
                    continue
                out.append(Candidate(m.start("v"), m.end("v"), "PERSON_NAME", self.name, self.version, conf, value))
        for start, end in spelled_characters(text, bool(out)):
            out.append(Candidate(start, end, "PERSON_NAME", self.name, self.version, 0.8, text[end - 1],
                                 ("spelled_character",)))
        return out
