"""Sentence alignment: two versions of one document -> beads (m-n groups), in order.

Algorithm (all numbers from :class:`AlignConfig`):

1. Embed every sentence once (one encoder call per sentence). A bead's vector is the
   normalised sum of its sentences' vectors, so m-n candidates cost no extra calls.
2. Similarity normalised against the neighbourhood: the cosine of two bead vectors minus
   their expected cosine against a random span of the same size on the other side
   (``norm="mean"``, the default; the mean span vector makes this one dot product), or
   minus the mean of each sentence's ``knn`` best cosines (``norm="knn"``, CSLS-like).
   Raw e5 cosines are squeezed into a narrow band and do not separate on their own; the
   same-size baseline also stops large beads winning only because sums are smoother.
3. Extra evidence, each weighted: a length penalty (squared log ratio of character
   lengths, against the document's own ratio); Dice overlaps of numbers,
   Latin-script tokens (names, codes), punctuation classes (questions, exclamations,
   quotes, ...) and glossary entry ids found on both sides; and word-level evidence
   from :mod:`align.lexicon`: for Chinese <-> English, the share of the English
   words that the Chinese side's CC-CEDICT glosses cover; for two Latin-script
   languages, shared word prefixes (cognates, names). Both count each key once per
   bead and subtract what a random span of the same size would share.
4. Documents over 500x500 sentences: pass 1, a 1-1/1-0/0-1 DP in a diagonal band, gives
   an anchor path; pass 2, a DP over all bead types up to ``max_bead`` in a window
   around it. Smaller documents get one DP over the whole matrix.
5. Optional refinement (off by default: it lowered F1 on the dev data): multi-sentence
   beads and their neighbours are embedded as real concatenations, within
   ``refine_budget`` extra calls per input sentence, and the search is re-run.

A bead of ``a`` + ``b`` sentences costs ``(a+b)/2 * (threshold - score) +
merge_penalty * (a+b-2)``; a 1-0/0-1 bead costs ``skip_cost``, plus ``skip_open`` once
per run of consecutive skips on one side (untranslated material comes in runs: captions,
advertisements, a missing paragraph); the DP minimises the sum.

Bead score: the bead's neighbourhood-normalised similarity plus its evidence bonus,
minus its length penalty (roughly -0.3 .. 0.4; most true matches score above 0); 1-0
and 0-1 beads score 0.0. Without an encoder (``encoder=None``) only length and lexical
evidence are used.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from align import _dp, lexicon
from align.errors import BackendUnavailable
from align.records import Bead

if TYPE_CHECKING:
    from align.embed.base import Encoder


@dataclass(frozen=True)
class AlignConfig:
    """Every setting that can change an alignment (recorded by :meth:`signature`)."""

    max_bead: int = 5  # largest a+b of an m-n bead (1-0 and 0-1 always allowed)
    max_side: int = 4  # largest m or n
    knn: int = 8  # neighbourhood size for the similarity margin
    skip_cost: float = 0.15  # cost of each sentence left unaligned (1-0 / 0-1)
    skip_open: float = 0.1  # added once per run of consecutive skips on one side (a lone
    # skip costs 0.25, a missing paragraph of five sentences 0.85: affine gaps)
    threshold: float = 0.15  # margin at which a bead is neither good nor bad
    merge_penalty: float = 0.03  # extra cost per sentence beyond 1-1
    length_weight: float = 0.05  # weight of the squared log length ratio
    number_weight: float = 0.05
    latin_weight: float = 0.06
    punct_weight: float = 0.02
    glossary_weight: float = 0.05
    dictionary_weight: float = 0.075  # zh<->en: share of the English words CC-CEDICT covers
    cognate_weight: float = 0.12  # two Latin-script languages: Dice of shared word prefixes
    anchor_radius: int = 30  # half-width of the pass-1 diagonal band (grows with |n-m|)
    window: int = 8  # half-width of the pass-2 window around the pass-1 path
    refine_budget: float = 0.0  # extra encoder calls per input sentence for concatenations
    norm: str = "mean"  # neighbourhood: "knn" (k best sentence cosines) or "mean" (mean span)
    mode: str = "embed"  # "embed" | "gale-church"

    def __post_init__(self) -> None:
        from align.errors import ConfigError

        if self.mode not in ("embed", "gale-church"):
            raise ConfigError(f"unknown mode {self.mode!r}; choose embed or gale-church")
        if self.norm not in ("mean", "knn"):
            raise ConfigError(f"unknown norm {self.norm!r}; choose mean or knn")
        if self.max_bead < 2 or self.max_side < 1:
            raise ConfigError(f"max_bead must be >= 2 and max_side >= 1 (got {self.max_bead}, "
                              f"{self.max_side})")

    def signature(self) -> str:
        """Every setting as ``key:value|...`` (recorded next to benchmark figures)."""
        return "|".join(f"{k}:{v}" for k, v in self.__dict__.items())


# --------------------------------------------------------------------------- evidence

_NUM = re.compile(r"\d+(?:[.,:]\d+)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9\-]*[A-Za-z0-9]|[A-Za-z]")
_HASH_DIM = 64
_PUNCT_CLASSES = {
    "?": 0, "？": 0,
    "!": 1, "！": 1,
    '"': 2, "“": 2, "”": 2, "「": 2, "」": 2, "『": 2, "』": 2, "«": 2, "»": 2, "„": 2,
    ":": 3, "：": 3,
    "(": 4, "（": 4,
    ";": 5, "；": 5,
    "—": 6, "…": 7,
}


def _h(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest(), "little") % _HASH_DIM


def _numbers(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    out = []
    for tok in _NUM.findall(text):
        tok = re.sub(r"(?<=\d)[,.](?=\d{3}\b)", "", tok)  # 1,000 / 1.000 -> 1000
        out.append(tok.replace(",", "."))
    return out


def _latin(text: str, cjk_pair: bool) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    toks = _LATIN.findall(text)
    if cjk_pair:  # one side is CJK: any Latin token is a name, code or acronym
        return [t.lower() for t in toks]
    # both sides Latin script: capitalised words are too common (German nouns, English
    # title-case headlines), so only codes and acronyms count: a digit or two capitals
    return [t.lower() for t in toks
            if len(t) >= 2 and (any(c.isdigit() for c in t) or sum(c.isupper() for c in t) >= 2)]


def _punct(text: str) -> np.ndarray:
    v = np.zeros(8, dtype=np.float64)
    for ch in text:
        c = _PUNCT_CLASSES.get(ch)
        if c is not None:
            v[c] += 1
    # quotes come in pairs; count quoted passages, not marks
    v[2] = np.ceil(v[2] / 2)
    return v


def _hashed(tokens_per_sent: list[list[str]]) -> np.ndarray:
    out = np.zeros((len(tokens_per_sent), _HASH_DIM), dtype=np.float64)
    for i, toks in enumerate(tokens_per_sent):
        for t in toks:
            out[i, _h(t)] += 1
    return out


def _is_cjk_text(texts: Sequence[str]) -> bool:
    sample = "".join(texts[:50])
    if not sample:
        return False
    cjk = sum(1 for ch in sample if "\u3040" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")
    return cjk > 0.2 * len(sample)


@dataclass
class _Side:
    """Per-sentence features of one side, with prefix sums for span lookups."""

    vec: np.ndarray | None  # (n, d) unit vectors
    length: np.ndarray  # (n,) characters
    channels: dict[str, np.ndarray] = field(default_factory=dict)  # name -> (n, h)

    def cum(self, x: np.ndarray) -> np.ndarray:
        z = np.zeros((1, *x.shape[1:]), dtype=x.dtype)
        return np.concatenate([z, np.cumsum(x, axis=0)], axis=0)


def _span_sum(cum: np.ndarray, ends: np.ndarray, size: int) -> np.ndarray:
    """Sum of rows ``end-size .. end-1`` for every end (invalid ends give garbage: mask them)."""
    e = np.clip(ends, 0, cum.shape[0] - 1)
    s = np.clip(ends - size, 0, cum.shape[0] - 1)
    return cum[e] - cum[s]


# --------------------------------------------------------------------------- aligner

#: Word-level evidence keeps dense source x target tables (8 bytes a cell, about ten
#: tables): documents with more cells than this are aligned without it.
_LEXICAL_MAX_CELLS = 4_000_000


class Aligner:
    """Aligns sentence lists with an injected encoder (``None``: length and lexical only).

    Pure: no file I/O, no printing. ``encode_calls`` counts texts sent to the encoder
    (times the number of members for an ensemble), cached or not. ``progress`` is passed
    to the encoder (a bar on stderr while embedding takes long, see ``Encoder.encode``).
    """

    def __init__(self, encoder: Encoder | None = None, config: AlignConfig | None = None,
                 *, glossary: Any = None, progress: bool = False) -> None:
        self.encoder = encoder
        self.config = config or AlignConfig()
        self.glossary = glossary
        self.progress = progress
        self.encode_calls = 0

    # -- public ---------------------------------------------------------------
    def align(self, src: Sequence[str], tgt: Sequence[str], *, src_lang: str | None = None,
              tgt_lang: str | None = None) -> list[Bead]:
        n, m = len(src), len(tgt)
        if n == 0 and m == 0:
            return []
        if n == 0:
            return [Bead((), (j,), 0.0) for j in range(m)]
        if m == 0:
            return [Bead((i,), (), 0.0) for i in range(n)]
        cfg = self.config
        use_vec = self.encoder is not None and cfg.mode == "embed"
        S, T = self._features(src, tgt, src_lang, tgt_lang, use_vec)
        ratio = max(T.length.sum(), 1.0) / max(S.length.sum(), 1.0)
        ctx = _Context(S, T, cfg, ratio, use_vec,
                       lexical=self._lexical(src, tgt, src_lang, tgt_lang))
        path = self._search(ctx, n, m)
        if use_vec and cfg.refine_budget > 0:
            extra = self._refine(ctx, src, tgt, path)
            if extra:
                path = self._search(ctx, n, m, path=path)
        return ctx.beads(path)

    # -- internals --------------------------------------------------------------
    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        assert self.encoder is not None
        self.encode_calls += len(texts) * getattr(self.encoder, "calls_per_text", 1)
        return np.asarray(self.encoder.encode(texts, progress=self.progress), dtype=np.float32)

    def _features(self, src: Sequence[str], tgt: Sequence[str], src_lang: str | None,
                  tgt_lang: str | None, use_vec: bool) -> tuple[_Side, _Side]:
        cjk_pair = _is_cjk_text(src) != _is_cjk_text(tgt)
        sides = []
        vecs: list[np.ndarray | None] = [None, None]
        if use_vec:
            allv = self._encode(list(src) + list(tgt))
            vecs = [allv[: len(src)], allv[len(src):]]
        for k, texts in enumerate((src, tgt)):
            length = np.array([len("".join(t.split())) for t in texts], dtype=np.float64)
            side = _Side(vecs[k], length)
            side.channels["num"] = _hashed([_numbers(t) for t in texts])
            side.channels["latin"] = _hashed([_latin(t, cjk_pair) for t in texts])
            side.channels["punct"] = np.stack([_punct(t) for t in texts])
            sides.append(side)
        if self.glossary is not None and src_lang and tgt_lang:
            ids_s = _glossary_ids(self.glossary, src_lang, src)
            ids_t = _glossary_ids(self.glossary, tgt_lang, tgt)
            if ids_s is not None and ids_t is not None:  # both languages known to it
                sides[0].channels["gloss"] = _hashed(ids_s)
                sides[1].channels["gloss"] = _hashed(ids_t)
        return sides[0], sides[1]

    def _lexical(self, src: Sequence[str], tgt: Sequence[str], src_lang: str | None,
                 tgt_lang: str | None) -> tuple[str, lexicon.SpanCoverage] | None:
        """Word-level evidence (dictionary or cognates) when it applies and is weighted."""
        cfg = self.config
        kind = lexicon.evidence_kind(src, tgt, src_lang, tgt_lang)
        if kind is None or cfg.mode != "embed" or len(src) * len(tgt) > _LEXICAL_MAX_CELLS:
            return None
        if (cfg.cognate_weight if kind == "cognates" else cfg.dictionary_weight) == 0:
            return None
        sides = {"zh-en": ("zh", "en"), "en-zh": ("en", "zh")}.get(kind, (kind, kind))
        try:
            keys = lexicon.sentence_keys(src, sides[0]), lexicon.sentence_keys(tgt, sides[1])
        except BackendUnavailable:  # no dictionary installed: align without it
            return None
        return kind, lexicon.SpanCoverage(*keys)

    def _search(self, ctx: _Context, n: int, m: int,
                path: list[tuple[int, int, int, int]] | None = None
                ) -> list[tuple[int, int, int, int]]:
        cfg = self.config
        if path is None:
            if (n + 1) * (m + 1) <= 250_000:
                lo, width = np.zeros(n + 1, dtype=np.int64), m + 1
            else:
                radius = cfg.anchor_radius + abs(n - m) // 2 + max(n, m) // 50
                lo, width = _dp.diagonal_band(n, m, radius)
                if width >= m + 1:
                    lo, width = np.zeros(n + 1, dtype=np.int64), m + 1
                else:
                    types = [(1, 1), (1, 0), (0, 1)]
                    anchor = _dp.banded_dp(ctx.costs(types, lo, width), lo, m, types,
                                           gap_open=ctx.gap_open)
                    lo, width = _dp.band_around_path(_path_cols(anchor, n), n, m, cfg.window)
        else:
            lo, width = _dp.band_around_path(_path_cols(path, n), n, m, cfg.window)
        types = bead_types(cfg.max_bead, cfg.max_side)
        return _dp.banded_dp(ctx.costs(types, lo, width), lo, m, types, gap_open=ctx.gap_open)

    def _refine(self, ctx: _Context, src: Sequence[str], tgt: Sequence[str],
                path: list[tuple[int, int, int, int]]) -> int:
        """Embed real concatenations for multi-sentence beads near the path; returns calls."""
        budget = int(self.config.refine_budget * (len(src) + len(tgt)))
        want: list[tuple[int, int, int]] = []  # (side, start, size)
        seen: set[tuple[int, int, int]] = set()

        def add(side: int, start: int, size: int) -> None:
            key = (side, start, size)
            total = len(src) if side == 0 else len(tgt)
            if size >= 2 and start >= 0 and start + size <= total and key not in seen:
                seen.add(key)
                want.append(key)

        multi = [p for p in path if p[2] >= 2 or p[3] >= 2]
        for i0, j0, a, b in multi:
            add(0, i0, a)
            add(1, j0, b)
        for i0, j0, a, b in multi:  # the neighbours' alternatives: one sentence more/less
            for d in (-1, 1):
                add(0, i0, a + d)
                add(1, j0, b + d)
                add(0, i0 + d, a)
                add(1, j0 + d, b)
        want = want[:budget]
        if not want:
            return 0
        texts = []
        for side, start, size in want:
            seq = src if side == 0 else tgt
            joiner = "" if _is_cjk_text(seq[start:start + size]) else " "
            texts.append(joiner.join(seq[start:start + size]))
        vecs = self._encode(texts)
        for (side, start, size), v in zip(want, vecs, strict=True):
            ctx.override[(side, start + size, size)] = v
        ctx._vcache.clear()
        return len(want)


def _knn_mean(a: np.ndarray, b: np.ndarray, k: int, chunk: int = 1024) -> np.ndarray:
    """Mean of each row of ``a``'s ``k`` best cosines against ``b`` (row chunks: bounded memory)."""
    k = max(1, min(k, b.shape[0]))
    out = np.empty(a.shape[0], dtype=np.float64)
    for r in range(0, a.shape[0], chunk):
        sim = a[r : r + chunk] @ b.T
        out[r : r + chunk] = np.partition(sim, sim.shape[1] - k, axis=1)[:, -k:].mean(axis=1)
    return out


