"""Sentence encoders: the registry and :func:`get_encoder`.

Backends are imported only when asked for (STYLE.md 2.4). ``get_encoder`` accepts
``e5`` (default), ``use``, ``st:PATH``, ``hash``, ``none`` (no model: the aligner then
uses length and lexical evidence only) and ensembles such as ``e5+use``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from align._registry import load_backend
from align.embed.base import CountingEncoder, Encoder, l2_normalise
from align.embed.cache import CachedEncoder, default_cache_dir
from align.errors import ConfigError

ENCODERS: dict[str, str] = {
    "e5": "align.embed.e5:E5Encoder",
    "use": "align.embed.use:USEEncoder",
    "st": "align.embed.st:SentenceTransformerEncoder",
    "hash": "align.embed.hashing:HashEncoder",
}

#: Names accepted by ``--encoder`` (``st`` takes a path: ``st:PATH``).
CHOICES = ("e5", "use", "st:PATH", "hash", "none")


class EnsembleEncoder:
    """Concatenation of several encoders' unit vectors, scaled so a dot product is the
    mean of the members' cosines."""

    name = "ensemble"

    def __init__(self, members: Sequence[Encoder]) -> None:
        if len(members) < 2:
            raise ConfigError("an ensemble needs at least two encoders, e.g. 'e5+use'")
        self.members = list(members)
        #: encoder calls one text costs (one per member), for calls-per-sentence figures
        self.calls_per_text = sum(getattr(m, "calls_per_text", 1) for m in self.members)

    def encode(
        self, texts: Sequence[str], *, batch_size: int | None = None, progress: bool = False
    ) -> np.ndarray:
        parts = [m.encode(texts, batch_size=batch_size, progress=progress) for m in self.members]
        return l2_normalise(np.concatenate(parts, axis=1))

    def signature(self) -> str:
        return "+".join(m.signature() for m in self.members)


def _one(spec: str, **opts: Any) -> Encoder:
    name, _, arg = spec.partition(":")
    name = name.strip().lower()
    if name == "st":
        return load_backend(ENCODERS, "encoder", "st", path=arg or None, **opts)  # type: ignore[no-any-return]
    if arg:
        raise ConfigError(f"encoder {name!r} takes no ':' argument (got {spec!r})")
    return load_backend(ENCODERS, "encoder", name, **opts)  # type: ignore[no-any-return]


def get_encoder(
    spec: str = "e5", *, cache: bool = False, cache_dir: str | Path | None = None,
    **opts: Any,
) -> Encoder | None:
    """The encoder named by ``spec`` (``e5``, ``use``, ``st:PATH``, ``hash``, ``none``,
    ``e5+use``), optionally behind the on-disk cache. ``none`` returns ``None``.

    Raises :class:`ConfigError` for an unknown name (listing the valid ones) and
    :class:`BackendUnavailable` when the backend's package is missing. Loads no model.
    """
    spec = spec.strip()
    if spec.lower() == "none":
        return None
    if not spec:
        raise ConfigError(f"empty encoder name; choose one of: {', '.join(CHOICES)}")
    parts = [p for p in spec.split("+")]
    if len(parts) > 1:
        enc: Encoder = EnsembleEncoder([_one(p, **opts) for p in parts])
    else:
        try:
            enc = _one(spec, **opts)
        except ConfigError as exc:
            if "unknown encoder" in str(exc):
                raise ConfigError(
                    f"unknown encoder {spec!r}; choose one of: {', '.join(CHOICES)}"
                ) from None
            raise
    if cache:
        return CachedEncoder(enc, cache_dir)
    return enc


__all__ = [
    "CHOICES", "ENCODERS", "CachedEncoder", "CountingEncoder", "Encoder", "EnsembleEncoder",
    "default_cache_dir", "get_encoder",
]
