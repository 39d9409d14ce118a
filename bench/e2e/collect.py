"""Read one benchmark run back from its database: per call the stored (redacted) sentences and the score.

``rescore=True`` scores the stored sentences again with the scoring code of this checkout (what
``process.score_stored`` does in the nightly flow), so scoring changes are measured without transcribing again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from callqa.config import rubric_path
from callqa.pipeline.process import rubrics_for, stored_detections
from scoring import score_transcript
from storage.db import session_scope
from storage.interactions import load_redacted_transcript
from storage.models import Interaction
from storage.scores import latest_score
from transcripts.models import Transcript


@dataclass(frozen=True)
class HitInfo:
    indicator: str
    segments: tuple[int, ...]
    evidence: str
    reason: str


@dataclass(frozen=True)
class RunCall:
    call_id: str
    transcript: Transcript
    hits: dict[str, HitInfo]
    flagged: bool


def read_run(db_url: str, rescore: bool = False) -> dict[str, RunCall]:
    rubrics = rubrics_for(rubric_path(None, {})) if rescore else None
    out: dict[str, RunCall] = {}
    with session_scope(db_url) as session:
        for inter in session.scalars(select(Interaction).order_by(Interaction.call_id)):
            transcript = load_redacted_transcript(session, inter)
            if rubrics is not None:
                result = score_transcript(transcript, rubrics.for_queue(transcript.queue),
                                          detections=stored_detections(session, [inter.id])[inter.id])
                hits = {h.indicator: HitInfo(h.indicator, h.segments, h.evidence, h.reason) for h in result.hits}
                flagged = result.flagged
            else:
                row = latest_score(session, inter.id)
                if row is None:
                    continue
                hits = {h.indicator: HitInfo(h.indicator, tuple(h.segments), h.evidence, h.reason) for h in row.hits}
                flagged = row.flagged
            out[inter.call_id] = RunCall(inter.call_id, transcript, hits, flagged)
    return out