def _glossary_ids(glossary: Any, lang: str, texts: Sequence[str]) -> list[list[str]] | None:
    """Entry ids found in each text, or ``None`` when the glossary cannot match ``lang``."""
    from align.errors import AlignError

    try:
        matcher = glossary.matcher(lang)
    except (AlignError, KeyError, ValueError):
        return None
    if not matcher.size:  # no column serves the language: no evidence
        return None
    return [[h.entry_id for h in matcher.find(t)] for t in texts]


def _path_cols(path: list[tuple[int, int, int, int]], n: int) -> np.ndarray:
    cols = np.zeros(n + 1, dtype=np.int64)
    for i0, j0, a, b in path:
        for k in range(a + 1):
            cols[i0 + k] = j0 + (b if k == a else 0)
        if a == 0:
            cols[i0] = j0 + b
    return np.maximum.accumulate(cols)


def bead_types(max_bead: int = 5, max_side: int = 4) -> list[tuple[int, int]]:
    """Bead types ``(a, b)``: 1-0, 0-1 and every ``a, b >= 1`` with ``a + b <= max_bead``."""
    out = [(0, 1), (1, 0)]
    for a in range(1, max_side + 1):
        for b in range(1, max_side + 1):
            if a + b <= max_bead:
                out.append((a, b))
    return out


