"""Term matching: character spans of glossary terms in text, by Aho-Corasick automata.

Two automata per language, each run only when it has terms:

* the **surface** automaton runs over a folded copy of the text that has exactly the
  same length (:mod:`~align.glossary.fold`: case, width, hyphens as spaces, Traditional
  -> Simplified for Chinese). It holds the terms of spaceless scripts (ja, zh-*: they
  match characters, with generated variants such as Japanese long vowels), the terms
  of entries with ``match=exact`` (the written form only) and of case-sensitive entries
  (the written form and its generated plurals);
* the **lemma** automaton runs over the text's lemma form (:mod:`~align.glossary.inflect`:
  each word replaced by its ``simplemma`` lemma), for every other entry in a language
  the lemmatiser covers. A match is mapped back to the original text's characters.

Hits from both are merged by **exclusive maximal matching**: the longest span wins
(then the leftmost), and no two hits overlap, so one stretch of text counts for one
term ("行业大模型" is not also "大模型"; "box camera" is not also "camera").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from align.glossary.fold import _fold_tables, _is_word, folder
from align.glossary.inflect import (
    inflections,
    lemma_form,
    lemma_language,
    lemmatizer,
    map_spans,
)
from align.glossary.model import STATUSES, Entry, LangTerms, TermHit
from align.lang import is_cjk


@dataclass(frozen=True)
class _Cand:
    entry_id: str
    lang: str
    term: str  # the glossary term (before folding/inflection)
    status: str
    exact: str | None  # case-preserving folded form to verify (case-sensitive entries)
    left: bool  # needs a word boundary before
    right: bool  # needs a word boundary after
    rank: int  # lower wins when several candidates share a span


def columns(entry: Entry, lang: str) -> list[LangTerms]:
    """The term columns of ``entry`` that text in ``lang`` is matched against, best first
    (:meth:`Entry.columns_for`: a ``pt`` column serves ``pt-BR`` text), then for Chinese
    the other script's (folding maps Traditional to Simplified, so both are found)."""
    return [entry.terms[c] for c in entry.columns_for(lang, other_script=True)]


def match_mode(entry: Entry, lang: str) -> str:
    """How ``entry``'s terms are matched in ``lang``: ``exact`` (``match=exact``: the written
    form only), ``lemma`` (the default where :func:`lemma_language` has a lemmatiser and
    the entry is not case-sensitive), else ``chars`` (the written form and its generated
    variants: spaceless scripts, case-sensitive entries, languages without a lemmatiser)."""
    if entry.match == "exact":
        return "exact"
    if lemma_language(lang) is not None and not entry.case_sensitive:
        return "lemma"
    return "chars"


class _Automaton:
    """One Aho-Corasick automaton: folded keys -> candidates, best first."""

    def __init__(self, wide: bool) -> None:
        self.table: dict[str, list[_Cand]] = {}
        self.wide = wide  # CJK: run over UTF-16 code units spelled as Latin-1 (see below)
        self.cands: list[tuple[_Cand, ...]] = []
        self.size = 0
        self.automaton: Any = None

    def add(self, key: str, cand: _Cand) -> None:
        self.table.setdefault(key, []).append(cand)

    def build(self) -> None:
        import ahocorasick

        automaton = self.automaton = ahocorasick.Automaton()
        for key, cands in self.table.items():
            cands.sort(key=lambda c: (c.exact is None, c.rank))
            stored = key.encode("utf-16-be").decode("latin-1") if self.wide else key
            automaton.add_word(stored, (len(stored), len(self.cands)))
            self.cands.append(tuple(cands))
        self.size = len(self.cands)
        if self.size:
            automaton.make_automaton()
        self.table = {}


