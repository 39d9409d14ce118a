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
