"""A dependency-free translator for tests and dry runs: the output is the input.

``EchoTranslator(prefix="[en] ")`` marks its output so a test can tell a translated
segment from an untouched one. It passes any placeholder through unchanged, so the
``placeholder`` and ``repair`` enforce modes can be exercised without a model.
"""

from __future__ import annotations

from align.translate.base import EnforceMode, TranslatorBase


class EchoTranslator(TranslatorBase):
    """Returns each segment unchanged (optionally with a prefix); serves any pair."""

    name = "echo"
    modes = (EnforceMode.PLACEHOLDER, EnforceMode.REPAIR)

    def __init__(self, *, prefix: str = "") -> None:
        self.prefix = prefix
        self.calls = 0  # number of segments translated (tests count re-translations)

    def _translate(self, texts: list[str], src: str, tgt: str, *, batch_size: int) -> list[str]:
        self.calls += len(texts)
        return [self.prefix + t for t in texts]

    def signature(self) -> str:
        return f"echo:prefix={self.prefix!r}" if self.prefix else "echo"
