"""Seed a review workbench database: one account per role and a few flagged calls.

The main call's transcript is RAW (phone number, ID number, name) and goes through the real redactor and
the audit chain, so page tests can search every response for the raw values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from callqa.web.passwords import hash_password
from common.keys import KeyedHasher
from storage.audit import append_detections
from storage.audit_chain import ChainKeys
from storage.db import session_scope
from storage.interactions import register, store_redacted_transcript
from storage.models import HitRow, Interaction, ReviewItem, Run, Score
from storage.review import User
from tests.redaction.values import id_number
from transcripts.models import Segment, Transcript
from transcripts.redaction.engine import build_redactor
from transcripts.redaction.transcript import redact_transcript

PASSWORD = "Callqa-测试-2026"
USERS = {"qa1": "qa", "qa2": "qa", "sup1": "supervisor", "comp1": "compliance", "admin1": "admin", "agent1": "agent",
         "agent2": "agent"}
DISPLAY = {"qa1": "李质检", "qa2": "赵质检", "sup1": "周主管", "comp1": "吴合规", "admin1": "管理员",
           "agent1": "孙坐席",
           "agent2": "钱坐席"}
AGENT_IDS = {"agent1": "A007", "agent2": "A008"}
"""agent1 handles the main call, agent2 the second one."""
RAW_PHONE = "13812345678"
RAW_ID = id_number()
RAW_NAME = "王建国"
RAW_VALUES = (RAW_PHONE, RAW_ID, RAW_NAME)
MAIN_LINES = (
    ("agent", 0.4, "您好，这里是信用卡中心，请问有什么可以帮您？"),
    ("customer", 3.0, f"我叫{RAW_NAME}，手机号{RAW_PHONE}，我的卡被盗刷了"),
    ("agent", 8.1, "这个不归我们管，你自己去报警吧"),
    ("customer", 12.5, "你这什么态度？我要投诉你们！"),
    ("agent", 16.0, "随便你投诉"),
    ("customer", 19.2, f"我的身份证号是{RAW_ID}"),
)
DIMENSIONS = [{"name": "服务态度", "max": 40, "score": 30, "deductions": 10},
              {"name": "业务规范", "max": 60, "score": 60, "deductions": 0}]
OTHER_DIMENSIONS = [{"name": "服务态度", "max": 40, "score": 40, "deductions": 0},
                    {"name": "业务规范", "max": 60, "score": 55, "deductions": 5}]
"""The other calls' one R12 hit takes 5 points of 业务规范 (score 95), so verdicts can give them back."""


@dataclass(frozen=True)
class Seeded:
    main_item: int
    main_interaction: int
    hit_ids: dict[str, int]
    other_items: tuple[int, ...]


def seed_users(session: Session) -> None:
    digest = hash_password(PASSWORD)  # one scrypt for all: tests stay fast
    for name, role in USERS.items():
        session.add(User(username=name, display_name=DISPLAY[name], role=role, password_hash=digest,
                         agent_id=AGENT_IDS.get(name)))


def _hit(text: str, seg: int, phrase: str | None, **kw: object) -> HitRow:
    matches = []
    if phrase:
        start = text.index(phrase)
        matches = [{"segment": seg, "start": start, "end": start + len(phrase), "text": phrase}]
    return HitRow(segments=[seg], evidence=text, matches=matches, **kw)


