"""Speaker separation pieces on constructed inputs: mel frontend, weights loader, clustering, Viterbi, splits."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from transcripts.asr.engine import RawSegment
from transcripts.diarize.cluster import cluster_two
from transcripts.diarize.encoder import Ge2eEmbedder
from transcripts.diarize.mel import HOP, N_MELS, SAMPLE_RATE, mel_filters, mel_power
from transcripts.diarize.split import SWITCH_COST, split_by_voice, viterbi
from transcripts.diarize.voices import VoiceMap, window_centres
from transcripts.diarize.weights import load_encoder_weights, load_legacy_state
from transcripts.models import Word

needs_encoder = pytest.mark.skipif(load_encoder_weights() is None,
                                   reason="resemblyzer wheel not installed (make model)")


def test_mel_filters_cover_the_band_in_order() -> None:
    filters = mel_filters()
    assert filters.shape == (N_MELS, 201)
    peaks = filters.argmax(axis=1)
    assert np.all(np.diff(peaks) >= 0) and peaks[0] <= 2 and peaks[-1] >= 180


def test_mel_power_puts_a_tone_in_its_band() -> None:
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    mel = mel_power(0.5 * np.sin(2 * np.pi * 1000 * t))
    assert mel.shape == (SAMPLE_RATE // HOP + 1, N_MELS)
    band = int(np.argmax(mel[50]))
    assert band == int(np.argmax(mel_filters()[:, round(1000 / 40)]))  # 40 Hz per FFT bin


def test_weights_loader_refuses_code_in_the_pickle() -> None:
    headers = b"".join(pickle.dumps(v, protocol=2) for v in (0x1950A86A20F9469CFC6C, 1001, {}))
    evil = headers + b"cos\nsystem\n(S'true'\ntR."  # a checkpoint that would run a shell command
    with pytest.raises(pickle.UnpicklingError, match=r"unexpected global os\.system"):
        load_legacy_state(evil)


@needs_encoder
def test_bundled_weights_load_without_torch() -> None:
    weights = load_encoder_weights()
    assert weights is not None
    assert weights["lstm.weight_ih_l0"].shape == (1024, N_MELS) and weights["linear.weight"].shape == (256, 256)


@needs_encoder
def test_numpy_encoder_matches_torch_lstm() -> None:
    torch = pytest.importorskip("torch")
    weights = load_encoder_weights()
    assert weights is not None
    mels = np.random.default_rng(0).gamma(1.0, 0.05, size=(3, 40, N_MELS)).astype(np.float32)
    lstm, linear = torch.nn.LSTM(N_MELS, 256, 3, batch_first=True), torch.nn.Linear(256, 256)
    lstm.load_state_dict({k[5:]: torch.from_numpy(v) for k, v in weights.items() if k.startswith("lstm.")})
    linear.load_state_dict({"weight": torch.from_numpy(weights["linear.weight"]),
                            "bias": torch.from_numpy(weights["linear.bias"])})
    with torch.no_grad():
        _, (hidden, _) = lstm(torch.from_numpy(mels))
        ref = torch.relu(linear(hidden[-1]))
        ref = (ref / ref.norm(dim=1, keepdim=True)).numpy()
    assert np.abs(Ge2eEmbedder(weights).embed(mels) - ref).max() < 1e-4


def _two_voices(n: int, noise: float, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 2, n)
    base = rng.standard_normal((2, 16))
    emb = base[truth] + noise * rng.standard_normal((n, 16))
    return emb / np.linalg.norm(emb, axis=1, keepdims=True), truth


def test_clustering_finds_two_voices() -> None:
    emb, truth = _two_voices(200, 0.3)
    clusters = cluster_two(emb)
    agreement = np.mean(clusters.labels == truth)
    assert max(agreement, 1 - agreement) == 1.0
    assert clusters.separation > 0.3 and clusters.contrast > 20


def test_one_voice_has_low_separation() -> None:
    rng = np.random.default_rng(2)
    emb = np.ones(16) + 0.05 * rng.standard_normal((100, 16))
    clusters = cluster_two(emb / np.linalg.norm(emb, axis=1, keepdims=True))
    assert clusters.separation < 0.01 and clusters.contrast < 5


def test_clustering_of_nothing_or_one_window() -> None:
    assert cluster_two(np.zeros((0, 4), np.float32)).separation == 0.0
    assert cluster_two(np.ones((1, 4), np.float32) / 2).labels.tolist() == [0]


@pytest.mark.parametrize(("scores", "gaps", "expected"), [
    ([2, 2, -0.3, 2, 2], [0.0] * 4, [0, 0, 0, 0, 0]),        # one weak contrary word inside a turn: smoothed
    ([2, 2, -2, -2, -2], [0.0] * 4, [0, 0, 1, 1, 1]),        # a clear change between touching words
    ([2, 2, -0.6, 2, 2], [0.0, 0.5, 0.5, 0.0], [0, 0, 1, 0, 0]),  # a short reply between pauses is kept
    ([], [], []),
])
def test_viterbi(scores: list[float], gaps: list[float], expected: list[int]) -> None:
    assert viterbi(np.array(scores, dtype=float), np.array(gaps, dtype=float)).tolist() == expected


def test_switch_cost_is_larger_than_a_weak_word() -> None:
    assert SWITCH_COST > 1.0


def test_window_centres_fill_spans_and_mark_short_ones() -> None:
    centres = window_centres([(0.0, 1.0), (2.0, 2.1)])
    assert centres.tolist() == [0.1, 0.3, 0.5, 0.7, 0.9, 2.05]


def _word(text: str, start: float, end: float) -> Word:
    return Word(text=text, start=start, end=end)


def _voice_map(times: list[float], scores: list[float]) -> VoiceMap:
    from transcripts.diarize.cluster import TwoClusters

    return VoiceMap(times=np.array(times), clusters=TwoClusters(centroids=np.eye(2), scores=np.array(scores),
                                                                  separation=1.0, contrast=50.0))


def test_a_segment_with_two_voices_is_split_at_the_word_boundary() -> None:
    words = (_word("您好，", 0.0, 0.5), _word("工号一零二三。", 0.5, 1.5),
             _word("我想", 1.6, 2.0), _word("退款。", 2.0, 2.6))
    raw = RawSegment(start=0.0, end=2.6, text="".join(w.text for w in words), words=words)
    voices = _voice_map([0.25, 0.75, 1.25, 1.8, 2.3], [1.0, 1.0, 1.0, -1.0, -1.0])
    pieces = split_by_voice([raw], voices)
    assert [(p.raw.text, p.voice) for p in pieces] == [("您好，工号一零二三。", 0), ("我想退款。", 1)]
    assert pieces[1].raw.start == 1.6 and pieces[1].raw.words == words[2:]
    assert all(p.voice_confidence > 0.9 for p in pieces)


def test_a_segment_without_word_timings_stays_whole() -> None:
    raw = RawSegment(start=0.0, end=2.0, text="您好", words=())
    pieces = split_by_voice([raw], _voice_map([0.5, 1.5], [-1.0, -1.0]))
    assert [(p.raw, p.voice) for p in pieces] == [(raw, 1)]


def test_without_the_encoder_mono_falls_back_to_text_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    import transcripts.diarize as diarize
    from transcripts.roles import TEXT_CUE_CONFIDENCE
    from transcripts.transcribe import label_mono

    monkeypatch.setattr(diarize, "default_embedder", lambda: None)
    raws = [RawSegment(start=0.0, end=2.0, text="您好，工号一零二三。", words=()),
            RawSegment(start=3.0, end=4.0, text="我想投诉。", words=())]
    out = label_mono(np.zeros(SAMPLE_RATE * 5, np.float32), raws)
    assert [(r.text, s, c) for r, s, c in out] == [("您好，工号一零二三。", "agent", TEXT_CUE_CONFIDENCE),
                                                   ("我想投诉。", "customer", TEXT_CUE_CONFIDENCE)]


def test_nothing_to_separate_without_segments() -> None:
    from transcripts.diarize import separate

    assert separate(np.zeros(SAMPLE_RATE, np.float32), []) is None
