"""Configuration is read in one place and checked when read; each error names the variable and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from callqa.config import Settings, db_url, retention_from_env, web_settings
from common.errors import ConfigError
from tests.conftest import REPO


def test_defaults(tmp_path: Path) -> None:
    s = Settings.load(env={})
    assert s.db_url == "sqlite:///callqa.db" and s.rubric == REPO / "rubrics" / "routing.yaml"
    assert (s.name_search, s.audio_mask, s.retention.days) == ("thorough", "silence", None)
    assert s.asr.workers == 2 and s.asr.model_dir == ""


def test_flag_beats_environment() -> None:
    assert db_url("sqlite:///a.db", {"CALLQA_DB_URL": "sqlite:///b.db"}) == "sqlite:///a.db"
    assert db_url(None, {"CALLQA_DB_URL": "postgresql://u@h/d"}) == "postgresql+psycopg://u@h/d"


@pytest.mark.parametrize(("env", "message"), [
    ({"CALLQA_RETENTION_DAYS": "-3"}, "CALLQA_RETENTION_DAYS: must be a number of days ≥ 0, got '-3'"),
    ({"CALLQA_RETENTION_ACTION": "shred"}, "CALLQA_RETENTION_ACTION: must be one of archive, delete, got 'shred'"),
    ({"CALLQA_ASR_WORKERS": "0"}, "CALLQA_ASR_WORKERS: must be a whole number ≥ 1, got '0'"),
    ({"CALLQA_AUDIO_MASK": "beep"}, "CALLQA_AUDIO_MASK: must be one of silence, tone, got 'beep'"),
    ({"CALLQA_NAME_SEARCH": "deep"}, "CALLQA_NAME_SEARCH: must be one of thorough, fast, exhaustive, got 'deep'"),
    ({"CALLQA_DB_URL": "mysql://x/y"}, "--db / CALLQA_DB_URL: unsupported database 'mysql'"),
    ({"CALLQA_ASSIGN_MODE": "random", "CALLQA_ASSIGN_TEAM": "a"},
     "CALLQA_ASSIGN_MODE: must be one of round-robin, by-queue, got 'random'"),
    ({"CALLQA_ASSIGN_QUEUES": "信用卡"}, "CALLQA_ASSIGN_QUEUES: '信用卡' is not QUEUE=reviewer1,reviewer2"),
    ({"CALLQA_ASSIGN_MODE": "by-queue", "CALLQA_ASSIGN_TEAM": "a"},
     "CALLQA_ASSIGN_QUEUES: CALLQA_ASSIGN_MODE=by-queue needs the queues' reviewers"),
    ({"CALLQA_ASSIGN_QUEUES": "信用卡=a"}, "CALLQA_ASSIGN_TEAM: round-robin needs reviewers"),
    ({"CALLQA_ALERT_WEBHOOK": "ftp://x"}, "CALLQA_ALERT_WEBHOOK: not an http(s) URL"),
    ({"CALLQA_SAMPLING": "/no/such/plans.yaml"}, "/no/such/plans.yaml: cannot read the sampling plans file"),
])
def test_bad_values_stop_with_the_variable_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as err:
        Settings.load(env=env)
    assert err.value.message.startswith(message)


def test_retention_and_web_settings() -> None:
    assert retention_from_env({"CALLQA_RETENTION_DAYS": "30", "CALLQA_RETENTION_ACTION": "delete"}).describe() == \
        "delete after 30 days"
    web = web_settings(env={"CALLQA_WEB_SECRET": "s", "CALLQA_MEDIA_DIR": "/m"})
    assert web.secret_key == "s" and web.media_dir == Path("/m")
    assert web_settings(env={}).secret_key != web_settings(env={}).secret_key  # random per process start


def test_night_operations_settings(tmp_path: Path) -> None:
    plans = tmp_path / "plans.yaml"
    plans.write_text("plans:\n  - {name: p, per: [agent], period: week, count: 5}\n", encoding="utf-8")
    s = Settings.load(env={"CALLQA_ASSIGN_MODE": "by-queue", "CALLQA_ASSIGN_QUEUES": "信用卡=li,wang; 售后=zhao",
                           "CALLQA_ASSIGN_TEAM": "zhou", "CALLQA_SAMPLING": str(plans),
                           "CALLQA_ALERT_WEBHOOK": "http://127.0.0.1:9/hook"})
    assert s.assignment is not None and s.assignment.queues == {"信用卡": ("li", "wang"), "售后": ("zhao",)}
    assert s.assignment.team == ("zhou",) and s.sampling == plans and s.alerts.webhook == "http://127.0.0.1:9/hook"
    empty = Settings.load(env={})
    assert (empty.assignment, empty.sampling, empty.alerts.webhook, empty.alerts.routes_file) == (None,) * 4
