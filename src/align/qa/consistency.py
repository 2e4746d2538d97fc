"""Inconsistency both ways: one source rendered by two targets, two sources by one target.

Segments are compared after collapsing whitespace; segments without a letter (numbers,
punctuation) are left out. Only 64-bit hashes and the first location are kept, so memory
grows with the number of distinct segments, not with their length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

_LETTER = re.compile(r"[^\W\d_]")


class Seen(NamedTuple):
    """Where a segment was first seen, and (the hash of) its partner there."""

    partner: int
    file: str
    line: int


def _key(text: str) -> int | None:
    """A whitespace-insensitive hash of ``text``; ``None`` without a letter in it."""
    words = text.split()
    if not words or not _LETTER.search(text):
        return None
    return hash(tuple(words))


@dataclass
class Consistency:
    """Tracks renderings within one scope (a file, or the whole run)."""

    targets: bool = True  # one source, two targets -> inconsistent-target
    sources: bool = False  # two sources, one target -> inconsistent-source
    _by_src: dict[int, Seen] = field(default_factory=dict)
    _by_tgt: dict[int, Seen] = field(default_factory=dict)

    def add(self, scope: str, src: str, tgt: str, file: str, line: int) -> list[tuple[str, Seen]]:
        """Record one pair; return (rule, first occurrence) for each inconsistency."""
        hs, ht = _key(src), _key(tgt)
        if hs is None or ht is None:
            return []
        out = []
        if self.targets:
            k = hash((scope, hs))
            first = self._by_src.get(k)
            if first is None:
                self._by_src[k] = Seen(ht, file, line)
            elif first.partner != ht:
                out.append(("inconsistent-target", first))
        if self.sources:
            k = hash((scope, ht))
            first = self._by_tgt.get(k)
            if first is None:
                self._by_tgt[k] = Seen(hs, file, line)
            elif first.partner != hs:
                out.append(("inconsistent-source", first))
        return out
