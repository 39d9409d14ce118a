"""Inbox builders and database probes shared by the flow tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from storage.db import session_scope
from storage.models import HitRow, Interaction, QuarantineRecord, RedactionEvent, ReviewItem, Score, SegmentRow
from tests.transcripts.audio_fixtures import truncate, write_wav

DATA = Path(__file__).parents[1] / "data"

# Known personal data planted in chat transcripts; none of it may be found anywhere callqa writes.
PHONE = "13912345678"
ID_CARD = "110105199003071234"
BANK_CARD = "6222021234567890128"
EMAIL = "zhang.wei88@example.com"
CUSTOMER_ID = "U-SECRET-778899"
RAW_VALUES = (PHONE, ID_CARD, BANK_CARD, EMAIL, CUSTOMER_ID)


def chat(call_id: str, lines: list[tuple[str, str]], **extra: Any) -> dict[str, Any]:
    return {
        "call_id": call_id, "channel": "chat", "started_at": "2026-11-21T10:00:00+08:00", "agent_id": "A2001",
        "customer_id": CUSTOMER_ID, "queue": "售后",
        "segments": [{"speaker": sp, "start": 5.0 * i, "end": 5.0 * i + 4.0, "text": text}
                     for i, (sp, text) in enumerate(lines)],
        **extra,
    }


CHAT_PII_RUDE = chat("T-PII-1", [
    ("agent", "您好，工号1023，很高兴为您服务，请问有什么可以帮您"),
    ("customer", f"我手机号是{PHONE}，身份证{ID_CARD}，退款一直没到"),
    ("agent", "随便你，爱投诉就投诉"),
    ("customer", f"我的银行卡{BANK_CARD}，邮箱{EMAIL}，我要投诉你们"),
    ("agent", "感谢您的来电，再见"),
])
# The forms of issue 14 (fillers, repeats, spelled and spoken values, Traditional and full-width characters, cues
# in slang, the backstop's uncued number): each raw form as written, and the value it stands for.
FORM_LINES = [
    ("customer", "我手机号是一五八，呃，二六七三，那个，九九零一"),
    ("customer", "备用号码一八六两个零幺三个五二四"),
    ("customer", "身份证号110105呃19491231嗯002X"),
    ("customer", "邮箱 l i s i 小老鼠 outlook 点 com，车牌滬Ａ７７８８９"),
    ("customer", "V信lucky_dog2020，护照EH7654321，生日是85年11月2号"),
    ("customer", "香港电话+852 6123 9087，验证码是x7k9p2"),
    ("customer", "还有一个您记一下，七六五四三二一八九"),
]
FORM_VALUES = ("一五八，呃，二六七三，那个，九九零一", "15826739901", "一八六两个零幺三个五二四", "18600155524",
               "110105呃19491231嗯002X", "11010519491231002X", "l i s i 小老鼠 outlook 点 com", "lisi@outlook.com",
               "滬Ａ７７８８９", "沪A77889", "lucky_dog2020", "EH7654321", "85年11月2号", "6123 9087", "85261239087",
               "x7k9p2", "七六五四三二一八九", "765432189")
CHAT_PII_FORMS = chat("T-PII-FORMS", [("agent", "您好，请问有什么可以帮您"), *FORM_LINES,
                                      ("agent", "好的，已经为您登记，感谢您的来电，再见")])
CHAT_CLEAN = chat("T-CLEAN-1", [
    ("agent", "您好，工号1023，很高兴为您服务，请问有什么可以帮您"),
    ("customer", "我想问一下宽带什么时候能装好"),
    ("agent", "跟您确认一下，您是要查询宽带安装进度对吗"),
    ("customer", "对的"),
    ("agent", "已经为您提交加急处理，24小时内师傅会联系您"),
    ("customer", "好的谢谢"),
    ("agent", "还有其他可以帮您的吗，感谢您的来电，祝您生活愉快，再见"),
])


def write_json(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def bad_items(inbox: Path) -> dict[str, str]:
    """Write one file per failure kind; returns file name → expected reason code."""
    (inbox / "C-EMPTY.wav").write_bytes(b"")
    (inbox / "C-NOTAUDIO.wav").write_text("这不是录音" * 100, encoding="utf-8")
    truncate(write_wav(inbox / "C-TRUNC.wav", seconds=4.0))
    write_wav(inbox / "C-BADSIDE.wav", seconds=1.0)
    (inbox / "C-BADSIDE.json").write_text('{"call_id": "C-BADSIDE", "started_at": ', encoding="utf-8")
    write_json(inbox / "T-BAD.json", {"call_id": "T-BAD", "segments": [{"speaker": "robot", "start": 0,
                                                                        "end": 1, "text": PHONE}]})
    return {"C-EMPTY.wav": "empty_file", "C-NOTAUDIO.wav": "not_audio", "C-TRUNC.wav": "truncated",
            "C-BADSIDE.wav": "malformed_sidecar", "T-BAD.json": "malformed_transcript"}


def copy_short_call(inbox: Path, call_id: str, agent_id: str = "A1001") -> None:
    shutil.copy(DATA / "short_call.ogg", inbox / f"{call_id}.ogg")
    side = json.loads((DATA / "short_call.json").read_text(encoding="utf-8"))
    side.update(call_id=call_id, agent_id=agent_id)
    write_json(inbox / f"{call_id}.json", side)


def counts(url: str) -> dict[str, int]:
    with session_scope(url) as s:
        return {m.__tablename__: int(s.scalar(select(func.count()).select_from(m)) or 0)
                for m in (Interaction, SegmentRow, Score, HitRow, ReviewItem, RedactionEvent, QuarantineRecord)}


def states(url: str) -> dict[str, str]:
    with session_scope(url) as s:
        return {i.call_id: i.state for i in s.scalars(select(Interaction))}
