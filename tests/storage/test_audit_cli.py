"""callqa audit verify / export / calls: what a compliance officer runs (values never appear)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import update

from callqa.cli import main
from storage.db import session_scope
from storage.models import RedactionEvent
from tests.storage.test_audit import _seed


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


def test_verify_reports_the_first_altered_record(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _seed(sqlite_url)
    assert main(["audit", "verify", "--db", sqlite_url]) == 0
    with session_scope(sqlite_url) as s:
        s.execute(update(RedactionEvent).where(RedactionEvent.seq == 5).values(start=0))
    assert main(["audit", "verify", "--db", sqlite_url]) == 1
    assert "BROKEN at record 5" in capsys.readouterr().out
