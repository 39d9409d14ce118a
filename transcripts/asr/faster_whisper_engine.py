"""faster-whisper (CTranslate2) on the pip-shipped Whisper weights: the default engine."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from faster_whisper import BatchedInferencePipeline, WhisperModel

from transcripts.asr.guards import finish_segment, is_hallucination
from transcripts.asr.types import NO_HINTS, AsrConfig, CallHints, RawSegment, package_versions
from transcripts.asr.weights import ensure_model, model_sha256
from transcripts.hotwords import prompt_text
from transcripts.models import AsrInfo, Word
from transcripts.textnorm import normalise_asr_text


class FasterWhisperEngine:
    def __init__(self, config: AsrConfig) -> None:
        self.config = config
        self.model_dir = ensure_model(config.model, Path(config.model_dir) if config.model_dir else None)
        self._engine_version = package_versions("faster-whisper", "ctranslate2")
        self._model = WhisperModel(str(self.model_dir), device=config.device,
                                   compute_type=config.compute_type, cpu_threads=config.cpu_threads,
                                   num_workers=config.workers)  # calls from `workers` threads decode in parallel

    def describe(self) -> AsrInfo:
        c = self.config
        return AsrInfo(engine="faster-whisper", engine_version=self._engine_version,
                       model=f"whisper-{c.model}", model_sha256=model_sha256(self.model_dir),
                       device=c.device, compute_type=c.compute_type, language=c.language,
                       beam_size=c.beam_size, vad=c.vad, batch_size=NO_HINTS.batch_size(c))

    def transcribe(self, audio: np.ndarray, hints: CallHints = NO_HINTS) -> list[RawSegment]:
        c = self.config
        options = {"language": c.language, "beam_size": c.beam_size, "vad_filter": c.vad,
                   "vad_parameters": {"threshold": hints.vad_threshold(c)},
                   "word_timestamps": c.word_timestamps, "hotwords": prompt_text(hints.hotwords)}
        batch = hints.batch_size(c)
        if batch:  # VAD chunks merged up to 30 s, decoded `batch` at a time. One pipeline per call: it keeps
            # word-timing state between batches, and `workers` threads share this engine.
            pipeline = BatchedInferencePipeline(self._model)
            segments, _info = pipeline.transcribe(audio, batch_size=batch, **options)
        else:
            segments, _info = self._model.transcribe(audio, **options)
        out: list[RawSegment] = []
        for seg in segments:  # a lazy generator: decoding happens here
            words = tuple(
                Word(text=normalise_asr_text(w.word), start=round(w.start, 2), end=round(w.end, 2),
                     probability=round(w.probability, 3))
                for w in (seg.words or ())
            )
            words = tuple(w for w in words if w.text)
            text = "".join(w.text for w in words) if words else normalise_asr_text(seg.text)
            if not text or is_hallucination(text, no_speech_prob=seg.no_speech_prob, avg_logprob=seg.avg_logprob):
                continue
            out.extend(finish_segment(text, words, seg.start, seg.end))
        return out