class _Context:
    """Costs of every bead type over a band, from the two sides' features."""

    def __init__(self, S: _Side, T: _Side, cfg: AlignConfig, ratio: float, use_vec: bool,
                 lexical: tuple[str, lexicon.SpanCoverage] | None = None):
        self.S, self.T, self.cfg, self.ratio, self.use_vec = S, T, cfg, ratio, use_vec
        self.lexical = lexical
        self.gap_open = cfg.skip_open if cfg.mode == "embed" else 0.0
        self.override: dict[tuple[int, int, int], np.ndarray] = {}
        self.cum = {
            "len": (S.cum(S.length), T.cum(T.length)),
            **{k: (S.cum(S.channels[k]), T.cum(T.channels[k]))
               for k in S.channels if k in T.channels},
        }
        if use_vec:
            assert S.vec is not None and T.vec is not None
            self.cum["vec"] = (S.cum(S.vec.astype(np.float64)), T.cum(T.vec.astype(np.float64)))
            if cfg.norm == "knn":
                self.r_src = _knn_mean(S.vec, T.vec, cfg.knn)
                self.r_tgt = _knn_mean(T.vec, S.vec, cfg.knn)
                self.cum["r"] = (S.cum(self.r_src), T.cum(self.r_tgt))
        self._vcache: dict[tuple[int, int], np.ndarray] = {}
        self._scache: dict[tuple[str, int, int], np.ndarray] = {}

    def span_vecs(self, side: int, size: int) -> np.ndarray:
        """Unit vectors of every span of ``size`` sentences, by end position: ``(N+1, d)``."""
        key = (side, size)
        if key not in self._vcache:
            cum = self.cum["vec"][side]
            ends = np.arange(cum.shape[0])
            v = _span_sum(cum, ends, size)
            for (sd, e, sz), o in self.override.items():
                if sd == side and sz == size:
                    v[e] = o
            norm = np.linalg.norm(v, axis=-1, keepdims=True)
            norm[norm == 0] = 1.0
            self._vcache[key] = v / norm
        return self._vcache[key]

    def mean_span(self, side: int, size: int) -> np.ndarray:
        """Mean of the unit vectors of all complete spans of ``size`` on one side."""
        v = self.span_vecs(side, size)
        return np.asarray(v[size:].mean(axis=0) if v.shape[0] > size else v.mean(axis=0))

    def span_sets(self, name: str, side: int, size: int) -> np.ndarray:
        """Binary (present/absent) hashed token sets of every span, by end position."""
        key = (name, side, size)
        if key not in self._scache:
            cum = self.cum[name][side]
            ends = np.arange(cum.shape[0])
            self._scache[key] = (_span_sum(cum, ends, size) > 0).astype(np.float64)
        return self._scache[key]

    def bead_cost(self, a: int, b: int, ii: np.ndarray, jj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cost and score of an ``a-b`` bead ending at rows ``ii`` (R,) x cols ``jj`` (R, W).

        Columns outside ``0..m`` give garbage values: the caller masks them.
        """
        cfg = self.cfg
        R, W = jj.shape
        m = self.T.length.shape[0]
        cost = np.zeros((R, W))
        score = np.zeros((R, W))
        if a == 0 or b == 0:
            cost += cfg.skip_cost * (a + b)
            return cost, score
        weight = (a + b) / 2.0
        jc = np.clip(jj, 0, m)
        ls = _span_sum(self.cum["len"][0], ii, a)[:, None]
        lt = _span_sum(self.cum["len"][1], jc, b)
        if cfg.mode == "gale-church":
            return self._gale_church(a, b, ls, lt), score
        j0, j1 = int(jc.min()), int(jc.max()) + 1
        rel = jc - j0

        def block(x: np.ndarray, y: np.ndarray) -> np.ndarray:
            full = x[ii] @ y[j0:j1].T  # (R, j1-j0)
            return np.take_along_axis(full, rel, axis=1)

        if self.use_vec:
            xs, xt = self.span_vecs(0, a), self.span_vecs(1, b)
            sim = block(xs, xt)
            if cfg.norm == "mean":
                # expected cosine against a random span of the same size on the other side
                ms, mt = self.mean_span(0, a), self.mean_span(1, b)
                rs = (xs[ii] @ mt)[:, None]
                rt = (xt @ ms)[jc]
            else:
                rs = _span_sum(self.cum["r"][0], ii, a)[:, None] / a
                rt = _span_sum(self.cum["r"][1], jc, b) / b
            score += sim - 0.5 * (rs + rt)
        # length: squared log ratio against the document's ratio
        lr = np.log((lt + 5.0) / (ls * self.ratio + 5.0))
        score -= cfg.length_weight * lr * lr
        for name, w in (("num", cfg.number_weight), ("latin", cfg.latin_weight),
                        ("punct", cfg.punct_weight), ("gloss", cfg.glossary_weight)):
            if w == 0 or name not in self.cum:
                continue
            xs, xt = self.span_sets(name, 0, a), self.span_sets(name, 1, b)
            inter = block(xs, xt)
            tot = xs.sum(-1)[ii][:, None] + xt.sum(-1)[jc]
            dice = np.where(tot > 0, 2 * inter / np.maximum(tot, 1), 0.5)
            score += w * (2 * dice - 1) * (tot > 0)
        if self.lexical is not None:
            score += self._lexical_evidence(a, b, ii, jc)
        cost += weight * (cfg.threshold - score) + cfg.merge_penalty * (a + b - 2)
        return cost, score

    def _lexical_evidence(self, a: int, b: int, ii: np.ndarray, jc: np.ndarray) -> np.ndarray:
        """Dictionary coverage (zh<->en) or cognate Dice (Latin pairs) of every bead."""
        assert self.lexical is not None
        kind, cov = self.lexical
        # keys covered beyond what a random span of the same size would cover
        if kind in ("zh-en", "cognates"):
            got, chance = cov.covered(ii, jc, a, b)
            excess_t, size_t = got - chance, _span_sum(cov.tgt_size, jc, b)
        if kind in ("en-zh", "cognates"):
            got, chance = cov.covered(ii, jc, a, b, transpose=True)
            excess_s = got - chance
            size_s = np.broadcast_to(_span_sum(cov.src_size, ii, a)[:, None], jc.shape)
        if kind == "cognates":
            share = (excess_t + excess_s) / np.maximum(size_t + size_s, 1)
            return self.cfg.cognate_weight * np.minimum(share, 1.0)
        # the share of the English side's content words that the Chinese side's
        # dictionary glosses cover (0 when the English side has none)
        if kind == "zh-en":
            return self.cfg.dictionary_weight * np.minimum(excess_t / np.maximum(size_t, 1), 1.0)
        return self.cfg.dictionary_weight * np.minimum(excess_s / np.maximum(size_s, 1), 1.0)

    def _gale_church(self, a: int, b: int, ls: np.ndarray, lt: np.ndarray) -> np.ndarray:
        """Gale & Church (1993) cost: -log P(delta) - log P(bead type), c from the document."""
        from math import erf, log, sqrt

        prior = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089,
                 (2, 2): 0.011}
        p = prior.get((a, b), 0.0005)
        c, s2 = self.ratio, 6.8 * self.ratio
        mean = (ls + lt / c) / 2.0
        delta = (lt - ls * c) / np.sqrt(np.maximum(mean, 1.0) * s2)
        erfv = np.vectorize(erf)
        pd = 2 * (1 - 0.5 * (1 + erfv(np.abs(delta) / sqrt(2))))
        return -np.log(np.maximum(pd, 1e-12)) - log(p)

    def costs(self, types: Sequence[tuple[int, int]], lo: np.ndarray, width: int) -> np.ndarray:
        """``(T, n+1, W)`` costs over the band (``BIG`` where a bead does not fit)."""
        n = lo.shape[0] - 1
        m = self.T.length.shape[0]
        out = np.full((len(types), n + 1, width), _dp.BIG)
        js_all = _dp.band_columns(lo, width)
        chunk = max(16, 2_000_000 // max(width * (width + 64), 1))
        for t, (a, b) in enumerate(types):
            if self.cfg.mode == "gale-church" and (a, b) in ((1, 0), (0, 1)):
                pass
            for r0 in range(a, n + 1, chunk):
                ii = np.arange(r0, min(n + 1, r0 + chunk))
                jj = js_all[ii]
                valid = (jj >= b) & (jj <= m)
                if self.cfg.mode == "gale-church" and (a == 0 or b == 0):
                    c = np.full(jj.shape, -np.log(0.0099) + 4.0)
                else:
                    c, _ = self.bead_cost(a, b, ii, jj)
                out[t, ii] = np.where(valid, c, _dp.BIG)
        return out

    def beads(self, path: list[tuple[int, int, int, int]]) -> list[Bead]:
        out = []
        for i0, j0, a, b in path:
            score = 0.0
            if a and b:
                _, s = self.bead_cost(a, b, np.array([i0 + a]), np.array([[j0 + b]]))
                score = float(s[0, 0])
            out.append(Bead(tuple(range(i0, i0 + a)), tuple(range(j0, j0 + b)), round(score, 4)))
        return out


def align_sentences(
    src: Sequence[str], tgt: Sequence[str], *, encoder: Encoder | None,
    config: AlignConfig | None = None, src_lang: str | None = None,
    tgt_lang: str | None = None, glossary: Any = None,
) -> list[Bead]:
    """Align two sentence lists; every sentence lands in exactly one bead, in order.

    ``encoder=None`` aligns on length and lexical evidence only. ``glossary`` (an
    :class:`align.glossary.Glossary`) adds term-pair evidence when both languages are
    given. See the module docstring for the algorithm and the bead score's scale.
    """
    return Aligner(encoder, config, glossary=glossary).align(
        src, tgt, src_lang=src_lang, tgt_lang=tgt_lang
    )


__all__ = ["AlignConfig", "Aligner", "align_sentences", "bead_types"]
