"""Aho-Corasick term matching over folded text: character spans of glossary terms."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from align.glossary.fold import _fold_tables, _is_word
from align.glossary.inflect import inflections
from align.glossary.model import STATUSES, Entry, TermHit
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



class TermMatcher:
    """Finds the terms of one language in text; built once per glossary and language."""

    def __init__(self, entries: Iterable[Entry], lang: str) -> None:
        import ahocorasick

        self.lang = lang
        keep, low = _fold_tables(lang)
        self._keep, self._low = keep, low
        self._cands: list[tuple[_Cand, ...]] = []
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[_Cand]] = {}
        self.size = 0
        # pyahocorasick scans a node's children linearly, so a root with a thousand CJK
        # first characters is slow; for CJK languages the automaton runs over UTF-16
        # code units spelled as Latin-1 characters (two per BMP character), which keeps
        # every node's fan-out at most 256. Matches must then end on a character boundary.
        self._wide = is_cjk(lang)
        for entry in entries:
            # the columns that serve ``lang`` (pt serves pt-BR), then for Chinese the other
            # script's: folding maps Traditional to Simplified, so both are found
            sources = [entry.terms[c] for c in entry.columns_for(lang, other_script=True)]
            seen: set[str] = set()
            for gen in (False, True):
                for rank_base, lt in enumerate(sources):
                    for term, status in lt.all_terms():
                        forms = [term] if not gen else inflections(term, lang)
                        for form in forms:
                            key = form.translate(low)
                            if not key.strip() or key in seen:
                                continue
                            seen.add(key)
                            rank = STATUSES.index(status) + 3 * rank_base + 10 * gen
                            cand = _Cand(
                                entry_id=entry.id,
                                lang=lang,
                                term=term,
                                status=status,
                                exact=form.translate(keep) if entry.case_sensitive else None,
                                left=_is_word(key[0]),
                                right=_is_word(key[-1]),
                                rank=rank,
                            )
                            table.setdefault(key, []).append(cand)
        for key, cands in table.items():
            cands.sort(key=lambda c: (c.exact is None, c.rank))
            stored = key.encode("utf-16-be").decode("latin-1") if self._wide else key
            self._automaton.add_word(stored, (len(stored), len(self._cands)))
            self._cands.append(tuple(cands))
            self.size += 1
        if self.size:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[TermHit]:
        """Non-overlapping hits in ``text``, sorted by start.

        Leftmost-longest: scanning left to right, the longest term starting at a position
        wins (行业大模型 over 大模型), and no hit overlaps an earlier one.
        """
        if not self.size or not text:
            return []
        folded = text.translate(self._low)
        spans: list[tuple[int, int, _Cand]] = []
        n = len(text)
        exact_text: str | None = None
        units: list[int] | None = None  # UTF-16 unit offset -> character offset
        if self._wide:
            haystack = folded.encode("utf-16-be").decode("latin-1")
            if len(haystack) != 2 * n:  # characters beyond the BMP take two units
                units = []
                for i, ch in enumerate(folded):
                    units += [i, i] if ord(ch) > 0xFFFF else [i]
                units.append(n)
        else:
            haystack = folded
        for end_idx, (klen, idx) in self._automaton.iter(haystack):
            end = end_idx + 1
            start = end - klen
            if self._wide:
                if end & 1:
                    continue  # ends inside a character: not a real match
                start, end = start >> 1, end >> 1
                if units is not None:
                    if (start and units[start] == units[start - 1]) or (
                        units[end] == units[end - 1]
                    ):
                        continue  # starts or ends inside a surrogate pair
                    start, end = units[start], units[end]
            for cand in self._cands[idx]:
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
        if not spans:
            return []
        if len(spans) > 1:
            spans.sort(key=lambda s: (s[0], s[0] - s[1]))
        hits: list[TermHit] = []
        last_end = -1
        for start, end, cand in spans:
            if start < last_end:
                continue
            hits.append(
                TermHit(
                    cand.entry_id, self.lang, start, end, text[start:end], cand.term, cand.status
                )
            )
            last_end = end
        return hits

