"""Queue filters, sorting and pagination; rule quality and auto-close; compliance log, chain status, export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from common.beijing import beijing_day
from storage.audit_chain import ChainKeys
from storage.db import session_scope
from storage.models import HitRow, RedactionEvent, ReviewItem
from storage.review import HitVerdict
from tests.web.conftest import HASHER, post
from tests.web.seed import RAW_VALUES, Seeded

Web = tuple[Callable[[str | None], TestClient], Seeded]


def _calls_on(page: str) -> list[str]:
    return [part.split("<", 1)[0] for part in page.split('">CALL-')[1:]]


def test_queue_sorted_by_severity_then_due_with_counts(web: Web) -> None:
    client_for, _ = web
    page = client_for("qa1").get("/queue").text
    assert _calls_on(page) == ["0001", "0002", "0003"]
    assert "已超时 <b>1</b>" in page and "红 <b>1</b>" in page and "待复核 <b>3</b>" in page


def test_queue_filters(web: Web) -> None:
    client_for, data = web
    qa = client_for("qa1")
    assert _calls_on(qa.get("/queue?agent=A008").text) == ["0002"]
    assert _calls_on(qa.get("/queue?queue=loans").text) == ["0003"]
    assert _calls_on(qa.get("/queue?indicator=R31").text) == ["0001"]
    assert _calls_on(qa.get("/queue?severity=blue").text) == ["0003"]
    assert _calls_on(qa.get("/queue?high=1").text) == []
    assert _calls_on(qa.get("/queue?status=resolved").text) == []
    day = beijing_day(datetime.now(UTC) - timedelta(days=2)).isoformat()  # the queue files calls by Beijing day
    assert "0002" in _calls_on(qa.get(f"/queue?day={day}").text)
    post(qa, f"/queue/{data.other_items[1]}/claim", back="/queue?")
    assert _calls_on(qa.get("/queue?assignee=qa1").text) == ["0003"]


def test_queue_pagination(web: Web) -> None:
    client_for, _ = web
    qa = client_for("qa1")
    qa.app.state.settings = type(qa.app.state.settings)(secret_key="test-secret", per_page=2)  # type: ignore[attr-defined]
    first, second = qa.get("/queue").text, qa.get("/queue?page=2").text
    assert _calls_on(first) == ["0001", "0002"] and _calls_on(second) == ["0003"]
    assert "第 1 / 2 页" in first and "下一页" in first


def test_rule_quality_and_auto_close(web: Web, db_url: str) -> None:
    client_for, data = web
    sup = client_for("sup1")
    page = post(sup, "/rules/R12/auto-close", enabled="1")
    assert "只有已复核" in page  # not proven yet
    with session_scope(db_url) as s:
        for _ in range(10):  # a proven rule: ten confirmed verdicts
            s.add(HitVerdict(hit_id=_extra_hit(s), indicator="R12", verdict="confirmed", reviewer="qa1"))
    page = sup.get("/rules").text
    assert "100%" in page
    page = post(sup, "/rules/R12/auto-close", enabled="1")
    assert "R12 自动确认已开启，确认了 2 条待复核命中" in page
    detail = client_for("qa1").get(f"/calls/{data.other_items[0]}").text
    assert "系统（自动确认）" in detail and "结论：确认" in detail


def _extra_hit(session: Session) -> int:
    item = session.scalars(select(ReviewItem).order_by(ReviewItem.id).limit(1)).one()
    hit = HitRow(score_id=item.score_id, indicator="R12", title="推脱系统原因", severity="yellow", evidence="…",
                 reason="测试", segments=[], matches=[])
    session.add(hit)
    session.flush()
    return int(hit.id)


def test_compliance_log_export_and_chain(web: Web, db_url: str) -> None:
    client_for, data = web
    comp = client_for("comp1")
    page = comp.get("/compliance").text
    assert "✔ 完整，已校验 3 条记录" in page and "PHONE 1" in page and "phone_cn" in page
    assert "锚点（第 3 条）之后的 0 条记录完整" in page
    detail = comp.get(f"/compliance/calls/{data.main_interaction}").text
    assert detail.count("<tr>") == 4 and "ID_CARD" in detail
    rows = list(csv.DictReader(io.StringIO(comp.get("/compliance/export.csv").text)))
    assert [r["pii_type"] for r in rows] == ["PERSON_NAME", "PHONE", "ID_CARD"]
    assert "value_hash" not in rows[0]
    exported = comp.get("/compliance/export.json?call=CALL-0001").text
    assert len(json.loads(exported)) == 3 and not [v for v in RAW_VALUES if v in exported]
    assert json.loads(comp.get("/compliance/export.json?call=NOPE").text) == []
    with session_scope(db_url) as s:
        s.execute(update(RedactionEvent).where(RedactionEvent.seq == 2).values(start=0))
    page = comp.get("/compliance").text
    assert "完整，已校验 3 条记录" in page  # an anchored record's edit waits for the next full check …
    assert "分钟前" in page  # … whose age is shown
    page = post(comp, "/compliance/verify")
    assert "校验完成：已损坏" in page and "已损坏：第 2 条记录起异常（记录内容被改动）" in page
    assert "校验人 comp1" in page


def test_compliance_view_checks_the_tail_against_the_anchor_on_every_view(web: Web, db_url: str) -> None:
    from storage.models import AuditHead

    client_for, _ = web
    comp = client_for("comp1")
    assert "增量校验通过" in comp.get("/compliance").text
    with session_scope(db_url) as s:  # delete the newest record and move the head to match
        s.execute(delete(RedactionEvent).where(RedactionEvent.seq == 3))
        prev = s.scalars(select(RedactionEvent.record_hash).where(RedactionEvent.seq == 2)).one()
        s.execute(update(AuditHead).values(seq=2, last_hash=prev))
    page = comp.get("/compliance").text  # nobody pressed 校验
    assert "增量校验失败：链尾被截断（少于锚点记录数）" in page


def test_compliance_names_a_missing_key_and_an_edited_anchor(web: Web) -> None:
    client_for, _ = web
    comp = client_for("comp1")
    settings = comp.app.state.settings  # type: ignore[attr-defined]
    anchor = settings.anchor_file.read_text()
    settings.anchor_file.write_text(anchor.replace('"seq": 3', '"seq": 2'))
    assert "增量校验失败：锚点被篡改" in comp.get("/compliance").text
    settings.anchor_file.write_text(anchor)
    settings.key_file.unlink()
    assert "增量校验失败：密钥文件缺失" in comp.get("/compliance").text
    assert "无法校验：密钥文件缺失" in post(comp, "/compliance/verify")


def test_compliance_csv_export_neutralises_formulas(web: Web, db_url: str) -> None:
    from storage.models import Interaction

    client_for, data = web
    with session_scope(db_url) as s:
        s.execute(update(Interaction).where(Interaction.id == data.main_interaction)
                  .values(call_id="=HYPERLINK(\"http://x\",\"a\")"))
        s.execute(update(RedactionEvent).where(RedactionEvent.seq == 1).values(detector="+1", speaker="@x"))
    rows = list(csv.DictReader(io.StringIO(client_for("comp1").get("/compliance/export.csv").text)))
    assert {r["call_id"] for r in rows} == {"'=HYPERLINK(\"http://x\",\"a\")"}
    assert (rows[0]["detector"], rows[0]["speaker"], rows[0]["seq"]) == ("'+1", "'@x", "1")


def test_compliance_calls_search_by_prefix(web: Web) -> None:
    client_for, data = web
    comp = client_for("comp1")
    assert "共 1 通有脱敏记录" in comp.get("/compliance").text
    assert f"/compliance/calls/{data.main_interaction}" in comp.get("/compliance?call=CALL-00").text
    page = comp.get("/compliance?call=%25").text  # LIKE wildcards are literal
    assert "共 0 通有脱敏记录" in page and "/compliance/calls/" not in page


def test_queue_page_applies_switched_on_rules_to_new_items(web: Web, db_url: str) -> None:
    from storage.review import RuleSetting

    client_for, _ = web
    with session_scope(db_url) as s:
        s.add(RuleSetting(indicator="R12", auto_close=True, updated_by="sup1"))
    page = client_for("qa1").get("/queue").text
    assert _calls_on(page) == ["0001"] and "待复核 <b>1</b>" in page


def test_compliance_shows_records_appended_since_the_last_check(web: Web, db_url: str) -> None:
    from storage.audit import append_detections
    from transcripts.models import Detection

    client_for, data = web
    comp = client_for("comp1")
    comp.get("/compliance")  # first visit records a check
    det = Detection(segment=1, start=0, end=3, type="PHONE", detector="phone_cn", detector_version="1.2",
                    confidence=0.9)
    with session_scope(db_url) as s:
        append_detections(s, run_id=None, interaction_id=data.main_interaction, detections=[det, det],
                          keys=ChainKeys(HASHER))
    shown = comp.get("/compliance").text
    assert "此后新增 2 条记录未经完整校验" in shown
    assert "之后的 2 条记录完整" in shown  # the incremental check on every view covers them already
    assert "完整，已校验 5 条记录" in post(comp, "/compliance/verify")


def test_claim_next_takes_the_most_urgent_unassigned_item_under_the_filters(web: Web) -> None:
    client_for, _ = web
    qa1, qa2 = client_for("qa1"), client_for("qa2")
    assert "通话 CALL-0001" in post(qa1, "/queue/next", filters="")
    assert "通话 CALL-0003" in post(qa2, "/queue/next", filters="queue=loans")
    assert "通话 CALL-0002" in post(qa2, "/queue/next", filters="status=resolved")  # status filter is ignored
    assert "没有可领取的条目" in post(qa1, "/queue/next", filters="")
    page = qa1.get("/queue?status=all").text
    assert page.count("<td>qa2</td>") == 2 and page.count("<td>qa1</td>") == 1


def test_detail_tells_the_reviewer_about_asr_flags_and_inferred_roles(web: Web, db_url: str) -> None:
    from storage.models import SegmentRow

    client_for, data = web
    with session_scope(db_url) as s:
        s.execute(update(SegmentRow).where(SegmentRow.interaction_id == data.main_interaction, SegmentRow.idx == 0)
                  .values(flags=["repetition_loop"], role_confidence=0.55))
    page = client_for("qa1").get(f"/calls/{data.main_item}").text
    assert "识别异常：重复内容已截断" in page and "说话人为推断（置信度 0.55）" in page


def test_unscorable_call_shows_its_reason_not_a_score(web: Web, db_url: str) -> None:
    from storage.models import Score

    client_for, data = web
    with session_scope(db_url) as s:
        item = s.get_one(ReviewItem, data.main_item)
        s.execute(update(Score).where(Score.id == item.score_id).values(unscorable=True, score=0.0))
        item.reasons = ["无有效语音，无法评分"]
    client = client_for("qa1")
    queue = client.get("/queue").text
    assert "无法评分" in queue and "无有效语音，无法评分" in queue
    detail = client.get(f"/calls/{data.main_item}").text
    assert '<p class="big">无法评分</p>' in detail and '<p class="big">0.0 分' not in detail
