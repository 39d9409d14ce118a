"""Render a run summary for people (terminal and the Prefect artifact), in Simplified Chinese."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from common.beijing import to_beijing

SEVERITY_ZH = {"red": "红", "yellow": "黄", "blue": "蓝"}
STATE_ZH = {"registered": "已登记", "transcribed": "已转写", "redacted": "已脱敏", "scored": "已评分",
            "queued": "已入复核队列", "done": "已完成（未标记）", "failed": "失败/隔离"}


def local_time(iso: str) -> str:
    """A stored UTC time as the reviewers' Beijing wall-clock time, e.g. ``11-23 10:42``."""
    return to_beijing(datetime.fromisoformat(iso)).strftime("%m-%d %H:%M")


def where(segments: list[int]) -> str:
    """Evidence location for people: 1-based sentence numbers, or 全程 for whole-call findings."""
    return f"第{','.join(str(s + 1) for s in segments)}句" if segments else "全程"


def score_text(item: dict[str, Any]) -> str:
    """``得分 87``, or ``无法评分`` for a call without words to score (its 0 means nothing)."""
    return "无法评分" if item.get("unscorable") else f"得分 {item['score']:.0f}"


def summary_lines(summary: dict[str, Any]) -> list[str]:
    lines = [f"## 质检批次 #{summary['run_id']} 小结", ""]
    lines.append(f"本次处理通话/会话：{summary['processed_this_run']} 个")
    states = summary.get("states", {})
    lines.append("状态：" + "，".join(f"{STATE_ZH.get(k, k)} {v}" for k, v in sorted(states.items())))
    quarantined = summary.get("quarantined_this_run", [])
    lines.append(f"隔离文件：{len(quarantined)} 个")
    lines += [f"  - {q['file']}（{q['reason_code']}）：{q['reason']}" for q in quarantined]
    for f in summary.get("internal_failures", []):
        lines.append(f"  - 内部错误 {f['call_id']}：{f['error']}")
    redacted = summary.get("redactions_this_run", {})
    lines.append("脱敏：" + ("，".join(f"{k} {v}" for k, v in redacted.items()) or "无个人信息"))
    retention = summary.get("retention")
    if retention and retention.get("files"):
        lines.append(f"原始文件保留策略（{retention['policy']}）：处理 {len(retention['files'])} 个文件")
    lines += operations_lines(summary)
    lines += ["", "各指标命中次数："]
    hits = summary.get("hits_per_indicator", {})
    lines += [f"  {k}: {v}" for k, v in hits.items()] or ["  （无）"]
    queue = summary.get("queue", [])
    lines += ["", f"复核队列（{len(queue)} 条，按严重程度与截止时间排序）："]
    for item in queue:
        flags = ("【高敏感客户】" if item["high_sensitivity"] else "") + ("【抽检】" if item["calibration"] else "")
        flags += f"【抽检计划：{item['sample_plan']}】" if item.get("sample_plan") else ""
        lines.append(f"- [{SEVERITY_ZH.get(item['severity'], item['severity'])}] {item['call_id']} "
                     f"{score_text(item)}{' 一票否决' if item['fatal'] else ''} "
                     f"截止 {local_time(item['due_at'])} "
                     f"坐席 {item['agent_id'] or '-'} {flags}")
        lines.append(f"    原因：{'；'.join(item['reasons'])}")
        for h in item["hits"]:
            lines.append(f"    · {h['indicator']} {h['title']}（{SEVERITY_ZH.get(h['severity'], '')}）"
                         f"{where(h['segments'])}：{h['reason']}")
    return lines


def operations_lines(summary: dict[str, Any]) -> list[str]:
    """The night's review operations (D132): sampling plans, auto-assignment, alerts — only those configured."""
    out = []
    for plan, calls in (summary.get("sampled") or {}).items():
        out.append(f"抽检计划「{plan}」：本次抽取 {len(calls)} 通")
    assigned = summary.get("assigned") or {}
    if "error" in assigned:
        out.append(f"自动分派未执行：{assigned['error']}")
    elif "given" in assigned:
        given = assigned["given"]
        out.append(f"自动分派：{sum(given.values())} 条" + "".join(f"，{n} {c} 条" for n, c in sorted(given.items())))
    alerts = summary.get("alerts") or {}
    if alerts:
        out.append(f"告警：新增 {alerts['enqueued']} 条，已发送 {alerts['sent']} 条，发送失败 {alerts['failed']} 条"
                   + ("（稍后重试）" if alerts["failed"] else ""))
    return out


def summary_markdown(summary: dict[str, Any]) -> str:
    return "\n".join(summary_lines(summary))
