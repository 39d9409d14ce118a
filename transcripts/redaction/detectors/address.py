"""Addresses at street level or finer (formats.md §4): an area or a cue, then a place, then house numbers.

Fires only when the address reaches a house-number chain — 号 / 号楼 / 栋 / 单元 / 室 / 层, numbers as
digits or spoken (幺七幺号四栋一单元二零零三室) — so 北京市朝阳区 alone (city level) stays: it does not
identify a household and QA needs it (R26 amounts, delivery areas).
"""

from __future__ import annotations

import re

from transcripts.redaction.detectors.base import Candidate, matches
from transcripts.redaction.digits import DigitRun

AREAS = "|".join(
    [
        "北京",
        "上海",
        "天津",
        "重庆",
        "河北",
        "山西",
        "辽宁",
        "吉林",
        "黑龙江",
        "江苏",
        "浙江",
        "安徽",
        "福建",
        "江西",
        "山东",
        "河南",
        "湖北",
        "湖南",
        "广东",
        "海南",
        "四川",
        "贵州",
        "云南",
        "陕西",
        "甘肃",
        "青海",
        "台湾",
        "内蒙古",
        "广西",
        "西藏",
        "宁夏",
        "新疆",
        "香港",
        "澳门",
        "深圳",
        "广州",
        "杭州",
        "南京",
        "成都",
        "武汉",
        "西安",
        "苏州",
        "郑州",
        "长沙",
        "沈阳",
        "青岛",
        "济南",
        "大连",
        "厦门",
        "宁波",
        "无锡",
        "合肥",
        "福州",
        "昆明",
        "哈尔滨",
        "长春",
        "石家庄",
        "太原",
        "南宁",
        "南昌",
        "贵阳",
        "兰州",
        "乌鲁木齐",
        "呼和浩特",
        "东莞",
        "佛山",
        "珠海",
        "温州",
        "常州",
        "徐州",
        "烟台",
        "泉州",
        "南通",
    ]
)
NUM = r"(?:\d+|[零〇一二三四五六七八九十百幺两]+)"
UNIT = r"(?:号楼|号院|号|栋|幢|座|单元|室|层|楼|号房)"
CHAIN = rf"{NUM}[-－]?{UNIT}(?:{NUM}[-－]?{UNIT})*"
HAS_UNIT = re.compile(UNIT)
"""Every address ends in a house-number chain: most texts have no unit word and skip the address scans."""
STREET = r"(?:路|街|道|巷|弄|村|小区|花园|大厦|苑|园|城|里|胡同|公寓|广场|社区|新村|家园|中心|院)"
NOT_STOP = r"[^，。,.!?！？;；\s:：]"
PLACE = rf"{NOT_STOP}{{0,24}}?{STREET}{NOT_STOP}{{0,6}}?"
"""Up to the house numbers there must be a street-like word (路 街 弄 小区 大厦 …): 下周710号 is a date."""
BY_AREA = re.compile(rf"(?P<v>(?:{AREAS})(?:省|市|自治区|特别行政区)?{PLACE}{CHAIN})")
BY_CUE = re.compile(
    r"(?:(?:地址|住址)(?:是|为|改成|改到|改为|:|：)?|住在|寄到|送到|改到|改成|搬到|家在|位于)\s?"
    rf"(?P<v>{PLACE}{CHAIN})"
)


class AddressDetector:
    name = "address_cn"
    version = "1.0"

    def detect(self, text: str, runs: list[DigitRun]) -> list[Candidate]:
        out: list[Candidate] = []
        if HAS_UNIT.search(text) is None:
            return out
        for rx, conf in ((BY_AREA, 0.85), (BY_CUE, 0.8)):
            for m in matches(rx, text):
                if len(m.group("v")) >= 5:
                    out.append(
                        Candidate(
                            m.start("v"),
                            m.end("v"),
                            "ADDRESS",
                            self.name,
                            self.version,
                            conf,
                            re.sub(r"\s", "", m.group("v")),
                        )
                    )
        return out