def _call(session: Session, hasher: KeyedHasher, call_id: str, lines: tuple[tuple[str, float, str], ...], *,
          agent: str, queue: str, started: datetime, run_id: int) -> tuple[Interaction, Transcript]:
    outcome = register(session, call_id=call_id, content_sha256=f"{call_id:0>64}"[-64:], kind="transcript",
                       source_name=f"{call_id}.json", run_id=run_id)
    inter = outcome.interaction
    assert inter is not None
    raw = Transcript(call_id=call_id, channel="phone", started_at=started, duration_s=lines[-1][1] + 4,
                     agent_id=agent, queue=queue, customer_id=f"C-{call_id}",
                     segments=tuple(Segment(speaker=s, start=t, end=t + 3, text=x) for s, t, x in lines))
    redacted = redact_transcript(raw, hasher, build_redactor())
    store_redacted_transcript(session, inter, redacted.transcript, hasher.hash(f"C-{call_id}"),
                              hasher.key_id)
    append_detections(session, run_id=run_id, interaction_id=inter.id, detections=list(redacted.detections),
                      keys=ChainKeys(hasher))
    session.flush()
    return inter, redacted.transcript


def _queue(session: Session, inter: Interaction, hits: list[HitRow], *, severity: str, score: float, due: datetime,
           reasons: list[str], dimensions: list[dict[str, object]] = DIMENSIONS) -> ReviewItem:
    row = Score(interaction_id=inter.id, rubric_id="default", rubric_version="1", rubric_hash=f"h-{inter.call_id}",
                score=score, fatal=any(h.fatal for h in hits), flagged=True, severity=severity,
                flag_reasons=reasons, dimensions=dimensions)
    row.hits = hits
    session.add(row)
    session.flush()
    rank = {"red": 1, "yellow": 2, "blue": 3}[severity]
    item = ReviewItem(interaction_id=inter.id, score_id=row.id, severity=severity, priority=rank * 10, due_at=due,
                      reasons=reasons)
    session.add(item)
    inter.state = "queued"
    session.flush()
    return item


def seed(url: str, hasher: KeyedHasher) -> Seeded:
    now = datetime.now(UTC)
    with session_scope(url) as session:
        seed_users(session)
        run = Run(inbox="inbox", code_version="test", status="finished", versions={"redactor": "test"})
        session.add(run)
        session.flush()
        inter, tr = _call(session, hasher, "CALL-0001", MAIN_LINES, agent="A007", queue="credit_card",
                          started=now - timedelta(hours=20), run_id=run.id)
        texts = [s.text for s in tr.segments]
        hits = [
            _hit(texts[2], 2, "不归我们管", indicator="R10", title="推诿客户", severity="yellow", dimension="服务态度",
                 deduction=10, reason="坐席以“不归我们管”推诿，未受理客户问题"),
            _hit(texts[3], 3, "我要投诉", indicator="R31", title="客户投诉倾向", severity="red",
                 reason="客户明确表示要投诉"),
            _hit(texts[4], 4, None, indicator="R05", title="辱骂或嘲讽客户", severity="red", fatal=True,
                 reason="坐席对客户出言不逊（致命项）"),
        ]
        main = _queue(session, inter, hits, severity="red", score=0.0, due=now - timedelta(minutes=30),
                      reasons=["致命项：辱骂或嘲讽客户", "客户投诉倾向"])
        others = []
        for n, (sev, agent, queue, due_h) in enumerate((("yellow", "A008", "credit_card", 3),
                                                        ("blue", "A009", "loans", 20)), start=2):
            lines = (("agent", 0.5, "您好，请问有什么可以帮您"), ("customer", 2.0, "我想问一下账单的事情"),
                     ("agent", 5.0, "稍等，我这边系统比较慢"))
            o_inter, o_tr = _call(session, hasher, f"CALL-000{n}", lines, agent=agent, queue=queue,
                                  started=now - timedelta(days=n), run_id=run.id)
            o_hits = [_hit(o_tr.segments[2].text, 2, "系统比较慢", indicator="R12", title="推脱系统原因",
                           severity=sev, dimension="业务规范", deduction=5, reason="以系统原因搪塞客户")]
            others.append(_queue(session, o_inter, o_hits, severity=sev, score=95.0,
                                 due=now + timedelta(hours=due_h), reasons=["推脱系统原因"],
                                 dimensions=OTHER_DIMENSIONS).id)
        return Seeded(main.id, inter.id, {h.indicator: h.id for h in hits}, tuple(others))
