"""The on-disk embedding cache: :class:`CachedEncoder` wraps any encoder.

Location: ``--cache-dir``, else ``$ALIGN_CACHE_DIR``, else ``~/.cache/align/embeddings``;
one SQLite file per model signature, keyed by a hash of the text (:mod:`align.embed.store`
holds the file format, its checks and its concurrency rules).

Texts not in the cache are embedded in batches of :data:`BATCH` (after a short ramp,
:func:`~align.embed.base.batches`), longest first, and each batch is committed as soon as
it is embedded: an interrupted run keeps what it embedded and the next run starts from
there. Runs sharing the folder (``align corpus --jobs N``, several users' jobs) read and
write it at the same time safely. A damaged cache is never trusted: bad vectors are
embedded again, a bad file is rebuilt, with one warning on the ``align.embed`` logger.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from align.embed.base import Encoder, batches, by_length, text_weight
from align.embed.store import VectorStore, store_path

#: Texts embedded (and committed) per batch when the caller sets no batch size.
BATCH = 256


def default_cache_dir() -> Path:
    """``$ALIGN_CACHE_DIR`` or ``~/.cache/align/embeddings``."""
    env = os.environ.get("ALIGN_CACHE_DIR")
    if env:
        return Path(env)
    return Path.home() / ".cache" / "align" / "embeddings"


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class CachedEncoder:
    """Wraps an encoder; texts seen before (same model signature) are read from disk."""

    def __init__(self, inner: Encoder, cache_dir: str | Path | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.calls_per_text = getattr(inner, "calls_per_text", 1)
        self.hits = 0
        self.misses = 0
        self._store: VectorStore | None = None

    @property
    def store(self) -> VectorStore:
        """The cache file of this encoder's signature (opened on first use)."""
        if self._store is None:
            sig = self.inner.signature()
            self._store = VectorStore(store_path(self.cache_dir, sig), sig)
        return self._store

    @property
    def path(self) -> Path:
        """The cache file's path."""
        return self.store.path

    def encode(
        self, texts: Sequence[str], *, batch_size: int | None = None, progress: bool = False
    ) -> np.ndarray:
        if not texts:
            return self.inner.encode(texts, batch_size=batch_size, progress=progress)
        keys = [_key(t) for t in texts]
        text_of = dict(zip(keys, texts, strict=True))
        uniq = list(text_of)
        found = self.store.get(uniq)
        missing = [k for k in uniq if k not in found]
        self.hits += len(texts) - sum(1 for k in keys if k not in found)
        self.misses += len(missing)
        if missing:
            found.update(self._embed(missing, text_of, batch_size, progress))
            # the cache's vectors must match the encoder's (a file with a consistent but
            # wrong size passes the per-row checks): those that do not are embedded again
            dim = found[missing[0]].shape[0]
            wrong = [k for k in uniq if found[k].shape[0] != dim]
            if wrong:
                found.update(self._embed(wrong, text_of, batch_size, progress))
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)

    def _embed(self, keys: list[bytes], text_of: dict[bytes, str], batch_size: int | None,
               progress: bool) -> dict[bytes, np.ndarray]:
        """Embed the texts of ``keys`` in batches, committing each batch to the cache."""
        from align.progress import Meter

        todo = [keys[i] for i in by_length([text_of[k] for k in keys])]
        weights = [text_weight(text_of[k], 2048) for k in todo]
        out: dict[bytes, np.ndarray] = {}
        with Meter(len(todo), description=f"embedding ({self.name})", unit="sentences",
                   enabled=progress, total_weight=sum(weights)) as meter:
            for start, end in batches(len(todo), batch_size or BATCH):
                batch = todo[start:end]
                vecs = np.asarray(self.inner.encode([text_of[k] for k in batch],
                                                    batch_size=batch_size), dtype=np.float32)
                if vecs.ndim != 2 or vecs.shape[0] != len(batch):
                    raise ValueError(f"encoder {self.name!r} returned shape {vecs.shape} for "
                                     f"{len(batch)} texts")
                out.update(zip(batch, vecs, strict=True))
                self.store.put(batch, vecs)
                meter.advance(len(batch), sum(weights[start:end]))
        return out

    def signature(self) -> str:
        return self.inner.signature()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
