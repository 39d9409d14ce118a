"""Whether an interaction can be scored at all (issue 15): no speech, no score.

A silent recording (the ASR found no speech, so no segments) or a transcript without any text would
otherwise pass every "did the agent say X" indicator that only fires on words, and score 100. Such a
call is ``unscorable``: it gets no score that means anything and goes to a reviewer with the reason.
"""

from __future__ import annotations

from transcripts.models import Transcript

NO_SPEECH = "无有效语音，无法评分"
"""Reason for a recording without recognisable speech (silence, noise, a dead line)."""
NO_TEXT = "会话内容为空，无法评分"
"""Reason for a chat or e-mail transcript without any message text."""
UNSCORABLE_SEVERITY = "yellow"
"""Reviewed within the normal SLA: it may be a recorder fault or a dead call, rarely an emergency."""


def unscorable_reason(transcript: Transcript) -> str | None:
    """The Chinese reason when ``transcript`` holds no words to score, else ``None``."""
    if any(seg.text.strip() for seg in transcript.segments):
        return None
    return NO_SPEECH if transcript.channel == "phone" else NO_TEXT
