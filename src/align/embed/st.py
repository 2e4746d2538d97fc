"""``st:PATH``: any local sentence-transformers model (LaBSE, LASER-like, e5-large ...).

sentence-transformers (and torch) are imported on the first ``encode()``, never at
import; a missing package raises :class:`BackendUnavailable` with the pip line. The
device is an explicit option: ``auto`` (the default) means CUDA when present, decided
once when the model loads.

sentence-transformers truncates each text to the model's ``max_seq_length`` tokens
itself; this backend first clips the text to ``max_seq_length * 16`` characters (see
:data:`~align.embed.base.CHARS_PER_TOKEN_MAX`), so a 5 MB line is never tokenised whole.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from align.embed.base import CHARS_PER_TOKEN_MAX, clip, encode_batches
from align.errors import BackendError, BackendUnavailable, ConfigError

_PIP = "pip install 'sentence-transformers>=3'"


class SentenceTransformerEncoder:
    """A sentence-transformers model from a local folder (``path``); no download."""

    name = "st"

    def __init__(self, path: str | Path | None = None, *, device: str = "auto",
                 revision: str | None = None) -> None:
        if not path:
            raise ConfigError("encoder 'st' needs a model folder: use --encoder st:PATH")
        self.path = Path(path)
        if not self.path.is_dir():
            raise ConfigError(
                f"encoder 'st': {str(self.path)!r} is not a folder holding a "
                "sentence-transformers model (models are never downloaded)"
            )
        if importlib.util.find_spec("sentence_transformers") is None:
            raise BackendUnavailable(f"encoder 'st' needs sentence-transformers; {_PIP}")
        self.device = device
        self.revision = revision
        self._model: Any = None
        self.resolved_device: str | None = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer

                device = self.device
                if device == "auto":
                    import torch

                    device = "cuda" if torch.cuda.is_available() else "cpu"
                self.resolved_device = device
                self._model = SentenceTransformer(
                    str(self.path), device=device, local_files_only=True
                )
            except ImportError as exc:
                raise BackendUnavailable(f"encoder 'st' needs sentence-transformers; {_PIP}") from exc
            except Exception as exc:  # noqa: BLE001 - third-party boundary
                raise BackendError(f"encoder 'st' failed to load {str(self.path)!r}: {exc}") from exc
        return self._model

    def encode(
        self, texts: Sequence[str], *, batch_size: int | None = None, progress: bool = False
    ) -> np.ndarray:
        model = self._load()
        if not texts:
            dim = int(model.get_sentence_embedding_dimension() or 0)
            return np.zeros((0, dim), dtype=np.float32)
        batch_size = batch_size or 32
        max_chars = int(getattr(model, "max_seq_length", None) or 512) * CHARS_PER_TOKEN_MAX

        def embed(batch: list[str]) -> np.ndarray:
            return np.asarray(model.encode(
                [clip(t, max_chars) for t in batch], batch_size=batch_size,
                show_progress_bar=False, convert_to_numpy=True, normalize_embeddings=True,
            ))

        return encode_batches(texts, embed, batch_size=batch_size, progress=progress,
                              description="embedding (st)", max_chars=max_chars // 4)

    def signature(self) -> str:
        rev = f"@{self.revision}" if self.revision else ""
        return f"st:{self.path.name}{rev}"
