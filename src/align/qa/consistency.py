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
    if not text[:1].isalpha() and not _LETTER.search(text):
        return None
    return hash(" ".join(text.split()))


@dataclass
class Consistency:
    """Tracks renderings within one scope (a file, or the whole run).

    Only integers are kept per segment (its hash, its partner's hash, and where it was
    first seen: file number and line packed in one int), so memory holds no object per
    segment for the garbage collector to walk.
    """

    targets: bool = True  # one source, two targets -> inconsistent-target
    sources: bool = False  # two sources, one target -> inconsistent-source
    _by_src: dict[int, int] = field(default_factory=dict)  # scoped source hash -> target's
    _by_tgt: dict[int, int] = field(default_factory=dict)  # scoped target hash -> source's
    _src_at: dict[int, int] = field(default_factory=dict)  # ... -> file number << 32 | line
    _tgt_at: dict[int, int] = field(default_factory=dict)
    _files: list[str] = field(default_factory=list)
    _file_no: dict[str, int] = field(default_factory=dict)

    def _seen(self, at: int, partner: int) -> Seen:
        return Seen(partner, self._files[at >> 32], at & 0xFFFFFFFF)

    def _where(self, file: str, line: int) -> int:
        no = self._file_no.get(file)
        if no is None:
            no = self._file_no[file] = len(self._files)
            self._files.append(file)
        return no << 32 | (line & 0xFFFFFFFF)

    def add(self, scope: str, src: str, tgt: str, file: str, line: int
            ) -> list[tuple[str, Seen]] | tuple[()]:
        """Record one pair; return (rule, first occurrence) for each inconsistency."""
        hs, ht = _key(src), _key(tgt)
        if hs is None or ht is None:
            return ()
        out: list[tuple[str, Seen]] | tuple[()] = ()
        if self.targets:
            k = hash((scope, hs))
            first = self._by_src.get(k)
            if first is None:
                self._by_src[k] = ht
                self._src_at[k] = self._where(file, line)
            elif first != ht:
                out = [("inconsistent-target", self._seen(self._src_at[k], first))]
        if self.sources:
            k = hash((scope, ht))
            first = self._by_tgt.get(k)
            if first is None:
                self._by_tgt[k] = hs
                self._tgt_at[k] = self._where(file, line)
            elif first != hs:
                found = ("inconsistent-source", self._seen(self._tgt_at[k], first))
                out = [*out, found]
        return out
