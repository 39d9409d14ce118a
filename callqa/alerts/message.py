"""What an alert says (Chinese, for supervisors): event, queue, agent, score, reasons, the top hit's redacted
evidence, and a link to the call page. Only stored (redacted) text is used; digits are masked again."""

from __future__ import annotations

from typing import Any

from scoring.text import mask_digits
from storage.models import Interaction, ReviewItem, Score

EVENT_ZH = {"red": "红色风险", "fatal": "致命项（一票否决）", "overdue": "超时未复核"}
EVIDENCE_CHARS = 80


def render(item: ReviewItem, inter: Interaction, score: Score, event: str, link_base: str) -> dict[str, Any]:
    """The stored payload: ``title``, ``text`` (plain lines) and ``link``."""
    link = f"{link_base.rstrip('/')}/calls/{item.id}"
    hits = sorted(score.hits, key=lambda h: (not h.fatal, {"red": 0, "yellow": 1, "blue": 2}[h.severity]))
    lines = [f"通话：{inter.call_id}（{inter.queue or '未分队列'}，坐席 {inter.agent_id or '未知'}）",
             f"自动评分：{score.score:g}" + ("，含致命项" if score.fatal else ""),
             f"原因：{'；'.join(str(r) for r in item.reasons) or '—'}"]
    if hits:
        top = hits[0]
        lines.append(f"命中：{top.indicator} {top.title}：{mask_digits(top.evidence)[:EVIDENCE_CHARS]}")
    lines.append(f"复核链接：{link}")
    return {"title": f"【质检告警】{EVENT_ZH[event]}", "text": "\n".join(lines), "link": link}
