"""The term judge: the one place that decides whether a translation honours a glossary.

For a source segment, a target segment and a glossary, :class:`TermJudge` says which
concepts the source *requests* and, for each, one verdict:

* ``ok``: the target carries the concept's preferred or an allowed target term;
* ``forbidden``: the target carries a forbidden variant of the concept (this wins over
  ``ok``: a target that renders the concept once right and once wrong still contains the
  wrong rendering);
* ``missing``: neither.

Rules, in full:

* **Requested**: a source hit requests its concept unless it is a forbidden *source*
  variant (not the term) or the concept has no term in the target language (the hit is
  ``untestable`` and judged nowhere).
* **Counting**: the unit of judgement is one concept in one segment. A concept the
  source names twice is one request, and one accepted rendering anywhere in the target
  satisfies it: translations legitimately replace a repeated term with a pronoun ("The
  camera and the camera" -> "A câmera e a outra" is ``ok``). Term accuracy
  (:mod:`align.termscore`) therefore counts requested concepts per segment.
* **Forbidden variants** in the target are findings on their own
  (:attr:`Judgement.forbidden`), requested or not.
* **Matching** is :class:`align.glossary.TermMatcher`'s: lemmas for languages with a
  lemmatiser, characters with script folding for ja and zh, ``match=exact`` entries as
  written, exclusive maximal matching (one span of text counts for one term).

``align translate`` (its per-segment report and its enforcement), ``align check`` and
``align score`` (term accuracy) all call this module, so one pair gets one verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from align.glossary.model import TermHit

#: The verdicts, in the order reports list them.
VERDICTS: tuple[str, ...] = ("ok", "missing", "forbidden")


class _Matcher(Protocol):
    def find(self, text: str) -> Sequence[TermHit]: ...


class GlossaryLike(Protocol):
    """What the judge needs from :class:`align.glossary.Glossary`."""

    def get(self, entry_id: str) -> Any: ...

    def matcher(self, lang: str) -> _Matcher: ...


@dataclass(frozen=True, slots=True)
class TermVerdict:
    """One requested concept in one segment, and what the target did with it."""

    entry_id: str
    verdict: str  # one of VERDICTS
    source_hits: tuple[TermHit, ...]  # every occurrence in the source, in order (>= 1)
    accepted: tuple[TermHit, ...]  # preferred/allowed renderings in the target
    forbidden: tuple[TermHit, ...]  # forbidden variants of this concept in the target
    expected: tuple[str, ...]  # the accepted target terms, preferred first

    @property
    def ok(self) -> bool:
        return self.verdict == "ok"

    @property
    def source(self) -> TermHit:
        """The first occurrence in the source."""
        return self.source_hits[0]

    @property
    def found(self) -> TermHit | None:
        """The target hit behind the verdict: the forbidden variant, else the first
        accepted rendering, else ``None``."""
        if self.forbidden:
            return self.forbidden[0]
        return self.accepted[0] if self.accepted else None


@dataclass(frozen=True, slots=True)
class Judgement:
    """Everything the judge found in one segment pair."""

    requested: tuple[TermVerdict, ...] = ()  # in order of first source occurrence
    forbidden: tuple[TermHit, ...] = ()  # every forbidden variant in the target
    untestable: tuple[TermHit, ...] = ()  # source terms with no target-language term
    target_hits: tuple[TermHit, ...] = ()  # every glossary term found in the target
    source_hits: tuple[TermHit, ...] = ()  # every glossary term found in the source

    @property
    def ok(self) -> bool:
        """Every requested concept ``ok`` and no forbidden variant in the target."""
        return not self.forbidden and all(v.ok for v in self.requested)

    def verdict(self, entry_id: str) -> TermVerdict | None:
        for v in self.requested:
            if v.entry_id == entry_id:
                return v
        return None


_EMPTY = Judgement()


class TermJudge:
    """Judges segment pairs of one language pair against one glossary.

    ``src_lang`` may be ``None`` for monolingual text (only forbidden variants are
    findings then). Matchers and per-concept target terms are built once and reused.
    """

    def __init__(self, glossary: GlossaryLike, src_lang: str | None, tgt_lang: str) -> None:
        self.glossary = glossary
        self.src_lang = src_lang
        self.tgt_lang = tgt_lang
        self._src = glossary.matcher(src_lang) if src_lang else None
        self._tgt = glossary.matcher(tgt_lang)
        self._expected: dict[str, tuple[str, ...]] = {}

    def expected(self, entry_id: str) -> tuple[str, ...]:
        """The accepted target-language terms of a concept (preferred first); ``()`` when
        the glossary has none in the target language."""
        exp = self._expected.get(entry_id)
        if exp is None:
            from align.glossary.match import columns

            cols = columns(self.glossary.get(entry_id), self.tgt_lang)
            exp = self._expected[entry_id] = cols[0].accepted() if cols else ()
        return exp

    def requests(self, source: str) -> tuple[list[TermHit], list[TermHit]]:
        """(the source hits that request a concept, the untestable ones), in text order."""
        return self._split(self._src.find(source) if self._src is not None and source else [])

    def _split(self, hits: Sequence[TermHit]) -> tuple[list[TermHit], list[TermHit]]:
        requested: list[TermHit] = []
        untestable: list[TermHit] = []
        for h in hits:
            if h.status == "forbidden":
                continue  # a forbidden source variant is not the term
            (requested if self.expected(h.entry_id) else untestable).append(h)
        return requested, untestable

    def judge(self, source: str | None, target: str) -> Judgement:
        """The verdicts for ``source`` -> ``target`` (``source=None``: monolingual)."""
        src_hits = self._src.find(source) if self._src is not None and source else ()
        tgt_hits = self._tgt.find(target) if target else ()
        if not src_hits and not tgt_hits:
            return _EMPTY
        req, untestable = self._split(src_hits)
        accepted: dict[str, list[TermHit]] = {}
        forbidden: dict[str, list[TermHit]] = {}
        all_forbidden: list[TermHit] = []
        for h in tgt_hits:
            if h.status == "forbidden":
                forbidden.setdefault(h.entry_id, []).append(h)
                all_forbidden.append(h)
            else:
                accepted.setdefault(h.entry_id, []).append(h)
        by_entry: dict[str, list[TermHit]] = {}
        for h in req:
            by_entry.setdefault(h.entry_id, []).append(h)
        verdicts = []
        for entry_id, hits in by_entry.items():
            acc = tuple(accepted.get(entry_id, ()))
            forb = tuple(forbidden.get(entry_id, ()))
            verdict = "forbidden" if forb else "ok" if acc else "missing"
            verdicts.append(
                TermVerdict(entry_id, verdict, tuple(hits), acc, forb, self.expected(entry_id))
            )
        return Judgement(tuple(verdicts), tuple(all_forbidden), tuple(untestable),
                         tuple(tgt_hits), tuple(src_hits))


class JudgeCache:
    """One :class:`TermJudge` per (source, target) language pair of one glossary."""

    def __init__(self, glossary: GlossaryLike) -> None:
        self.glossary = glossary
        self._judges: dict[tuple[str | None, str], TermJudge] = {}

    def __call__(self, src_lang: str | None, tgt_lang: str) -> TermJudge:
        key = (src_lang, tgt_lang)
        judge = self._judges.get(key)
        if judge is None:
            judge = self._judges[key] = TermJudge(self.glossary, src_lang, tgt_lang)
        return judge
