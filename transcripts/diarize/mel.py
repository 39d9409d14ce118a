"""Mel power spectrogram as the GE2E encoder was trained on (librosa defaults, no log).

25 ms Hann windows every 10 ms at 16 kHz, 40 Slaney-scale mel bands with Slaney area
normalisation, power (|X|²) values. Reimplemented in NumPy so librosa is not needed.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

SAMPLE_RATE = 16000
N_FFT = 400
HOP = 160
N_MELS = 40
FRAME_S = HOP / SAMPLE_RATE
"""Seconds per mel frame (10 ms)."""
BLOCK_FRAMES = 6000


def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    linear = hz / (200.0 / 3)
    log_part = 15.0 + np.log(np.maximum(hz, 1e-9) / 1000.0) / (np.log(6.4) / 27.0)
    return np.where(hz >= 1000.0, log_part, linear)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    linear = mel * (200.0 / 3)
    log_part = 1000.0 * np.exp((np.log(6.4) / 27.0) * (mel - 15.0))
    return np.where(mel >= 15.0, log_part, linear)


@lru_cache(maxsize=1)
def mel_filters() -> np.ndarray:
    """(N_MELS, N_FFT // 2 + 1) triangular filters, as ``librosa.filters.mel(sr=16000, n_fft=400, n_mels=40)``."""
    fft_hz = np.linspace(0, SAMPLE_RATE / 2, N_FFT // 2 + 1)
    edges = _mel_to_hz(np.linspace(_hz_to_mel(np.array(0.0)), _hz_to_mel(np.array(SAMPLE_RATE / 2)), N_MELS + 2))
    widths = np.diff(edges)
    ramps = edges[:, None] - fft_hz[None, :]
    lower = -ramps[:-2] / widths[:-1, None]
    upper = ramps[2:] / widths[1:, None]
    filters = np.maximum(0.0, np.minimum(lower, upper))
    filters *= (2.0 / (edges[2:] - edges[:-2]))[:, None]
    return filters.astype(np.float32)


def mel_power(samples: np.ndarray) -> np.ndarray:
    """(frames, N_MELS) float32; frame i is centred on sample ``i * HOP``. Works in blocks of
    ``BLOCK_FRAMES`` so an hour-long call never holds all its FFT frames at once."""
    padded = np.pad(samples.astype(np.float32), N_FFT // 2, mode="reflect" if len(samples) > N_FFT else "constant")
    n_frames = 1 + (len(padded) - N_FFT) // HOP
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)
    out = np.empty((n_frames, N_MELS), np.float32)
    for first in range(0, n_frames, BLOCK_FRAMES):
        frames = np.arange(first, min(first + BLOCK_FRAMES, n_frames))
        idx = np.arange(N_FFT)[None, :] + HOP * frames[:, None]
        spectrum = np.abs(np.fft.rfft(padded[idx] * window, axis=1)) ** 2
        out[frames] = spectrum.astype(np.float32) @ mel_filters().T
    return out
