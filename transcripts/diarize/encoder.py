"""Speaker embeddings of short windows: the GE2E d-vector LSTM, run in NumPy (no torch at run time).

An embedder maps a batch of mel windows (batch, frames, 40) to L2-normalised vectors; the
clustering does not care which one ran. A classical alternative (log-mel statistics) is measured
in ``bench/asr/bench_diarization.py`` and was far worse (D22).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from transcripts.diarize.weights import load_encoder_weights

TARGET_DBFS = -30.0
"""GE2E was trained on utterances normalised to this RMS level (power mel, no log: scale matters)."""


class Embedder(Protocol):
    name: str

    def embed(self, mels: np.ndarray) -> np.ndarray: ...


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-9)).astype(np.float32)


class Ge2eEmbedder:
    """Resemblyzer's encoder: 3 × LSTM(256) → linear → ReLU → L2 norm (256 dimensions)."""

    name = "ge2e-resemblyzer-0.1.4"

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.layers = [
            (weights[f"lstm.weight_ih_l{n}"].T.copy(), weights[f"lstm.weight_hh_l{n}"].T.copy(),
             weights[f"lstm.bias_ih_l{n}"] + weights[f"lstm.bias_hh_l{n}"])
            for n in range(3)
        ]
        self.linear_w = weights["linear.weight"].T.copy()
        self.linear_b = weights["linear.bias"]

    def embed(self, mels: np.ndarray) -> np.ndarray:
        x = mels.astype(np.float32)
        batch, steps, _ = x.shape
        for w_ih, w_hh, bias in self.layers:
            hidden = w_hh.shape[0]
            inputs = (x.reshape(batch * steps, -1) @ w_ih + bias).reshape(batch, steps, 4 * hidden)
            h = np.zeros((batch, hidden), np.float32)
            c = np.zeros((batch, hidden), np.float32)
            outputs = np.empty((batch, steps, hidden), np.float32)
            for t in range(steps):
                gates = inputs[:, t] + h @ w_hh
                i, f, g, o = np.split(gates, 4, axis=1)  # PyTorch gate order
                c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
                h = _sigmoid(o) * np.tanh(c)
                outputs[:, t] = h
            x = outputs
        return _normalise(np.maximum(h @ self.linear_w + self.linear_b, 0.0))


def default_embedder() -> Embedder | None:
    """GE2E when the ``resemblyzer`` wheel is installed (``make model``), else None."""
    weights = load_encoder_weights()
    return Ge2eEmbedder(weights) if weights is not None else None
