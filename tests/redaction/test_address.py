"""Table test of the address detector (issue 14): one or more rows per category of how addresses are said."""

from __future__ import annotations

import pytest

from transcripts.redaction.detectors.address import AddressDetector
from transcripts.redaction.detectors.gazetteer import gazetteer

DETECTOR = AddressDetector()

FOUND = [
    # full administrative prefix
    ("我住在北京市朝阳区建国路88号院3号楼2单元501室", "北京市朝阳区建国路88号院3号楼2单元501室"),
    ("广东省深圳市南山区科技园南路15号", "广东省深圳市南山区科技园南路15号"),
    # no prefix, road + number + building
    ("送到建国路88号3号楼2单元501就行", "建国路88号3号楼2单元501"),
    ("文三路478号华星大厦12楼", "文三路478号华星大厦12楼"),
    ("新地址是:解放路394号", "解放路394号"),  # 解放: a cue character inside a road name
    # spaces between parts
    ("收货地址是朝阳区 建国路 88号 3栋 501", "朝阳区 建国路 88号 3栋 501"),
    ("南山区 科技园 南路 十五号", "南山区 科技园 南路 十五号"),
    # Chinese numerals, digit by digit
    ("我住在中山北路二百三十号五栋三零二", "中山北路二百三十号五栋三零二"),
    ("学院路806号九栋一百一十二", "学院路806号九栋一百一十二"),
    # 弄 巷 胡同 里 号院
    ("愚园路1088弄12号", "愚园路1088弄12号"),
    ("南锣鼓巷帽儿胡同7号", "南锣鼓巷帽儿胡同7号"),
    ("幸福里小区8幢2座1003", "幸福里小区8幢2座1003"),
    # 段 and 附 in road numbers
    ("人民南路三段12号", "人民南路三段12号"),
    ("人民南路四段十二号附一号", "人民南路四段十二号附一号"),
    # compounds, 期, 层, 社区
    ("阳光花园二期十四号楼三单元六层", "阳光花园二期十四号楼三单元六层"),
    ("翠苑社区5栋", "翠苑社区5栋"),
    ("金色家园社区十二幢", "金色家园社区十二幢"),
    ("河南杭州 保利香槟国际 11栋 六单元 701室", "河南杭州 保利香槟国际 11栋 六单元 701室"),  # no keyword
    # villages: 村 组 屯
    ("王家村三组18号", "王家村三组18号"),
    ("快递放靠山屯二组门口", "靠山屯二组"),
    # campuses and dorms, malls and towers without a road
    ("北京大学燕园12号楼305", "北京大学燕园12号楼305"),
    ("浙大紫金港校区蓝田三舍208", "浙大紫金港校区蓝田三舍208"),
    ("万达广场B座1702", "万达广场B座1702"),
    ("国贸大厦写字楼二十三层", "国贸大厦写字楼二十三层"),
    # no street at all: building, unit, room
    ("我住在三号楼二单元五零二", "三号楼二单元五零二"),
    # a compound or road after a location cue
    ("我住在翠苑小区", "翠苑小区"),
    # Traditional characters the normaliser has not converted
    ("臺北市中山區南京東路二段100號", "臺北市中山區南京東路二段100號"),
    ("廣州市天河區體育西路103號", "廣州市天河區體育西路103號"),
    # ASR: an enumeration comma between parts, a district then a misheard road
    ("建国路155号、2号楼", "建国路155号、2号楼"),
    ("收货地址是北京市朝阳区文3198号", "北京市朝阳区文3198号"),
    ("快递送到光明下230号9动词单元4520就行", "光明下230号9动词单元4520"),  # 栋四单元 heard as 动词单元
    ("武汉市洪山区解放大到245号，122单元", "武汉市洪山区解放大到245号，122单元"),  # 大道 heard as 大到
    # numbers without their unit word (address_numbers)
    ("地址是长宁路66，到了打电话", "长宁路66"),  # 号 left out before a boundary
    ("梧桐小区3-2-501", "梧桐小区3-2-501"),  # building-unit-room with hyphens
    ("我家是12栋502", "12栋502"),  # a building and its bare room
    ("青竹苑5#楼1单元", "青竹苑5#楼1单元"),  # # written for 号
    # a hesitation between parts, digits said one by one
    ("嗯 长江路呃128号", "长江路呃128号"),
    ("人民路 三 二 五 号", "人民路 三 二 五 号"),
    ("金地格林小镇15幢", "金地格林小镇15幢"),  # 小镇 is a compound, not a town
]

SELF_CORRECTED = ("地址改成建国路88号不对 是建国路99号", ["建国路88号", "建国路99号"])

KEPT = [
    "我在上海",  # a city alone is not personal data
    "北京市朝阳区",  # district level
    "我知道3号到",  # 知道 ends in 道 but is no road
    "下周3号下午3点",
    "北京市下周3号见",
    "订单号20261121000123 金额是1288.50元",
    "请到客服中心3楼办理",
    "一座江南园林",  # 一座: a quantity
    "纽卡斯尔队vs斯托克城队两队",
    "沿着中山路一直走",  # a road without number or cue
    "您的快递在3楼",
    "第三章第二单元",
    "我买了3个单元",
    "预计3-5天送达",  # a range, not behind a compound
    "我在3楼 2000块的那个",  # an amount after a building
    "机器放在2楼 100平的那间",  # a size
    "沿着人民路2公里",
    "坐地铁2号线到人民广场站下车",
]


@pytest.mark.parametrize(("text", "value"), FOUND)
def test_finds_the_whole_address(text: str, value: str) -> None:
    found = [text[c.start:c.end] for c in DETECTOR.detect(text, [])]
    assert found == [value], text


def test_a_self_corrected_address_gives_both() -> None:
    text, values = SELF_CORRECTED
    assert [text[c.start:c.end] for c in DETECTOR.detect(text, [])] == values


@pytest.mark.parametrize("text", KEPT)
def test_keeps_what_is_not_a_household(text: str) -> None:
    assert DETECTOR.detect(text, []) == []


def test_the_gazetteer_knows_divisions_by_full_name_alias_and_stem() -> None:
    places = gazetteer()
    assert all(places.is_admin(w) for w in ("上海", "上海市", "朝阳区", "朝阳", "浦东新区", "张江镇"))
    assert not any(places.is_admin(w) for w in ("建国", "人民", "翠苑小区"))  # town stems are not kept
    text = "北京市朝阳区建国路"
    assert places.admin_at_end(text, 6) == 3 and places.admin_at_end(text, 3) == 0


def test_the_normalised_value_drops_spaces() -> None:
    (cand,) = DETECTOR.detect("朝阳区 建国路 88号", [])
    assert cand.normalised == "朝阳区建国路88号" and cand.type == "ADDRESS"


@pytest.mark.parametrize(("text", "value"), [FOUND[0], FOUND[5], FOUND[7], FOUND[20]])
def test_the_redactor_masks_the_whole_address(text: str, value: str) -> None:
    from transcripts.redaction.engine import build_redactor

    spans = [(text[s.start:s.end], s.type) for s in build_redactor().redact_text(text).spans]
    assert spans == [(value, "ADDRESS")], text
