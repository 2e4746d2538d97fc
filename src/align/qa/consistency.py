"""Inconsistency both ways: one source rendered by two targets, two sources by one target.

Segments are compared after collapsing whitespace; segments without a letter (numbers,
punctuation) are left out. Only 64-bit hashes and the first location are kept, so memory
grows with the number of distinct segments, not with their length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SPACES = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class Seen:
    """Where a segment was first seen, and (the hash of) its partner there."""

    partner: int
    file: str
    line: int


def _norm(text: str) -> str | None:
    t = _SPACES.sub(" ", text).strip()
    return t if t and _LETTER.search(t) else None


@dataclass
class Consistency:
    """Tracks renderings within one scope (a file, or the whole run)."""

    targets: bool = True  # one source, two targets -> inconsistent-target
    sources: bool = False  # two sources, one target -> inconsistent-source
    _by_src: dict[int, Seen] = field(default_factory=dict)
    _by_tgt: dict[int, Seen] = field(default_factory=dict)

    def add(self, scope: str, src: str, tgt: str, file: str, line: int) -> list[tuple[str, Seen]]:
        """Record one pair; return (rule, first occurrence) for each inconsistency."""
        s, t = _norm(src), _norm(tgt)
        if s is None or t is None:
            return []
        hs, ht = hash(s), hash(t)
        out = []
        if self.targets:
            first = self._by_src.setdefault(hash((scope, hs)), Seen(ht, file, line))
            if first.partner != ht:
                out.append(("inconsistent-target", first))
        if self.sources:
            first = self._by_tgt.setdefault(hash((scope, ht)), Seen(hs, file, line))
            if first.partner != hs:
                out.append(("inconsistent-source", first))
        return out
