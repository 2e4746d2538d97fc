"""Tests for align.aligner and align._dp: invariants (hypothesis), small worked cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import load_script
from hypothesis import given, settings
from hypothesis import strategies as st

from align import _dp
from align.aligner import AlignConfig, Aligner, align_sentences, bead_types
from align.embed.hashing import HashEncoder
from align.records import Bead

ENC = HashEncoder(dim=32)


def _check_complete(beads: list[Bead], n: int, m: int) -> None:
    assert [i for b in beads for i in b.src] == list(range(n))
    assert [j for b in beads for j in b.tgt] == list(range(m))
    for b in beads:
        assert b.src or b.tgt


@given(st.lists(st.text(min_size=1, max_size=30), max_size=25),
       st.lists(st.text(min_size=1, max_size=30), max_size=25))
def test_beads_are_monotone_and_complete(src: list[str], tgt: list[str]) -> None:
    beads = align_sentences(src, tgt, encoder=ENC)
    _check_complete(beads, len(src), len(tgt))


@given(st.lists(st.text(max_size=20), max_size=15), st.lists(st.text(max_size=20), max_size=15))
def test_no_encoder_is_complete_too(src: list[str], tgt: list[str]) -> None:
    # encoder=None: length and lexical evidence only; empty strings allowed
    _check_complete(align_sentences(src, tgt, encoder=None), len(src), len(tgt))


@given(st.integers(0, 40), st.integers(0, 40), st.integers(0, 2**16))
def test_gale_church_mode_is_complete(n: int, m: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    src = ["x" * int(k) for k in rng.integers(1, 80, n)]
    tgt = ["y" * int(k) for k in rng.integers(1, 80, m)]
    beads = align_sentences(src, tgt, encoder=None, config=AlignConfig(mode="gale-church"))
    _check_complete(beads, n, m)


def test_banded_search_is_complete_on_long_documents() -> None:
    # 700 x 650 sentences exceeds the full-matrix limit, so pass 1 + windowed pass 2 run
    rng = np.random.default_rng(0)
    src = [f"sentence {k} " + "a" * int(rng.integers(5, 60)) for k in range(700)]
    tgt = [f"satz {k} " + "b" * int(rng.integers(5, 60)) for k in range(650)]
    beads = align_sentences(src, tgt, encoder=None)
    _check_complete(beads, 700, 650)


def test_identical_documents_align_one_to_one() -> None:
    sents = [f"The {w} costs {k * 7} dollars in 20{k:02d}." for k, w in
             enumerate(["apple", "pear", "house", "car", "boat", "plane", "tree", "dog"])]
    beads = align_sentences(sents, sents, encoder=ENC)
    assert [b.kind for b in beads] == ["1-1"] * len(sents)
    assert all(b.src == b.tgt for b in beads)


def test_split_sentence_becomes_one_to_two() -> None:
    # the target splits source sentence 2 in two; numbers and names make it findable
    src = ["Alice paid 120 dollars in 2019.", "Bob bought 3 cars.",
           "Carol flew to Lisbon in 2021 and then to Jakarta with 45 friends.",
           "Dave read 7 books.", "Eve wrote 12 songs."]
    tgt = ["Alice pagou 120 dólares em 2019.", "Bob comprou 3 carros.",
           "Carol voou para Lisboa em 2021.", "Depois foi a Jakarta com 45 amigos.",
           "Dave leu 7 livros.", "Eve escreveu 12 canções."]
    beads = align_sentences(src, tgt, encoder=ENC)
    assert [b.format() for b in beads] == ["[0]:[0]", "[1]:[1]", "[2]:[2,3]", "[3]:[4]",
                                           "[4]:[5]"]


def test_result_does_not_depend_on_document_order() -> None:
    rng = np.random.default_rng(3)
    docs = []
    for d in range(3):
        src = [f"doc {d} line {k} value {int(rng.integers(0, 999))}." for k in range(12)]
        tgt = [s.replace("line", "linha") for s in src]
        del tgt[int(rng.integers(0, 12))]
        docs.append((src, tgt))
    aligner = Aligner(ENC)
    forward = [aligner.align(s, t) for s, t in docs]
    backward = [aligner.align(s, t) for s, t in reversed(docs)][::-1]
    assert forward == backward


def test_empty_sides() -> None:
    assert align_sentences([], [], encoder=ENC) == []
    assert [b.format() for b in align_sentences(["a", "b"], [], encoder=ENC)] == ["[0]:[]",
                                                                                "[1]:[]"]
    assert [b.kind for b in align_sentences([], ["a"], encoder=ENC)] == ["0-1"]


def test_bead_types_respect_limits() -> None:
    types = bead_types(5, 4)
    assert (0, 1) in types and (1, 0) in types and (1, 4) in types and (2, 3) in types
    assert (3, 3) not in types and (1, 5) not in types


def test_encode_calls_one_per_sentence() -> None:
    a = Aligner(ENC)
    a.align(["a b c", "d e"], ["x", "y", "z"])
    assert a.encode_calls == 5


def _full(n: int, m: int) -> _dp.Band:
    return _dp.Band.full(n, m)


def _run(costs: np.ndarray, types, gap_open: float = 0.0, band: _dp.Band | None = None):
    n, m = costs.shape[1] - 1, costs.shape[2] - 1
    band = band or _full(n, m)
    return _dp.banded_dp(_dp.dense_costs(costs, band), band, types, gap_open=gap_open,
                         chunk_cells=7)


def test_banded_dp_matches_full_band() -> None:
    # same costs searched in a full band and in a ragged band around the optimum
    rng = np.random.default_rng(1)
    n, m = 30, 28
    types = bead_types(3, 2)
    full = rng.random((len(types), n + 1, m + 1))
    path_full = _run(full, types)
    band = _dp.Band.around(_dp.path_columns(path_full, n), m, 3)
    assert band.cells < (n + 1) * (m + 1)
    assert _run(full, types, band=band) == path_full


def _path_cost(path, costs, types, gap_open: float) -> float:
    total, previous = 0.0, None
    for i0, j0, a, b in path:
        total += costs[types.index((a, b)), i0 + a, j0 + b]
        skip = (a, b) if 0 in (a, b) else None
        if skip is not None and skip != previous:
            total += gap_open  # a new run of skips on this side
        previous = skip
    return total


def _all_paths(n: int, m: int, types):
    if n == 0 and m == 0:
        yield []
        return
    for a, b in types:
        if a <= n and b <= m:
            for rest in _all_paths(n - a, m - b, types):
                yield [*rest, (n - a, m - b, a, b)]


@settings(max_examples=120, deadline=None)
@given(n=st.integers(0, 4), m=st.integers(0, 4), gap=st.sampled_from([0.0, 0.3, 2.0]),
       seed=st.integers(0, 2**16))
def test_banded_dp_with_gap_open_is_optimal(n, m, gap, seed) -> None:
    # exhaustive check on small problems: every monotone path is enumerated and the DP's
    # path must be complete, in order and no dearer than the cheapest one
    if n == 0 and m == 0:
        return
    types = bead_types(4, 3)
    costs = np.random.default_rng(seed).random((len(types), n + 1, m + 1))
    path = _run(costs, types, gap)
    assert [i for i0, _, a, _ in path for i in range(i0, i0 + a)] == list(range(n))
    assert [j for _, j0, _, b in path for j in range(j0, j0 + b)] == list(range(m))
    best = min(_path_cost(p, costs, types, gap) for p in _all_paths(n, m, types))
    assert _path_cost(path, costs, types, gap) == pytest.approx(best)


def test_gap_open_keeps_a_run_of_skips_together() -> None:
    # target sentences t1, t2 have no counterpart (plan A), or t0 and t2 are skipped
    # separately around a slightly better match s0-t1 (plan B). Per-sentence skip costs
    # alone prefer B; an opening cost per run of skips makes A, one run of two, cheaper.
    types = [(1, 1), (1, 0), (0, 1)]
    n, m = 2, 4
    costs = np.full((3, n + 1, m + 1), 2.0)  # any other match is dear
    costs[0, 1, 1], costs[0, 1, 2], costs[0, 2, 4] = 0.3, 0.0, 0.0  # s0-t0, s0-t1, s1-t3
    costs[1], costs[2] = 5.0, 0.5  # never skip a source sentence; skip a target for 0.5
    plan_a = [(0, 0, 1, 1), (1, 1, 0, 1), (1, 2, 0, 1), (1, 3, 1, 1)]
    plan_b = [(0, 0, 0, 1), (0, 1, 1, 1), (1, 2, 0, 1), (1, 3, 1, 1)]
    assert _run(costs, types, 0.0) == plan_b
    assert _run(costs, types, 1.0) == plan_a


def test_band_is_repaired_to_contain_a_path() -> None:
    # bounds that miss the corners or leave a gap between rows are widened
    band = _dp.Band.from_bounds(np.array([3, 9, 1, 2]), np.array([4, 5, 6, 3]), 7)
    assert band.lo[0] == 0 and band.hi[-1] == 8
    assert all(band.lo[1:] < band.hi[:-1])
    assert np.all(np.diff(band.lo) >= 0) and np.all(np.diff(band.hi) >= 0)
    types = [(1, 1), (1, 0), (0, 1)]
    costs = np.ones((3, 4, 8))
    path = _run(costs, types, band=band)
    assert sum(a for *_, a, _ in path) == 3 and sum(b for *_, b in path) == 7


def test_glossary_terms_are_evidence() -> None:
    # project glossary: SenseTime = 商汤, Hikvision = 海康威视. A bead whose two sides carry
    # the same entry scores higher with the glossary than without; the beads stay complete.
    from align.glossary import load_glossary

    path = Path(__file__).parent.parent / "glossaries" / "align-terms.tsv"
    if not path.exists():
        pytest.skip("project glossary not present")
    gloss = load_glossary(path)
    src = ["商汤发布了新模型。", "海康威视也参加了。"]
    tgt = ["SenseTime released a new model.", "Hikvision also took part."]
    kw = dict(encoder=ENC, src_lang="zh-Hans", tgt_lang="en")
    plain = align_sentences(src, tgt, **kw)
    with_g = align_sentences(src, tgt, glossary=gloss, **kw)
    assert [b.format() for b in with_g] == ["[0]:[0]", "[1]:[1]"]
    assert all(g.score > p.score for g, p in zip(with_g, plain, strict=True))
    # a language the glossary lacks adds no evidence and no error
    other = dict(encoder=ENC, src_lang="zh-Hans", tgt_lang="ko")
    assert align_sentences(src, tgt, glossary=gloss, **other) == align_sentences(src, tgt, **other)


def test_sweep_script_memory_encoder_gives_the_same_alignment() -> None:
    """scripts/sweep_align.py embeds once and serves vectors from memory: same beads."""
    module = load_script("sweep_align")
    src = ["Alice paid 120 dollars.", "Bob left.", "Carol flew to Lisbon in 2021."]
    tgt = ["Alice pagou 120 dólares.", "Bob saiu.", "Carol voou para Lisboa.", "Em 2021."]
    inner = HashEncoder()
    memory = module.MemoryEncoder(inner, [*src, *tgt, src[0]])
    assert np.array_equal(memory.encode(tgt[::-1]), inner.encode(tgt[::-1]))
    assert Aligner(memory).align(src, tgt) == Aligner(inner).align(src, tgt)
