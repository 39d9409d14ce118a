"""Score one transcript against a rubric: indicators → hits → scorecard → flag decision.

Pure function of (transcript, rubric, detections); no I/O.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from scoring.context import CallContext, Finding
from scoring.result import CallScore, DimensionScore, Hit, Match
from scoring.rubric import SEVERITY_RANK, Indicator, Policy, Rubric
from scoring.scorable import UNSCORABLE_SEVERITY, unscorable_reason
from scoring.text import mask_digits
from transcripts.models import Detection, Transcript

SPEAKER_LABEL = {"agent": "坐席", "customer": "客户", "system": "系统"}
MAX_QUOTES = 5
"""Evidence quotes at most this many sentences; ``segments`` still lists all of them."""


def score_transcript(transcript: Transcript, rubric: Rubric,
                     detections: Sequence[Detection] = ()) -> CallScore:
    unscorable = unscorable_reason(transcript)
    if unscorable is not None:
        return CallScore(rubric_id=rubric.id, rubric_version=rubric.version, rubric_hash=rubric.hash,
                         call_id=transcript.call_id, score=0.0, flagged=True, passed=False, unscorable=True,
                         severity=UNSCORABLE_SEVERITY, flag_reasons=(unscorable,))
    ctx = CallContext.build(transcript, detections)
    hits: list[Hit] = []
    not_applicable: list[str] = []
    for ind in rubric.indicators:
        if ind.when.needs_timing() and not ctx.has_timing:
            not_applicable.append(ind.id)
            continue
        findings = ind.when.evaluate(ctx)
        if findings:
            hits.append(make_hit(ind, findings, ctx))
    dims = _dimensions(rubric, hits)
    fatal = any(h.fatal for h in hits)
    total = 0.0 if fatal else round(sum(d.score for d in dims), 2)
    reasons = flag_reasons(hits, total, fatal, rubric.policy)
    flagged = bool(reasons)
    severity = max((h.severity for h in hits), key=SEVERITY_RANK.__getitem__, default=None)
    return CallScore(
        rubric_id=rubric.id, rubric_version=rubric.version, rubric_hash=rubric.hash, call_id=transcript.call_id,
        score=total, fatal=fatal, flagged=flagged, passed=not fatal and total >= rubric.policy.pass_score,
        calibration=not flagged and calibration_pick(transcript.call_id, rubric.policy.calibration_share),
        severity=severity, flag_reasons=tuple(reasons), dimensions=tuple(dims), hits=tuple(hits),
        not_applicable=tuple(not_applicable),
    )


def make_hit(ind: Indicator, findings: list[Finding], ctx: CallContext) -> Hit:
    spec = ind.spec
    segments = tuple(sorted({i for f in findings for i in f.segments}))
    quotes = [f"{SPEAKER_LABEL[ctx.segments[i].speaker]}：{ctx.segments[i].text}" for i in segments[:MAX_QUOTES]]
    measures = list(dict.fromkeys(f.measure for f in findings if f.measure))
    notes = "；".join(dict.fromkeys(f.note for f in findings if f.note))
    evidence = mask_digits("\n".join(quotes + measures)) or "（全程）"
    reason = f"{spec.description or spec.title}" + (f"：{notes}" if notes else "")
    deduction = spec.points * min(len(findings), spec.max_deductions) if spec.dimension else 0.0
    heard = {sp for f in findings if f.by_sound for sp in f.spans}
    spans = sorted({sp for f in findings for sp in f.spans})
    matches = tuple(Match(segment=g, start=a, end=b, text=mask_digits(ctx.segments[g].text[a:b]),
                          by_sound=(g, a, b) in heard) for g, a, b in spans)
    return Hit(indicator=spec.id, title=spec.title, severity=spec.severity, fatal=spec.fatal,
               dimension=spec.dimension, deduction=deduction, segments=segments, evidence=evidence,
               reason=mask_digits(reason), matches=matches, by_sound=any(f.by_sound for f in findings))


def _dimensions(rubric: Rubric, hits: list[Hit]) -> list[DimensionScore]:
    out = []
    for name, maximum in rubric.scorecard.items():
        lost = sum(h.deduction for h in hits if h.dimension == name)
        out.append(DimensionScore(name=name, max=maximum, score=max(0.0, maximum - lost), deductions=lost))
    return out


def flag_reasons(hits: list[Hit], score: float, fatal: bool, policy: Policy) -> list[str]:
    """Why the call goes to review (Chinese, for the queue); empty when it does not."""
    reasons = [f"一票否决: {h.indicator}" for h in hits if h.fatal]
    if policy.flag_red:
        reasons += [f"红色风险: {h.indicator}" for h in hits if h.severity == "red" and not h.fatal]
    if score < policy.flag_below and not fatal:
        reasons.append(f"总分 {score:g} < {policy.flag_below:g}")
    yellows = sorted({h.indicator for h in hits if h.severity == "yellow"})
    if len(yellows) >= policy.yellow_distinct:
        reasons.append(f"黄色风险项 ≥ {policy.yellow_distinct}（{'、'.join(yellows)}）")
    return reasons


def calibration_pick(call_id: str, share: float) -> bool:
    """Deterministic sample: the same call is always (not) picked for a given share."""
    bucket = int.from_bytes(hashlib.sha256(call_id.encode()).digest()[:8], "big") / 2**64
    return bucket < share
