"""The nightly flow end to end under a real (temporary) Prefect server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from callqa.config import Settings
from flows.nightly import nightly_qa
from storage.audit import verify_chain
from storage.audit_anchor import read_anchors
from storage.db import session_scope
from storage.models import Interaction, QuarantineRecord, RedactionEvent
from tests.flows import helpers as h

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    box = tmp_path / "inbox"
    box.mkdir()
    h.write_json(box / "T-PII-1.json", h.CHAT_PII_RUDE)
    h.write_json(box / "T-CLEAN-1.json", h.CHAT_CLEAN)
    return box


def test_bad_items_are_quarantined_and_the_batch_completes(inbox: Path, sqlite_url: str) -> None:
    expected = h.bad_items(inbox)
    summary = nightly_qa(inbox=str(inbox), db=sqlite_url)
    got = {q["file"]: q["reason_code"] for q in summary["quarantined_this_run"]}
    assert got == expected
    st = h.states(sqlite_url)
    assert st["T-PII-1"] == "queued" and st["T-CLEAN-1"] in ("done", "queued")
    with session_scope(sqlite_url) as s:
        rows = {q.file_name: q.message for q in s.scalars(select(QuarantineRecord))}
    assert "header declares 4.0 s" in rows["C-TRUNC.wav"]
    assert all(not (inbox / f).exists() for f in expected)
    quarantined = {p.name for p in (inbox / "quarantine").rglob("*") if p.is_file()}
    assert set(expected) | {"C-BADSIDE.json"} <= quarantined


def test_rerun_adds_nothing(inbox: Path, sqlite_url: str) -> None:
    nightly_qa(inbox=str(inbox), db=sqlite_url)
    first = h.counts(sqlite_url)
    summary = nightly_qa(inbox=str(inbox), db=sqlite_url)
    assert h.counts(sqlite_url) == first
    assert summary["processed_this_run"] == 0
    assert first["review_items"] >= 1 and first["redaction_events"] == 4  # phone, ID, card, e-mail


def test_flagged_chat_has_explainable_evidence(inbox: Path, sqlite_url: str) -> None:
    summary = nightly_qa(inbox=str(inbox), db=sqlite_url)
    item = next(i for i in summary["queue"] if i["call_id"] == "T-PII-1")
    assert item["severity"] == "red"
    r14 = next(hit for hit in item["hits"] if hit["indicator"] == "R14")
    assert r14["segments"] == [2] and "随便你" in r14["evidence"]
    settings = Settings.load(sqlite_url)
    keys = settings.chain_keys(create=False)
    with session_scope(sqlite_url) as s:  # the run anchored its head outside the database, signed
        anchors = read_anchors(settings.anchor_file, keys)
        assert anchors and anchors[-1].run_id is not None
        assert verify_chain(s, keys, anchors).ok


def test_no_raw_personal_data_anywhere(inbox: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    import os

    h.bad_items(inbox)
    h.write_json(inbox / "T-PII-FORMS.json", h.CHAT_PII_FORMS)
    db_file = tmp_path / "pii.db"
    url = f"sqlite:///{db_file}"
    with caplog.at_level("DEBUG"):
        nightly_qa(inbox=str(inbox), db=url)
        nightly_qa(inbox=str(inbox), db=url)
    with session_scope(url) as s:
        forms = s.scalars(select(Interaction).where(Interaction.call_id == "T-PII-FORMS")).one()
        assert (forms.residual_digit_runs, forms.residual_email_shapes) == (0, 0)  # the sentinel found nothing left
        audited = set(s.scalars(select(RedactionEvent.pii_type).where(RedactionEvent.interaction_id == forms.id)))
    # the backstop's 〔号码〕 is audited like any detection
    assert audited == {"PHONE", "ID_CARD", "EMAIL", "LICENSE_PLATE", "SOCIAL_ACCOUNT", "PASSPORT", "BIRTH_DATE",
                       "VERIFICATION_CODE", "OTHER_NUMBER"}
    written = [db_file, *tmp_path.glob("pii.db*")]
    written += [p for p in Settings.load(db=url).media_dir.rglob("*") if p.is_file()]
    prefect_home = Path(os.environ["PREFECT_HOME"])
    written += [p for p in prefect_home.rglob("*") if p.is_file()]
    written += [p for p in (inbox / "quarantine").rglob("*.reason.txt")]
    from prefect.settings import PREFECT_SERVER_DATABASE_CONNECTION_URL

    prefect_db = Path(PREFECT_SERVER_DATABASE_CONNECTION_URL.value().split(":///", 1)[1])
    written += [p for p in prefect_db.parent.glob(prefect_db.name + "*")]
    assert prefect_db.exists()
    out = capsys.readouterr()
    blobs = [caplog.text, out.out, out.err] + [p.read_bytes().decode("utf-8", "replace") for p in written]
    # as written, and as JSON writes it with ASCII escapes (Prefect results, JSON columns)
    needles = {n for v in (*h.RAW_VALUES, *h.FORM_VALUES) for n in (v, json.dumps(v)[1:-1])}
    for value in needles:
        for blob in blobs:
            assert value not in blob


@pytest.mark.parametrize("action", ["archive", "delete"])
def test_retention_moves_finished_originals_and_logs_it(inbox: Path, sqlite_url: str, action: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from storage.models import RetentionEvent

    monkeypatch.setenv("CALLQA_RETENTION_DAYS", "0")
    monkeypatch.setenv("CALLQA_RETENTION_ACTION", action)
    summary = nightly_qa(inbox=str(inbox), db=sqlite_url)
    assert sorted(f["file"] for f in summary["retention"]["files"]) == ["T-CLEAN-1.json", "T-PII-1.json"]
    assert not (inbox / "T-PII-1.json").exists()
    archived = sorted(p.name for p in (inbox / "archive").rglob("*.json")) if action == "archive" else []
    assert archived == (["T-CLEAN-1.json", "T-PII-1.json"] if action == "archive" else [])
    with session_scope(sqlite_url) as s:
        events = [(e.file_name, e.action, e.policy) for e in s.scalars(select(RetentionEvent))]
    verb = "archived" if action == "archive" else "deleted"
    assert sorted(events) == [("T-CLEAN-1.json", verb, f"{action} after 0 days"),
                              ("T-PII-1.json", verb, f"{action} after 0 days")]
    again = nightly_qa(inbox=str(inbox), db=sqlite_url)  # nothing left to process or to retain
    assert again["processed_this_run"] == 0 and again["retention"]["files"] == []


def test_night_updates_the_daily_aggregates(inbox: Path, sqlite_url: str) -> None:
    from datetime import date

    from storage.report_queries import Period, overview

    summary = nightly_qa(inbox=str(inbox), db=sqlite_url)
    assert "2026-11-21" in summary["report_days"]
    with session_scope(sqlite_url) as s:
        day = overview(s, Period(date(2026, 11, 21), date(2026, 11, 21)))
    assert day is not None and day.scored == 2 and day.queued >= 1 and day.hits >= 1
