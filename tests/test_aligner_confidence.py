"""Calibrated bead confidence: the calibrator's range, the shipped models, ECE, the CLI filter."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from conftest import run_cli
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from align import calibration
from align.aligner import AlignConfig, Aligner, align_sentences
from align.embed.hashing import HashEncoder

SRC = ["Alice paid 120 dollars in 2019.", "Bob bought 3 cars.",
       "Carol flew to Lisbon in 2021 and then to Jakarta with 45 friends.",
       "Dave read 7 books.", "Eve wrote 12 songs."]
TGT = ["Alice pagou 120 dólares em 2019.", "Bob comprou 3 carros.",
       "Carol voou para Lisboa em 2021.", "Depois foi a Jakarta com 45 amigos.",
       "Dave leu 7 livros.", "Eve escreveu 12 canções."]

finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(arrays(np.float64, st.tuples(st.integers(1, 20), st.just(len(calibration.FEATURES))),
              elements=finite))
def test_shipped_calibrators_give_probabilities(X: np.ndarray) -> None:
    # any feature values, however extreme, map into [0, 1], never NaN
    for name in ("embed", "none"):
        model = calibration.load(name)
        assert model is not None, f"the shipped data file has no {name!r} model"
        p = model.predict(X)
        assert p.shape == (X.shape[0],)
        assert np.all((p >= 0) & (p <= 1))


@given(st.lists(st.text(min_size=1, max_size=30), max_size=12),
       st.lists(st.text(min_size=1, max_size=30), max_size=12))
def test_every_bead_carries_a_confidence(src: list[str], tgt: list[str]) -> None:
    for encoder in (HashEncoder(dim=32), None):
        for b in align_sentences(src, tgt, encoder=encoder):
            if src and tgt:
                assert b.confidence is not None and 0.0 <= b.confidence <= 1.0
            else:  # nothing to compare: no estimate
                assert b.confidence is None


def test_gale_church_beads_have_no_confidence() -> None:
    beads = align_sentences(SRC, TGT, encoder=None, config=AlignConfig(mode="gale-church"))
    assert all(b.confidence is None for b in beads)


def test_confidence_ranks_right_beads_above_wrong_ones() -> None:
    # the true split [2]:[2,3] against a forced wrong one: the calibrator must trust the
    # aligner's own (right) beads more than beads of a misaligned pair of documents
    right = align_sentences(SRC, TGT, encoder=HashEncoder())
    wrong = align_sentences(SRC, list(reversed(TGT)), encoder=HashEncoder())
    mean = lambda beads: np.mean([b.confidence for b in beads])  # noqa: E731
    assert mean(right) > mean(wrong)


def test_fit_logistic_recovers_a_calibrated_model() -> None:
    # labels drawn from a known logistic model: the fit is calibrated on fresh data
    rng = np.random.default_rng(0)
    X = rng.normal(size=(4000, 3))
    p_true = 1 / (1 + np.exp(-(0.5 + X @ np.array([1.5, -1.0, 0.0]))))
    y = (rng.random(4000) < p_true).astype(float)
    model = calibration.fit_logistic(X, y, l2=0.1)
    X2 = rng.normal(size=(4000, 3))
    p2 = 1 / (1 + np.exp(-(0.5 + X2 @ np.array([1.5, -1.0, 0.0]))))
    y2 = (rng.random(4000) < p2).astype(float)
    assert calibration.expected_calibration_error(model.predict(X2), y2) < 0.03
    # a constant prediction far from the base rate is badly calibrated
    assert calibration.expected_calibration_error(np.full(4000, 0.99), y2) > 0.2


def test_reliability_bins_count_every_prediction() -> None:
    p = np.array([0.0, 0.05, 0.5, 0.95, 1.0])
    y = np.array([0, 0, 1, 1, 1])
    table = calibration.reliability(p, y, bins=10)
    assert sum(c for _, _, c, _, _ in table) == 5
    assert table[-1][2] == 2 and table[0][2] == 2


def test_align_many_reports_features_per_document() -> None:
    aligner = Aligner(HashEncoder())
    out = aligner.align_many([(SRC, TGT), ([], ["x"]), (SRC[:2], TGT[:2])])
    assert [f.shape for f in aligner.features] == [(len(b), len(calibration.FEATURES))
                                                   for b in out]


def test_min_confidence_filters_pair_output(tmp_path: Path) -> None:
    s, t = tmp_path / "a.en", tmp_path / "a.pt"
    s.write_text("\n".join(SRC) + "\n", encoding="utf-8")
    t.write_text("\n".join(TGT) + "\n", encoding="utf-8")
    beads = align_sentences(SRC, TGT, encoder=None)
    cut = sorted(b.confidence for b in beads)[len(beads) // 2]
    code, out, _ = run_cli(["pair", str(s), str(t), "--presplit", "-s", "en", "-t", "pt",
                            "--encoder", "none", "--format", "beads",
                            "--min-confidence", str(cut)])
    assert code == 0
    assert out.split() == [b.format() for b in beads if b.confidence >= cut]
    code, _, err = run_cli(["pair", str(s), str(t), "--presplit", "--encoder", "none",
                            "--min-confidence", "1.5"])
    assert code == 2


def test_min_confidence_filters_corpus_output(tmp_path: Path) -> None:
    # the same filter through align corpus (the pipeline's RecordFilter on every engine)
    import json

    doc = tmp_path / "corpus" / "d1"
    doc.mkdir(parents=True)
    (doc / "meta.json").write_text(json.dumps({"id": "d1", "original_language": "en"}), encoding="utf-8")
    (doc / "en.txt").write_text(" ".join(SRC) + "\n", encoding="utf-8")
    (doc / "pt.txt").write_text(" ".join(TGT) + "\n", encoding="utf-8")

    def records(out: Path, *extra: str) -> list[dict]:
        code, _, err = run_cli(["corpus", str(tmp_path / "corpus"), "--out", str(out),
                                "--encoder", "none", "-q", *extra])
        assert code == 0, err
        path = out / "d1" / "en-pt.jsonl"
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]

    every = records(tmp_path / "all")
    cut = sorted(r["confidence"] for r in every)[len(every) // 2]
    kept = records(tmp_path / "kept", "--min-confidence", str(cut))
    assert kept == [r for r in every if r["confidence"] >= cut] and 0 < len(kept) < len(every)
