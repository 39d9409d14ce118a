"""Role assignment for mono recordings (both parties on one channel).

A stop-gap until speaker separation lands: agents greet, give a 工号 and offer help, so
segments with those cues are the agent's; other segments alternate by turn. The confidence
says how much the assignment can be trusted (recorded per segment).
"""

from __future__ import annotations

from transcripts.models import Speaker

AGENT_CUES = ("工号", "很高兴为您服务", "请问有什么可以帮", "为您", "帮您", "感谢您的来电", "您好")
TURN_GAP_S = 0.4


def assign_mono_roles(texts: list[str], times: list[tuple[float, float]]) -> list[tuple[Speaker, float]]:
    out: list[tuple[Speaker, float]] = []
    previous: Speaker = "customer"
    for i, text in enumerate(texts):
        if any(cue in text for cue in AGENT_CUES):
            speaker: Speaker = "agent"
            conf = 0.8
        elif i == 0:
            speaker, conf = "agent", 0.5
        else:
            gap = times[i][0] - times[i - 1][1]
            speaker = previous if gap < TURN_GAP_S else ("customer" if previous == "agent" else "agent")
            conf = 0.4
        out.append((speaker, conf))
        previous = speaker
    return out
