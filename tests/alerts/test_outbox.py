"""Alerts end to end against local receivers (robot webhook over HTTP, SMTP), on SQLite and PostgreSQL:
exactly once per item × event × destination, re-runs send nothing new, retries with backoff, a process killed
between enqueue and send does not send twice, messages carry only redacted text and a link."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from callqa.alerts.routing import Routing, catch_all
from callqa.alerts.send import deliver_due, run_alerts
from storage.alert_outbox import AlertMessage
from storage.db import session_scope
from tests.alerts.receivers import robot, smtp_server
from tests.conftest import REPO
from tests.web.conftest import HASHER
from tests.web.seed import RAW_VALUES, seed


def _routing(url: str, port: int) -> Routing:
    return Routing.model_validate({
        "link_base": "https://qa.example.com",
        "smtp": {"host": "127.0.0.1", "port": port, "sender": "callqa@example.com"},
        "routes": [
            {"name": "信用卡", "queues": ["credit_card"], "events": ["red", "fatal", "overdue"],
             "webhooks": [{"format": "wecom", "url": f"{url}/wecom?key=secret-key"}], "email": ["zhou@example.com"]},
            {"name": "贷款", "queues": ["loans"], "events": ["red", "fatal"],
             "webhooks": [{"format": "feishu", "url": f"{url}/feishu"}]},
        ]})


def _statuses(db_url: str) -> list[tuple[str, str, str, int]]:
    with session_scope(db_url) as s:
        return [(m.event, m.destination, m.status, m.attempts)
                for m in s.scalars(select(AlertMessage).order_by(AlertMessage.id))]


def test_red_fatal_overdue_sent_once_and_rerun_sends_nothing(db_url: str) -> None:
    data = seed(db_url, HASHER)
    now = datetime.now(UTC)
    with robot() as (hook, base), smtp_server() as (mails, port):
        routing = _routing(base, port)
        first = run_alerts(db_url, routing, now=now)
        assert (first.enqueued, first.sent, first.failed) == (4, 4, 0)  # main item: fatal + overdue, × 2
        again = run_alerts(db_url, routing, now=now + timedelta(hours=1))
        assert (again.enqueued, again.sent) == (0, 0)
        assert len(hook.received) == 2 and len(mails) == 2
    assert {(e, d) for e, d, _, _ in _statuses(db_url)} == {
        ("fatal", "信用卡/webhook0"), ("fatal", "信用卡/email"), ("overdue", "信用卡/webhook0"),
        ("overdue", "信用卡/email")}
    path, body = hook.received[0]
    assert path == "/wecom?key=secret-key" and body["msgtype"] == "markdown"
    content = body["markdown"]["content"]
    assert "【质检告警】致命项" in content and f"https://qa.example.com/calls/{data.main_item}" in content
    assert "CALL-0001" in content and "原因：致命项：辱骂或嘲讽客户" in content
    everything = str(hook.received) + "".join(mails)
    assert not [v for v in RAW_VALUES if v in everything]
    assert "Subject: =?utf-8?" in mails[0] and "zhou@example.com" in mails[0]
    with session_scope(db_url) as s:
        assert "secret-key" not in str([(m.destination, m.payload) for m in s.scalars(select(AlertMessage))])


def test_failures_are_retried_with_backoff(db_url: str) -> None:
    seed(db_url, HASHER)
    now = datetime.now(UTC)
    with robot() as (hook, base):
        routing = catch_all(f"{base}/hook", "wecom", "https://qa.example.com")
        hook.status = 500
        assert run_alerts(db_url, routing, now=now).failed == 1  # only the main item is red/fatal
        hook.status, hook.reply = 200, {"errcode": 93000, "errmsg": "invalid webhook url"}
        assert deliver_due(db_url, routing, now=now + timedelta(seconds=10)).sent == 0  # not due before 30 s
        assert deliver_due(db_url, routing, now=now + timedelta(seconds=31)).failed == 1  # refused by the robot
        assert deliver_due(db_url, routing, now=now + timedelta(seconds=80)).sent == 0  # next try after 60 s more
        hook.reply = {"errcode": 0, "errmsg": "ok"}
        assert deliver_due(db_url, routing, now=now + timedelta(seconds=92)).sent == 1
        assert deliver_due(db_url, routing, now=now + timedelta(days=1)).sent == 0
    assert _statuses(db_url) == [("fatal", "default/webhook0", "sent", 3)]
    with session_scope(db_url) as s:
        assert s.scalars(select(AlertMessage.last_error)).one() == "robot refused: {\"errcode\": 93000, " \
                                                                   "\"errmsg\": \"invalid webhook url\"}"


KILLED_RUN = """
import os, signal, sys
from datetime import UTC, datetime
from callqa.alerts.routing import catch_all
from callqa.alerts.send import enqueue_all
from storage.db import session_scope
with session_scope(sys.argv[1]) as s:
    print(enqueue_all(s, catch_all(sys.argv[2], "wecom", "https://qa.example.com"), now=datetime.now(UTC)))
sys.stdout.flush()
os.kill(os.getpid(), signal.SIGKILL)  # killed after the enqueue committed, before anything was sent
"""


def test_kill_9_between_enqueue_and_send_does_not_send_twice(db_url: str, tmp_path: Path) -> None:
    seed(db_url, HASHER)
    with robot() as (hook, base):
        url = f"{base}/hook"
        env = os.environ | {"PYTHONPATH": str(REPO)}
        proc = subprocess.run([sys.executable, "-c", KILLED_RUN, db_url, url], env=env, capture_output=True,
                              text=True, timeout=120, check=False)
        assert proc.returncode == -9 and proc.stdout.strip() == "1", proc.stderr[-500:]
        assert hook.received == []
        routing = catch_all(url, "wecom", "https://qa.example.com")
        now = datetime.now(UTC)
        assert run_alerts(db_url, routing, now=now).sent == 1  # the restarted run sends it
        assert run_alerts(db_url, routing, now=now + timedelta(minutes=10)).sent == 0
        assert len(hook.received) == 1
