"""Glossaries: load, validate and write them; find term hits (character spans) in text.

A glossary is a list of concept-oriented :class:`Entry` objects (like TBX): an id and,
per language (BCP-47; ``zh-Hans`` and ``zh-Hant`` distinct), one preferred term, allowed
variants and forbidden variants. Formats (chosen by file extension):

* ``.tsv`` / ``.csv``: one row per concept, spreadsheet-friendly (see ``docs/glossary.md``);
* ``.tbx``: TBX 2008 (``termEntry/langSet/tig``) and TBX 2019 (``conceptEntry/langSec/termSec``),
  ``administrativeStatus`` preferred/admitted/deprecated -> preferred/allowed/forbidden;
* ``.json``: ``{"entries": [{"id": ..., "terms": {"en": {"preferred": ...}}}]}``.

Matching (:class:`TermMatcher`) runs one Aho-Corasick automaton per language over a
folded copy of the text that has exactly the same length, so hits are character offsets
into the original text: full-width forms and (unless the entry is case sensitive) case
are folded, hyphens match spaces, Traditional Chinese is mapped to Simplified character
by character (OpenCC ``t2s``), Latin-script hits must sit on word boundaries, the
longest match wins (leftmost-longest), and simple inflections are generated where the
language needs them (English and Portuguese plurals, Japanese long-vowel marks and
middle dots).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from align.errors import InputError
from align.lang import normalize_lang

STATUSES: tuple[str, ...] = ("preferred", "allowed", "forbidden")
#: Separator between several variants in one TSV/CSV cell.
VARIANT_SEP = "|"
FORMATS: tuple[str, ...] = ("tsv", "csv", "tbx", "tbx2008", "json")

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")


# --------------------------------------------------------------------------- model


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


# --------------------------------------------------------------------------- folding

_CJK_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Traditional -> Simplified, one character to one character (OpenCC ``t2s``).

    Characters whose conversion is not exactly one character are left alone, so folding
    never changes the length of a text.
    """
    import opencc

    cc = opencc.OpenCC("t2s")
    chars = [chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi + 1)]
    out = cc.convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # a conversion swallowed a separator: go one by one
        out = [cc.convert(c) for c in chars]
    return {ord(a): b for a, b in zip(chars, out, strict=True) if a != b and len(b) == 1}


@lru_cache(maxsize=1)
def _width_table() -> dict[int, str]:
    table = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}  # full-width ASCII
    table[0x3000] = " "  # ideographic space
    for c in (0x00A0, 0x2002, 0x2003, 0x2009, 0x202F):  # no-break and thin spaces
        table[c] = " "
    # hyphens match spaces: "machine-vision companies" contains "machine vision"
    for c in (0x2D, 0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xFF0D):
        table[c] = " "
    table[0x2019] = "'"
    # half-width katakana that map to a single full-width character
    import unicodedata

    for c in range(0xFF61, 0xFFA0):
        n = unicodedata.normalize("NFKC", chr(c))
        if len(n) == 1:
            table[c] = n
    return table


@lru_cache(maxsize=1)
def _lower_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for c in range(0x41, 0x2000):  # Latin, Greek, Cyrillic and friends
        ch = chr(c)
        lo = ch.lower()
        if lo != ch and len(lo) == 1:
            table[c] = lo
    for c in range(0xFF21, 0xFF3B):  # full-width capitals fold to ASCII lower case
        table[c] = chr(c - 0xFF21 + 0x61)
    return table


@lru_cache(maxsize=16)
def _fold_tables(lang: str) -> tuple[dict[int, str], dict[int, str]]:
    """(case-preserving table, case-folding table) for ``lang``; both keep lengths."""
    keep = dict(_width_table())
    if lang.startswith("zh"):
        keep.update(_t2s_table())
    low = dict(keep)
    lower = _lower_table()
    for k, v in list(low.items()):
        if len(v) == 1 and ord(v) in lower:
            low[k] = lower[ord(v)]
    for k, v in lower.items():
        low.setdefault(k, v)
    return keep, low


def fold(text: str, lang: str, *, case: bool = True) -> str:
    """The folded form of ``text`` the matcher searches: same length as ``text``."""
    keep, low = _fold_tables(lang)
    return text.translate(low if case else keep)


