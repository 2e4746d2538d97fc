"""Sentence alignment: two versions of one document -> beads (m-n groups), in order.

Algorithm (all numbers from :class:`AlignConfig`; the bead scoring is in
:mod:`align._bead_costs`, the dynamic programme in :mod:`align._dp`):

1. Embed every sentence once (one encoder call per sentence). A bead's vector is the
   normalised sum of its sentences' vectors, so m-n candidates cost no extra calls.
2. Score every candidate bead: its cosine minus the expected cosine against a random
   span of the same size on the other side (the *margin*), plus evidence: a length
   penalty (squared log ratio of character lengths, against the document's own ratio);
   Dice overlaps of numbers, Latin-script tokens, punctuation classes and glossary entry
   ids; and word-level evidence from :mod:`align.lexicon` (CC-CEDICT glosses for
   Chinese <-> English, cognates for two Latin-script languages, and a lexicon learned
   from the run itself), each counted once per bead and corrected for chance.
3. Search: one DP over every bead type up to ``max_bead`` sentences (1-6, 6-1 and 3-3
   by default) for documents up to :data:`FULL_CELLS` sentence pairs. Larger documents
   are first aligned coarse to fine: blocks of :data:`COARSE_FACTOR` sentences are
   aligned (recursively, until small enough), the block path projected onto the next
   finer level bounds a narrow band there, and so on down to sentences; the final DP
   searches a window of ``window`` sentences around that anchor path. Every band is
   ragged (each row as wide as it needs to be), so time and memory grow linearly with
   the document, never with ``n x m``. Merges (beads of three or more sentences) whose
   margin is below ``prune_margin`` are pruned before their evidence is computed.
4. Learned lexicon (``learned_weight``): after this first pass over all documents of a
   run (:meth:`Aligner.align_many`), the high-scoring 1-1 beads train a word association
   table (:func:`align.lexicon.learn_lexicon`); a second pass uses it as one more
   word-level channel.
5. Each bead gets a score and a calibrated ``confidence`` (:mod:`align.calibration`).

A bead of ``a`` + ``b`` sentences costs ``(a+b)/2 * (threshold - score) +
merge_penalty * (a+b-2)``; a 1-0/0-1 bead costs ``skip_cost``, plus ``skip_open`` once
per run of consecutive skips on one side (untranslated material comes in runs: captions,
advertisements, a missing paragraph); the DP minimises the sum.

Bead score: the margin plus the evidence bonus, minus the length penalty (roughly -0.3 ..
0.4; most true matches score above 0); 1-0 and 0-1 beads score 0.0. Without an encoder
(``encoder=None``) only length and lexical evidence are used.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from align import _dp, calibration, lexicon
from align._bead_costs import BeadCosts, Lexical, Side
from align.errors import BackendUnavailable
from align.records import Bead

if TYPE_CHECKING:
    from align.embed.base import Encoder

#: Documents with at most this many DP cells ((n+1) x (m+1)) get one DP over all of them.
FULL_CELLS = 250_000
#: Sentences per block at each coarser level of the coarse-to-fine search.
COARSE_FACTOR = 4
#: Half-width, in units of each finer level, of the band around a projected coarse path.
COARSE_RADIUS = 8
#: Pseudo-beads at the reference variance added to a run's own when the length weight is
#: estimated (a short document barely moves it).
LENGTH_PRIOR = 50
#: Bead types of the coarse levels and of the sentence-level anchor pass.
ANCHOR_TYPES = [(1, 1), (1, 2), (2, 1), (1, 0), (0, 1)]


@dataclass(frozen=True)
class AlignConfig:
    """Every setting that can change an alignment (recorded by :meth:`signature`)."""

    max_bead: int = 7  # largest a+b of an m-n bead (1-0 and 0-1 always allowed)
    max_side: int = 6  # largest m or n
    skip_cost: float = 0.15  # cost of each sentence left unaligned (1-0 / 0-1)
    skip_open: float = 0.1  # added once per run of consecutive skips on one side (a lone
    # skip costs 0.25, a missing paragraph of five sentences 0.85: affine gaps)
    threshold: float = 0.15  # margin at which a bead is neither good nor bad
    merge_penalty: float = 0.03  # extra cost per sentence beyond 1-1
    prune_margin: float | None = 0.0  # merges with a lower margin are never candidates
    skip_relative: float = 1.0  # skips of sentences with no good match nearby cost less
    length_weight: float = 0.05  # weight of the squared log length ratio ...
    length_reference: float = 0.1  # ... at this variance of the log ratio of a run's
    # confident 1-1 beads; the second pass scales it by reference / variance (0: fixed)
    number_weight: float = 0.05
    latin_weight: float = 0.06
    punct_weight: float = 0.02
    glossary_weight: float = 0.05
    dictionary_weight: float = 0.075  # zh<->en: share of the English words CC-CEDICT covers
    cognate_weight: float = 0.12  # two Latin-script languages: Dice of shared word prefixes
    learned_weight: float = 0.015  # per link of the run's learned lexicon found in a bead
    learned_cap: float = 8.0  # links counted at most per bead
    learn_min_score: float = 0.0  # 1-1 beads of the first pass scoring this train it
    window: int = 8  # half-width of the final DP's window around the anchor path
    refine_budget: float = 0.0  # extra encoder calls per input sentence for concatenations
    mode: str = "embed"  # "embed" | "gale-church"

    def __post_init__(self) -> None:
        from align.errors import ConfigError

        if self.mode not in ("embed", "gale-church"):
            raise ConfigError(f"unknown mode {self.mode!r}; choose embed or gale-church")
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


def _punct(text: str) -> int:
    """Bit set of the punctuation classes present in ``text``."""
    bits = 0
    for ch in text:
        c = _PUNCT_CLASSES.get(ch)
        if c is not None:
            bits |= 1 << c
    return bits


def _hashed(tokens_per_sent: Sequence[Sequence[str]]) -> np.ndarray:
    """Each sentence's tokens as a 64-bit set (one bit per hash bucket)."""
    out = np.zeros(len(tokens_per_sent), dtype=np.uint64)
    for i, toks in enumerate(tokens_per_sent):
        bits = 0
        for t in toks:
            bits |= 1 << _h(t)
        out[i] = bits
    return out


