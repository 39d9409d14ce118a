"""Do per-queue hot words help or hurt? CER with and without them, same engine, same audio.

    .venv/bin/python bench/asr/bench_hotwords.py [--limit N] [--rates 16000 8000] [--engine faster-whisper]
        [--hotwords rubrics/hotwords.yaml]

Two sets, both with the hot words of ``rubrics/hotwords.yaml`` (forced on):
- ``samples``: the bundled sample calls (``samples/inbox``), each channel against its script in
  ``samples/calls.yaml``, with the words of the call's queue (where they should help);
- ``speech_zh``: the shared Mandarin ground-truth clips (news, reading, talk), clip *i* with the words of
  queue *i* mod *n* as a call of that queue would get them — terms that do not occur there (the risk: the
  prompt makes the decoder insert them or drop other words).
CER as in ``corpus.cer``; also the number of hot words that appear in a hypothesis but not in its reference
(insertions caused by the prompt). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[2])]

from corpus import ROOT, SPEECH_ZH, cer, clip_path, load_clips, normalise  # noqa: E402


def sample_pairs() -> list[tuple[Path, int, str, str]]:
    """(recording, channel, queue, reference text of the party on that channel)."""
    calls = yaml.safe_load((ROOT / "samples" / "calls.yaml").read_text(encoding="utf-8"))["calls"]
    out = []
    for call in calls:
        path = ROOT / "samples" / "inbox" / f"{call['call_id']}.ogg"
        if not path.exists():
            continue
        for channel, speaker in enumerate(("agent", "customer")):
            text = "".join(t["text"] for t in call["turns"] if t["speaker"] == speaker)
            out.append((path, channel, call.get("queue") or "", text))
    return out


def inserted(words: tuple[str, ...], pairs: list[tuple[str, str]]) -> int:
    """Hot-word occurrences in hypotheses beyond those in the references."""
    return sum(max(0, normalise(hyp).count(w) - normalise(ref).count(w)) for ref, hyp in pairs for w in words)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="first N corpus clips")
    ap.add_argument("--rates", nargs="+", type=int, default=[16000, 8000])
    ap.add_argument("--engine", default="faster-whisper")
    ap.add_argument("--hotwords", type=Path, default=ROOT / "rubrics" / "hotwords.yaml")
    args = ap.parse_args()

    from transcripts.asr.engine import AsrConfig, CallHints, get_engine
    from transcripts.audio import decode
    from transcripts.hotwords import load_hotwords

    book = load_hotwords(args.hotwords).model_copy(update={"enabled": True})
    queues = sorted(book.queues)
    every = tuple(dict.fromkeys(w for q in queues for w in book.for_queue(q)))
    engine = get_engine(AsrConfig(engine=args.engine))

    def text(audio: object, words: tuple[str, ...]) -> str:
        return "".join(s.text for s in engine.transcribe(audio, CallHints(hotwords=words)))  # type: ignore[arg-type]

    print("| set | audio | items | hot words | CER without | CER with | hot words inserted without / with |\n"
          "|---|---|---|---|---|---|---|")
    samples = sample_pairs()
    if samples:
        plain, hot, used = [], [], set()
        for path, channel, queue, ref in samples:
            audio = decode(path).channels[channel]
            words = book.for_queue(queue)
            used.update(words)
            plain.append((ref, text(audio, ())))
            hot.append((ref, text(audio, words)))
        print(f"| samples (own queue's words) | as bundled | {len(samples)} | {len(used)} | {cer(plain):.3f} "
              f"| {cer(hot):.3f} | {inserted(tuple(used), plain)} / {inserted(tuple(used), hot)} |", flush=True)
    clips = load_clips("ground-truth", args.limit)
    if not clips:
        print(f"speech_zh skipped: no corpus at {SPEECH_ZH}")
        return 0
    for rate in args.rates:
        plain, hot = [], []
        for i, clip in enumerate(clips):
            audio = decode(clip_path(clip, rate)).channels[0]
            plain.append((clip.reference, text(audio, ())))
            hot.append((clip.reference, text(audio, book.for_queue(queues[i % len(queues)]))))
        print(f"| speech_zh (unrelated words) | {rate // 1000} kHz | {len(clips)} | {len(every)} "
              f"| {cer(plain):.3f} | {cer(hot):.3f} | {inserted(every, plain)} / {inserted(every, hot)} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
