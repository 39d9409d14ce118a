"""Compliance: redaction log per run and per call (types, counts, positions, detector versions — never
values), hash-chain status with the first broken record, retention events, CSV/JSON export."""

from __future__ import annotations

import csv
import io
import json
import logging
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callqa.web.auth import CurrentUser, Refused, check_csrf, require
from callqa.web.bounds import DbId
from callqa.web.render import flash, page
from callqa.web.settings import WebSettings
from common.csvsafe import safe_row
from common.errors import ConfigError
from common.keys import load_existing_key
from storage import audit_queries
from storage.audit import verify_chain
from storage.audit_anchor import Anchor, AnchorError, read_anchors
from storage.audit_chain import ChainKeys
from storage.db import session_scope
from storage.models import Interaction, RedactionEvent, RetentionEvent, Run
from storage.review_ops import check_chain, latest_chain_check

router = APIRouter()
log = logging.getLogger("callqa.web")
Officer = Annotated[CurrentUser, Depends(require("compliance", "admin"))]
EVENT_FIELDS = ("seq", "call_id", "run_id", "segment_idx", "field", "span_group", "pii_type", "legal_category", "start",
                "end", "audio_start", "audio_end", "speaker", "detector", "detector_version", "confidence", "action",
                "recorded_at", "record_hash")
"""What the web log shows and exports: positions and provenance, never the value nor its keyed hash."""


def _runs(session: Session) -> list[dict[str, Any]]:
    counts: dict[int | None, dict[str, int]] = {}
    for run_id, pii_type, n in session.execute(select(RedactionEvent.run_id, RedactionEvent.pii_type,
                                                      func.count()).group_by(RedactionEvent.run_id,
                                                                             RedactionEvent.pii_type)):
        counts.setdefault(run_id, {})[pii_type] = int(n)
    detectors: dict[int | None, set[str]] = {}
    for run_id, det, ver in session.execute(select(RedactionEvent.run_id, RedactionEvent.detector,
                                                   RedactionEvent.detector_version).distinct()):
        detectors.setdefault(run_id, set()).add(f"{det} {ver}")
    runs = session.scalars(select(Run).order_by(Run.id.desc()).limit(50))
    return [{"run": r, "counts": counts.get(r.id, {}), "total": sum(counts.get(r.id, {}).values()),
             "detectors": sorted(detectors.get(r.id, set()))} for r in runs]


CALLS_SHOWN = 100
PROBLEM_ZH = (("HMAC key", "密钥文件缺失"), ("anchor file missing", "外部锚点文件缺失"),
              ("truncated", "链尾被截断（少于锚点记录数）"),
              ("rewritten", "哈希链被重写（与锚点不符）"), ("not configured", "密钥缺失或密钥错误"),
              ("missing", "记录缺失"), ("duplicated", "记录被插入或调换顺序"), ("prev_hash", "前序哈希不符"),
              ("altered", "记录内容被改动"), ("deleted", "末尾记录被删除"), ("signature", "锚点被篡改"))


def chain_inputs(settings: WebSettings) -> tuple[ChainKeys | None, list[Anchor] | None, str | None]:
    """The chain keys and the anchors, or why they cannot be used (a missing key, an edited anchor)."""
    try:
        keys = ChainKeys(load_existing_key(settings.key_file),
                         tuple(load_existing_key(p) for p in settings.retired_key_files))
        return keys, read_anchors(settings.anchor_file, keys), None
    except ConfigError as exc:
        log.warning("audit chain cannot be verified: %s", exc)
        return None, None, "HMAC key file is missing"
    except AnchorError as exc:
        log.warning("audit anchor refused: %s", exc)
        return None, None, "anchor signature"


