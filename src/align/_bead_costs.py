"""The cost and score of every candidate bead in a band, from two sides' features.

A bead of ``a`` source and ``b`` target sentences ending at DP cell ``(i, j)`` is
scored from per-sentence features only, through prefix sums and per-pair tables kept
for the sentence pairs a band can hold (:class:`~align.lexicon.PairWindows`). Nothing
is ``n x m``: memory and time are linear in the band's size.

* **Similarity.** A bead's vector on each side is the normalised sum of its sentences'
  vectors, so the cosine of two bead vectors is ``sum(x_p . y_q) / (|sum x| |sum y|)``:
  the numerator comes from row prefix sums of the sentence-pair cosines in the band, the
  norms from prefix sums of each side's dot products with its next few sentences. The
  expected cosine against a random span of the same size (the mean of all such spans'
  unit vectors, one vector per size) is subtracted: the *margin*.
* **Length**: squared log ratio of character lengths against the document's ratio.
* **Token channels** (numbers, Latin tokens, punctuation classes, glossary ids): each
  sentence's tokens hashed into a 64-bit set; a span's set is the OR of its sentences';
  the Dice overlap of the two sets gives a bonus or a penalty.
* **Word-level channels** (:mod:`align.lexicon`): keys covered beyond chance, counted
  once per bead with bit masks.

The score of a bead is its margin plus its evidence minus its length penalty; its cost
is ``(a+b)/2 * (threshold - score) + merge_penalty * (a+b-2)``; a 1-0/0-1 bead costs
``skip_cost``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from align import _dp
from align.lexicon import BoundCoverage, PairWindows, SpanCoverage

if TYPE_CHECKING:
    from align.aligner import AlignConfig

#: Names of the token channels and the AlignConfig weight of each.
CHANNELS = {"num": "number_weight", "latin": "latin_weight", "punct": "punct_weight",
            "gloss": "glossary_weight"}
#: Channels scored by counting shared tokens instead of by Dice. Glossary terms: a user's
#: glossary often lists one rendering of a term the translation varies (police / 警方,
#: 警察, 警官), and the Dice penalty for a term found on one side only made the aligner
#: merge neighbouring beads to pair such terms up.
COUNTED = frozenset({"gloss"})


@dataclass
class Side:
    """Per-unit features of one side (units are sentences, or blocks of them when coarse)."""

    vec: np.ndarray | None  # (n, d) float64: unit sentence vectors, or sums over a block
    length: np.ndarray  # (n,) characters
    masks: dict[str, np.ndarray] = field(default_factory=dict)  # channel -> (n,) uint64 sets

    @property
    def n(self) -> int:
        return int(self.length.shape[0])

    def coarsen(self, factor: int) -> Side:
        """Blocks of ``factor`` consecutive units: vectors and lengths summed, sets joined."""
        starts = np.arange(0, self.n, factor)
        vec = np.add.reduceat(self.vec, starts, axis=0) if self.vec is not None else None
        return Side(vec, np.add.reduceat(self.length, starts),
                    {k: np.bitwise_or.reduceat(v, starts) for k, v in self.masks.items()})


@dataclass
class Lexical:
    """One word-level evidence channel: ``kind`` (``zh-en``, ``en-zh``: the target's or
    the source's coverage by the other side's dictionary glosses; ``both``: both
    directions pooled, as for cognates and learned lexicons), its key coverage and its
    weight.

    The evidence is the share of the keys covered beyond chance, times ``weight``; with
    a ``cap``, it is instead ``weight`` per key covered beyond chance (at most ``cap``),
    spread over the bead's sentences so that merging two beads never adds to it (keys
    matched in either part are matched in the merge too).
    """

    name: str
    kind: str
    coverage: SpanCoverage
    weight: float
    cap: float = 0.0  # > 0: the evidence is weight x (keys covered beyond chance, up to cap)

    def coarsen(self, fs: int, ft: int) -> Lexical:
        return Lexical(self.name, self.kind, self.coverage.coarsen(fs, ft), self.weight,
                       self.cap)


#: Sentences on each side of a sentence whose best margins give its typical one.
SKIP_WINDOW = 100


def _local_median(x: np.ndarray, half: int) -> np.ndarray:
    """Median of the finite values of ``x[k-half .. k+half]`` for every ``k`` (NaN-free
    input gives the plain running median; windows are clipped at the ends)."""
    n = x.shape[0]
    if n == 0:
        return x.copy()
    v = np.where(np.isfinite(x), x, np.nan)
    if n <= 2 * half + 1:
        med = np.nanmedian(v) if np.isfinite(v).any() else np.nan
        return np.full(n, med)
    padded = np.concatenate([np.full(half, np.nan), v, np.full(half, np.nan)])
    out = np.empty(n)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)
    for s in range(0, n, 2048):
        block = windows[s : s + 2048]
        ok = np.isfinite(block).any(axis=1)
        res = np.full(block.shape[0], np.nan)
        if ok.any():
            res[ok] = np.nanmedian(block[ok], axis=1)
        out[s : s + 2048] = res
    return out


def _prefix(x: np.ndarray) -> np.ndarray:
    out = np.zeros((x.shape[0] + 1, *x.shape[1:]), dtype=np.float64)
    np.cumsum(x, axis=0, out=out[1:])
    return out


def _span(pref: np.ndarray, ends: np.ndarray, size: int) -> np.ndarray:
    """Sum of units ``end-size .. end-1`` from prefix sums (ends below ``size``: clipped)."""
    return pref[ends] - pref[np.maximum(ends - size, 0)]


def _span_or(masks: np.ndarray, size: int) -> np.ndarray:
    """``(n+1,)`` OR of units ``end-size .. end-1`` for every end (0 below ``size``)."""
    n = masks.shape[0]
    out = np.zeros(n + 1, dtype=np.uint64)
    if n >= size:
        for d in range(size):
            out[size:] |= masks[size - 1 - d : n - d]
    return out


class BeadCosts:
    """Costs and scores of every bead type over one band (a :data:`align._dp.CostFn`).

    ``types`` are the bead types searched; the per-pair tables cover the sentence pairs
    those types can hold inside ``band``.
    """

    def __init__(self, S: Side, T: Side, cfg: AlignConfig, ratio: float,
                 band: _dp.Band, types: Sequence[tuple[int, int]],
                 lexical: Sequence[Lexical] = (), prune: bool = True, level: int = 0,
                 length_weight: float | None = None) -> None:
        self.S, self.T, self.cfg, self.ratio, self.band = S, T, cfg, ratio, band
        self.types = list(types)
        self.lexical = list(lexical)
        self.prune = prune
        self.level = level  # 0: sentences; coarser levels align blocks of them
        self.length_weight = cfg.length_weight if length_weight is None else length_weight
        self.n, self.m = S.n, T.n
        self.amax = max([a for a, _ in self.types] + [1])
        self.bmax = max([b for _, b in self.types] + [1])
        self.overrides: dict[tuple[int, int, int], np.ndarray] = {}  # (side, end, size) -> unit
        self.len_pref = (_prefix(S.length), _prefix(T.length))
        self.win = self._windows()
        self._set_cache: dict[tuple[str, int, int], tuple[np.ndarray, np.ndarray]] = {}
        self.use_vec = S.vec is not None and T.vec is not None
        if self.use_vec:
            self._init_vectors()
        self._bound = [lx.coverage.bind(self.win) for lx in self.lexical]

    # -- setup ------------------------------------------------------------------
    def _windows(self) -> PairWindows:
        """Target sentences each source sentence can meet in a bead ending in the band."""
        n, m = self.n, self.m
        lo, hi = self.band.lo, self.band.hi
        p = np.arange(n, dtype=np.int64)
        qlo = np.maximum(lo[np.minimum(p + 1, n)] - self.bmax, 0)
        qhi = np.minimum(hi[np.minimum(p + self.amax, n)] - 1, m)
        return PairWindows.from_bounds(qlo, qhi)

    def _init_vectors(self) -> None:
        X, Y = self.S.vec, self.T.vec
        assert X is not None and Y is not None
        win = self.win
        # cosines of the band's sentence pairs, as prefix sums along each row (one extra
        # slot per row): rc[roff[p] + q - qlo[p]] = sum of x_p . y_q' for q' < q
        widths = win.qhi - win.qlo
        self.roff = win.off + np.arange(self.n + 1, dtype=np.int64)[: win.off.shape[0]]
        rc = np.zeros(win.cells + self.n, dtype=np.float64)
        budget = 1 << 20
        p0 = 0
        while p0 < self.n:
            p1 = p0 + 1
            while p1 < self.n and (win.qhi[p1] - win.qlo[p0]) * (p1 + 1 - p0) <= budget:
                p1 += 1
            q0, q1 = int(win.qlo[p0]), int(win.qhi[p1 - 1])
            if q1 > q0:
                block = X[p0:p1] @ Y[q0:q1].T
                for p in range(p0, p1):
                    w = int(widths[p])
                    if w:
                        a = int(win.qlo[p]) - q0
                        s = int(self.roff[p])
                        np.cumsum(block[p - p0, a : a + w], out=rc[s + 1 : s + 1 + w])
            p0 = p1
        self.rc = rc
        # squared norms of every span from the sides' dot products with their next units
        self.norms = (self._span_norms(X, self.amax), self._span_norms(Y, self.bmax))
        # mean unit vector of all spans of each size, and every span's dot with them
        self.mean_unit = ({a: self._mean_unit(X, self.norms[0][a], a) for a in range(1, self.amax + 1)},
                          {b: self._mean_unit(Y, self.norms[1][b], b) for b in range(1, self.bmax + 1)})
        self._base: dict[tuple[int, int, int], np.ndarray] = {}
        self.skip_factor = self._skip_factors()

    def _skip_factors(self) -> tuple[np.ndarray, np.ndarray]:
        """Per sentence of each side, how dear it is to leave it unaligned: its best 1-1
        margin in the band against the median best margin of the sentences around it
        (:data:`SKIP_WINDOW` on each side; at most 1). A sentence that matches nothing well
        (a line the translation dropped) skips cheaply; one with a good counterpart nearby
        costs the full ``skip_cost``. The median is local because a long text can join
        parts whose margins differ (a novel, then news)."""
        n, m, win = self.n, self.m, self.win
        ones = (np.ones(n), np.ones(m))
        if win.cells == 0 or self.cfg.skip_relative == 0:
            return ones
        widths = win.qhi - win.qlo
        p = np.repeat(np.arange(n, dtype=np.int64), widths)
        first = np.repeat(win.off[:-1], widths)
        q = np.arange(win.cells, dtype=np.int64) - first + np.repeat(win.qlo, widths)
        r = self.roff[p] - win.qlo[p] + q
        cos = self.rc[r + 1] - self.rc[r]
        margin = cos - 0.5 * (self._baseline(0, 1, 1)[p + 1] + self._baseline(1, 1, 1)[q + 1])
        best_s = np.full(n, -np.inf)
        best_t = np.full(m, -np.inf)
        np.maximum.at(best_s, p, margin)
        np.maximum.at(best_t, q, margin)
        out = []
        for best in (best_s, best_t):
            typical = _local_median(best, SKIP_WINDOW)
            ratio = np.where(np.isfinite(best) & (typical > 0),
                             np.clip(best / np.where(typical > 0, typical, 1.0), 0.0, 1.0), 1.0)
            out.append(np.clip(1.0 - self.cfg.skip_relative * (1.0 - ratio), 0.0, 1.0))
        return out[0], out[1]

    @staticmethod
    def _span_norms(X: np.ndarray, kmax: int) -> dict[int, np.ndarray]:
        n = X.shape[0]
        dots = [_prefix(np.einsum("ij,ij->i", X[: n - k], X[k:])) if k < n
                else np.zeros(1) for k in range(kmax)]
        ends = np.arange(n + 1)
        out = {}
        for a in range(1, kmax + 1):
            sq = _span(dots[0], ends, a)
            for k in range(1, a):
                if k < n:  # pairs (p, p+k) with both inside the span: p in end-a .. end-1-k
                    hi_ = np.clip(ends - k, 0, n - k)
                    lo_ = np.clip(ends - a, 0, n - k)
                    sq = sq + 2 * (dots[k][hi_] - dots[k][np.minimum(lo_, hi_)])
            norm = np.sqrt(np.maximum(sq, 0.0))
            norm[norm == 0] = 1.0
            out[a] = norm
        return out

    @staticmethod
    def _mean_unit(X: np.ndarray, norm: np.ndarray, size: int) -> np.ndarray:
        """Mean of the unit vectors of all complete spans of ``size`` units."""
        n = X.shape[0]
        if n < size:
            return np.zeros(X.shape[1])
        inv = np.zeros(n + 1)
        inv[size:] = 1.0 / norm[size:]
        pref = _prefix(inv)
        q = np.arange(n)
        weights = pref[np.minimum(q + size, n) + 1] - pref[q + 1]  # ends q+1 .. q+size
        return np.asarray(weights @ X / (n - size + 1))

    def _baseline(self, side: int, a: int, b: int) -> np.ndarray:
        """Per end: cosine of the side's span with the other side's mean unit span."""
        key = (side, a, b)
        if key not in self._base:
            X = self.S.vec if side == 0 else self.T.vec
            assert X is not None
            size, other = (a, b) if side == 0 else (b, a)
            mean = self.mean_unit[1 - side][other]
            pref = _prefix(X @ mean)
            ends = np.arange(X.shape[0] + 1)
            self._base[key] = _span(pref, ends, size) / self.norms[side][size]
        return self._base[key]

    def _sets(self, name: str, side: int, size: int) -> tuple[np.ndarray, np.ndarray]:
        key = (name, side, size)
        if key not in self._set_cache:
            masks = (self.S if side == 0 else self.T).masks[name]
            u = _span_or(masks, size)
            self._set_cache[key] = (u, np.bitwise_count(u).astype(np.float64))
        return self._set_cache[key]

    # -- per bead terms ---------------------------------------------------------
    def _dot(self, ii: np.ndarray, jj: np.ndarray, a: int, b: int) -> np.ndarray:
        win, rc, roff = self.win, self.rc, self.roff
        out = np.zeros(ii.shape[0])
        for k in range(1, a + 1):
            p = ii - k
            base = roff[p] - win.qlo[p]
            out += rc[base + jj] - rc[base + jj - b]
        return out

    def terms(self, a: int, b: int, ii: np.ndarray, jj: np.ndarray) -> dict[str, np.ndarray]:
        """Every term of the score of ``a-b`` beads ending at cells ``(ii, jj)`` (valid
        cells only): ``margin`` (embedding similarity above chance), ``length`` (the
        penalty, <= 0), one entry per token channel and per word-level channel."""
        cfg = self.cfg
        out: dict[str, np.ndarray] = {}
        if self.use_vec:
            sim = self._dot(ii, jj, a, b) / (self.norms[0][a][ii] * self.norms[1][b][jj])
            out["margin"] = sim - 0.5 * (self._baseline(0, a, b)[ii] + self._baseline(1, a, b)[jj])
            if self.overrides:
                out["margin"] = self._patch(out["margin"], a, b, ii, jj)
        ls = _span(self.len_pref[0], ii, a)
        lt = _span(self.len_pref[1], jj, b)
        lr = np.log((lt + 5.0) / (ls * self.ratio + 5.0))
        out["length"] = -self.length_weight * lr * lr
        for name, attr in CHANNELS.items():
            w = getattr(cfg, attr)
            if w == 0 or name not in self.S.masks or name not in self.T.masks:
                continue
            us, ps = self._sets(name, 0, a)
            ut, pt = self._sets(name, 1, b)
            inter = np.bitwise_count(us[ii] & ut[jj]).astype(np.float64)
            tot = ps[ii] + pt[jj]
            if name in COUNTED:
                # a bonus per shared token (two at most), spread over the bead's sentences:
                # a merge never adds to it, and a token on one side only costs nothing
                out[name] = w * np.minimum(inter, 2) / ((a + b) / 2.0)
                continue
            dice = np.where(tot > 0, 2 * inter / np.maximum(tot, 1), 0.5)
            out[name] = w * (2 * dice - 1) * (tot > 0)
        for lx, bound in zip(self.lexical, self._bound, strict=True):
            out[lx.name] = self._lexical(lx, bound, a, b, ii, jj)
        return out

    def _lexical(self, lx: Lexical, bound: BoundCoverage, a: int, b: int, ii: np.ndarray,
                 jj: np.ndarray) -> np.ndarray:
        """Keys covered beyond what a random span of the same size would cover, as a share."""
        cov = lx.coverage
        excess_t = excess_s = 0.0
        size_t = _span(cov.tgt_size, jj, b)
        size_s = _span(cov.src_size, ii, a)
        if lx.kind in ("zh-en", "both"):  # target keys covered by the source span
            got, chance = bound.covered(ii, jj, a, b)
            excess_t = got - chance
        if lx.kind in ("en-zh", "both"):  # source keys covered by the target span
            got, chance = bound.covered(ii, jj, a, b, transpose=True)
            excess_s = got - chance
        if lx.cap:  # a bonus per key beyond chance, spread over the bead's sentences
            count = np.clip(excess_t + excess_s, -lx.cap, lx.cap)
            return lx.weight * count / ((a + b) / 2.0)
        if lx.kind == "both":
            share = (excess_t + excess_s) / np.maximum(size_t + size_s, 1)
        elif lx.kind == "zh-en":
            share = excess_t / np.maximum(size_t, 1)
        else:
            share = excess_s / np.maximum(size_s, 1)
        return lx.weight * np.minimum(share, 1.0)

    def _patch(self, margin: np.ndarray, a: int, b: int, ii: np.ndarray,
               jj: np.ndarray) -> np.ndarray:
        """Margins of beads with a span whose real concatenation was embedded (refinement):
        that span's vector is the concatenation's, in the similarity and in the baseline."""
        X, Y = self.S.vec, self.T.vec
        assert X is not None and Y is not None
        src = {e: v for (sd, e, sz), v in self.overrides.items() if sd == 0 and sz == a}
        tgt = {e: v for (sd, e, sz), v in self.overrides.items() if sd == 1 and sz == b}
        hs = np.isin(ii, list(src)) if src else np.zeros(ii.shape[0], dtype=bool)
        ht = np.isin(jj, list(tgt)) if tgt else np.zeros(jj.shape[0], dtype=bool)
        hit = np.flatnonzero(hs | ht)
        if hit.size == 0:
            return margin

        def unit(side_vecs: np.ndarray, ends: np.ndarray, size: int, table: dict[int, np.ndarray],
                 norms: np.ndarray) -> np.ndarray:
            pref = np.zeros((ends.shape[0], side_vecs.shape[1]))
            for d in range(1, size + 1):
                pref += side_vecs[ends - d]
            out = pref / norms[ends][:, None]
            for r, e in enumerate(ends):
                if int(e) in table:
                    out[r] = table[int(e)]
            return out

        u = unit(X, ii[hit], a, src, self.norms[0][a])
        v = unit(Y, jj[hit], b, tgt, self.norms[1][b])
        sim = np.einsum("ij,ij->i", u, v)
        base = 0.5 * (u @ self.mean_unit[1][b] + v @ self.mean_unit[0][a])
        margin = margin.copy()
        margin[hit] = sim - base
        return margin

    def score(self, a: int, b: int, ii: np.ndarray, jj: np.ndarray) -> np.ndarray:
        """The bead score (sum of :meth:`terms`); 1-0/0-1 beads score 0."""
        if a == 0 or b == 0:
            return np.zeros(ii.shape[0])
        terms = self.terms(a, b, ii, jj)
        return np.sum(list(terms.values()), axis=0) if terms else np.zeros(ii.shape[0])

    # -- the DP's cost callback ---------------------------------------------------
    def __call__(self, r0: int, r1: int) -> np.ndarray:
        cfg = self.cfg
        ii, jj = self.band.row_cells(r0, r1)
        out = np.full((len(self.types), ii.shape[0]), _dp.BIG)
        for t, (a, b) in enumerate(self.types):
            ok = (ii >= a) & (jj >= b)
            if cfg.mode == "gale-church":
                if a == 0 or b == 0:
                    out[t] = np.where(ok, -np.log(0.0099) + 4.0, _dp.BIG)
                else:
                    sel = np.flatnonzero(ok)
                    if sel.size:
                        out[t, sel] = self._gale_church(a, b, ii[sel], jj[sel])
                continue
            if a == 0 or b == 0:
                cost = np.full(ii.shape[0], cfg.skip_cost)
                if self.use_vec and self.level == 0:
                    cost *= (self.skip_factor[0][np.maximum(ii - 1, 0)] if a else
                             self.skip_factor[1][np.maximum(jj - 1, 0)])
                out[t] = np.where(ok, cost, _dp.BIG)
                continue
            sel = np.flatnonzero(ok)
            if sel.size == 0:
                continue
            iis, jjs = ii[sel], jj[sel]
            if self.prune and self.use_vec and a + b > 2 and cfg.prune_margin is not None:
                # prune by the span baseline: a merge whose vectors are no closer than
                # a random pair of spans of the same sizes never wins; skip its evidence
                sim = self._dot(iis, jjs, a, b) / (self.norms[0][a][iis] * self.norms[1][b][jjs])
                margin = sim - 0.5 * (self._baseline(0, a, b)[iis] + self._baseline(1, a, b)[jjs])
                keep = margin >= cfg.prune_margin
                if self.overrides:
                    keep[:] = True
                sel, iis, jjs = sel[keep], iis[keep], jjs[keep]
                if sel.size == 0:
                    continue
            score = self.score(a, b, iis, jjs)
            out[t, sel] = (a + b) / 2.0 * (cfg.threshold - score) + cfg.merge_penalty * (a + b - 2)
        return out

    def _gale_church(self, a: int, b: int, ii: np.ndarray, jj: np.ndarray) -> np.ndarray:
        """Gale & Church (1993) cost: -log P(delta) - log P(bead type), c from the document."""
        from math import erf, log, sqrt

        prior = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089,
                 (2, 2): 0.011}
        p = prior.get((a, b), 0.0005)
        ls = _span(self.len_pref[0], ii, a)
        lt = _span(self.len_pref[1], jj, b)
        c, s2 = self.ratio, 6.8 * self.ratio
        mean = (ls + lt / c) / 2.0
        delta = (lt - ls * c) / np.sqrt(np.maximum(mean, 1.0) * s2)
        erfv = np.vectorize(erf, otypes=[np.float64])
        pd = 2 * (1 - 0.5 * (1 + erfv(np.abs(delta) / sqrt(2))))
        return np.asarray(-np.log(np.maximum(pd, 1e-12)) - log(p))
