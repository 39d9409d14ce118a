"""The redacted recording: served only from the media directory and only as ``*.redacted.ogg``; the player and
the jump-to-evidence buttons appear only when that copy exists; otherwise the page says 无录音."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from callqa.web import create_app
from callqa.web.routes.calls import redacted_audio
from callqa.web.settings import WebSettings
from storage.db import session_scope
from storage.models import Interaction
from tests.web.conftest import HASHER, login
from tests.web.seed import seed

OGG = b"OggS\x00fake redacted audio"
ORIGINAL = b"OggS\x00ORIGINAL with raw voice"


@pytest.fixture
def media(tmp_path: Path) -> Path:
    (tmp_path / "media").mkdir()
    (tmp_path / "inbox").mkdir()
    (tmp_path / "media" / "CALL-0001.redacted.ogg").write_bytes(OGG)
    (tmp_path / "inbox" / "CALL-0001.ogg").write_bytes(ORIGINAL)
    (tmp_path / "inbox" / "CALL-0001.redacted.ogg").write_bytes(ORIGINAL)  # right name, wrong place
    (tmp_path / "media" / "CALL-0001.ogg").write_bytes(ORIGINAL)  # right place, not a redacted copy
    return tmp_path / "media"


@pytest.mark.parametrize(("stored", "served"), [
    ("media/CALL-0001.redacted.ogg", True),
    (None, False),
    ("", False),
    ("media/missing.redacted.ogg", False),
    ("inbox/CALL-0001.ogg", False),
    ("inbox/CALL-0001.redacted.ogg", False),
    ("media/CALL-0001.ogg", False),
    ("media/../inbox/CALL-0001.redacted.ogg", False),
])
def test_only_the_redacted_copy_in_the_media_dir(media: Path, stored: str | None, served: bool) -> None:
    path = str(media.parent / stored) if stored else stored
    assert (redacted_audio(path, media) is not None) is served


def _client(url: str, media: Path, stored: Path) -> tuple[TestClient, int]:
    data = seed(url, HASHER)
    with session_scope(url) as s:
        s.get_one(Interaction, data.main_interaction).redacted_audio = str(stored)
    client = TestClient(create_app(url, WebSettings(secret_key="k", media_dir=media)))
    return login(client, "qa1"), data.main_item


def test_player_and_jump_buttons_with_a_redacted_copy(sqlite_url: str, media: Path) -> None:
    client, item = _client(sqlite_url, media, media / "CALL-0001.redacted.ogg")
    page = client.get(f"/calls/{item}").text
    assert f'<audio id="player" controls preload="none" src="/calls/{item}/audio">' in page
    assert 'data-seek="8.1"' in page and "▶ 听证据" in page and "无录音" not in page
    resp = client.get(f"/calls/{item}/audio")
    assert resp.status_code == 200 and resp.content == OGG and resp.headers["content-type"] == "audio/ogg"


@pytest.mark.parametrize("stored", ["inbox/CALL-0001.ogg", "inbox/CALL-0001.redacted.ogg", "media/CALL-0001.ogg"])
def test_an_original_is_never_served(sqlite_url: str, media: Path, stored: str) -> None:
    client, item = _client(sqlite_url, media, media.parent / stored)
    page = client.get(f"/calls/{item}").text
    assert "无录音" in page and "<audio" not in page and "data-seek" not in page
    resp = client.get(f"/calls/{item}/audio")
    assert resp.status_code == 404 and ORIGINAL not in resp.content and "无录音" in resp.text
