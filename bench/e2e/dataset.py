"""The benchmark's ground truth and inputs: the synthesised manifest, script transcripts, run inboxes.

``manifest.json`` (written by ``synth.py``) holds per call the expected indicators and every turn's text,
speaker, channel and voiced span (``speech_start``/``speech_end``). The same script, as a formats.md §2
phone transcript with those spans as segment times, is what the text-level run scores: identical to the
audio run except that the recogniser is replaced by the script.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from scoring import BUNDLED_RUBRIC, load_rubric
from scoring.engine import flag_reasons
from scoring.result import Hit

CACHE = Path(__file__).with_name(".cache")
SCRIPTS = Path(__file__).with_name("scripts.yaml")


@dataclass(frozen=True)
class Turn:
    speaker: str
    channel: int
    text: str
    start: float
    """Where the voice starts (seconds from call start), not where the TTS clip starts."""
    end: float


@dataclass(frozen=True)
class Call:
    call_id: str
    queue: str
    design: str
    expect: frozenset[str]
    duration_s: float
    turns: tuple[Turn, ...]


def load_calls(cache: Path = CACHE) -> list[Call]:
    """Timelines from the synthesised manifest; labels and design from scripts.yaml (their one home)."""
    path = cache / "manifest.json"
    if not path.exists():
        raise SystemExit(f"{path}: missing; run bench/e2e/synth.py first (see bench/e2e/README.md)")
    scripts = {c["call_id"]: c for c in yaml.safe_load(SCRIPTS.read_text(encoding="utf-8"))["calls"]}
    out = []
    for cid, entry in json.loads(path.read_text(encoding="utf-8")).items():
        if cid not in scripts:
            continue  # a call removed from the scripts since it was synthesised
        turns = tuple(Turn(t["speaker"], t["channel"], t["text"], t["speech_start"], t["speech_end"])
                      for t in entry["turns"])
        if tuple(t.text for t in turns) != tuple(t["text"] for t in scripts[cid]["turns"]):
            raise SystemExit(f"{path}: {cid} was synthesised from other text; run bench/e2e/synth.py --force")
        out.append(Call(cid, scripts[cid]["queue"], scripts[cid].get("design", ""), frozenset(scripts[cid]["expect"]),
                        entry["duration_s"], turns))
    return out


def script_transcript(call: Call, sidecar: dict[str, Any]) -> dict[str, Any]:
    """The script as a phone transcript (formats.md §2) at the designed, voiced times."""
    segments = sorted(({"speaker": t.speaker, "start": t.start, "end": t.end, "text": t.text, "channel": t.channel}
                       for t in call.turns), key=lambda s: (s["start"], s["channel"]))
    return {"call_id": call.call_id, "channel": "phone", "started_at": sidecar["started_at"],
            "duration_s": call.duration_s, "agent_id": sidecar["agent_id"], "customer_id": sidecar["customer_id"],
            "queue": sidecar["queue"], "metadata": sidecar.get("metadata", {}), "segments": segments}


def fill_inbox(variant: str, calls: list[Call], inbox: Path, cache: Path = CACHE) -> None:
    """Copy one variant's inputs into a fresh inbox: ``text`` (script transcripts), ``16k``/``8k`` (recordings)."""
    inbox.mkdir(parents=True, exist_ok=True)
    wide = cache / "audio16k"
    for call in calls:
        sidecar = json.loads((wide / f"{call.call_id}.json").read_text(encoding="utf-8"))
        if variant == "text":
            doc = script_transcript(call, sidecar)
            (inbox / f"{call.call_id}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
            continue
        folder, ext = (wide, ".ogg") if variant.startswith("16k") else (cache / "audio8k", ".wav")
        shutil.copy2(folder / f"{call.call_id}{ext}", inbox / f"{call.call_id}{ext}")
        shutil.copy2(folder / f"{call.call_id}.json", inbox / f"{call.call_id}.json")


def design_flagged(expect: frozenset[str]) -> bool:
    """Would the default policy flag a call whose hits are exactly ``expect`` (one finding each)?"""
    rubric = load_rubric(BUNDLED_RUBRIC)
    hits = [Hit(indicator=i.id, title=i.title, severity=i.severity, fatal=i.fatal, dimension=i.dimension,
                deduction=i.points if i.dimension else 0.0, evidence="", reason="")
            for i in (ind.spec for ind in rubric.indicators) if i.id in expect]
    fatal = any(h.fatal for h in hits)
    lost = {name: sum(h.deduction for h in hits if h.dimension == name) for name in rubric.scorecard}
    total = 0.0 if fatal else sum(max(0.0, m - lost[n]) for n, m in rubric.scorecard.items())
    return bool(flag_reasons(hits, total, fatal, rubric.policy))
