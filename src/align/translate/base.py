"""The ``Translator`` contract shared by every MT backend, and the per-segment result records.

A backend only turns a batch of segments into translations (``translate``); term
enforcement, file formats and resumption live elsewhere (:mod:`align.translate.enforce`,
:mod:`align.translate.formats`). Constructors store settings and check dependencies;
models load on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable

from align.errors import ConfigError
from align.lang import serves


class EnforceMode(StrEnum):
    """How glossary terms are enforced (``--enforce``), strongest first where it matters."""

    NONE = "none"
    REPAIR = "repair"
    PLACEHOLDER = "placeholder"
    CONSTRAINED = "constrained"

    @classmethod
    def parse(cls, value: str) -> EnforceMode:
        try:
            return cls(value.strip().lower())
        except ValueError:
            valid = ", ".join(m.value for m in cls)
            raise ConfigError(f"unknown enforce mode {value!r}; choose one of: {valid}") from None


@dataclass(frozen=True, slots=True)
class TermCheck:
    """One glossary term requested for a segment, and whether the output has it.

    ``source`` is the source-text surface that triggered the request, ``expected`` the
    target term asked for (the glossary's preferred term, possibly inflected), ``found``
    the target surface matched in the output (``None`` when absent).
    """

    entry_id: str
    source: str
    expected: str
    found: str | None
    ok: bool
    method: str = "none"  # how the term was enforced: none | repair | placeholder | constrained

    def to_dict(self) -> dict[str, object]:
        return {"id": self.entry_id, "source": self.source, "expected": self.expected,
                "found": self.found, "ok": self.ok, "method": self.method}


@dataclass(frozen=True, slots=True)
class TranslationResult:
    """A translated segment with the glossary terms it was asked to carry."""

    source: str
    text: str
    terms: tuple[TermCheck, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when every requested term is in the output (vacuously true with none)."""
        return all(t.ok for t in self.terms)


@runtime_checkable
class Translator(Protocol):
    """What every MT backend provides.

    ``translate`` returns one string per input, same length and order; empty or
    whitespace-only inputs come back unchanged. ``modes`` lists the enforce modes the
    backend supports, strongest first (the default ``--enforce`` is the first one).
    """

    name: str
    modes: tuple[EnforceMode, ...]

    def pairs(self) -> list[tuple[str, str]] | None:
        """The (src, tgt) pairs served, as canonical tags; ``None`` when any pair may work."""
        ...

    def check_pair(self, src: str, tgt: str) -> None:
        """Raise :class:`ConfigError` listing the served pairs when ``src->tgt`` is not one."""
        ...

    def translate(
        self, texts: Sequence[str], src: str, tgt: str, *, batch_size: int = 16
    ) -> list[str]:
        ...

    def signature(self) -> str:
        """A compact ``backend:model@revision`` string recorded with every output."""
        ...


class TranslatorBase:
    """Shared plumbing for backends: pair checks and blank-segment pass-through."""

    name = "base"
    modes: tuple[EnforceMode, ...] = (EnforceMode.PLACEHOLDER, EnforceMode.REPAIR)

    def pairs(self) -> list[tuple[str, str]] | None:
        return None

    def check_pair(self, src: str, tgt: str) -> None:
        if src == tgt:
            raise ConfigError(f"source and target language are both {src!r}; pick two languages")
        served = self.pairs()
        if served is not None and not any(serves(a, src) and serves(b, tgt) for a, b in served):
            listed = ", ".join(f"{a}->{b}" for a, b in served)
            raise ConfigError(
                f"backend {self.name!r} cannot translate {src}->{tgt}; it serves: {listed}"
            )

    def translate(
        self, texts: Sequence[str], src: str, tgt: str, *, batch_size: int = 16
    ) -> list[str]:
        self.check_pair(src, tgt)
        out = list(texts)
        todo = [i for i, t in enumerate(texts) if t.strip()]
        if todo:
            done = self._translate([texts[i] for i in todo], src, tgt, batch_size=batch_size)
            if len(done) != len(todo):  # a backend bug, not a user error
                raise AssertionError(f"{self.name}: {len(done)} outputs for {len(todo)} inputs")
            for i, t in zip(todo, done, strict=True):
                out[i] = t
        return out

    def _translate(self, texts: list[str], src: str, tgt: str, *, batch_size: int) -> list[str]:
        raise NotImplementedError

    def signature(self) -> str:
        return self.name
