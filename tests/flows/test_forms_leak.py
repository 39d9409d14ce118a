"""Addresses and names in the forms of issue 14 never reach the database, the logs or Prefect's storage."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from flows.nightly import nightly_qa
from tests.flows import helpers as h

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]

ADDRESSES = ("朝阳区 建国路 88号 3栋 501", "中山北路二百三十号五栋三零二", "浙大紫金港校区蓝田三舍208",
             "靠山屯二组", "幸福里小区8幢2座1003", "愚园路1088弄12号")
NAMES = ("古丽娜·买买提", "Kevin Zhang", "王 小 明", "司马俊杰", "李秀英")
CHAT = h.chat("T-FORMS-1", [
    ("agent", "您好，工号1023，很高兴为您服务，请问有什么可以帮您"),
    ("customer", f"我叫{NAMES[0]}，收货地址是{ADDRESSES[0]}"),
    ("agent", "好的，请问还有别的地址吗"),
    ("customer", f"地址改成{ADDRESSES[1]}不对 是{ADDRESSES[2]}，联系人{NAMES[1]}"),
    ("customer", f"车主是{NAMES[2]}，快递放{ADDRESSES[3]}门口"),
    ("customer", f"学生姓名：{NAMES[3]}，送到{ADDRESSES[4]}，帮我妈{NAMES[4]}问一下{ADDRESSES[5]}"),
    ("agent", "感谢您的来电，再见"),
])


def test_no_address_or_name_form_is_stored(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    box = tmp_path / "inbox"
    box.mkdir()
    h.write_json(box / "T-FORMS-1.json", CHAT)
    db_file = tmp_path / "forms.db"
    with caplog.at_level("DEBUG"):
        summary = nightly_qa(inbox=str(box), db=f"sqlite:///{db_file}")
    assert summary["quarantined_this_run"] == []
    written = [db_file, *tmp_path.glob("forms.db*")]
    written += [p for p in Path(os.environ["PREFECT_HOME"]).rglob("*") if p.is_file()]
    out = capsys.readouterr()
    blobs = [caplog.text, out.out, out.err] + [p.read_bytes().decode("utf-8", "replace") for p in written]
    for value in (*ADDRESSES, *NAMES):
        for blob in blobs:
            assert value not in blob and "".join(value.split()) not in blob, value