def _age(when: datetime) -> str:
    seconds = (datetime.now(UTC) - (when if when.tzinfo else when.replace(tzinfo=UTC))).total_seconds()
    hours = int(seconds // 3600)
    return f"{hours // 24} 天前" if hours >= 48 else (f"{hours} 小时前" if hours else f"{int(seconds // 60)} 分钟前")


def problem_zh(problem: str | None) -> str:
    """``verify_chain`` reports in English (for logs); the page shows it in Chinese."""
    return next((zh for key, zh in PROBLEM_ZH if problem and key in problem), problem or "")


def _calls(session: Session, call_prefix: str) -> tuple[list[dict[str, Any]], int]:
    """The most recently logged calls (at most ``CALLS_SHOWN``, optionally by call-id prefix) and the total."""
    recent = (select(RedactionEvent.interaction_id).join(Interaction, RedactionEvent.interaction_id == Interaction.id)
              .group_by(RedactionEvent.interaction_id))
    if call_prefix:
        recent = recent.where(Interaction.call_id.startswith(call_prefix, autoescape=True))
    total = int(session.scalar(select(func.count()).select_from(recent.subquery())) or 0)
    ids = list(session.scalars(recent.order_by(func.max(RedactionEvent.seq).desc()).limit(CALLS_SHOWN)))
    stmt = (select(Interaction.id, Interaction.call_id, RedactionEvent.pii_type, func.count())
            .join(RedactionEvent, RedactionEvent.interaction_id == Interaction.id).where(Interaction.id.in_(ids))
            .group_by(Interaction.id, Interaction.call_id, RedactionEvent.pii_type))
    calls: dict[int, dict[str, Any]] = {iid: {"id": iid, "counts": {}} for iid in ids}
    for iid, call_id, pii_type, n in session.execute(stmt):
        calls[iid]["call_id"] = call_id
        calls[iid]["counts"][pii_type] = int(n)
    for iid, residue in audit_queries.residue_of(session, ids).items():
        calls[iid]["residue"] = residue
    return list(calls.values()), total


@router.get("/compliance", response_class=HTMLResponse)
def compliance_view(request: Request, user: Officer) -> Response:
    with session_scope(request.app.state.db_url) as session:
        chain, newer = latest_chain_check(session)
        keys, anchors, refused = chain_inputs(request.app.state.settings)
        if chain is None and keys is not None:  # the first visit verifies; later visits show the latest full check
            chain = check_chain(session, user.username, keys, anchors)
        quick = verify_chain(session, keys, anchors, incremental=True) if keys is not None else None
        call_prefix = request.query_params.get("call", "").strip()[:64]
        calls, calls_total = _calls(session, call_prefix)
        residual, residual_total = audit_queries.residual_calls(session, limit=CALLS_SHOWN, call_prefix=call_prefix)
        context: dict[str, Any] = {"chain": chain, "newer": newer,
                                   "problem": problem_zh(chain.problem) if chain else "", "quick": quick,
                                   "quick_problem": problem_zh(refused or (quick.problem if quick else None)),
                                   "age": _age(chain.checked_at) if chain else "",
                                   "runs": _runs(session),
                                   "calls": calls, "calls_total": calls_total, "call_prefix": call_prefix,
                                   "residual": residual, "residual_total": residual_total,
                   "retention": list(session.scalars(select(RetentionEvent).order_by(RetentionEvent.id.desc())
                                                     .limit(100)))}
    return page(request, "compliance.html", **context)


def event_rows(session: Session, interaction_id: int | None = None) -> list[dict[str, Any]]:
    return [{f: r[f] for f in EVENT_FIELDS} for r in audit_queries.event_rows(session, interaction_id=interaction_id)]


@router.post("/compliance/verify", dependencies=[Depends(check_csrf)])
def verify(request: Request, user: Officer) -> Response:
    keys, anchors, refused = chain_inputs(request.app.state.settings)
    if keys is None:
        flash(request, f"无法校验：{problem_zh(refused)}", "error")
        return RedirectResponse("/compliance", status_code=303)
    with session_scope(request.app.state.db_url) as session:
        row = check_chain(session, user.username, keys, anchors)
        ok, checked = row.ok, row.checked
    log.info("audit chain verified by a compliance user: ok=%s records=%d", ok, checked)
    flash(request, f"校验完成：{'完整' if ok else '已损坏'}，已校验 {checked} 条记录", "ok" if ok else "error")
    return RedirectResponse("/compliance", status_code=303)


@router.get("/compliance/calls/{interaction_id}", response_class=HTMLResponse)
def compliance_call(request: Request, interaction_id: DbId, user: Officer) -> Response:
    with session_scope(request.app.state.db_url) as session:
        inter = session.get(Interaction, interaction_id)
        if inter is None:
            raise Refused(404, "通话不存在")
        call_id, events = inter.call_id, event_rows(session, interaction_id)
        residue = (inter.residual_digit_runs, inter.residual_email_shapes)
    return page(request, "compliance_call.html", call_id=call_id, interaction_id=interaction_id, events=events,
                residue=residue)


@router.get("/compliance/export.{fmt}")
def export(request: Request, fmt: str, user: Officer) -> Response:
    if fmt not in ("csv", "json"):
        raise Refused(404, "不支持的导出格式")
    call = request.query_params.get("call")
    with session_scope(request.app.state.db_url) as session:
        iid = session.scalar(select(Interaction.id).where(Interaction.call_id == call)) if call else None
        rows = event_rows(session, iid) if not call or iid is not None else []
    rows = [{k: r[k] for k in EVENT_FIELDS} for r in rows]
    headers = {"Content-Disposition": f'attachment; filename="redaction_log.{fmt}"'}
    if fmt == "json":
        body = json.dumps(rows, ensure_ascii=False, indent=2, default=str)
        return Response(body, media_type="application/json", headers=headers)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EVENT_FIELDS)
    writer.writeheader()
    writer.writerows(safe_row(r) for r in rows)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