def _is_word(ch: str) -> bool:
    """A letter or digit of a script that separates words with spaces."""
    return ch.isalnum() and ord(ch) < 0x2E80 or ch == "_"


# --------------------------------------------------------------------------- inflections

_PT_STOP = {"de", "da", "do", "das", "dos", "em", "para", "com", "e", "a", "o", "na", "no"}
_KATAKANA_WORD = re.compile(r"[\u30A1-\u30FA\u30FC]+")
_JA_LONG_ENDINGS = "タダバザラリ"


def _en_plural(word: str) -> list[str]:
    w = word.lower()
    if not w or not w[-1].isalpha() or len(w) < 2:
        return []
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return [word + "es"]
    if w.endswith("y") and w[-2] not in "aeiou":
        return [word[:-1] + "ies"]
    return [word + "s"]


def _pt_plural(word: str) -> str | None:
    w = word.lower()
    if not w or not w[-1].isalpha():
        return None
    if w.endswith("ão"):
        return word[:-2] + "ões"
    if w.endswith(("al", "el", "ol", "ul")):
        return word[:-1] + "is"
    if w.endswith("il"):
        return word[:-1] + "s"
    if w.endswith("m"):
        return word[:-1] + "ns"
    if w.endswith(("r", "z")):
        return word + "es"
    if w.endswith("s"):
        return None
    return word + "s"


def inflections(term: str, lang: str) -> list[str]:
    """Simple generated variants of ``term`` that should match too (never the term itself).

    English: plural of the last word ("box camera" -> "box cameras"). Portuguese: plural
    of the words before the first preposition ("modelo da indústria" -> "modelos da
    indústria", "grande modelo" -> "grandes modelos"). Indonesian: the reduplicated plural
    of the first word ("model besar" -> "model-model besar"). Japanese: with and without the
    long-vowel mark (ー) after -er/-ry syllables タ ダ バ ザ ラ リ ("インダストリーモデル" ->
    "インダストリモデル", "サーバ" -> "サーバー"), and without the middle dot (・).
    """
    out: list[str] = []
    if lang == "en":
        head, _, last = term.rpartition(" ")
        if last.isascii() and last.isalpha() and not last.isupper():
            out += [f"{head} {p}" if head else p for p in _en_plural(last)]
    elif lang == "pt":
        words = term.split(" ")
        cut = next((i for i, w in enumerate(words) if w.lower() in _PT_STOP), len(words))
        plural = [_pt_plural(w) for w in words[:cut]]
        if all(p is not None for p in plural) and cut:
            out.append(" ".join([*(p for p in plural if p), *words[cut:]]))
            if cut > 1:  # only the head noun
                first = plural[0]
                assert first is not None
                out.append(" ".join([first, *words[1:]]))
    elif lang == "id":
        head, sep, rest = term.partition(" ")
        if head.isalpha() and head.islower() and len(head) > 1:  # model besar -> model-model besar
            out.append(f"{head}-{head}{sep}{rest}")
    elif lang == "ja":
        variants = {term}
        # a long-vowel mark after an -er/-ry syllable may be dropped
        # (コンピューター / コンピュータ, インダストリーモデル / インダストリモデル) ...
        marks = [m.start() for m in re.finditer(f"(?<=[{''.join(_JA_LONG_ENDINGS)}])ー", term)][:4]
        for i in range(1, 1 << len(marks)):
            drop = {p for b, p in enumerate(marks) if i >> b & 1}
            variants.add("".join(c for j, c in enumerate(term) if j not in drop))
        # ... or added after a word-final -a/-ri syllable (サーバ / サーバー)
        for m in _KATAKANA_WORD.finditer(term):
            if len(m.group()) >= 3 and m.group()[-1] in _JA_LONG_ENDINGS:
                variants |= {
                    v[: m.end()] + "ー" + v[m.end() :]
                    for v in list(variants)
                    if v[m.end() : m.end() + 1] != "ー" and len(v) == len(term)
                }
        if "・" in term:
            variants |= {v.replace("・", "") for v in list(variants)}
            variants |= {v.replace("・", " ") for v in list(variants)}
        out += sorted(variants - {term})
    return [o for o in dict.fromkeys(out) if o and o != term]


