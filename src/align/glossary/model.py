"""The glossary model: concepts (:class:`Entry`) with terms per language, and hits."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from align.lang import normalize_lang

if TYPE_CHECKING:
    from align.glossary.match import TermMatcher


STATUSES: tuple[str, ...] = ("preferred", "allowed", "forbidden")
#: How an entry's terms are matched (``Entry.match``): ``lemma`` (word lemmas, the default
#: for languages a lemmatiser covers), ``exact`` (the form as written, after case, width
#: and script folding; no inflections). ``None`` means the language's default
#: (docs/glossary.md, "Matching").
MATCH_MODES: tuple[str, ...] = ("lemma", "exact")
#: Separator between several variants in one TSV/CSV cell.
VARIANT_SEP = "|"


@dataclass(frozen=True)
class LangTerms:
    """The terms of one concept in one language."""

    preferred: str
    allowed: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()

    def all_terms(self) -> Iterator[tuple[str, str]]:
        """``(term, status)`` pairs: the preferred term first, then allowed, then forbidden."""
        yield self.preferred, "preferred"
        for t in self.allowed:
            yield t, "allowed"
        for t in self.forbidden:
            yield t, "forbidden"

    def accepted(self) -> tuple[str, ...]:
        """The preferred term and the allowed variants."""
        return (self.preferred, *self.allowed)


@dataclass(frozen=True)
class Entry:
    """One concept: an id and its terms per language."""

    id: str
    terms: dict[str, LangTerms]
    note: str | None = None
    domain: str | None = None
    case_sensitive: bool = False
    match: str | None = None  # one of MATCH_MODES; None: the language's default


@dataclass(frozen=True)
class TermHit:
    """One glossary term found in a text (character offsets into that text)."""

    entry_id: str
    lang: str
    start: int
    end: int
    surface: str
    term: str
    status: str



@dataclass
class Glossary:
    """A validated list of entries, with one cached :class:`TermMatcher` per language."""

    entries: list[Entry]
    source: str | None = None
    _by_id: dict[str, Entry] = field(default_factory=dict, init=False, repr=False)
    _matchers: dict[str, TermMatcher] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._by_id = {e.id: e for e in self.entries}

    @classmethod
    def from_entries(
        cls, entries: Iterable[Entry], *, source: str | None = None, required: Iterable[str] = ()
    ) -> Glossary:
        """Validate ``entries`` (see :func:`validate_entries`) and build a glossary."""
        from align.glossary.validate import validate_entries

        entries = list(entries)
        validate_entries(entries, source=source, required=required)
        return cls(entries, source=source)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> Entry:
        """The entry with id ``entry_id``; ``KeyError`` when there is none."""
        return self._by_id[entry_id]

    @property
    def languages(self) -> list[str]:
        """Every language that at least one entry has terms in, sorted."""
        return sorted({lang for e in self.entries for lang in e.terms})

    def matcher(self, lang: str) -> TermMatcher:
        """The matcher for ``lang`` (normalised, e.g. ``zh-CN`` -> ``zh-Hans``), cached."""
        lang = normalize_lang(lang)
        m = self._matchers.get(lang)
        if m is None:
            from align.glossary.match import TermMatcher

            m = self._matchers[lang] = TermMatcher(self.entries, lang)
        return m

    def find(self, text: str, lang: str) -> list[TermHit]:
        """Shortcut for ``self.matcher(lang).find(text)``."""
        return self.matcher(lang).find(text)