def _is_cjk_text(texts: Sequence[str]) -> bool:
    sample = "".join(texts[:50])
    if not sample:
        return False
    cjk = sum(1 for ch in sample if "\u3040" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")
    return cjk > 0.2 * len(sample)


@dataclass
class _Doc:
    """One document pair being aligned: texts, features, evidence and the current path."""

    src: Sequence[str]
    tgt: Sequence[str]
    S: Side
    T: Side
    ratio: float
    lexical: list[Lexical] = field(default_factory=list)
    path: list[tuple[int, int, int, int]] = field(default_factory=list)
    costs: BeadCosts | None = None
    features: np.ndarray | None = None  # calibration features of the final beads
    length_weight: float | None = None  # set from the first pass (None: the config's)
    gaps: list[float] = field(default_factory=list)  # per bead: the DP's margin of victory


class Aligner:
    """Aligns sentence lists with an injected encoder (``None``: length and lexical only).

    Pure: no file I/O, no printing. ``encode_calls`` counts texts sent to the encoder
    (times the number of members for an ensemble), cached or not. ``learned`` is the
    lexicon learned by the last :meth:`align_many` (or the one given). ``progress`` is
    passed to the encoder (a bar on stderr while embedding takes long, see
    ``Encoder.encode``).
    """

    def __init__(self, encoder: Encoder | None = None, config: AlignConfig | None = None,
                 *, glossary: Any = None, learned: lexicon.LearnedLexicon | None = None,
                 progress: bool = False) -> None:
        self.encoder = encoder
        self.config = config or AlignConfig()
        self.glossary = glossary
        self.learned = learned
        self._fixed_lexicon = learned is not None
        self.progress = progress
        self.encode_calls = 0
        #: calibration features of the beads of each document of the last call (rows
        #: in bead order; see :mod:`align.calibration`)
        self.features: list[np.ndarray] = []

    # -- public ---------------------------------------------------------------
    def align(self, src: Sequence[str], tgt: Sequence[str], *, src_lang: str | None = None,
              tgt_lang: str | None = None) -> list[Bead]:
        """Align one document pair (its own first pass trains the learned lexicon)."""
        return self.align_many([(src, tgt)], src_lang=src_lang, tgt_lang=tgt_lang)[0]

    def align_many(self, docs: Sequence[tuple[Sequence[str], Sequence[str]]], *,
                   src_lang: str | None = None, tgt_lang: str | None = None) -> list[list[Bead]]:
        """Align several document pairs of one language pair (a corpus, or one call).

        Every document is aligned on its own, but the learned lexicon is trained on the
        first pass of all of them together, so the result of one document depends on
        the others of the call (never on their order).
        """
        cfg = self.config
        out: list[list[Bead] | None] = [None] * len(docs)
        work: list[tuple[int, _Doc]] = []
        for k, (src, tgt) in enumerate(docs):
            n, m = len(src), len(tgt)
            if n == 0 or m == 0:
                out[k] = ([Bead((), (j,), 0.0) for j in range(m)] if n == 0 else
                          [Bead((i,), (), 0.0) for i in range(n)])
                continue
            work.append((k, self._prepare(src, tgt, src_lang, tgt_lang)))
        for _, doc in work:
            self._search(doc)
        # what the first pass teaches: the confident 1-1 beads of all documents
        ones = [(doc, i0, j0, score) for _, doc in work
                for (i0, j0, a, b), score in zip(doc.path, self._path_scores(doc), strict=True)
                if a == 1 and b == 1]
        confident = [(d, i, j) for d, i, j, score in ones if score >= cfg.learn_min_score]
        second = False
        if cfg.mode == "embed" and cfg.length_reference > 0 and work:
            weight = _length_weight(cfg, [(d.S.length[i], d.T.length[j], d.ratio)
                                          for d, i, j, _ in ones])
            for _, doc in work:
                doc.length_weight = weight
            second = weight != cfg.length_weight
        learn = cfg.mode == "embed" and cfg.learned_weight > 0 and bool(work)
        if learn and not self._fixed_lexicon:
            self.learned = lexicon.learn_lexicon([(d.src[i], d.tgt[j]) for d, i, j in confident])
        for _, doc in work:
            cov = (self.learned.coverage(doc.src, doc.tgt)
                   if learn and self.learned is not None and self.learned.size else None)
            if cov is not None:
                doc.lexical.append(Lexical("learned", "both", cov, cfg.learned_weight,
                                           cfg.learned_cap))
            if cov is not None or second:
                self._search(doc, anchor=doc.path)
        for k, doc in work:
            if self.encoder is not None and cfg.mode == "embed" and cfg.refine_budget > 0:
                if self._refine(doc):
                    self._search(doc, anchor=doc.path, keep_overrides=True)
            out[k] = self._beads(doc)
        beads = [b if b is not None else [] for b in out]
        self.features = [np.zeros((len(b), len(calibration.FEATURES))) for b in beads]
        for k, doc in work:
            if doc.features is not None:
                self.features[k] = doc.features
        return beads

    # -- preparation -------------------------------------------------------------
    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        assert self.encoder is not None
        self.encode_calls += len(texts) * getattr(self.encoder, "calls_per_text", 1)
        return np.asarray(self.encoder.encode(texts, progress=self.progress), dtype=np.float32)

    def _prepare(self, src: Sequence[str], tgt: Sequence[str], src_lang: str | None,
                 tgt_lang: str | None) -> _Doc:
        cfg = self.config
        use_vec = self.encoder is not None and cfg.mode == "embed"
        cjk_pair = _is_cjk_text(src) != _is_cjk_text(tgt)
        vecs: list[np.ndarray | None] = [None, None]
        if use_vec:
            allv = self._encode(list(src) + list(tgt)).astype(np.float64)
            vecs = [allv[: len(src)], allv[len(src):]]
        sides = []
        for k, texts in enumerate((src, tgt)):
            length = np.array([len("".join(t.split())) for t in texts], dtype=np.float64)
            side = Side(vecs[k], length)
            side.masks["num"] = _hashed([_numbers(t) for t in texts])
            side.masks["latin"] = _hashed([_latin(t, cjk_pair) for t in texts])
            side.masks["punct"] = np.array([_punct(t) for t in texts], dtype=np.uint64)
            sides.append(side)
        if self.glossary is not None and src_lang and tgt_lang:
            ids_s = _glossary_ids(self.glossary, src_lang, src)
            ids_t = _glossary_ids(self.glossary, tgt_lang, tgt)
            if ids_s is not None and ids_t is not None:  # both languages known to it
                sides[0].masks["gloss"] = _hashed(ids_s)
                sides[1].masks["gloss"] = _hashed(ids_t)
        S, T = sides
        ratio = max(T.length.sum(), 1.0) / max(S.length.sum(), 1.0)
        doc = _Doc(src, tgt, S, T, float(ratio))
        fixed = self._lexical(src, tgt, src_lang, tgt_lang)
        if fixed is not None:
            doc.lexical.append(fixed)
        return doc

    def _lexical(self, src: Sequence[str], tgt: Sequence[str], src_lang: str | None,
                 tgt_lang: str | None) -> Lexical | None:
        """Word-level evidence (dictionary or cognates) when it applies and is weighted."""
        cfg = self.config
        kind = lexicon.evidence_kind(src, tgt, src_lang, tgt_lang)
        if kind is None or cfg.mode != "embed":
            return None
        weight = cfg.cognate_weight if kind == "cognates" else cfg.dictionary_weight
        if weight == 0:
            return None
        sides = {"zh-en": ("zh", "en"), "en-zh": ("en", "zh")}.get(kind, (kind, kind))
        try:
            keys = lexicon.sentence_keys(src, sides[0]), lexicon.sentence_keys(tgt, sides[1])
        except BackendUnavailable:  # no dictionary installed: align without it
            return None
        name = "cognates" if kind == "cognates" else "dictionary"
        return Lexical(name, "both" if kind == "cognates" else kind,
                       lexicon.SpanCoverage(*keys), weight)

    # -- search -------------------------------------------------------------------
    def _types(self) -> list[tuple[int, int]]:
        return bead_types(self.config.max_bead, self.config.max_side)

    def _gap_open(self) -> float:
        return self.config.skip_open if self.config.mode == "embed" else 0.0

    def _search(self, doc: _Doc, anchor: list[tuple[int, int, int, int]] | None = None,
                keep_overrides: bool = False) -> None:
        """Find the cheapest path (the whole matrix when small, else a window around an
        anchor path: the one given, or one found coarse to fine)."""
        cfg = self.config
        n, m = doc.S.n, doc.T.n
        types = self._types()
        if (n + 1) * (m + 1) <= FULL_CELLS:
            band = _dp.Band.full(n, m)
        else:
            if anchor is not None:
                band = _dp.Band.around(_dp.path_columns(anchor, n), m, cfg.window)
            else:
                cols = _anchor_columns(doc.S, doc.T, doc.lexical, cfg, doc.ratio,
                                       self._gap_open())
                band = _dp.Band.around(cols, m, max(cfg.window, COARSE_RADIUS))
        overrides = doc.costs.overrides if (keep_overrides and doc.costs is not None) else {}
        costs = BeadCosts(doc.S, doc.T, cfg, doc.ratio, band, types, doc.lexical,
                          length_weight=doc.length_weight)
        costs.overrides = overrides
        doc.gaps = []
        doc.path = _dp.banded_dp(costs, band, types, gap_open=self._gap_open(), gaps=doc.gaps)
        doc.costs = costs

    def _path_scores(self, doc: _Doc) -> list[float]:
        return [b.score for b in self._beads(doc, confidence=False)]

    def _beads(self, doc: _Doc, confidence: bool = True) -> list[Bead]:
        """The path as beads, each with its score and (when a calibrator applies) its
        calibrated confidence."""
        costs = doc.costs
        assert costs is not None
        k = len(doc.path)
        scores, lengths = np.zeros(k), np.zeros(k)
        by_type: dict[tuple[int, int], list[int]] = {}
        for x, (_, _, a, b) in enumerate(doc.path):
            if a and b:
                by_type.setdefault((a, b), []).append(x)
        for (a, b), ks in by_type.items():
            ii = np.array([doc.path[x][0] + a for x in ks], dtype=np.int64)
            jj = np.array([doc.path[x][1] + b for x in ks], dtype=np.int64)
            terms = costs.terms(a, b, ii, jj)
            scores[ks] = np.sum(list(terms.values()), axis=0)
            lengths[ks] = terms["length"]
        scores = np.round(scores, 4)
        conf: list[float | None] = [None] * k
        if confidence:
            X = calibration.bead_features([(a, b) for *_, a, b in doc.path], scores, lengths,
                                          np.array(doc.gaps, dtype=np.float64))
            doc.features = X
            model = self._calibrator()
            if model is not None and k:
                conf = [round(float(c), 4) for c in model.predict(X)]
        return [Bead(tuple(range(i0, i0 + a)), tuple(range(j0, j0 + b)), float(s), c)
                for (i0, j0, a, b), s, c in zip(doc.path, scores, conf, strict=True)]

    def _calibrator(self) -> calibration.Calibrator | None:
        """The shipped calibrator for this aligner (none for the Gale-Church baseline)."""
        if self.config.mode != "embed":
            return None
        return calibration.load("embed" if self.encoder is not None else "none")

    def _refine(self, doc: _Doc) -> int:
        """Embed real concatenations for multi-sentence beads near the path; returns calls."""
        src, tgt, path = doc.src, doc.tgt, doc.path
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
        vecs = self._encode(texts).astype(np.float64)
        assert doc.costs is not None
        for (side, start, size), v in zip(want, vecs, strict=True):
            doc.costs.overrides[(side, start + size, size)] = v / (np.linalg.norm(v) or 1.0)
        return len(want)


def _anchor_columns(S: Side, T: Side, lexical: Sequence[Lexical], cfg: AlignConfig,
                    ratio: float, gap_open: float, search: bool = False) -> np.ndarray:
    """An anchor path for ``S`` x ``T`` (its column at every row), found coarse to fine.

    Blocks of :data:`COARSE_FACTOR` units are aligned first (one DP over all of them
    when small enough, else recursively the same way), and the block path is projected
    onto this level. With ``search``, a DP with the simple bead types then runs in a band
    of :data:`COARSE_RADIUS` units around the projection (the coarse levels); without,
    the projection itself is returned (the sentence level, whose final DP searches a
    window around it).
    """
    n, m = S.n, T.n
    if (n + 1) * (m + 1) <= FULL_CELLS:
        band = _dp.Band.full(n, m)
    else:
        f = COARSE_FACTOR
        coarse = _anchor_columns(S.coarsen(f), T.coarsen(f), [lx.coarsen(f, f) for lx in lexical],
                                 cfg, ratio, gap_open, search=True)
        rows = np.minimum(np.arange(coarse.shape[0]) * f, n)
        cols = np.minimum(coarse * f, m)
        fine = np.rint(np.interp(np.arange(n + 1), rows, cols)).astype(np.int64)
        fine[-1] = m
        if not search:
            return fine
        band = _dp.Band.around(fine, m, COARSE_RADIUS)
    costs = BeadCosts(S, T, cfg, ratio, band, ANCHOR_TYPES, lexical, prune=False, level=1)
    path = _dp.banded_dp(costs, band, ANCHOR_TYPES, gap_open=gap_open)
    return _dp.path_columns(path, n)


def _length_weight(cfg: AlignConfig, pairs: Sequence[tuple[float, float, float]]) -> float:
    """The length weight for a run's second pass: ``length_weight`` times the reference
    variance over the variance of the log length ratio of the first pass's confident 1-1
    beads (``(source chars, target chars, document ratio)``), shrunk towards the
    reference by :data:`LENGTH_PRIOR` pseudo-beads and kept within 0.5x .. 4x. Lengths
    that vary little between a sentence and its translation (German and French) weigh
    more than lengths that vary much (Chinese and English)."""
    if not pairs:
        return cfg.length_weight
    lr = np.array([np.log((t + 5.0) / (s * r + 5.0)) for s, t, r in pairs])
    var = (float(np.sum(lr * lr)) + LENGTH_PRIOR * cfg.length_reference) / (len(lr) + LENGTH_PRIOR)
    return cfg.length_weight * float(np.clip(cfg.length_reference / max(var, 1e-9), 0.5, 4.0))


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


def bead_types(max_bead: int = 5, max_side: int = 4) -> list[tuple[int, int]]:
    """Bead types ``(a, b)``: 1-0, 0-1 and every ``a, b >= 1`` with ``a + b <= max_bead``."""
    out = [(0, 1), (1, 0)]
    for a in range(1, max_side + 1):
        for b in range(1, max_side + 1):
            if a + b <= max_bead:
                out.append((a, b))
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
