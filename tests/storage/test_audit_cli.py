"""callqa audit verify / export / calls: what a compliance officer runs (values never appear)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import update

from callqa.cli import main
from storage.db import session_scope
from storage.models import Interaction, RedactionEvent
from tests.storage.test_audit import KEYS, _seed


def test_export_json_and_csv_for_one_call(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _seed(sqlite_url)
    assert main(["audit", "export", "--db", sqlite_url, "--format", "json", "--call", "C1"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["call_id"], r["pii_type"], r["legal_category"]) for r in rows] == [
        ("C1", "PHONE", "general"), ("C1", "ID_CARD", "sensitive:specific_identity")]
    assert rows[0]["input_sha256"] == f"{1:064d}" and rows[0]["record_hash"] and "value" not in rows[0]
    assert main(["audit", "export", "--db", sqlite_url, "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(table) == 6 and table[0]["validators"] == "mobile_prefix"


def test_calls_summary(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _seed(sqlite_url, n_calls=2)
    assert main(["audit", "calls", "--db", sqlite_url, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0] | {"input_sha256": None} == {
        "call_id": "C0", "input_sha256": None, "kind": "audio", "state": "registered", "detections": 2,
        "per_type": "ID_CARD=1;PHONE=1", "sensitive_categories": ["sensitive:specific_identity"],
        "redacted_audio": "no", "retention": "original in inbox"}


@pytest.fixture
def key_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test chain key in a key file and an anchor file of its own, as configured for the CLI."""
    (tmp_path / "hmac.key").write_text(KEYS.current.key.hex())
    monkeypatch.setenv("CALLQA_KEY_FILE", str(tmp_path / "hmac.key"))
    monkeypatch.setenv("CALLQA_AUDIT_ANCHOR", str(tmp_path / "anchor.jsonl"))
    return tmp_path


def test_verify_reports_the_first_altered_record(sqlite_url: str, key_env: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _seed(sqlite_url)
    assert main(["audit", "verify", "--db", sqlite_url]) == 1
    assert "anchor file missing" in capsys.readouterr().out
    assert main(["audit", "anchor", "--db", sqlite_url]) == 0
    assert main(["audit", "verify", "--db", sqlite_url]) == 0
    assert "audit log OK: 6 records" in capsys.readouterr().out
    with session_scope(sqlite_url) as s:
        s.execute(update(RedactionEvent).where(RedactionEvent.seq == 5).values(start=0))
    assert main(["audit", "verify", "--db", sqlite_url]) == 1
    assert "BROKEN at record 5: record content was altered" in capsys.readouterr().out
    assert main(["audit", "verify", "--db", sqlite_url, "--incremental"]) == 0  # nothing after the anchor


def test_verify_names_a_missing_key_and_creates_none(sqlite_url: str, key_env: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    _seed(sqlite_url)
    (key_env / "hmac.key").unlink()
    assert main(["audit", "verify", "--db", sqlite_url]) == 2
    assert "the HMAC key file is missing" in capsys.readouterr().err
    assert not (key_env / "hmac.key").exists()


def test_csv_export_neutralises_formulas(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _seed(sqlite_url, n_calls=1)
    with session_scope(sqlite_url) as s:
        s.execute(update(Interaction).values(call_id="=cmd|' /C calc'!A0"))
        s.execute(update(RedactionEvent).values(detector="@SUM(1)", detector_version="-2+3", speaker="\tx"))
    for command in (["audit", "export"], ["audit", "calls"]):
        assert main([*command, "--db", sqlite_url, "--format", "csv"]) == 0
        table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert table[0]["call_id"] == "'=cmd|' /C calc'!A0"
    main(["audit", "export", "--db", sqlite_url, "--format", "csv"])
    row = next(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert (row["detector"], row["detector_version"], row["speaker"]) == ("'@SUM(1)", "'-2+3", "'\tx")
    assert row["start"] == "3" and row["confidence"] == "0.95"  # numbers untouched