# --------------------------------------------------------------------------- matcher


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
        self._wide = lang.split("-")[0] in ("zh", "ja")
        sibling = {"zh-Hans": "zh-Hant", "zh-Hant": "zh-Hans"}.get(lang)
        for entry in entries:
            sources = [
                lt
                for lt in (entry.terms.get(lang), entry.terms.get(sibling or ""))
                if lt is not None
            ]
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


# --------------------------------------------------------------------------- glossary


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
            m = self._matchers[lang] = TermMatcher(self.entries, lang)
        return m

    def find(self, text: str, lang: str) -> list[TermHit]:
        """Shortcut for ``self.matcher(lang).find(text)``."""
        return self.matcher(lang).find(text)


# --------------------------------------------------------------------------- validation


def validate_entries(
    entries: list[Entry],
    *,
    source: str | None = None,
    lines: dict[str, int] | None = None,
    required: Iterable[str] = (),
) -> None:
    """Raise :class:`InputError` (``file:line: ...``) on the first problem found.

    Checks: ids present, well formed and unique; language tags supported; a preferred
    term wherever variants are given; no term both accepted and forbidden in one
    language (after case and width folding, across the whole glossary); every
    ``required`` language present in every entry.
    """
    lines = lines or {}
    required = [normalize_lang(r) for r in required]

    def where(entry_id: str | None) -> str:
        name = source or "<glossary>"
        line = lines.get(entry_id or "")
        return f"{name}:{line}" if line else name

    if not entries:
        raise InputError(f"{source or '<glossary>'}: glossary has no entries")
    seen: dict[str, int] = {}
    accepted: dict[tuple[str, str], str] = {}
    forbidden: dict[tuple[str, str], str] = {}
    for i, e in enumerate(entries):
        if not e.id or not _ID_RE.match(e.id):
            raise InputError(
                f"{where(e.id)}: bad entry id {e.id!r} (letters, digits, . _ : - only)"
            )
        if e.id in seen:
            raise InputError(f"{where(e.id)}: duplicate entry id {e.id!r}; ids must be unique")
        seen[e.id] = i
        if not e.terms:
            raise InputError(f"{where(e.id)}: entry {e.id!r} has no terms in any language")
        for lang in required:
            if lang not in e.terms:
                raise InputError(f"{where(e.id)}: entry {e.id!r} has no {lang} term (required)")
        for lang, lt in e.terms.items():
            if normalize_lang(lang, supported_only=False) != lang or lang not in _supported():
                raise InputError(f"{where(e.id)}: entry {e.id!r}: unknown language tag {lang!r}")
            if not lt.preferred.strip():
                raise InputError(
                    f"{where(e.id)}: entry {e.id!r} has {lang} variants but no preferred term"
                )
            for term, status in lt.all_terms():
                if not term.strip() or term != term.strip() or "\t" in term or "\n" in term:
                    raise InputError(f"{where(e.id)}: entry {e.id!r}: bad {lang} term {term!r}")
                key = (lang, fold(term, lang))
                if status == "forbidden":
                    other = accepted.get(key)
                    forbidden.setdefault(key, e.id)
                else:
                    other = forbidden.get(key)
                    accepted.setdefault(key, e.id)
                if other is not None:
                    owner = f"entry {other!r}" if other != e.id else "the same entry"
                    raise InputError(
                        f"{where(e.id)}: entry {e.id!r}: {lang} term {term!r} is {status} "
                        f"here but {'accepted' if status == 'forbidden' else 'forbidden'} "
                        f"in {owner}; remove one of them"
                    )


def _supported() -> tuple[str, ...]:
    from align.lang import SUPPORTED

    return SUPPORTED


# --------------------------------------------------------------------------- readers


def _split(cell: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in cell.split(VARIANT_SEP) if t.strip())


def _bool(value: str, where: str) -> bool:
    v = value.strip().lower()
    if v in ("", "0", "false", "no", "n"):
        return False
    if v in ("1", "true", "yes", "y"):
        return True
    raise InputError(f"{where}: case_sensitive must be yes/no or true/false, got {value!r}")


