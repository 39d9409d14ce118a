"""The shared Mandarin speech corpus for the ASR benchmarks: clips, telephone-band copies, CER.

The corpus lives outside the repository (``../shared/data/speech_zh``, or ``$CALLQA_SPEECH_ZH``) and is
third-party data under its own licences: it is read in place and never copied here. 8 kHz versions are
made on first use in a cache folder (``~/.cache/callqa/bench/speech_zh_8k_sinc``) as G.711-like telephone
audio the way the ASR notes made theirs (``sox in.wav -r 8000 -e mu-law -b 8 out.wav sinc 300-3400``):
SoX-style FIR band-pass 300–3400 Hz, 8 kHz with the production resampler, μ-law; the pipeline's own decoder
resamples them back to 16 kHz.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import unicodedata
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import av
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SPEECH_ZH = Path(os.environ.get("CALLQA_SPEECH_ZH", ROOT.parent / "shared" / "data" / "speech_zh"))
CACHE_8K = Path.home() / ".cache" / "callqa" / "bench" / "speech_zh_8k_sinc"
"""v2 copies (SoX-style FIR band-pass); the old ``speech_zh_8k`` copies used an FFT brick wall."""


@dataclass(frozen=True)
class Clip:
    rel: str
    """Path under the corpus folder, e.g. ``fireredasr/IT0011W0001.wav``."""
    reference: str
    kind: str
    duration_s: float

    @property
    def ground_truth(self) -> bool:
        """Corpus ground truth (AISHELL, WenetSpeech) or the publisher's "Ground truth" column."""
        return self.kind.startswith("corpus ground truth") or "ground truth" in self.kind.lower()


def load_clips(refs: str = "ground-truth", limit: int | None = None, data: Path = SPEECH_ZH) -> list[Clip]:
    """Mandarin clips in file order: ``ground-truth`` ones only, or ``all`` but the English one."""
    table = data / "references.tsv"
    if not table.exists():
        return []
    with table.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    clips = [Clip(r["file"], r["reference"], r["reference_kind"], float(r["duration_s"]))
             for r in rows if r["lang"].startswith("zh")]
    if refs == "ground-truth":
        clips = [c for c in clips if c.ground_truth]
    return clips[:limit] if limit else clips


def _lowpass_taps(cutoff: float, rate: int, att_db: float = 120.0, tbw: float | None = None) -> np.ndarray:
    """Kaiser-windowed sinc low-pass as SoX's ``sinc`` designs it: cutoff at −6 dB, 120 dB stop band and a
    transition band of 5 % of the Nyquist frequency unless given (400 Hz at 16 kHz)."""
    tbw = tbw or 0.05 * rate / 2
    n = int(np.ceil((att_db - 7.95) / (2.285 * 2 * np.pi * tbw / rate))) | 1
    k = np.arange(n) - (n - 1) / 2
    taps = 2 * cutoff / rate * np.sinc(2 * cutoff / rate * k) * np.kaiser(n, 0.1102 * (att_db - 8.7))
    return taps / taps.sum()


def _band_pass(audio: np.ndarray, rate: int, low: float = 300.0, high: float = 3400.0) -> np.ndarray:
    """The notes' ``sox … sinc 300-3400``: linear-phase FIR band-pass (high-pass by spectral inversion).

    Not an FFT brick wall: zeroing bins over the whole clip is far steeper than any telephone channel or
    SoX (300 Hz straight to −∞, ringing spread over the clip), and cost ~13 extra CER points (README).
    """
    high_pass = -_lowpass_taps(low, rate)
    high_pass[len(high_pass) // 2] += 1.0
    taps = np.convolve(high_pass, _lowpass_taps(high, rate))
    return np.convolve(audio, taps, mode="same").astype(np.float32)


def _write_mulaw_8k(audio16: np.ndarray, out: Path) -> None:
    """16 kHz float audio → 8 kHz with the production resampler → μ-law WAV (PyAV: no system tools needed)."""
    from transcripts.audio import SAMPLE_RATE, resample

    pcm = np.round(np.clip(resample(audio16, SAMPLE_RATE, 8000), -1, 1) * 32767).astype(np.int16)
    tmp = out.with_name(out.name + ".partial")
    with av.open(str(tmp), "w", format="wav") as container:
        stream = container.add_stream("pcm_mulaw", rate=8000, layout="mono")
        frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = 8000
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    tmp.replace(out)


def clip_path(clip: Clip, rate: int, data: Path = SPEECH_ZH) -> Path:
    """The clip as delivered (16 kHz set; some originals are 24–48 kHz) or its 8 kHz telephone copy."""
    source = data / clip.rel
    if rate != 8000:
        return source
    out = CACHE_8K / (clip.rel.rsplit(".", 1)[0] + ".wav")
    if not out.exists():
        from transcripts.audio import SAMPLE_RATE, decode

        out.parent.mkdir(parents=True, exist_ok=True)
        _write_mulaw_8k(_band_pass(decode(source).channels[0], SAMPLE_RATE), out)
    return out


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


_DROP = re.compile(r"[\W_]+", re.UNICODE)  # punctuation, symbols and whitespace (CJK characters are \w)


def normalise(text: str) -> str:
    """NFKC, Traditional → Simplified, Chinese numerals → digits (cn2an), no punctuation/space, lower case."""
    import cn2an

    text = _t2s().convert(unicodedata.normalize("NFKC", text))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cn2an warns on lone 千/万
        with contextlib.suppress(ValueError, KeyError):  # cn2an gives up on some mixed strings: keep them
            text = cn2an.transform(text, "cn2an")
    return _DROP.sub("", text).lower()


def cer(pairs: list[tuple[str, str]]) -> float:
    """Corpus CER: summed character edit distance over summed reference length, after ``normalise``."""
    from rapidfuzz.distance import Levenshtein

    edits = total = 0
    for reference, hypothesis in pairs:
        ref, hyp = normalise(reference), normalise(hypothesis)
        edits += Levenshtein.distance(ref, hyp)
        total += len(ref)
    return edits / total if total else 0.0
