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
from operator import itemgetter
from typing import Any

from align.glossary.fold import _fold_tables, _is_word, folder, is_word_char
from align.glossary.inflect import (
    Lemmatizer,
    chunk_starts,
    inflections,
    lemma_form,
    lemma_language,
    lemmatizer,
    locate,
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
        self._lem = lemmatizer(self._code) if self._code is not None else None
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
        self._words = (
            _LemmaWords(self._lem, _key_words(self._lemma.table))
            if self._lem is not None else None
        )
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
        spans = self.spans(text)
        if not spans:
            return []
        lang = self.lang
        return [make_hit(c.entry_id, lang, start, end, text[start:end], c.term, c.status)
                for start, end, c in spans]

    def spans(self, text: str) -> list[tuple[int, int, _Cand]]:
        """What :meth:`find` returns, as ``(start, end, candidate)`` before any
        :class:`TermHit` is built (the term judge's fast path)."""
        if not self.size or not text:
            return []
        spans: list[tuple[int, int, _Cand]] = []
        if self._surface.size:
            self._find_surface(text, spans)
        if self._lemma.size:
            self._find_lemma(text, spans)
        if len(spans) > 1:
            spans.sort(key=_longest_first)
            chosen: list[tuple[int, int, _Cand]] = []
            for sp in spans:
                s0, e0 = sp[0], sp[1]
                for c in chosen:
                    if e0 > c[0] and s0 < c[1]:
                        break  # overlaps a longer (or earlier) hit
                else:
                    chosen.append(sp)
            if len(chosen) > 1:
                chosen.sort(key=_start)
            spans = chosen
        return spans

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
        word = is_word_char
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
                if cand.left and start > 0 and word(folded[start - 1]):
                    continue
                if cand.right and end < n and word(folded[end]):
                    continue
                if cand.exact is not None:
                    if exact_text is None:
                        exact_text = text.translate(self._keep)
                    if exact_text[start:end] != cand.exact:
                        continue
                spans.append((start, end, cand))
                break

    def _find_lemma(self, text: str, spans: list[tuple[int, int, _Cand]]) -> None:
        assert self._lemma.automaton is not None
        lem = self._lem
        assert lem is not None and self._words is not None
        raw = self._lemma_fold(text).split(" ")
        # runs of spaces count as one: "box  camera" still holds "box camera"
        gaps = "" in raw
        chunks = list(filter(None, raw)) if gaps else raw
        lemmas = list(map(self._words.__getitem__, chunks))
        if lemmas.count(_BLANK) == len(lemmas):
            return  # no word of the text is a word of a term
        ltext = " ".join(lemmas)
        n = len(ltext)
        found: list[tuple[int, int]] = []
        chosen: list[_Cand] = []
        cands = self._lemma.cands
        word = is_word_char
        for end_idx, (klen, idx) in self._lemma.automaton.iter(ltext):
            end = end_idx + 1
            start = end - klen
            for cand in cands[idx]:
                if cand.left and start > 0 and word(ltext[start - 1]):
                    continue
                if cand.right and end < n and word(ltext[end]):
                    continue
                found.append((start, end))
                chosen.append(cand)
                break
        if not found:
            return
        if not gaps and ltext.count(" ") == len(lemmas) - 1:
            # one space between words on both sides (no lemma form has a space): the
            # word of a lemma-form offset is the number of spaces before it
            for (s, e), cand in zip(found, chosen, strict=True):
                i = ltext.count(" ", 0, s)
                j = i + ltext.count(" ", s, e - 1)
                at_i = sum(map(len, raw[:i])) + i  # where words i and j start in the text
                at_j = at_i if j == i else at_i + sum(map(len, raw[i:j])) + j - i
                q = s - ltext.rfind(" ", 0, s) - 1  # offset in word i's lemma form
                r = e - ltext.rfind(" ", 0, e - 1) - 1  # end offset in word j's
                # a hit that starts or ends with a whole word (most do) needs no piece map
                spans.append((
                    at_i + (locate(lem, raw[i], q, False) if q else 0),
                    at_j + (len(raw[j]) if r == len(lemmas[j]) else locate(lem, raw[j], r, True)),
                    cand,
                ))
            return
        lstarts = chunk_starts(lemmas)
        rstarts = chunk_starts(raw)
        if not gaps and lstarts == rstarts:
            mapped = found  # every word kept its length: offsets are the text's
        else:
            mapped = map_spans(lem, raw, lemmas, found, rstarts, lstarts)
        for (s, e), cand in zip(mapped, chosen, strict=True):
            spans.append((s, e, cand))


#: What :class:`_LemmaWords` gives for a word that can be part of no hit.
_BLANK = "\x00"


def _word_runs(text: str) -> list[str]:
    """The maximal runs of word characters (:func:`~align.glossary.fold._is_word`) of ``text``."""
    runs: list[str] = []
    start = None
    for i, ch in enumerate(text):
        if is_word_char(ch):
            if start is None:
                start = i
        elif start is not None:
            runs.append(text[start:i])
            start = None
    if start is not None:
        runs.append(text[start:])
    return runs


def _key_words(keys: Iterable[str]) -> frozenset[str] | None:
    """The word runs of the lemma keys; ``None`` when a space-separated part of a key has
    none (or holds :data:`_BLANK`): then no word of a text may be left out."""
    words: set[str] = set()
    for key in keys:
        if _BLANK in key:
            return None
        for part in key.split(" "):
            runs = _word_runs(part)
            if not runs:
                return None
            words.update(runs)
    return frozenset(words)


class _LemmaWords(dict[str, str]):
    """A space-free chunk of text -> its lemma form (:class:`~align.glossary.inflect.Lemmatizer`),
    or :data:`_BLANK` when none of its word runs is a word run of a lemma key.

    A key's boundaries ask for whole words, so every word run of a key is a whole word
    run of the lemma-form text where it matches, and a chunk without such a run is inside
    no hit: the automaton reads one character for it (and nothing at all when no chunk
    of the text has one). Positions are mapped back word by word, so the shorter text
    changes no offset. A dict that fills itself, per matcher (the key words differ)."""

    MAX = 500_000  # entries kept before the cache starts over

    def __init__(self, lem: Lemmatizer, words: frozenset[str] | None) -> None:
        super().__init__()
        self.lem = lem
        self.words = words

    def __missing__(self, chunk: str) -> str:
        lemma = self.lem[chunk]
        if self.words is not None and self.words.isdisjoint(_word_runs(lemma)):
            lemma = _BLANK
        if len(self) >= self.MAX:
            self.clear()
        self[chunk] = lemma
        return lemma


def _longest_first(span: tuple[int, int, _Cand]) -> tuple[int, int, int]:
    return span[0] - span[1], span[0], span[2].rank


_start = itemgetter(0)
_new = object.__new__
_setattr = object.__setattr__


def make_hit(entry_id: str, lang: str, start: int, end: int, surface: str, term: str,
             status: str) -> TermHit:
    """``TermHit(entry_id, lang, start, end, surface, term, status)``, built without the
    frozen dataclass's field-by-field ``__setattr__`` (a matcher builds one per hit)."""
    hit = _new(TermHit)
    _setattr(hit, "__dict__", {"entry_id": entry_id, "lang": lang, "start": start, "end": end,
                               "surface": surface, "term": term, "status": status})
    return hit