class TermMatcher:
    """Finds the terms of one language in text; built once per glossary and language."""

    def __init__(self, entries: Iterable[Entry], lang: str) -> None:
        self.lang = lang
        keep, low = _fold_tables(lang)
        self._keep, self._low = keep, low
        self._low_fold = folder(lang)
        self._lemma_fold = folder(lang, hyphens=True)
        self._code = lemma_language(lang)
        # pyahocorasick scans a node's children linearly, so a root with a thousand CJK
        # first characters is slow; for CJK languages the automaton runs over UTF-16
        # code units spelled as Latin-1 characters (two per BMP character), which keeps
        # every node's fan-out at most 256. Matches must then end on a character boundary.
        self._wide = is_cjk(lang)
        self._surface = _Automaton(self._wide)
        self._lemma = _Automaton(False)
        seen: set[tuple[str, str]] = set()
        for entry in entries:
            mode = match_mode(entry, lang)
            cols = columns(entry, lang)
            for generated in (False, True):  # written forms claim their keys first
                if generated and mode == "exact":
                    break
                for rank_base, lt in enumerate(cols):
                    for term, status in lt.all_terms():
                        self._add(entry, term, status, mode, rank_base, generated, seen)
        self._surface.build()
        self._lemma.build()
        self.size = self._surface.size + self._lemma.size

    def _add(
        self, entry: Entry, term: str, status: str, mode: str, rank_base: int,
        generated: bool, seen: set[tuple[str, str]],
    ) -> None:
        forms = inflections(term, self.lang) if generated else [term]
        for form in forms:
            if mode == "lemma":
                key, where = lemma_form(form, self.lang), self._lemma
            else:
                key, where = form.translate(self._low), self._surface
            if not key.strip() or (mode + entry.id, key) in seen:
                continue
            seen.add((mode + entry.id, key))
            where.add(
                key,
                _Cand(
                    entry_id=entry.id,
                    lang=self.lang,
                    term=term,
                    status=status,
                    exact=form.translate(self._keep) if entry.case_sensitive else None,
                    left=_is_word(key[0]),
                    right=_is_word(key[-1]),
                    rank=STATUSES.index(status) + 3 * rank_base + 10 * generated,
                ),
            )

    def find(self, text: str) -> list[TermHit]:
        """Non-overlapping hits in ``text``, sorted by start (exclusive maximal matching:
        longest first, then leftmost; see the module docstring)."""
        if not self.size or not text:
            return []
        spans: list[tuple[int, int, _Cand]] = []
        if self._surface.size:
            self._find_surface(text, spans)
        if self._lemma.size:
            self._find_lemma(text, spans)
        if not spans:
            return []
        if len(spans) > 1:
            spans.sort(key=lambda s: (s[0] - s[1], s[0], s[2].rank))
            chosen: list[tuple[int, int, _Cand]] = []
            for sp in spans:
                if all(sp[1] <= c[0] or sp[0] >= c[1] for c in chosen):
                    chosen.append(sp)
            chosen.sort(key=lambda s: s[0])
            spans = chosen
        return [
            TermHit(c.entry_id, self.lang, start, end, text[start:end], c.term, c.status)
            for start, end, c in spans
        ]

    def _find_surface(self, text: str, spans: list[tuple[int, int, _Cand]]) -> None:
        folded = self._low_fold(text)
        n = len(text)
        exact_text: str | None = None
        units: list[int] | None = None  # UTF-16 unit offset -> character offset
        wide = self._wide
        if wide:
            haystack = folded.encode("utf-16-be").decode("latin-1")
            if len(haystack) != 2 * n:  # characters beyond the BMP take two units
                units = []
                for i, ch in enumerate(folded):
                    units += [i, i] if ord(ch) > 0xFFFF else [i]
                units.append(n)
        else:
            haystack = folded
        cands = self._surface.cands
        assert self._surface.automaton is not None
        for end_idx, (klen, idx) in self._surface.automaton.iter(haystack):
            end = end_idx + 1
            start = end - klen
            if wide:
                if end & 1:
                    continue  # ends inside a character: not a real match
                start, end = start >> 1, end >> 1
                if units is not None:
                    if (start and units[start] == units[start - 1]) or (
                        units[end] == units[end - 1]
                    ):
                        continue  # starts or ends inside a surrogate pair
                    start, end = units[start], units[end]
            for cand in cands[idx]:
                if cand.left and start > 0 and _is_word(folded[start - 1]):
                    continue
                if cand.right and end < n and _is_word(folded[end]):
                    continue
                if cand.exact is not None:
                    if exact_text is None:
                        exact_text = text.translate(self._keep)
                    if exact_text[start:end] != cand.exact:
                        continue
                spans.append((start, end, cand))
                break

    def _find_lemma(self, text: str, spans: list[tuple[int, int, _Cand]]) -> None:
        assert self._code is not None and self._lemma.automaton is not None
        lem = lemmatizer(self._code)
        raw = self._lemma_fold(text).split(" ")
        # runs of spaces count as one: "box  camera" still holds "box camera"
        lemmas = list(map(lem.__getitem__, filter(None, raw)))
        ltext = " ".join(lemmas)
        n = len(ltext)
        found: list[tuple[int, int]] = []
        chosen: list[_Cand] = []
        cands = self._lemma.cands
        for end_idx, (klen, idx) in self._lemma.automaton.iter(ltext):
            end = end_idx + 1
            start = end - klen
            for cand in cands[idx]:
                if cand.left and start > 0 and _is_word(ltext[start - 1]):
                    continue
                if cand.right and end < n and _is_word(ltext[end]):
                    continue
                found.append((start, end))
                chosen.append(cand)
                break
        if found:
            if "" not in raw and list(map(len, lemmas)) == list(map(len, raw)):
                mapped = found  # every word kept its length: offsets are the text's
            else:
                mapped = map_spans(lem, raw, lemmas, found)
            for (s, e), cand in zip(mapped, chosen, strict=True):
                spans.append((s, e, cand))