def _claim_id(lines: dict[str, int], entry_id: str, line: int, where: str) -> None:
    """Record ``entry_id`` as defined on ``line``; a second definition is an InputError."""
    if entry_id in lines:
        first = lines[entry_id]
        seen = f" (first on line {first})" if first and first != line else ""
        raise InputError(f"{where}: duplicate entry id {entry_id!r}{seen}")
    lines[entry_id] = line


def _parse_table(text: str, name: str, delimiter: str) -> tuple[list[Entry], dict[str, int]]:
    header: list[str] | None = None
    entries: list[Entry] = []
    lines: dict[str, int] = {}
    line = 0
    if delimiter == "\t":  # TSV: quotes are ordinary text
        reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    else:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for row in reader:
        line = reader.line_num
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [c.strip() for c in row]
            _check_header(header, f"{name}:{line}")
            continue
        where = f"{name}:{line}"
        if len(row) > len(header) and "".join(row[len(header) :]).strip():
            raise InputError(f"{where}: {len(row)} cells but the header has {len(header)}")
        cells = dict(zip(header, [c.strip() for c in row], strict=False))
        entry_id = cells.get("entry", "")
        if not entry_id:
            raise InputError(f"{where}: empty entry cell; every row needs an entry id")
        _claim_id(lines, entry_id, line, where)
        terms: dict[str, LangTerms] = {}
        for lang in _header_langs(header):
            pref = cells.get(lang, "")
            allowed = _split(cells.get(f"{lang}:allowed", ""))
            forb = _split(cells.get(f"{lang}:forbidden", ""))
            if VARIANT_SEP in pref:
                raise InputError(
                    f"{where}: {lang} cell has several terms {pref!r}; put "
                    f"the preferred one there and the others in {lang}:allowed"
                )
            if not pref:
                if allowed or forb:
                    raise InputError(
                        f"{where}: empty {lang} cell but {lang} variants given; "
                        f"fill in the preferred {lang} term"
                    )
                continue
            terms[lang] = LangTerms(pref, allowed, forb)
        entries.append(
            Entry(
                id=entry_id,
                terms=terms,
                note=cells.get("note") or None,
                domain=cells.get("domain") or None,
                case_sensitive=_bool(cells.get("case_sensitive", ""), where),
            )
        )
    if header is None:
        raise InputError(
            f"{name}: no header row; the first row must name the columns "
            "(entry, en, en:allowed, ...)"
        )
    return entries, lines


#: Non-language columns. The entry id column is ``entry`` because ``id`` is Indonesian.
_META_COLUMNS = ("entry", "domain", "note", "case_sensitive")


def _header_langs(header: list[str]) -> list[str]:
    return [h for h in header if h not in _META_COLUMNS and ":" not in h]


def _check_header(header: list[str], where: str) -> None:
    if "entry" not in header:
        raise InputError(
            f"{where}: header has no 'entry' column (the entry ids; 'id' is the "
            f"Indonesian column), got {header[:4]!r}"
        )
    dupes = {h for h in header if header.count(h) > 1}
    if dupes:
        raise InputError(f"{where}: header names column {sorted(dupes)[0]!r} twice")
    for h in header:
        if h in _META_COLUMNS:
            continue
        lang, _, kind = h.partition(":")
        if kind not in ("", "allowed", "forbidden"):
            raise InputError(
                f"{where}: unknown column {h!r}; use LANG, LANG:allowed or LANG:forbidden"
            )
        try:
            canon = normalize_lang(lang)
        except InputError:
            raise InputError(f"{where}: column {h!r}: unknown language tag {lang!r}") from None
        if canon != lang:
            raise InputError(f"{where}: column {h!r}: write the language tag as {canon!r}")
        if kind and lang not in header:
            raise InputError(f"{where}: column {h!r} without a {lang!r} column")


def _lang_attr(el: Any, where: str) -> str:
    raw = el.get("{http://www.w3.org/XML/1998/namespace}lang") or el.get("lang") or ""
    try:
        return normalize_lang(raw)
    except InputError:
        raise InputError(f"{where}: unknown language tag {raw!r}") from None


