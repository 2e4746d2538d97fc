"""An on-disk embedding cache: one SQLite file per model signature, keyed by text hash.

Location: ``--cache-dir``, else ``$ALIGN_CACHE_DIR``, else ``~/.cache/align/embeddings``.
SQLite in WAL mode makes concurrent readers and writers (``align corpus --jobs N``)
safe; a write that loses a race is simply retried by SQLite's busy timeout.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from align.embed.base import Encoder
from align.errors import InputError


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
        self._db: sqlite3.Connection | None = None
        self.hits = 0
        self.calls_per_text = getattr(inner, "calls_per_text", 1)
        self.misses = 0

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            sig = self.inner.signature()
            fname = re.sub(r"[^A-Za-z0-9._-]+", "_", sig) + ".sqlite"
            try:
                self.cache_dir.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(str(self.cache_dir / fname), timeout=60.0)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("CREATE TABLE IF NOT EXISTS emb (k BLOB PRIMARY KEY, v BLOB NOT NULL)")
                db.commit()
            except (OSError, sqlite3.Error) as exc:
                raise InputError(
                    f"{self.cache_dir}: cannot use the embedding cache ({exc}); "
                    "pass --cache-dir DIR or --no-cache"
                ) from exc
            self._db = db
        return self._db

    def encode(
        self, texts: Sequence[str], *, batch_size: int | None = None, progress: bool = False
    ) -> np.ndarray:
        if not texts:
            return self.inner.encode(texts, batch_size=batch_size, progress=progress)
        db = self._conn()
        keys = [_key(t) for t in texts]
        found: dict[bytes, np.ndarray] = {}
        uniq = list(dict.fromkeys(keys))
        for start in range(0, len(uniq), 500):
            chunk = uniq[start : start + 500]
            q = "SELECT k, v FROM emb WHERE k IN (" + ",".join("?" * len(chunk)) + ")"
            for k, v in db.execute(q, chunk):
                found[bytes(k)] = np.frombuffer(v, dtype=np.float32)
        missing = [k for k in uniq if k not in found]
        if missing:
            first = {k: i for i, k in reversed(list(enumerate(keys)))}
            todo = [texts[first[k]] for k in missing]
            vecs = self.inner.encode(todo, batch_size=batch_size, progress=progress)
            rows = []
            for k, v in zip(missing, vecs, strict=True):
                v = np.ascontiguousarray(v, dtype=np.float32)
                found[k] = v
                rows.append((k, v.tobytes()))
            with db:
                db.executemany("INSERT OR IGNORE INTO emb (k, v) VALUES (?, ?)", rows)
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)

    def signature(self) -> str:
        return self.inner.signature()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
