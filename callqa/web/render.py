"""Jinja2 templates (autoescaped) and the helpers they use: local times, Chinese labels."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from callqa.web.auth import csrf_token
from common.beijing import to_beijing
from storage.review import ROLE_ZH

SEVERITY_ZH = {"red": "红", "yellow": "黄", "blue": "蓝"}
STATUS_ZH = {"open": "待复核", "resolved": "已完结", "appealed": "申诉中", "locked": "已终审"}
VERDICT_ZH = {"confirmed": "确认", "false_positive": "误报"}
SPEAKER_ZH = {"agent": "坐席", "customer": "客户"}
ACTION_ZH = {"claim": "领取", "assign": "分派", "verdict": "命中结论", "adjust_score": "调整分数",
             "resolve": "完结", "appeal_filed": "提出申诉", "appeal_recheck": "申诉复查", "appeal_ruled": "申诉裁决",
             "appeal_verdict": "申诉改判", "auto_close": "自动确认", "verdict_score": "结论改分",
             "coaching_note": "辅导意见", "appeal_requested": "坐席申诉请求",
             "appeal_request_forwarded": "转为申诉", "appeal_request_rejected": "驳回坐席申诉", "rescore": "重新评分",
             "calibration": "校准复核"}
APPEAL_ZH = {"filed": "待裁决", "accepted": "申诉成立", "rejected": "申诉驳回"}

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def local(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored time (UTC, naive on SQLite) as Beijing wall-clock time."""
    if value is None:
        return "—"
    return to_beijing(value).strftime(fmt)


def clock(seconds: float | None) -> str:
    """Seconds into the call as m:ss."""
    if seconds is None:
        return "—"
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def describe(action: str, detail: dict[str, Any]) -> str:
    """One history line in Chinese from a ``review_actions`` row."""
    d = detail
    verdict = VERDICT_ZH.get(str(d.get("verdict")), "")
    texts = {
        "assign": f"分派给 {d.get('assignee') or '（无人）'}",
        "verdict": f"{d.get('indicator')} → {verdict}" + (f"（原为 {VERDICT_ZH.get(str(d.get('previous')))}）"
                                                          if d.get("previous") else ""),
        "adjust_score": f"{d.get('previous')} → {d.get('adjusted')} 分：{d.get('reason')}",
        "resolve": str(d.get("note") or ""),
        "appeal_filed": f"申诉 #{d.get('appeal_id')}：{d.get('reason')}",
        "appeal_recheck": f"申诉 #{d.get('appeal_id')} 复查：{d.get('note')}",
        "appeal_ruled": f"申诉 #{d.get('appeal_id')} {'成立' if d.get('accepted') else '驳回'}"
                        f"{'（终审）' if d.get('final') else ''}：{d.get('reason')}",
    }
    texts["appeal_verdict"] = texts["auto_close"] = texts["verdict"]
    texts["verdict_score"] = texts["adjust_score"]
    text = texts.get(action, "")
    if action in ("verdict", "appeal_verdict", "auto_close") and d.get("comment"):
        text += f"：{d['comment']}"
    return text


templates.env.filters.update(local=local, clock=clock)
templates.env.globals.update(describe=describe)
templates.env.globals.update(SEVERITY_ZH=SEVERITY_ZH, STATUS_ZH=STATUS_ZH, VERDICT_ZH=VERDICT_ZH,
                             SPEAKER_ZH=SPEAKER_ZH, ROLE_ZH=ROLE_ZH, ACTION_ZH=ACTION_ZH, APPEAL_ZH=APPEAL_ZH)


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    user = getattr(request.state, "user", None)
    context |= {"user": user, "csrf_token": csrf_token(request), "flash": request.session.pop("flash", None)}
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """A one-shot message shown on the next page (after a POST-redirect-GET)."""
    request.session["flash"] = {"message": message, "kind": kind}
