"""The call page shows the automatic and the effective score, every change with who/why, and the indicators
that could not be checked; ``store_score`` keeps them. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select

from scoring import load_rubric, score_transcript
from storage.db import session_scope
from storage.interactions import register
from storage.models import HitRow, ReviewItem, Score
from storage.scores import store_score
from tests.conftest import REPO
from tests.web.conftest import post
from tests.web.seed import Seeded
from transcripts.models import Segment, Transcript

Web = tuple[Callable[[str | None], TestClient], Seeded]


def test_chat_score_stores_its_not_applicable_indicators(db_url: str) -> None:
    chat = Transcript(call_id="CHAT-1", channel="chat", started_at=datetime(2026, 11, 21, tzinfo=UTC),
                      segments=(Segment(speaker="customer", start=0, end=0, text="在吗"),
                                Segment(speaker="agent", start=0, end=0, text="您好，请问有什么可以帮您")))
    result = score_transcript(chat, load_rubric(REPO / "rubrics" / "default.yaml"))
    assert result.not_applicable
    with session_scope(db_url) as s:
        inter = register(s, call_id="CHAT-1", content_sha256="c" * 64, kind="transcript",
                         source_name="CHAT-1.json", run_id=None).interaction
        assert inter is not None
        score_id = store_score(s, inter, result, None).id
    with session_scope(db_url) as s:
        assert s.get_one(Score, score_id).not_applicable == list(result.not_applicable)


def test_call_page_shows_scores_history_and_not_applicable(web: Web, db_url: str) -> None:
    client_for, data = web
    item_id = data.other_items[0]
    with session_scope(db_url) as s:
        s.get_one(Score, s.get_one(ReviewItem, item_id).score_id).not_applicable = ["R01", "R03"]
    qa = client_for("qa1")
    page = qa.get(f"/calls/{item_id}").text
    assert "自动评分 95.0" in page and "未检查" in page and "R01、R03" in page and "复核后" not in page
    with session_scope(db_url) as s:
        hit_id = s.scalars(select(HitRow.id).where(HitRow.score_id == s.get_one(ReviewItem, item_id).score_id)).one()
    page = post(qa, f"/calls/{item_id}/verdict", hit_id=str(hit_id), verdict="false_positive", comment="系统故障属实")
    assert "100.0 分" in page and "复核后 100.0" in page
    assert "命中结论" in page and "95.0 → 100.0" in page and "R12 误报，退回扣分" in page and "qa1" in page
