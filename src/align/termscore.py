"""Terminology accuracy of a translation against a glossary (WMT21 style, one judge).

For every segment pair, :class:`align.termjudge.TermJudge` (the same judge ``align
check`` and ``align translate`` use) lists the concepts the source requests and gives
each a verdict. A request *passes* when its verdict is ``ok`` (the hypothesis carries the
preferred or an allowed target term, and no forbidden variant of it). Term accuracy is
passes / requests, as in the WMT21 terminology task's exact-match accuracy (Alam et al.,
2021), with the judge's counting rule: one request per concept per segment, however many
times the source repeats the term. Matching is lemma-aware where the target language has
a lemmatiser (``terms:lemma`` in the signature), character-based for ja and zh
(``terms:chars``). Separately, every forbidden target variant found in the hypothesis is
counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from align import __version__
from align.errors import InputError
from align.termjudge import GlossaryLike, TermJudge

__all__ = ["GlossaryLike", "TermCount", "TermReport", "term_scores", "term_signature"]


@dataclass(frozen=True, slots=True)
class TermCount:
    """One glossary entry's figures: requests (segments whose source names it), requests
    honoured, forbidden variants used."""

    entry_id: str
    source: str  # the entry's preferred source-language term
    target: str  # the entry's preferred target-language term ("" when it has none)
    found: int = 0
    matched: int = 0
    forbidden: int = 0
    untestable: int = 0  # segments naming an entry that has no target-language term

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
    misses: tuple[tuple[int, str], ...] = ()  # (1-based line, entry id) of each failed request

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


def term_signature(src_lang: str, tgt_lang: str, glossary_label: str = "") -> str:
    """``terms:lemma|src:ja|tgt:en|glossary:NAME|version:align-X`` in sacrebleu's style
    (``terms:chars`` when the target language is matched by characters)."""
    from align.glossary.inflect import lemma_language

    method = "lemma" if lemma_language(tgt_lang) else "chars"
    parts = [f"terms:{method}", f"src:{src_lang}", f"tgt:{tgt_lang}"]
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
    """Term accuracy (the judge's verdicts), forbidden-variant count, per-term breakdown.

    ``sources`` and ``hypotheses`` are line-aligned segments. Raises :class:`InputError`
    when their lengths differ.
    """
    if len(sources) != len(hypotheses):
        raise InputError(
            f"source has {len(sources)} lines but {name or 'the hypothesis'} has "
            f"{len(hypotheses)}; term accuracy needs line-aligned files"
        )
    judge = TermJudge(glossary, src_lang, tgt_lang)
    counts: dict[str, dict[str, int]] = {}
    misses: list[tuple[int, str]] = []

    def bucket(entry_id: str) -> dict[str, int]:
        return counts.setdefault(
            entry_id, {"found": 0, "matched": 0, "forbidden": 0, "untestable": 0}
        )

    for line, (src, hyp) in enumerate(zip(sources, hypotheses, strict=True), 1):
        j = judge.judge(src, hyp)
        for entry_id in dict.fromkeys(h.entry_id for h in j.untestable):
            bucket(entry_id)["untestable"] += 1  # counted like requests: once per segment
        for v in j.requested:
            b = bucket(v.entry_id)
            b["found"] += 1
            if v.ok:
                b["matched"] += 1
            else:
                misses.append((line, v.entry_id))
        for hit in j.forbidden:
            bucket(hit.entry_id)["forbidden"] += 1

    from align.glossary.match import columns

    per_term = []
    for entry_id in sorted(counts):
        entry = glossary.get(entry_id)
        s_cols, t_cols = columns(entry, src_lang), columns(entry, tgt_lang)
        s_terms = s_cols[0] if s_cols else None
        t_terms = t_cols[0] if t_cols else None
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
