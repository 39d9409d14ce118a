"""A hit matched by sound (issue 19) is stored as such (``hits.by_sound`` and per span) and every page and the
API say so: the reviewer's call page and the agent's own call page show 按读音匹配, the hit JSON has
``by_sound``. Real scoring, real redaction, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from scoring import load_rubric, score_transcript
from storage.db import session_scope
from storage.models import HitRow, ReviewItem, Run
from storage.scores import store_score
from tests.conftest import REPO
from tests.web.api_support import bearer, tokens_for
from tests.web.conftest import HASHER
from tests.web.seed import Seeded, _call

Web = tuple[Callable[[str | None], TestClient], Seeded]
LINES = (("agent", 0.5, "您好，工号1023，很高兴为您服务"),
         ("customer", 3.0, "你们再不处理，我就去工信不投诉你们"),  # the ASR's spelling of 工信部投诉
         ("agent", 7.0, "非常抱歉，我马上为您处理"))


def _sound_call(url: str) -> tuple[int, int]:
    with session_scope(url) as s:
        run_id = s.scalars(select(Run.id)).first()
        assert run_id is not None
        inter, redacted = _call(s, HASHER, "CALL-SOUND", LINES, agent="A007", queue="credit_card",
                                started=datetime.now(UTC) - timedelta(hours=2), run_id=run_id)
        result = score_transcript(redacted, load_rubric(REPO / "rubrics" / "default.yaml"))
        score = store_score(s, inter, result, None)
        item = ReviewItem(interaction_id=inter.id, score_id=score.id, severity="red", priority=10,
                          due_at=datetime.now(UTC) + timedelta(hours=1), reasons=list(result.flag_reasons))
        s.add(item)
        inter.state = "queued"
        s.flush()
        return item.id, inter.id


def test_sound_hit_is_stored_and_shown(web: Web, db_url: str) -> None:
    client_for, _ = web
    item_id, interaction_id = _sound_call(db_url)
    with session_scope(db_url) as s:
        r31 = s.scalars(select(HitRow).where(HitRow.indicator == "R31", HitRow.by_sound.is_(True))).one()
        assert r31.matches == [{"segment": 1, "start": 10, "end": 15, "text": "工信不投诉", "by_sound": True}]
        assert "（按读音匹配）" in r31.reason
        assert not s.scalars(select(HitRow).where(HitRow.indicator == "R10", HitRow.by_sound.is_(True))).all()
    page = client_for("qa1").get(f"/calls/{item_id}").text
    assert '<mark class="sev-red"' in page and ">工信不投诉</mark><span class=\"by-sound\">按读音匹配</span>" in page
    assert 'class="badge by-sound"' in page
    mine = client_for("agent1").get(f"/me/calls/{interaction_id}")
    assert mine.status_code == 200 and "按读音匹配" in mine.text


def test_api_hit_json_says_by_sound(web: Web, db_url: str) -> None:
    client_for, _ = web
    _sound_call(db_url)
    token = tokens_for(db_url, ("sup1",))["sup1"]
    body = client_for(None).get("/api/v1/interactions/CALL-SOUND", headers=bearer(token))
    hits = {h["indicator"]: h for h in body.json()["scores"][-1]["hits"]}
    assert hits["R31"]["by_sound"] is True
    assert hits["R31"]["matches"] == [{"segment": 1, "start": 10, "end": 15, "text": "工信不投诉", "by_sound": True}]
    assert all(h["by_sound"] is False for k, h in hits.items() if k != "R31")
