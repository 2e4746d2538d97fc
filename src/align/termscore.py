"""Terminology accuracy of a translation against a glossary (exact match, WMT21 style).

For every source segment, the source-language matcher finds the glossary terms in it
(forbidden source variants are not counted: they are not the term). For each such hit the
hypothesis passes when the target-language matcher finds that entry's preferred or an
allowed target term anywhere in the hypothesis segment. Term accuracy is passes / hits,
as in the WMT21 terminology task's exact-match accuracy (Alam et al., 2021). Separately,
every forbidden target variant found in the hypothesis is counted.

The glossary is any object with the :mod:`align.glossary` interface: ``get(entry_id)``
returning an entry whose ``terms`` maps a language to ``preferred/allowed/forbidden``,
and ``matcher(lang).find(text)`` returning hits with ``entry_id`` and ``status``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from align import __version__
from align.errors import InputError

#: Hit statuses that satisfy a source term in the hypothesis.
GOOD = ("preferred", "allowed")
FORBIDDEN = "forbidden"


class _Hit(Protocol):
    entry_id: str
    status: str


class _Matcher(Protocol):
    def find(self, text: str) -> Sequence[_Hit]: ...


class GlossaryLike(Protocol):
    """What :func:`term_scores` needs from :class:`align.glossary.Glossary`."""

    def get(self, entry_id: str) -> Any: ...

    def matcher(self, lang: str) -> _Matcher: ...


@dataclass(frozen=True, slots=True)
class TermCount:
    """One glossary entry's figures: source hits, hits honoured, forbidden variants used."""

    entry_id: str
    source: str  # the entry's preferred source-language term
    target: str  # the entry's preferred target-language term ("" when it has none)
    found: int = 0
    matched: int = 0
    forbidden: int = 0
    untestable: int = 0  # source hits of an entry with no target-language term

    @property
    def accuracy(self) -> float | None:
        return self.matched / self.found if self.found else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "entry_id": self.entry_id,
            "source": self.source,
            "target": self.target,
            "found": self.found,
            "matched": self.matched,
            "accuracy": self.accuracy,
            "forbidden": self.forbidden,
            "untestable": self.untestable,
        }


@dataclass(frozen=True, slots=True)
class TermReport:
    """Term accuracy of one hypothesis stream (or of the reference, as a sanity line)."""

    name: str
    found: int
    matched: int
    forbidden: int
    untestable: int
    per_term: tuple[TermCount, ...]
    signature: str
    misses: tuple[tuple[int, str], ...] = ()  # (1-based line, entry id) of each failed hit

    @property
    def accuracy(self) -> float | None:
        """matched / found in [0, 1]; ``None`` when no source term was found."""
        return self.matched / self.found if self.found else None

    def get(self, entry_id: str) -> TermCount | None:
        for count in self.per_term:
            if count.entry_id == entry_id:
                return count
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "accuracy": self.accuracy,
            "found": self.found,
            "matched": self.matched,
            "forbidden": self.forbidden,
            "untestable": self.untestable,
            "signature": self.signature,
            "per_term": [c.to_dict() for c in self.per_term],
            "misses": [{"line": line, "entry_id": eid} for line, eid in self.misses],
        }


def _lang_terms(entry: Any, lang: str) -> Any:
    # The columns that serve ``lang`` (a ``pt`` column serves pt-BR text), most specific
    # first; for Chinese the other script's last, since the glossary's matcher for one
    # Chinese script also matches the other script's terms (align.glossary).
    cols = entry.columns_for(lang, other_script=True)
    return entry.terms[cols[0]] if cols else None


def term_signature(src_lang: str, tgt_lang: str, glossary_label: str = "") -> str:
    """``terms:exact|src:ja|tgt:en|glossary:NAME|version:align-X`` in sacrebleu's style."""
    parts = ["terms:exact", f"src:{src_lang}", f"tgt:{tgt_lang}"]
    if glossary_label:
        parts.append(f"glossary:{glossary_label}")
    parts.append(f"version:align-{__version__}")
    return "|".join(parts)


def term_scores(
    sources: Sequence[str],
    hypotheses: Sequence[str],
    glossary: GlossaryLike,
    *,
    src_lang: str,
    tgt_lang: str,
    name: str = "",
    glossary_label: str = "",
) -> TermReport:
    """Exact-match term accuracy, forbidden-variant count and per-term breakdown.

    ``sources`` and ``hypotheses`` are line-aligned segments. Raises :class:`InputError`
    when their lengths differ.
    """
    if len(sources) != len(hypotheses):
        raise InputError(
            f"source has {len(sources)} lines but {name or 'the hypothesis'} has "
            f"{len(hypotheses)}; term accuracy needs line-aligned files"
        )
    src_matcher = glossary.matcher(src_lang)
    tgt_matcher = glossary.matcher(tgt_lang)
    counts: dict[str, dict[str, int]] = {}
    misses: list[tuple[int, str]] = []

    def bucket(entry_id: str) -> dict[str, int]:
        return counts.setdefault(
            entry_id, {"found": 0, "matched": 0, "forbidden": 0, "untestable": 0}
        )

    for line, (src, hyp) in enumerate(zip(sources, hypotheses, strict=True), 1):
        src_hits = [h for h in src_matcher.find(src) if h.status != FORBIDDEN]
        hyp_hits = list(tgt_matcher.find(hyp)) if hyp else []
        present = {h.entry_id for h in hyp_hits if h.status in GOOD}
        for hit in src_hits:
            b = bucket(hit.entry_id)
            if _lang_terms(glossary.get(hit.entry_id), tgt_lang) is None:
                b["untestable"] += 1
                continue
            b["found"] += 1
            if hit.entry_id in present:
                b["matched"] += 1
            else:
                misses.append((line, hit.entry_id))
        for hit in hyp_hits:
            if hit.status == FORBIDDEN:
                bucket(hit.entry_id)["forbidden"] += 1

    per_term = []
    for entry_id in sorted(counts):
        entry = glossary.get(entry_id)
        s_terms, t_terms = _lang_terms(entry, src_lang), _lang_terms(entry, tgt_lang)
        per_term.append(
            TermCount(
                entry_id,
                source=s_terms.preferred if s_terms is not None else "",
                target=t_terms.preferred if t_terms is not None else "",
                **counts[entry_id],
            )
        )
    return TermReport(
        name=name,
        found=sum(c.found for c in per_term),
        matched=sum(c.matched for c in per_term),
        forbidden=sum(c.forbidden for c in per_term),
        untestable=sum(c.untestable for c in per_term),
        per_term=tuple(per_term),
        signature=term_signature(src_lang, tgt_lang, glossary_label),
        misses=tuple(misses),
    )
