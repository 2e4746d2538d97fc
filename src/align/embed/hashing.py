"""A dependency-free, deterministic encoder for tests and dry runs.

Each text becomes a bag of hashed character n-grams (script-agnostic), projected to
``dim`` dimensions and L2-normalised. It knows no languages, so cross-lingual
similarities are near zero except for shared digits, names and punctuation; that is
enough to exercise the aligner's search and its invariants without a model.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from align.embed.base import encode_batches


class HashEncoder:
    """Hashed character n-grams (``n`` = 1..3) in ``dim`` dimensions; no model, no I/O."""

    name = "hash"

    def __init__(self, dim: int = 64, *, ngram: int = 3) -> None:
        if dim < 1:
            raise ValueError(f"dim must be positive, got {dim}")
        self.dim = dim
        self.ngram = ngram

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        t = f" {text.lower()} "
        for n in range(1, self.ngram + 1):
            for k in range(len(t) - n + 1):
                h = hashlib.blake2b(t[k : k + n].encode("utf-8"), digest_size=8).digest()
                x = int.from_bytes(h, "little")
                v[x % self.dim] += 1.0 if (x >> 63) & 1 else -1.0
        return v

    def encode(
        self, texts: Sequence[str], *, batch_size: int | None = None, progress: bool = False
    ) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return encode_batches(texts, lambda batch: np.stack([self._vector(t) for t in batch]),
                              batch_size=batch_size or 1024, progress=progress,
                              description="embedding (hash)")

    def signature(self) -> str:
        return f"hash:dim{self.dim}-n{self.ngram}"