_TBX_STATUS = {
    "preferredterm-admn-sts": "preferred",
    "preferred": "preferred",
    "admittedterm-admn-sts": "allowed",
    "admitted": "allowed",
    "allowed": "allowed",
    "deprecatedterm-admn-sts": "forbidden",
    "deprecated": "forbidden",
    "supersededterm-admn-sts": "forbidden",
    "superseded": "forbidden",
    "notrecommended": "forbidden",
    "forbidden": "forbidden",
}


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse_tbx(data: bytes, name: str) -> tuple[list[Entry], dict[str, int]]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 0
        raise InputError(f"{name}:{line}: not well-formed XML ({exc.msg})") from None
    entries: list[Entry] = []
    lines: dict[str, int] = {}
    concepts = [el for el in root.iter() if _local(el.tag) in ("termEntry", "conceptEntry")]
    if not concepts:
        raise InputError(f"{name}: no termEntry or conceptEntry elements; is this TBX?")
    for ce in concepts:
        where = f"{name}:{ce.sourceline}"
        entry_id = ce.get("id") or ""
        if not entry_id:
            raise InputError(f"{where}: {_local(ce.tag)} without an id attribute")
        _claim_id(lines, entry_id, ce.sourceline, where)
        meta: dict[str, str] = {}
        for d in ce:
            if _local(d.tag) in ("descrip", "note", "descripGrp"):
                kind = d.get("type") or _local(d.tag)
                text = "".join(d.itertext()).strip()
                if kind in ("subjectField", "domain"):
                    meta["domain"] = text
                elif kind in ("definition", "note"):
                    meta.setdefault("note", text)
                elif kind == "caseSensitive":
                    meta["case"] = text
        terms: dict[str, LangTerms] = {}
        for ls in ce:
            if _local(ls.tag) not in ("langSet", "langSec"):
                continue
            lwhere = f"{name}:{ls.sourceline}"
            lang = _lang_attr(ls, lwhere)
            pref: list[str] = []
            allowed: list[str] = []
            forb: list[str] = []
            for ts in ls:
                if _local(ts.tag) not in ("tig", "ntig", "termSec"):
                    continue
                term_el = next((t for t in ts.iter() if _local(t.tag) == "term"), None)
                term = "".join(term_el.itertext()).strip() if term_el is not None else ""
                if not term:
                    raise InputError(
                        f"{name}:{ts.sourceline}: empty <term> in {lang} of {entry_id!r}"
                    )
                status = "allowed"
                for t in ts.iter():
                    if _local(t.tag) in ("termNote", "descrip") and t.get("type") in (
                        "administrativeStatus",
                        "normativeAuthorization",
                    ):
                        value = "".join(t.itertext()).strip()
                        mapped = _TBX_STATUS.get(value.lower().replace(" ", ""))
                        if mapped is None:
                            raise InputError(
                                f"{name}:{t.sourceline}: unknown administrativeStatus {value!r}; "
                                "use preferredTerm-admn-sts, admittedTerm-admn-sts or "
                                "deprecatedTerm-admn-sts"
                            )
                        status = mapped
                {"preferred": pref, "allowed": allowed, "forbidden": forb}[status].append(term)
            if len(pref) > 1:
                raise InputError(
                    f"{lwhere}: {entry_id!r} has {len(pref)} preferred {lang} "
                    f"terms {pref!r}; mark one preferred, the others admitted"
                )
            if not pref:
                if not allowed:
                    raise InputError(
                        f"{lwhere}: {entry_id!r} has {lang} terms but none is preferred or admitted"
                    )
                pref = [allowed.pop(0)]  # TBX without statuses: the first term is preferred
            if lang in terms:
                raise InputError(f"{lwhere}: {entry_id!r} has two {lang} language sections")
            terms[lang] = LangTerms(pref[0], tuple(allowed), tuple(forb))
        entries.append(
            Entry(
                entry_id,
                terms,
                note=meta.get("note"),
                domain=meta.get("domain"),
                case_sensitive=_bool(meta.get("case", ""), where),
            )
        )
    return entries, lines


