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

#: One descriptive data category as written, ``(name, value)``: TBX-Basic names
#: (``definition``, ``partOfSpeech``, ``context``, ``source``, ``customerSubset``, ...;
#: see :data:`align.glossary.tbx.CATEGORIES`), ``NAME.source`` for the source of the
#: field before it, and ``xml`` for an element kept verbatim because the model has no
#: field for it (a ``transacGrp``, an ``xref``).
Field = tuple[str, str]


@dataclass(frozen=True)
class LangTerms:
    """The terms of one concept in one language.

    ``preferred``, ``allowed`` and ``forbidden`` are what matching uses. The rest is
    carried for lossless conversion: ``tag``, the language tag as the file wrote it when
    it differs from the entry's key; ``fields``, language-level data categories
    (``definition``, ``note``) in document order; ``term_fields``, per term (keyed by the
    term), its own (``partOfSpeech``, ``termType``, ``context``, ``source``,
    ``customerSubset``, ``note``, and ``administrativeStatus`` when the file's value is
    not the default one for the term's status, e.g. ``legalTerm-admn-sts``).
    """

    preferred: str
    allowed: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    tag: str | None = None
    fields: tuple[Field, ...] = ()
    term_fields: tuple[tuple[str, tuple[Field, ...]], ...] = ()

    def fields_of(self, term: str) -> tuple[Field, ...]:
        """The data categories recorded for ``term`` (empty when none)."""
        for t, fields in self.term_fields:
            if t == term:
                return fields
        return ()

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
    """One concept: an id and its terms per language.

    ``domain`` is the TBX ``subjectField``, ``note`` the first concept-level note;
    ``fields`` carries every other concept-level data category in document order
    (``definition``, further notes, elements kept verbatim as ``xml``).
    """

    id: str
    terms: dict[str, LangTerms]
    note: str | None = None
    domain: str | None = None
    case_sensitive: bool = False
    fields: tuple[Field, ...] = ()
    match: str | None = None  # one of MATCH_MODES; None: the language's default

    def columns_for(self, lang: str, *, other_script: bool = False) -> list[str]:
        """This entry's languages that serve text in ``lang``, most specific first.

        The fallback of :func:`align.lang.columns_for`: a ``pt`` column serves ``pt-BR``
        and ``pt-PT`` text, a ``pt-BR`` column only ``pt-BR``; ``zh-Hant`` serves ``zh-TW``.
        ``other_script`` appends Chinese columns of the other script (the matcher folds
        Traditional to Simplified, so their terms are found as well)."""
        from align.lang import columns_for

        return columns_for(self.terms, lang, other_script=other_script)

    def terms_for(self, lang: str) -> LangTerms | None:
        """The terms that apply to text in ``lang``: the most specific serving column's
        (``pt-BR`` text: the ``pt-BR`` column if the entry has one, else ``pt``), or
        ``None`` when no column serves it."""
        cols = self.columns_for(lang)
        return self.terms[cols[0]] if cols else None


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
        """The matcher for text in ``lang`` (normalised: ``pt_BR`` -> ``pt-BR``), cached.

        It finds each entry's terms of the columns that serve ``lang``
        (:meth:`Entry.columns_for`)."""
        lang = normalize_lang(lang)
        m = self._matchers.get(lang)
        if m is None:
            from align.glossary.match import TermMatcher

            m = self._matchers[lang] = TermMatcher(self.entries, lang)
        return m

    def find(self, text: str, lang: str) -> list[TermHit]:
        """Shortcut for ``self.matcher(lang).find(text)``."""
        return self.matcher(lang).find(text)

