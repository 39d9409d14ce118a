"""Table tests: what is personal data (and where), and what must stay (amounts, hotlines, order numbers…)."""

from __future__ import annotations

import pytest

from tests.redaction.values import card_number, id_number, spoken
from transcripts.redaction import redact_text

ID = id_number()
ID_X = id_number("11010519491231002")  # check digit X
CARD16 = card_number("622202123456789")
CARD19 = card_number()

POSITIVE = [
    ("我的手机号是13812345678", "PHONE", "13812345678"),
    ("手机号一三八一二三四五六七八", "PHONE", "一三八一二三四五六七八"),
    ("号码是幺三八 幺二三四 五六七八", "PHONE", "幺三八 幺二三四 五六七八"),
    ("电话一三九两两三三四四五五", "PHONE", "一三九两两三三四四五五"),
    ("打我电话138-1234-5678好吧", "PHONE", "138-1234-5678"),
    ("号码+86 13812345678", "PHONE", "+86 13812345678"),
    ("座机010-62345678找我", "PHONE", "010-62345678"),
    ("座机零幺零六二三四五六七八", "PHONE", "零幺零六二三四五六七八"),
    (f"身份证号是{ID}", "ID_CARD", ID),
    (f"身份证{ID_X}", "ID_CARD", ID_X),
    (f"我身份证号{spoken(ID)}", "ID_CARD", spoken(ID)),
    (f"身份证号{ID[:16]}", "ID_CARD", ID[:16]),  # ASR dropped digits: the cue still says it is an ID
    ("老身份证110105900307123", "ID_CARD", "110105900307123"),
    (f"卡号{CARD16}", "BANK_CARD", CARD16),
    (f"银行卡是{CARD19[:4]} {CARD19[4:8]} {CARD19[8:12]} {CARD19[12:16]} {CARD19[16:]}", "BANK_CARD",
     f"{CARD19[:4]} {CARD19[4:8]} {CARD19[8:12]} {CARD19[12:16]} {CARD19[16:]}"),
    (f"就是这个{CARD19}", "BANK_CARD", CARD19),
    ("邮箱是zhang.san@example.com", "EMAIL", "zhang.san@example.com"),
    ("发到zhangsan艾特qq点com", "EMAIL", "zhangsan艾特qq点com"),
    ("邮箱幺二三四五六艾特163点com", "EMAIL", "幺二三四五六艾特163点com"),
    ("验证码是835216", "VERIFICATION_CODE", "835216"),
    ("验证码八三五二一六", "VERIFICATION_CODE", "八三五二一六"),
    ("密码是123456", "VERIFICATION_CODE", "123456"),
    ("车牌是粤B12345", "LICENSE_PLATE", "粤B12345"),
    ("新能源车牌沪AD12345", "LICENSE_PLATE", "沪AD12345"),
    ("护照号E12345678", "PASSPORT", "E12345678"),
    ("我QQ号是123456789", "SOCIAL_ACCOUNT", "123456789"),
    ("微信号zhang_san88", "SOCIAL_ACCOUNT", "zhang_san88"),
    ("我叫张伟，订单是我下的", "PERSON_NAME", "张伟"),
    ("您好李娜女士，这里是客服中心", "PERSON_NAME", "李娜"),
    ("收件人欧阳娜娜，电话你们有", "PERSON_NAME", "欧阳娜娜"),
    ("免贵姓弓长张", "PERSON_NAME", "弓长张"),
    ("好的，陈晓东", "PERSON_NAME", "陈晓东"),
    ("配送员:张盼盼，马上到", "PERSON_NAME", "张盼盼"),
    ("我住在浙江省杭州市西湖区文三路九十号三号楼二单元五零二室", "ADDRESS",
     "浙江省杭州市西湖区文三路九十号三号楼二单元五零二室"),
    ("地址改成朝阳区建国路88号3栋2单元501室吧", "ADDRESS", "朝阳区建国路88号3栋2单元501室"),
    ("是的 改到银都路431弄222号 其他信息不变", "ADDRESS", "银都路431弄222号"),
    ("我的出生日期是1990年3月7日", "BIRTH_DATE", "1990年3月7日"),
    ("生日一九八五年六月十二号，你核对一下", "BIRTH_DATE", "一九八五年六月十二号"),
    ("出生年月1988-11-02", "BIRTH_DATE", "1988-11-02"),
]


@pytest.mark.parametrize(("text", "kind", "value"), POSITIVE)
def test_detects_personal_data_at_the_right_offsets(text: str, kind: str, value: str) -> None:
    result = redact_text(text)
    spans = [s for s in result.spans if s.type == kind]
    assert len(spans) == 1, result.spans
    assert text[spans[0].start:spans[0].end] == value
    assert value not in result.text


NEGATIVE = [
    "给您退款两百元，再补偿三百块",
    "一共是一千二百五十元",
    "退款1280元三个工作日内到账",
    "我是工号1032的客服",
    "工号一零三二为您服务",
    "您卡的尾号5678对吗",
    "手机后四位一二三四",
    "我帮您查一下，一定给您处理",
    "两个小时以后再打来",
    "客服热线95588，或者400-123-4567",
    "您也可以拨打10086或者12315",
    "订单号123456789012345678",
    "快递单号是SF1234567890123",
    "二零二六年十一月二十一号下的单",
    "2026年11月21日",
    "等了30分钟了",
    "型号是X2000",
    "下午三点半给您回电",
    "大概24小时内处理",
    "张先生您好，我很高兴为您服务",
    "请提供一下您的姓名和联系方式",
    "这个订单客户申请换货",
    "仓库在北京市朝阳区",
    "送货时间改成星期一下周710号",
    "我是2026年11月21日下的单",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_leaves_non_personal_numbers_alone(text: str) -> None:
    result = redact_text(text)
    assert result.spans == [], [(s.type, text[s.start:s.end]) for s in result.spans]
    assert result.text == text


def test_numbers_in_a_list_are_found_one_by_one() -> None:
    text = "外呼号码会显示为:13727912087、一三九七二九一一三八零、010-64277610"
    result = redact_text(text)
    assert [text[s.start:s.end] for s in result.spans] == ["13727912087", "一三九七二九一一三八零", "010-64277610"]
    assert result.text == "外呼号码会显示为:〔手机号〕、〔手机号〕、〔手机号〕"


def test_id_number_embedded_in_a_longer_string() -> None:
    ident = id_number("32010219630227622")  # a district code since merged: still a valid ID
    text = f"税号:198{ident}546K"
    (span,) = redact_text(text).spans
    assert (text[span.start:span.end], span.type, span.validators) == (ident, "ID_CARD", ("gb11643_checksum",))


def test_short_numbers_in_a_list_are_not_a_card() -> None:
    assert redact_text("号码会显示为:898 849和895 219、438 771、21 480").spans == []


def test_keyed_hash_links_values_without_keeping_them(hasher) -> None:  # type: ignore[no-untyped-def]
    a = redact_text("手机号13812345678", hasher).spans[0]
    b = redact_text("手机号一三八一二三四五六七八", hasher).spans[0]
    assert a.value_hash == b.value_hash  # the same number, spoken or written
    assert a.value_hash is not None and "13812345678" not in a.value_hash


def test_checksum_raises_confidence() -> None:
    good = redact_text(f"身份证{ID}").spans[0]
    bad = redact_text(f"身份证{ID[:17]}{(int(ID[17]) + 1) % 10 if ID[17].isdigit() else 0}").spans[0]
    assert good.validators == ("gb11643_checksum",) and good.confidence > bad.confidence
