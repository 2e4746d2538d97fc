"""Calibrated confidence of aligned beads: P(bead is correct) from the bead's own features.

A bead's score (:mod:`align.aligner`) ranks beads but is not a probability, and its scale
moves with the language pair and the encoder. The confidence is a logistic regression
over a few features of the bead and its neighbours (:data:`FEATURES`), fitted on the
development gold alignments (MAC-Dev 001-003 and Text+Berg 001-003) by
``scripts/fit_calibration.py`` and shipped as data (``align/data/calibration.json``):
one model for aligners with sentence vectors (fitted with e5) and one for the
length-and-lexical aligner (``encoder=None``). "Correct" means the bead is exactly a gold
bead (strict).

This module also holds what the fitting script and the benchmark need: a small
L2-regularised logistic regression (Newton's method; no dependency), the expected
calibration error and the reliability table. Pure numpy; the data file is read once.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

#: The features of a bead, in model order. Chosen on the development files by fitting on
#: one of the two (MAC-Dev or Text+Berg) and measuring the calibration error on the other:
#: features that compare a bead with its own document travel across language pairs and
#: genres; absolute scores and document-level averages do not (their scale moves with
#: the language pair, and two development domains cannot teach how).
FEATURES: tuple[str, ...] = (
    "relative",    # score minus the median score of the document's 1-1 beads (0: skips)
    "gap",         # how much dearer the search's next best way into the bead's end was
    "merged",      # sentences beyond two (a+b-2) for a bead with both sides, else 0
    "one_to_one",  # 1 for a 1-1 bead
    "length",      # its length penalty (<= 0; 0 for 1-0/0-1)
)

#: Name of the shipped data file inside the package.
DATA_FILE = "calibration.json"


@dataclass(frozen=True)
class Calibrator:
    """A fitted logistic model over standardised :data:`FEATURES`."""

    name: str
    coef: np.ndarray  # (1 + len(FEATURES),): intercept first
    mean: np.ndarray
    scale: np.ndarray

    def predict(self, X: np.ndarray) -> np.ndarray:
        """P(correct) for each row of ``X`` (``(k, len(FEATURES))``), in ``(0, 1)``."""
        Z = (np.asarray(X, dtype=np.float64) - self.mean) / self.scale
        return _sigmoid(self.coef[0] + Z @ self.coef[1:])

    def to_dict(self) -> dict[str, Any]:
        return {"coef": self.coef.tolist(), "mean": self.mean.tolist(),
                "scale": self.scale.tolist()}

    @classmethod
    def from_dict(cls, name: str, d: dict[str, Any]) -> Calibrator:
        return cls(name, np.asarray(d["coef"], dtype=np.float64),
                   np.asarray(d["mean"], dtype=np.float64), np.asarray(d["scale"], dtype=np.float64))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * np.clip(z, -60, 60))))


@functools.lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    try:
        text = (resources.files("align") / "data" / DATA_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    data: dict[str, Any] = json.loads(text)
    return data


def load(name: str) -> Calibrator | None:
    """The shipped calibrator ``name`` (``embed`` or ``none``), or ``None`` if absent."""
    models = _shipped().get("models", {})
    if name not in models or list(_shipped().get("features", [])) != list(FEATURES):
        return None
    return Calibrator.from_dict(name, models[name])


def bead_features(kinds: Sequence[tuple[int, int]], scores: np.ndarray, lengths: np.ndarray,
                  gaps: np.ndarray) -> np.ndarray:
    """``(k, len(FEATURES))`` features of a document's beads, in path order.

    ``kinds``: each bead's ``(a, b)``; ``scores`` and ``lengths``: its score and its
    length term (0 for 1-0/0-1 beads); ``gaps``: the search's margin of victory at the
    bead's end (see :func:`align._dp.banded_dp`), capped at 1.
    """
    k = len(kinds)
    a = np.array([x for x, _ in kinds], dtype=np.float64).reshape(k)
    b = np.array([y for _, y in kinds], dtype=np.float64).reshape(k)
    scores = np.asarray(scores, dtype=np.float64)
    match = (a > 0) & (b > 0)
    one = (a == 1) & (b == 1)
    median = float(np.median(scores[one])) if one.any() else 0.0
    X = np.column_stack([
        np.where(match, scores - median, 0.0),
        np.minimum(np.asarray(gaps, dtype=np.float64), 1.0),
        np.where(match, a + b - 2, 0.0),
        one.astype(np.float64),
        np.where(match, np.asarray(lengths, dtype=np.float64), 0.0),
    ])
    return X.reshape(k, len(FEATURES))


# --------------------------------------------------------------------------- fitting


def fit_logistic(X: np.ndarray, y: np.ndarray, *, l2: float = 1.0, name: str = "model",
                 iterations: int = 50) -> Calibrator:
    """L2-regularised logistic regression by Newton's method on standardised features
    (the intercept is not penalised). Deterministic."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = np.column_stack([np.ones(len(X)), (X - mean) / scale])
    w = np.zeros(Z.shape[1])
    penalty = np.full(Z.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = _sigmoid(Z @ w)
        grad = Z.T @ (p - y) + penalty * w
        hess = (Z * (p * (1 - p))[:, None]).T @ Z + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return Calibrator(name, w, mean, scale)


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> list[tuple[float, float, int, float, float]]:
    """Equal-width confidence bins: ``(low, high, count, mean confidence, accuracy)``."""
    p = np.asarray(p, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, bins - 1)
    out = []
    for k in range(bins):
        sel = which == k
        count = int(sel.sum())
        out.append((float(edges[k]), float(edges[k + 1]), count,
                    float(p[sel].mean()) if count else 0.0, float(y[sel].mean()) if count else 0.0))
    return out


def expected_calibration_error(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """ECE: the count-weighted mean gap between confidence and accuracy over the bins."""
    total = len(p)
    if total == 0:
        return 0.0
    return float(sum(c * abs(conf - acc) for _, _, c, conf, acc in reliability(p, y, bins))
                 / total)


__all__ = [
    "FEATURES", "Calibrator", "bead_features", "expected_calibration_error", "fit_logistic",
    "load", "reliability",
]
