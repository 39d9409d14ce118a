"""Sampling plans (D131) on SQLite and PostgreSQL: validated YAML with file:line errors, a quota per agent and
week filled deterministically, re-runs and parallel pickers never sampling twice, sampled items marked."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from common.errors import ConfigError
from scoring import load_rubric, score_transcript
from storage.db import session_scope
from storage.interactions import register, store_redacted_transcript
from storage.models import Interaction, ReviewItem
from storage.queue import QueueSettings, enqueue
from storage.sampling import SamplingPick, rank, sample_days
from storage.sampling_plans import Plan, SamplingPlans, load_plans
from storage.scores import store_score
from transcripts.models import Segment, Transcript

RUBRIC = """\
id: tiny
version: "1"
scorecard: {服务态度: 100}
policy: {escalation_indicator: F1, calibration_share: 0}
indicators:
  - {id: F1, title: 投诉, severity: red, when: {keyword: {speaker: customer, phrases: [投诉]}}}
"""
MONDAY = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 Beijing, a Monday
WEEKLY = Plan(name="每周抽检", per=("agent",), period="week", count=3)
NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


def _store(db_url: str, rubric_path: Path, calls: list[tuple[str, str, datetime, str]]) -> None:
    """(call id, agent id, started, agent text): stored, scored and queued as the night does."""
    rubric = load_rubric(rubric_path)
    with session_scope(db_url) as s:
        for call_id, agent, started, text in calls:
            found = register(s, call_id=call_id, content_sha256=f"{abs(hash(call_id)):064d}"[-64:],
                             kind="transcript", source_name=f"{call_id}.json", run_id=None)
            inter = found.interaction
            assert inter is not None
            tr = Transcript(call_id=call_id, channel="chat", started_at=started, queue="售后", agent_id=agent,
                            segments=(Segment(speaker="customer", start=0.5, end=3, text=text),))
            store_redacted_transcript(s, inter, tr, None, None)
            enqueue(s, inter, store_score(s, inter, score_transcript(tr, rubric), None), now=started,
                    settings=QueueSettings())


@pytest.fixture
def week(db_url: str, tmp_path: Path) -> str:
    """Agent A1: 6 clean calls and 1 complaint (flagged) that week, one clean call the week after; A2: 2 calls."""
    path = tmp_path / "tiny.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    calls = [(f"A1-{n}", "A1", MONDAY + timedelta(days=n % 5, hours=n), "好的谢谢") for n in range(6)]
    calls += [("A1-F", "A1", MONDAY, "我要投诉"), ("A1-NEXT", "A1", MONDAY + timedelta(days=7), "好的")]
    calls += [(f"A2-{n}", "A2", MONDAY + timedelta(days=1), "好的") for n in range(2)]
    _store(db_url, path, calls)
    return db_url


def _sample(db_url: str, plans: tuple[Plan, ...] = (WEEKLY,), days: list[date] | None = None) -> dict[str, list[str]]:
    with session_scope(db_url) as s:
        return sample_days(s, plans, days or [date(2026, 11, 24)], now=NOW, settings=QueueSettings())


def test_quota_per_agent_and_week_by_hash_rank(week: str) -> None:
    picked = _sample(week)["每周抽检"]
    a1 = sorted((f"A1-{n}" for n in range(6)), key=lambda c: rank("每周抽检", c))[:3]
    assert sorted(picked) == sorted([*a1, "A2-0", "A2-1"])  # A2 has only two; flagged and next-week calls not
    with session_scope(week) as s:
        items = s.execute(select(Interaction.call_id, ReviewItem.sample_plan, ReviewItem.reasons,
                                 ReviewItem.severity, Interaction.state)
                          .join(ReviewItem, ReviewItem.interaction_id == Interaction.id)).all()
    sampled = {c: (plan, reasons, sev, state) for c, plan, reasons, sev, state in items if plan}
    assert set(sampled) == set(picked)
    assert sampled["A2-0"] == ("每周抽检", ["抽检计划「每周抽检」：每坐席每周 3 通"], "blue", "queued")
    flagged = next(p for c, p, *_ in items if c == "A1-F")
    assert flagged is None  # the flag policy's item is not a sample


def test_rerun_samples_nothing_and_later_calls_fill_free_slots(week: str, tmp_path: Path) -> None:
    first = _sample(week)["每周抽检"]
    assert _sample(week) == {"每周抽检": []}
    _store(week, tmp_path / "tiny.yaml", [("A2-LATE", "A2", MONDAY + timedelta(days=4), "好的")])
    assert _sample(week) == {"每周抽检": ["A2-LATE"]}  # A2's third slot; A1's week stays full
    with session_scope(week) as s:
        slots = s.execute(select(SamplingPick.group_key, func.count()).group_by(SamplingPick.group_key)).all()
    assert dict(slots) == {"agent=A1": 3, "agent=A2": 3} and len(first) == 5


def test_the_next_week_is_its_own_period(week: str) -> None:
    assert _sample(week, days=[date(2026, 11, 30)]) == {"每周抽检": ["A1-NEXT"]}


def _pick(url: str, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from sqlalchemy.exc import OperationalError

    for _ in range(20):  # SQLite: a busy writer is retried, as the night's task retries transient errors
        try:
            out.put(len(_sample(url)["每周抽检"]))
            return
        except OperationalError:
            continue
    out.put(-1)


def test_parallel_pickers_never_sample_twice(week: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    workers = [ctx.Process(target=_pick, args=(week, out)) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert sorted(out.get(timeout=5) for _ in workers) == [0, 0, 5]
    with session_scope(week) as s:
        assert s.scalar(select(func.count()).select_from(SamplingPick)) == 5


def test_plans_per_queue_and_agent_filters(week: str) -> None:
    plan = Plan(name="队列抽检", per=("queue",), period="month", count=2, agents=("A2",))
    assert sorted(_sample(week, (plan,))["队列抽检"]) == ["A2-0", "A2-1"]


@pytest.mark.parametrize(("text", "where", "message"), [
    ("plans:\n  - name: a\n    per: [agnet]\n    period: week\n    count: 5\n", ":3",
     "plans.0.per.0: Input should be 'agent' or 'queue' (use one or both of agent, queue, e.g. per: [agent])"),
    ("plans:\n  - name: a\n    per: [agent]\n    period: weekly\n    count: 5\n", ":4",
     "plans.0.period: Input should be 'day', 'week' or 'month' (use one of day, week, month)"),
    ("plans:\n  - name: a\n    per: [agent]\n    period: week\n    count: 0\n", ":5",
     "plans.0.count: Input should be greater than or equal to 1 (use a whole number of calls from 1 to 1000)"),
    ("plans:\n  - name: a\n    per: [agent]\n    period: week\n    count: 5\n    team: [x]\n", ":6",
     "plans.0.team: Extra inputs are not permitted (allowed fields: plans[name, per, period, count, queues, agents])"),
    ("plans:\n  - name: a\n    name: b\n", ":3", "duplicate key 'name' (keep one)"),
])
def test_plan_file_errors_name_file_and_line(tmp_path: Path, text: str, where: str, message: str) -> None:
    path = tmp_path / "sampling.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_plans(path)
    assert err.value.message == f"{path}{where}: {message}"


def test_bundled_example_file_is_valid() -> None:
    plans = load_plans(Path(__file__).parents[2] / "rubrics" / "sampling.example.yaml")
    assert isinstance(plans, SamplingPlans) and plans.plans


def test_sampled_items_are_marked_in_the_queue(week: str) -> None:
    from fastapi.testclient import TestClient

    from callqa.web import create_app
    from tests.web.conftest import login, web_settings
    from tests.web.seed import seed_users

    picked = _sample(week)["每周抽检"]
    with session_scope(week) as s:
        seed_users(s)
    page = login(TestClient(create_app(week, web_settings())), "qa1").get("/queue").text
    assert page.count('title="抽检计划：每周抽检">抽检</span>') == len(picked)
    assert "抽检计划「每周抽检」：每坐席每周 3 通" in page


def test_cli_check_and_run(week: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from callqa.cli import main

    path = tmp_path / "plans.yaml"
    path.write_text("plans:\n  - {name: 周抽检, per: [agent], period: week, count: 1}\n", encoding="utf-8")
    assert main(["sample", "check", str(path)]) == 0
    assert main(["sample", "run", "--since", "2026-11-23", "--until", "2026-11-29", "--plans", str(path),
                 "--db", week]) == 0
    assert main(["sample", "run", "--since", "2026-11-23", "--plans", str(path), "--db", week]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}: 1 plan(s) OK"
    assert out[1].startswith("周抽检: 2 call(s) sent to review ") and out[2] == "周抽检: 0 call(s) sent to review"
    path.write_text("plans:\n  - {name: 周抽检, per: [agent], period: weekly, count: 1}\n", encoding="utf-8")
    assert main(["sample", "check", str(path)]) == 2
    assert f"{path}:2: plans.0.period" in capsys.readouterr().err
