"""Enqueue alerts for open review items, then deliver what is due (D62).

``enqueue_all`` and ``deliver_due`` run in separate transactions: what is enqueued is committed before
anything is sent, so a crash between the two leaves pending rows that the next run sends, once.
"""

from __future__ import annotations

import json
import logging
import smtplib
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callqa.alerts.formats import FORMATS, accepted
from callqa.alerts.message import render
from callqa.alerts.routing import Route, Routing, Smtp
from storage import alert_outbox
from storage.db import session_scope
from storage.models import Interaction, ReviewItem, Score

log = logging.getLogger("callqa.alerts")
TIMEOUT_S = 10.0


@dataclass(frozen=True)
class AlertCounts:
    enqueued: int = 0
    sent: int = 0
    failed: int = 0


def item_events(item: ReviewItem, score: Score, now: datetime) -> list[str]:
    """fatal (else red) for the item's severity, and overdue once its due time has passed."""
    events = ["fatal"] if score.fatal else (["red"] if item.severity == "red" else [])
    due = item.due_at if item.due_at.tzinfo else item.due_at.replace(tzinfo=now.tzinfo)
    return events + (["overdue"] if due < now else [])


def destinations(route: Route) -> list[tuple[str, str]]:
    """(destination key, channel) per webhook and the route's e-mail list."""
    out = [(f"{route.name}/webhook{i}", hook.format) for i, hook in enumerate(route.webhooks)]
    return out + ([(f"{route.name}/email", "email")] if route.email else [])


def enqueue_all(session: Session, routing: Routing, *, now: datetime) -> int:
    stmt = (select(ReviewItem, Interaction, Score).join(Interaction, ReviewItem.interaction_id == Interaction.id)
            .join(Score, ReviewItem.score_id == Score.id).where(ReviewItem.status == "open").order_by(ReviewItem.id))
    added = 0
    for item, inter, score in session.execute(stmt).tuples():
        for event in item_events(item, score, now):
            routes = [r for r in routing.routes if r.matches(inter.queue, inter.agent_id, event)]
            if not routes:
                continue
            payload = render(item, inter, score, event, routing.link_base)
            for route in routes:
                for key, channel in destinations(route):
                    added += alert_outbox.enqueue(session, item.id, event, key, channel, payload, now=now)
    return added


Poster = Callable[[str, dict[str, Any]], dict[str, Any]]
Mailer = Callable[[Smtp, tuple[str, ...], str, str], None]


def post_json(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(url, data=json.dumps(body, ensure_ascii=False).encode(),
                                     headers={"Content-Type": "application/json; charset=utf-8"}, method="POST")
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as resp:
        reply = json.loads(resp.read() or b"{}")
    return reply if isinstance(reply, dict) else {}


def send_mail(smtp: Smtp, to: tuple[str, ...], subject: str, text: str) -> None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = smtp.sender, ", ".join(to), subject
    msg.set_content(text)
    with smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT_S) as client:
        if smtp.starttls:
            client.starttls()
        if smtp.username and smtp.password:
            client.login(smtp.username, smtp.password)
        client.send_message(msg)


def _deliver_one(routing: Routing, message: alert_outbox.AlertMessage, poster: Poster, mailer: Mailer) -> None:
    """Send one message; raises on refusal. Errors never carry the URL (it holds the robot's key)."""
    name, _, dest = message.destination.partition("/")
    route = next((r for r in routing.routes if r.name == name), None)
    if route is None:
        raise LookupError(f"route {name!r} is no longer in the routing file")
    title, text = str(message.payload["title"]), str(message.payload["text"])
    if dest == "email":
        assert routing.smtp is not None
        mailer(routing.smtp, route.email, title, text)
        return
    hook = route.webhooks[int(dest.removeprefix("webhook"))]
    out = FORMATS[hook.format](hook.url, title, text, hook.secret, time.time())
    reply = poster(out.url, out.body)
    if not accepted(hook.format, reply):
        raise RuntimeError(f"robot refused: {json.dumps(reply, ensure_ascii=False)[:200]}")


def _why(err: Exception) -> str:
    if isinstance(err, urllib.error.HTTPError):
        return f"HTTP {err.code}"
    if isinstance(err, urllib.error.URLError):
        return f"connection failed: {type(err.reason).__name__}"
    if isinstance(err, LookupError | RuntimeError):
        return str(err)
    return type(err).__name__


def deliver_due(db_url: str, routing: Routing, *, now: datetime, poster: Poster = post_json,
                mailer: Mailer = send_mail) -> AlertCounts:
    with session_scope(db_url) as session:  # the lease is committed before anything goes out
        due = [(m.id, m) for m in alert_outbox.claim_due(session, now=now)]
    sent = failed = 0
    for message_id, message in due:
        try:
            _deliver_one(routing, message, poster, mailer)
        except Exception as err:  # any failure is retried with backoff
            log.warning("alert %d to %s not delivered: %s", message_id, message.destination, _why(err))
            with session_scope(db_url) as session:
                alert_outbox.mark_failed(session, message_id, _why(err), now=now)
            failed += 1
            continue
        with session_scope(db_url) as session:
            alert_outbox.mark_sent(session, message_id, now=now)
        sent += 1
    return AlertCounts(sent=sent, failed=failed)


def run_alerts(db_url: str, routing: Routing, *, now: datetime, poster: Poster = post_json,
               mailer: Mailer = send_mail) -> AlertCounts:
    """Enqueue (committed), then deliver what is due."""
    with session_scope(db_url) as session:
        enqueued = enqueue_all(session, routing, now=now)
    counts = deliver_due(db_url, routing, now=now, poster=poster, mailer=mailer)
    return AlertCounts(enqueued=enqueued, sent=counts.sent, failed=counts.failed)
