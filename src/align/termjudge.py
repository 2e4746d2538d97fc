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
from typing import Any, NamedTuple, Protocol

from align.glossary.model import TermHit

#: The verdicts, in the order reports list them.
VERDICTS: tuple[str, ...] = ("ok", "missing", "forbidden")


class _Matcher(Protocol):
    def find(self, text: str) -> Sequence[TermHit]: ...


class GlossaryLike(Protocol):
    """What the judge needs from :class:`align.glossary.Glossary`."""

    def get(self, entry_id: str) -> Any: ...

    def matcher(self, lang: str) -> _Matcher: ...


class TermVerdict(NamedTuple):
    """One requested concept in one segment, and what the target did with it (an
    immutable record; a named tuple because the judge builds one per concept and
    segment)."""

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


class Judgement(NamedTuple):
    """Everything the judge found in one segment pair (an immutable record, like
    :class:`TermVerdict`)."""

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


#: A matcher hit before it becomes a :class:`TermHit`: ``(start, end, what)``, where
#: ``what`` has the hit's ``entry_id``, ``lang``, ``term`` and ``status``.
Span = tuple[int, int, Any]


class SpanVerdict(NamedTuple):
    """A :class:`TermVerdict` over the matcher's spans (indices into
    :attr:`SpanJudgement.source` / :attr:`SpanJudgement.target`)."""

    entry_id: str
    verdict: str
    source: list[int]  # every occurrence in the source (>= 1)
    accepted: list[int]
    forbidden: list[int]


class SpanJudgement(NamedTuple):
    """A :class:`Judgement` over the matcher's spans, before any :class:`TermHit` is
    built: what ``align check`` reads, which builds objects only for its findings."""

    requested: list[SpanVerdict]
    forbidden: list[int]  # indices into target
    untestable: list[int]  # indices into source
    target: Sequence[Span]
    source: Sequence[Span]


def _spans(matcher: Any) -> Any:
    """``matcher.spans``, or spans made from ``matcher.find`` (a matcher that has only
    ``find``, such as a benchmark's naive one)."""
    spans = getattr(matcher, "spans", None)
    if spans is not None:
        return spans
    find = matcher.find
    return lambda text: [(h.start, h.end, h) for h in find(text)]


def _hits(text: str, spans: Sequence[Span]) -> list[TermHit]:
    from align.glossary.match import make_hit

    return [make_hit(c.entry_id, c.lang, s, e, text[s:e], c.term, c.status) for s, e, c in spans]


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
        self._src_spans = _spans(self._src) if self._src is not None else None
        self._tgt_spans = _spans(self._tgt)
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
        if self._src is None or not source:
            return [], []
        j = self.judge_spans(source, "")
        if j is None:
            return [], []
        hits = _hits(source, j.source)
        requested = sorted(i for v in j.requested for i in v.source)
        return [hits[i] for i in requested], [hits[i] for i in j.untestable]

    def judge_spans(self, source: str | None, target: str) -> SpanJudgement | None:
        """The verdicts for ``source`` -> ``target`` over the matcher's spans (``None``:
        no glossary term on either side). The rules of this module live here;
        :meth:`judge` only turns the spans into :class:`TermHit` objects."""
        src_spans = self._src_spans(source) if self._src_spans is not None and source else ()
        tgt_spans = self._tgt_spans(target) if target else ()
        if not src_spans:
            if not tgt_spans:
                return None
            return SpanJudgement(
                [], [k for k, sp in enumerate(tgt_spans) if sp[2].status == "forbidden"], [],
                tgt_spans, ())
        # the source hits that request a concept, by concept (in order of first occurrence)
        known = self._expected
        by_entry: dict[str, list[int]] = {}
        untestable: list[int] = []
        for k, (_, _, c) in enumerate(src_spans):
            if c.status == "forbidden":
                continue  # a forbidden source variant is not the term
            eid = c.entry_id
            exp = known.get(eid)
            if exp is None:
                exp = self.expected(eid)
            if not exp:
                untestable.append(k)
            elif eid in by_entry:
                by_entry[eid].append(k)
            else:
                by_entry[eid] = [k]
        accepted: dict[str, list[int]] = {}
        forbidden: dict[str, list[int]] = {}
        all_forbidden: list[int] = []
        for k, (_, _, c) in enumerate(tgt_spans):
            eid = c.entry_id
            if c.status == "forbidden":
                forbidden.setdefault(eid, []).append(k)
                all_forbidden.append(k)
            elif eid in by_entry:  # only requested concepts' renderings are judged
                accepted.setdefault(eid, []).append(k)
        verdicts = []
        for eid, ks in by_entry.items():
            acc = accepted.get(eid, [])
            forb = forbidden.get(eid, [])
            verdicts.append(SpanVerdict(eid, "forbidden" if forb else "ok" if acc else "missing",
                                        ks, acc, forb))
        return SpanJudgement(verdicts, all_forbidden, untestable, tgt_spans, src_spans)

    def judge(self, source: str | None, target: str) -> Judgement:
        """The verdicts for ``source`` -> ``target`` (``source=None``: monolingual)."""
        j = self.judge_spans(source, target)
        if j is None:
            return _EMPTY
        src_hits = _hits(source, j.source) if j.source and source else []
        tgt_hits = _hits(target, j.target)
        known = self._expected
        return Judgement(
            tuple(TermVerdict(v.entry_id, v.verdict, tuple(src_hits[i] for i in v.source),
                              tuple(tgt_hits[i] for i in v.accepted),
                              tuple(tgt_hits[i] for i in v.forbidden), known[v.entry_id])
                  for v in j.requested),
            tuple(tgt_hits[i] for i in j.forbidden),
            tuple(src_hits[i] for i in j.untestable),
            tuple(tgt_hits),
            tuple(src_hits),
        )


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
