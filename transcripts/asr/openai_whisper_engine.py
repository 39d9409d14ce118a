"""openai-whisper (PyTorch) on the same bundled weights, converted offline from CTranslate2.

The design card's reference engine. It has no VAD of its own, so it runs faster-whisper's Silero VAD
(``get_speech_timestamps`` + ``collect_chunks`` with default ``VadOptions``, exactly what
``WhisperModel.transcribe(vad_filter=True)`` does) in front, decodes the glued speech and maps every
timestamp back to the original audio. Text normalisation and guards are shared too, so the two engines
differ only in the decoder implementation (measured: identical text to faster-whisper float32).

The checkpoint is converted on first use from the bundled CTranslate2 weights (``ct2_convert``), offline.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from transcripts.asr.ct2_convert import alignment_heads, convert
from transcripts.asr.guards import finish_segment, is_hallucination
from transcripts.asr.types import NO_HINTS, AsrConfig, CallHints, RawSegment, package_versions
from transcripts.asr.weights import ensure_model, model_sha256
from transcripts.audio import SAMPLE_RATE
from transcripts.hotwords import prompt_text
from transcripts.models import AsrInfo, Word
from transcripts.textnorm import normalise_asr_text


class OpenAIWhisperEngine:
    def __init__(self, config: AsrConfig) -> None:
        import torch
        import whisper

        self.config = config
        self._decoding = threading.Lock()
        self.model_dir = ensure_model(config.model, Path(config.model_dir) if config.model_dir else None)
        self._engine_version = package_versions("openai-whisper", "torch")
        torch.set_num_threads(config.cpu_threads)
        # torch has no int8 path here: CPU runs float32 (fp16 matmuls are slow or missing on CPU), CUDA float16
        # unless float32 is asked for. describe() records what actually ran.
        self._fp16 = config.device == "cuda" and config.compute_type != "float32"
        self._model = whisper.load_model(str(convert(self.model_dir)), device=config.device)
        heads = alignment_heads(self.model_dir)
        if heads:  # load-by-path falls back to "last half of the layers"; use the model's real heads
            dims = self._model.dims
            mask = torch.zeros(dims.n_text_layer, dims.n_text_head, dtype=torch.bool)
            for layer, head in heads:
                mask[layer, head] = True
            self._model.register_buffer("alignment_heads", mask.to_sparse(), persistent=False)

    def describe(self) -> AsrInfo:
        c = self.config
        return AsrInfo(engine="openai-whisper", engine_version=self._engine_version,
                       model=f"whisper-{c.model}", model_sha256=model_sha256(self.model_dir),
                       device=c.device, compute_type="float16" if self._fp16 else "float32", language=c.language,
                       beam_size=c.beam_size, vad=c.vad)

    def transcribe(self, audio: np.ndarray, hints: CallHints = NO_HINTS) -> list[RawSegment]:
        from faster_whisper.vad import SpeechTimestampsMap, VadOptions, collect_chunks, get_speech_timestamps

        audio = np.asarray(audio, dtype=np.float32)
        restore = None
        if self.config.vad:
            speech = get_speech_timestamps(audio, VadOptions(threshold=hints.vad_threshold(self.config)))
            if not speech:
                return []
            chunks, _ = collect_chunks(audio, speech)
            audio = np.concatenate(chunks)
            restore = SpeechTimestampsMap(speech, SAMPLE_RATE)

        def at(t: float, end: bool = False) -> float:
            return round(restore.get_original_time(t, is_end=end), 2) if restore else round(t, 2)

        def span(start: float, end: float) -> tuple[float, float]:
            """A word belongs to the speech chunk it ends in (its start may sit on the glued boundary)."""
            if restore is None:
                return round(start, 2), round(end, 2)
            chunk = restore.get_chunk_index(end, is_end=True)
            lo = restore.get_original_time(end, chunk, is_end=True) - (end - start)
            chunk_start = speech[chunk]["start"] / SAMPLE_RATE
            return round(max(lo, chunk_start), 2), round(restore.get_original_time(end, chunk, is_end=True), 2)

        c = self.config
        with self._decoding:  # one decode at a time: whisper installs kv-cache hooks on the shared model
            result = self._model.transcribe(audio, language=c.language, beam_size=c.beam_size, fp16=self._fp16,
                                            word_timestamps=c.word_timestamps, condition_on_previous_text=True,
                                            initial_prompt=prompt_text(hints.hotwords), carry_initial_prompt=True,
                                            verbose=None)
        out: list[RawSegment] = []
        for seg in result["segments"]:
            words = tuple(
                Word(text=normalise_asr_text(w["word"]), start=a, end=b, probability=round(float(w["probability"]), 3))
                for w in seg.get("words", ())
                for a, b in [span(float(w["start"]), float(w["end"]))]
            )
            words = tuple(w for w in words if w.text)
            text = "".join(w.text for w in words) if words else normalise_asr_text(seg["text"])
            if not text or is_hallucination(text, no_speech_prob=seg["no_speech_prob"], avg_logprob=seg["avg_logprob"]):
                continue
            out.extend(finish_segment(text, words, at(seg["start"]), at(seg["end"], end=True)))
        return out
