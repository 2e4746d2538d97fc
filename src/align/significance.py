"""Paired significance tests and bootstrap confidence intervals, through sacrebleu.

Nothing is re-implemented here: :class:`sacrebleu.significance.PairedTest` does paired
bootstrap resampling (Koehn 2004, as Moses' ``bootstrap-hypothesis-difference-significance.pl``)
and paired approximate randomisation (Riezler and Maxwell 2005, as multeval), both by
resampling cached per-segment statistics, and ``Metric.corpus_score(n_bootstrap=N)`` gives a
single system's 95% confidence interval.

sacrebleu reads its seed from the ``SACREBLEU_SEED`` environment variable when a test is
built; :func:`_seeded` sets it for exactly that moment, so the seed is an ordinary argument
here and goes into the signature (``seed:12345``) like every other setting.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from align.errors import ConfigError

#: sacrebleu's defaults: 1,000 bootstrap resamples, 10,000 randomisation trials, seed 12345.
DEFAULT_SAMPLES = {"bs": 1000, "ar": 10000}
DEFAULT_SEED = 12345
TESTS = {"bs": "paired bootstrap resampling", "ar": "paired approximate randomization"}


@dataclass(frozen=True, slots=True)
class TestResult:
    """One system's figures for one metric from a paired test or a bootstrap.

    ``mean`` and ``ci`` are the bootstrap mean and the half-width of the 95% confidence
    interval around it (sacrebleu's ``μ ± ci``); ``p_value`` is ``None`` for the baseline.
    """

    score: float
    mean: float | None = None
    ci: float | None = None
    p_value: float | None = None


def check_seed(seed: int) -> int:
    """A seed must be a positive int: sacrebleu treats 0 as "no seed" (not reproducible)."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 1:
        raise ConfigError(f"seed must be a positive integer, got {seed!r}")
    return seed


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """Set ``SACREBLEU_SEED`` while sacrebleu draws or stores its seed, then restore it."""
    old = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = str(check_seed(seed))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SACREBLEU_SEED", None)
        else:
            os.environ["SACREBLEU_SEED"] = old


def _float(value: Any) -> float | None:
    # sacrebleu hands back numpy float32 for bootstrap means: make them JSON-safe floats.
    return None if value is None else float(value)


def paired_test(
    systems: Sequence[tuple[str, Sequence[str]]],
    metrics: Mapping[str, Any],
    *,
    test: str = "bs",
    n_samples: int = 0,
    n_confidence: int = 1000,
    seed: int = DEFAULT_SEED,
    n_jobs: int = 1,
) -> tuple[dict[str, str], dict[str, list[TestResult]]]:
    """Run sacrebleu's paired test of every system against ``systems[0]`` (the baseline).

    ``metrics`` maps a key to a sacrebleu metric object whose references are already
    cached (``BLEU(references=...)``). ``test`` is ``"bs"`` (bootstrap, ``n_samples``
    resamples, default 1,000) or ``"ar"`` (approximate randomization, default 10,000
    trials, with ``n_confidence`` bootstrap resamples for the intervals).

    ``n_jobs`` > 1 splits the systems over that many forked processes, each running its
    own ``PairedTest`` (baseline + its share). The workers inherit the metrics and their
    cached references through ``fork`` instead of receiving them pickled for every system
    as sacrebleu's own ``n_jobs`` does, which for BLEU + chrF on WMT-sized sets cost more
    than it saved. The numbers do not change: sacrebleu re-seeds its generator for every
    system, so each comparison draws the same resamples however the systems are split.

    Returns ``(signatures, results)``: both keyed like ``metrics``; each results list is in
    the order of ``systems``. The p-value is sacrebleu's ``(c + 1) / (n + 1)`` (multeval).
    """
    if test not in TESTS:
        raise ConfigError(f"unknown paired test {test!r}; choose one of: {', '.join(TESTS)}")
    if len(systems) < 2:
        raise ConfigError("a paired test needs at least two systems (a baseline and one more)")
    if n_samples < 0 or n_jobs < 1:
        raise ConfigError(f"samples must be >= 0 and jobs >= 1, got {n_samples} and {n_jobs}")
    named = [(name, list(hyps)) for name, hyps in systems]
    options: dict[str, Any] = {
        "test": test, "n_samples": n_samples, "n_confidence": n_confidence, "seed": seed,
    }
    others = list(range(1, len(named)))
    n_jobs = min(n_jobs, len(others))
    if n_jobs == 1 or "fork" not in mp.get_all_start_methods():
        return _paired(named, metrics, **options)

    global _FORKED
    chunks = [others[i::n_jobs] for i in range(n_jobs)]  # round-robin: similar sizes
    _FORKED = (named, metrics, options)
    try:
        with mp.get_context("fork").Pool(n_jobs) as pool:
            parts = pool.map(_paired_chunk, chunks)
    finally:
        _FORKED = None
    merged: dict[str, list[TestResult]] = {}
    for chunk, (_, part) in zip(chunks, parts, strict=True):
        for key, rows in part.items():
            column = merged.setdefault(key, [rows[0]] * len(named))  # rows[0]: the baseline
            for i, row in zip(chunk, rows[1:], strict=True):
                column[i] = row
    return parts[0][0], merged


# (systems, metrics, options) for forked workers; set only while a pool runs.
_FORKED: tuple[list[tuple[str, list[str]]], Mapping[str, Any], dict[str, Any]] | None = None


def _paired_chunk(
    indices: list[int],
) -> tuple[dict[str, str], dict[str, list[TestResult]]]:
    assert _FORKED is not None
    named, metrics, options = _FORKED
    return _paired([named[0]] + [named[i] for i in indices], metrics, **options)


def _paired(
    systems: Sequence[tuple[str, Sequence[str]]],
    metrics: Mapping[str, Any],
    *,
    test: str,
    n_samples: int,
    n_confidence: int,
    seed: int,
) -> tuple[dict[str, str], dict[str, list[TestResult]]]:
    """One sacrebleu ``PairedTest`` in this process; see :func:`paired_test`."""
    from sacrebleu.significance import PairedTest

    with _seeded(seed):
        # The seed is read (and the baseline bootstrapped) in the constructor.
        ptest = PairedTest(
            list(systems),
            dict(metrics),
            references=None,  # each metric's cached references
            test_type=test,
            n_samples=n_samples,
            n_ar_confidence=n_confidence if test == "ar" else -1,
            n_jobs=1,
        )
    # PairedTest keys its output by the score's display name ("BLEU", "chrF2", ...); its
    # metrics dict keeps the insertion order of ours, so zip the two back together.
    names = dict(zip(ptest.metrics, metrics, strict=True))
    sigs, table = ptest()
    signatures = {names[k]: sig.format() for k, sig in sigs.items()}
    results = {
        names[k]: [
            TestResult(float(r.score), _float(r.mean), _float(r.ci), _float(r.p_value))
            for r in rows
            if not isinstance(r, str)
        ]
        for k, rows in table.items()
        if k != "System"  # the column of system names
    }
    return signatures, results


def bootstrap_score(
    metric: Any, hypotheses: Sequence[str], *, n_samples: int = 1000, seed: int = DEFAULT_SEED
) -> Any:
    """``metric.corpus_score`` with ``n_samples`` bootstrap resamples (cached references).

    Returns sacrebleu's ``Score`` with the estimate in ``_mean`` and ``_ci``; afterwards the
    metric's signature carries ``bs:N|seed:S``.
    """
    if n_samples < 2:
        raise ConfigError(f"bootstrap needs at least 2 resamples, got {n_samples}")
    with _seeded(seed):
        return metric.corpus_score(list(hypotheses), None, n_bootstrap=n_samples)
