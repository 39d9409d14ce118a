"""Two-speaker clustering of window embeddings (cosine k-means seeded by the first principal axis).

A telephone call has two parties, so k is fixed at 2. Whether two voices were really found is judged
by ``contrast``: k-means also splits one voice in two, but then the window scores form one hump cut in
the middle (Fisher ratio ≈ 3.5 for a Gaussian), while two voices give two humps far apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ITERATIONS = 30


@dataclass(frozen=True)
class TwoClusters:
    centroids: np.ndarray
    """(2, dim), L2-normalised."""
    scores: np.ndarray
    """Per window: cos(centroid 0) − cos(centroid 1); > 0 means speaker 0. Range −2..2."""
    separation: float
    """1 − cosine between the centroids: 0 when both clusters are one voice."""
    contrast: float
    """Fisher ratio of the scores: (mean₀ − mean₁)² / (var₀ + var₁) over the two clusters."""

    @property
    def labels(self) -> np.ndarray:
        return (self.scores < 0).astype(np.int64)


def _centroids(embeddings: np.ndarray, labels: np.ndarray) -> np.ndarray:
    out = []
    for k in (0, 1):
        members = embeddings[labels == k]
        c = members.mean(axis=0) if len(members) else embeddings.mean(axis=0)
        out.append(c / max(float(np.linalg.norm(c)), 1e-9))
    return np.stack(out)


def cluster_two(embeddings: np.ndarray) -> TwoClusters:
    """Split L2-normalised embeddings (n, dim) into two voices. Deterministic."""
    if len(embeddings) < 2:
        c = np.repeat(embeddings[:1], 2, axis=0) if len(embeddings) else np.zeros((2, 1), np.float32)
        return TwoClusters(centroids=c, scores=np.zeros(len(embeddings)), separation=0.0, contrast=0.0)
    centred = embeddings - embeddings.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    labels = (centred @ vt[0] < 0).astype(np.int64)
    for _ in range(ITERATIONS):
        centroids = _centroids(embeddings, labels)
        sims = embeddings @ centroids.T
        new = np.argmax(sims, axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
    centroids = _centroids(embeddings, labels)
    sims = embeddings @ centroids.T
    scores = sims[:, 0] - sims[:, 1]
    return TwoClusters(centroids=centroids, scores=scores, separation=float(1.0 - centroids[0] @ centroids[1]),
                       contrast=fisher_ratio(scores))


def fisher_ratio(scores: np.ndarray) -> float:
    """Contrast of the two sides of 0; 0.0 when one side is empty."""
    a, b = scores[scores >= 0], scores[scores < 0]
    if len(a) < 2 or len(b) < 2:
        return 0.0
    return float((a.mean() - b.mean()) ** 2 / max(float(a.var() + b.var()), 1e-12))
