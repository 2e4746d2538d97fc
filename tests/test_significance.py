"""`align.significance`: the same numbers as sacrebleu's PairedTest, with an explicit seed."""

from __future__ import annotations

import os
import random

import pytest
from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.significance import PairedTest

from align.errors import ConfigError
from align.score import score_systems
from align.significance import bootstrap_score, check_seed, paired_test

WORDS = "the a cat dog sat ran on under mat table quickly slowly red blue big small".split()


def _corpus(seed: int, n: int = 40) -> tuple[list[str], list[list[str]]]:
    """A reference and three systems of decreasing quality, deterministic."""
    rnd = random.Random(seed)
    ref = [" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(4, 12))) for _ in range(n)]

    def noisy(p: float) -> list[str]:
        return [" ".join(w if rnd.random() > p else rnd.choice(WORDS) for w in line.split())
                for line in ref]

    return ref, [noisy(0.1), noisy(0.3), noisy(0.5)]


def _metrics(ref: list[str]) -> dict[str, object]:
    return {"bleu": BLEU(references=[ref]), "chrf": CHRF(references=[ref])}


@pytest.mark.parametrize(("test", "n"), [("bs", 200), ("ar", 300)])
def test_paired_test_equals_sacrebleu(test: str, n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    ref, hyps = _corpus(1)
    systems = [("base", hyps[2]), ("mid", hyps[1]), ("top", hyps[0])]
    # sacrebleu directly, with its default seed (12345) from the environment
    monkeypatch.delenv("SACREBLEU_SEED", raising=False)
    ptest = PairedTest(systems, {"BLEU": BLEU(references=[ref]), "chrF2": CHRF(references=[ref])},
                       references=None, test_type=test, n_samples=n,
                       n_ar_confidence=100 if test == "ar" else -1)
    sigs, direct = ptest()
    ours_sigs, ours = paired_test(systems, _metrics(ref), test=test, n_samples=n, n_confidence=100,
                                  seed=12345)
    assert ours_sigs == {"bleu": sigs["BLEU"].format(), "chrf": sigs["chrF2"].format()}
    for key, name in (("bleu", "BLEU"), ("chrf", "chrF2")):
        for mine, theirs in zip(ours[key], direct[name], strict=True):
            assert mine.score == theirs.score
            assert mine.p_value == theirs.p_value
            assert mine.mean == pytest.approx(theirs.mean, abs=1e-9)
            assert mine.ci == pytest.approx(theirs.ci, abs=1e-9)
    assert ours["bleu"][0].p_value is None  # the baseline
    assert all(0 < r.p_value <= 1 for r in ours["bleu"][1:])  # type: ignore[operator]
    expected = ("|bs:100|ar:300|" if test == "ar" else f"|bs:{n}|") + "seed:12345|"
    assert expected in "|" + ours_sigs["bleu"]
    assert "SACREBLEU_SEED" not in os.environ  # restored


def test_seed_is_reproducible_and_recorded() -> None:
    ref, hyps = _corpus(2)
    systems = {"base": hyps[2], "sys": hyps[0]}
    a = score_systems(systems, [ref], paired="bs", n_samples=150, seed=7, tgt_lang="en")
    b = score_systems(systems, [ref], paired="bs", n_samples=150, seed=7, tgt_lang="en")
    c = score_systems(systems, [ref], paired="bs", n_samples=150, seed=8, tgt_lang="en")
    assert a == b
    assert "bs:150|seed:7|" in a.signatures["bleu"] and "seed:8|" in c.signatures["bleu"]
    sa, sc = a.get("sys").scores["bleu"], c.get("sys").scores["bleu"]
    assert sa.score == sc.score  # the corpus score does not depend on the seed
    assert (sa.mean, sa.ci) != (sc.mean, sc.ci)  # the resamples do


def test_confidence_without_paired_test(monkeypatch: pytest.MonkeyPatch) -> None:
    ref, hyps = _corpus(3)
    monkeypatch.setenv("SACREBLEU_SEED", "99")  # a stray setting must not leak in
    direct_metric = CHRF(references=[ref])
    monkeypatch.setenv("SACREBLEU_SEED", "12345")
    direct = direct_metric.corpus_score(hyps[0], None, n_bootstrap=120)
    monkeypatch.setenv("SACREBLEU_SEED", "99")
    ours = bootstrap_score(CHRF(references=[ref]), hyps[0], n_samples=120, seed=12345)
    assert (ours.score, ours._mean, ours._ci) == (direct.score, direct._mean, direct._ci)
    assert os.environ["SACREBLEU_SEED"] == "99"
    report = score_systems({"s": hyps[0]}, [ref], metrics="chrf", confidence=True, n_samples=120,
                           tgt_lang="en")
    s = report.systems[0].scores["chrf"]
    assert (s.mean, s.ci) == pytest.approx((direct._mean, direct._ci), abs=1e-9)
    assert "bs:120|seed:12345|" in s.signature


@pytest.mark.parametrize("bad", [0, -3, True, 1.5])
def test_check_seed_rejects(bad: object) -> None:
    with pytest.raises(ConfigError, match="positive integer"):
        check_seed(bad)  # type: ignore[arg-type]


def test_paired_test_rejects() -> None:
    ref, hyps = _corpus(4, n=5)
    with pytest.raises(ConfigError, match="unknown paired test 'tt'"):
        paired_test([("a", hyps[0]), ("b", hyps[1])], _metrics(ref), test="tt")
    with pytest.raises(ConfigError, match="at least two systems"):
        paired_test([("a", hyps[0])], _metrics(ref))


@pytest.mark.parametrize("test", ["bs", "ar"])
def test_jobs_do_not_change_the_numbers(test: str) -> None:
    ref, hyps = _corpus(5)
    systems = [("base", hyps[2]), ("a", hyps[0]), ("b", hyps[1]), ("c", hyps[0][::-1])]
    one = paired_test(systems, _metrics(ref), test=test, n_samples=120, n_confidence=60)
    two = paired_test(systems, _metrics(ref), test=test, n_samples=120, n_confidence=60, n_jobs=2)
    assert one == two
    assert [r.p_value is None for r in two[1]["bleu"]] == [True, False, False, False]
