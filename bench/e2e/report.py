"""The benchmark's figures as markdown: the headline table, per-indicator precision/recall per variant,
and every audio-only error with its cause."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bench.e2e.dataset import Call
from bench.e2e.metrics import INDICATORS


def _pr(c: dict[str, int]) -> str:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    return f"{p:.2f} / {r:.2f}"


def markdown(results: dict[str, Any], calls: list[Call]) -> str:
    minutes = sum(c.duration_s for c in calls) / 60
    lines = [f"{len(calls)} calls, {minutes:.0f} minutes.", "",
             "| variant | micro-F1 | TP / FP / FN | flag agreement | CER | audio-only errors |",
             "|---|---|---|---|---|---|"]
    for v, r in results.items():
        m = r["micro"]
        cer = "—" if r["cer"] is None else f"{r['cer']:.3f}"
        lines.append(f"| {v} | {r['micro_f1']:.3f} | {m['tp']} / {m['fp']} / {m['fn']} | {r['flag_agreement']:.3f} "
                     f"| {cer} | {len(r['audio_only_errors'])} |")
    lines += ["", "Sentences against the designed turns (median error of the sentence that opens / closes a turn; "
              "sentences spanning two turns of one speaker; turns cut in several):", "",
              "| variant | start error | end error | merged sentences | split turns | designed silences ≥ 8 s found "
              "by energy | extra |", "|---|---|---|---|---|---|---|"]
    for v, r in results.items():
        if r["segments"]:
            s, e = r["segments"], r["energy_silences"]
            lines.append(f"| {v} | {s['start_error_median_s']:+.2f} s | {s['end_error_median_s']:+.2f} s "
                         f"| {s['merged_sentences']} | {s['split_turns']} | {e['found']} of {e['designed']} "
                         f"| {e['extra']} |")
    lines += ["", "Precision / recall per indicator:", "",
              "| indicator | " + " | ".join(results) + " |", "|---" * (len(results) + 1) + "|"]
    for ind in INDICATORS:
        lines.append(f"| {ind} | " + " | ".join(_pr(r["per_indicator"][ind]) for r in results.values()) + " |")
    for v, r in results.items():
        if not r["audio_only_errors"]:
            continue
        causes = Counter(e["cause"] for e in r["audio_only_errors"])
        lines += ["", f"Audio-only errors, {v} (" + ", ".join(f"{k} {n}" for k, n in causes.most_common()) + "):", "",
                  "| call | indicator | error | cause | script | recognised |", "|---|---|---|---|---|---|"]
        for e in r["audio_only_errors"]:
            cells = [e["call_id"], e["indicator"], e["kind"], e["cause"], e["script"], e["heard"]]
            lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines) + "\n"