def _parse_json(text: str, name: str) -> tuple[list[Entry], dict[str, int]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    items = data.get("entries") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError(f'{name}: expected {{"entries": [...]}} or a list of entries')
    entries: list[Entry] = []
    lines: dict[str, int] = {}
    for i, item in enumerate(items):
        entry_id = str(item.get("id", "")) if isinstance(item, dict) else ""
        line = _json_line(text, entry_id) if entry_id else 0
        where = f"{name}:{line}" if line else f"{name}: entry #{i + 1}"
        if not isinstance(item, dict) or not entry_id:
            raise InputError(f'{where}: every entry needs an "id" and "terms"')
        _claim_id(lines, entry_id, line, where)
        raw_terms = item.get("terms")
        if not isinstance(raw_terms, dict):
            raise InputError(f'{where}: entry {entry_id!r}: "terms" must be an object')
        terms: dict[str, LangTerms] = {}
        for raw_lang, lt in raw_terms.items():
            try:
                lang = normalize_lang(raw_lang)
            except InputError:
                raise InputError(
                    f"{where}: entry {entry_id!r}: unknown language tag {raw_lang!r}"
                ) from None
            if isinstance(lt, str):
                lt = {"preferred": lt}
            if not isinstance(lt, dict) or not isinstance(lt.get("preferred", ""), str):
                raise InputError(
                    f"{where}: entry {entry_id!r}: {raw_lang} must be a string "
                    'or {"preferred": ..., "allowed": [...], "forbidden": [...]}'
                )
            allowed, forb = lt.get("allowed", []), lt.get("forbidden", [])
            if not all(
                isinstance(x, list) and all(isinstance(s, str) for s in x) for x in (allowed, forb)
            ):
                raise InputError(
                    f"{where}: entry {entry_id!r}: {raw_lang} allowed/forbidden "
                    "must be lists of strings"
                )
            terms[lang] = LangTerms(lt.get("preferred", ""), tuple(allowed), tuple(forb))
        case = item.get("case_sensitive", False)
        if not isinstance(case, bool):
            raise InputError(f"{where}: entry {entry_id!r}: case_sensitive must be true/false")
        entries.append(
            Entry(
                entry_id,
                terms,
                note=item.get("note"),
                domain=item.get("domain"),
                case_sensitive=case,
            )
        )
    return entries, lines


def _json_line(text: str, entry_id: str) -> int:
    idx = text.find(json.dumps(entry_id, ensure_ascii=False))
    if idx < 0:
        idx = text.find(json.dumps(entry_id))
    return text.count("\n", 0, idx) + 1 if idx >= 0 else 0


def format_of(path: str | Path) -> str:
    """The glossary format implied by a file name (``.tsv`` ``.csv`` ``.tbx`` ``.json``)."""
    name = str(path).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for ext, fmt in (
        (".tsv", "tsv"),
        (".tab", "tsv"),
        (".csv", "csv"),
        (".tbx", "tbx"),
        (".xml", "tbx"),
        (".json", "json"),
    ):
        if name.endswith(ext):
            return fmt
    raise InputError(f"{path}: unknown glossary format; use a .tsv, .csv, .tbx or .json file")


def load_glossary(
    path: str | Path, *, required: Iterable[str] = (), encoding: str | None = None
) -> Glossary:
    """Read and validate a glossary (.tsv / .csv / .tbx / .json by extension).

    Raises :class:`InputError` with ``file:line:`` for any malformed or contradictory
    entry; nothing is skipped silently.
    """
    from align.io import _read_bytes, decode

    fmt = format_of(path)
    name = str(path)
    data = _read_bytes(path)
    if fmt == "tbx":
        if not data.strip():
            raise InputError(f"{name}: file is empty")
        entries, lines = _parse_tbx(data, name)
    else:
        text = decode(data, name=name, encoding=encoding)
        if not text.strip():
            raise InputError(f"{name}: file is empty")
        if fmt == "json":
            entries, lines = _parse_json(text, name)
        else:
            entries, lines = _parse_table(text, name, "\t" if fmt == "tsv" else ",")
    validate_entries(entries, source=name, lines=lines, required=required)
    return Glossary(entries, source=name)


# --------------------------------------------------------------------------- writers


def _langs_in_order(entries: list[Entry]) -> list[str]:
    from align.lang import SUPPORTED

    present = {lang for e in entries for lang in e.terms}
    return [lang for lang in SUPPORTED if lang in present] + sorted(present - set(SUPPORTED))


def dumps(glossary: Glossary, fmt: str) -> str:
    """Serialise ``glossary`` as ``tsv``, ``csv``, ``json``, ``tbx`` (2019) or ``tbx2008``."""
    entries = glossary.entries
    if fmt in ("tsv", "csv"):
        langs = _langs_in_order(entries)
        header = ["entry", "domain", "case_sensitive"]
        for lang in langs:
            header += [lang, f"{lang}:allowed", f"{lang}:forbidden"]
        header.append("note")
        rows = [header]
        for e in entries:
            row = [e.id, e.domain or "", "yes" if e.case_sensitive else ""]
            for lang in langs:
                lt = e.terms.get(lang)
                row += (
                    [lt.preferred, VARIANT_SEP.join(lt.allowed), VARIANT_SEP.join(lt.forbidden)]
                    if lt
                    else ["", "", ""]
                )
            row.append(e.note or "")
            rows.append(row)
        if fmt == "tsv":
            for r in rows:
                for cell in r:
                    if "\t" in cell or "\n" in cell:
                        raise InputError(
                            f"cannot write {cell!r} to TSV: it contains a tab or newline"
                        )
            return "".join("\t".join(r) + "\n" for r in rows)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        return buf.getvalue()
    if fmt == "json":
        items = []
        for e in entries:
            item: dict[str, Any] = {"id": e.id}
            if e.domain:
                item["domain"] = e.domain
            if e.note:
                item["note"] = e.note
            if e.case_sensitive:
                item["case_sensitive"] = True
            item["terms"] = {
                lang: {
                    k: v
                    for k, v in (
                        ("preferred", lt.preferred),
                        ("allowed", list(lt.allowed)),
                        ("forbidden", list(lt.forbidden)),
                    )
                    if v
                }
                for lang, lt in e.terms.items()
            }
            items.append(item)
        return json.dumps({"entries": items}, ensure_ascii=False, indent=1) + "\n"
    if fmt in ("tbx", "tbx2008"):
        return _dumps_tbx(entries, v2008=fmt == "tbx2008")
    raise InputError(f"unknown glossary format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def _dumps_tbx(entries: list[Entry], *, v2008: bool) -> str:
    from xml.sax.saxutils import escape, quoteattr

    status_value = {
        "preferred": "preferredTerm-admn-sts",
        "allowed": "admittedTerm-admn-sts",
        "forbidden": "deprecatedTerm-admn-sts",
    }
    concept, lang_el, term_el = (
        ("termEntry", "langSet", "tig") if v2008 else ("conceptEntry", "langSec", "termSec")
    )
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    if v2008:
        out.append(
            '<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc>'
            "<p>written by align</p></sourceDesc></fileDesc></martifHeader><text><body>"
        )
    else:
        out.append(
            '<tbx type="TBX-Basic" style="dca" xml:lang="en" '
            'xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc>'
            "<p>written by align</p></sourceDesc></fileDesc></tbxHeader><text><body>"
        )
    for e in entries:
        out.append(f"<{concept} id={quoteattr(e.id)}>")
        if e.domain:
            out.append(f'<descrip type="subjectField">{escape(e.domain)}</descrip>')
        if e.note:
            out.append(f'<descrip type="definition">{escape(e.note)}</descrip>')
        if e.case_sensitive:
            out.append('<descrip type="caseSensitive">yes</descrip>')
        for lang, lt in e.terms.items():
            out.append(f"<{lang_el} xml:lang={quoteattr(lang)}>")
            for term, status in lt.all_terms():
                out.append(
                    f"<{term_el}><term>{escape(term)}</term>"
                    f'<termNote type="administrativeStatus">{status_value[status]}'
                    f"</termNote></{term_el}>"
                )
            out.append(f"</{lang_el}>")
        out.append(f"</{concept}>")
    out.append("</body></text></martif>" if v2008 else "</body></text></tbx>")
    return "\n".join(out) + "\n"


def write_glossary(
    glossary: Glossary, path: str | Path, *, fmt: str | None = None, force: bool = False
) -> None:
    """Write ``glossary`` to ``path`` (format from ``fmt`` or the extension), atomically."""
    from align.io import atomic_write, check_writable

    fmt = fmt or format_of(path)
    text = dumps(glossary, fmt)  # serialise first: a failure writes nothing
    check_writable(path, force=force)
    with atomic_write(path) as fh:
        fh.write(text)
