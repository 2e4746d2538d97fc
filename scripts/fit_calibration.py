#!/usr/bin/env python3
"""Fit the bead-confidence calibrators on the development gold and ship them as data.

Aligns the development files (MAC-Dev 001-003 zh-en and Text+Berg 001-003 de-fr, the
files the aligner's defaults were tuned on; never the others) with the default aligner,
once with e5 (the ``embed`` model: aligners with sentence vectors) and once without an
encoder (the ``none`` model). Each bead is labelled correct when it is exactly a gold
bead; a logistic regression over :data:`align.calibration.FEATURES` is fitted per model
and written to ``src/align/data/calibration.json``. The in-sample expected calibration
error is printed; ``scripts/bench_align.py`` reports it on every benchmark set.

    python scripts/fit_calibration.py            # fit and write the data file
    python scripts/fit_calibration.py --dry-run  # fit and print only
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

os.environ.setdefault("OMP_NUM_THREADS", "2")

sys.path.insert(0, str(Path(__file__).parent))
from _benchmarks import BENCH, ROOT  # noqa: E402
from bench_align import Doc, load_gold_set  # noqa: E402

from align import calibration  # noqa: E402
from align.aligner import AlignConfig, Aligner  # noqa: E402
from align.embed import get_encoder  # noqa: E402
from align.io import atomic_write  # noqa: E402

#: The development files: the first three of each gold set.
DEV = {"MAC-Dev zh-en 001-003": ("mac-dev", "zh", "en"),
       "Text+Berg de-fr 001-003": ("text+berg", "de", "fr")}
L2 = 1.0


def labelled(docs: list[Doc], encoder: object, config: AlignConfig) -> tuple[np.ndarray, np.ndarray]:
    """Features and correctness (1 = exactly a gold bead) of every bead the aligner outputs."""
    aligner = Aligner(encoder, config)  # type: ignore[arg-type]
    beads = aligner.align_many([(s, t) for _, s, t, _ in docs])
    X, y = [], []
    for (_, _, _, gold), found, feats in zip(docs, beads, aligner.features, strict=True):
        truth = {(tuple(a), tuple(b)) for a, b in gold}
        X.append(feats)
        y.extend(float((b.src, b.tgt) in truth) for b in found)
    return np.concatenate(X), np.array(y)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dry-run", action="store_true", help="print, do not write the data file")
    args = ap.parse_args(argv)
    if not BENCH.is_dir():
        print(f"benchmark data not found at {BENCH}", file=sys.stderr)
        return 2
    config = AlignConfig()
    sets = {label: load_gold_set(name, src, tgt, 3) for label, (name, src, tgt) in DEV.items()}
    models = {}
    for kind, spec in (("embed", "e5"), ("none", "none")):
        encoder = get_encoder(spec, cache=True)
        parts = [labelled(docs, encoder, config) for docs in sets.values()]
        X = np.concatenate([p[0] for p in parts])
        y = np.concatenate([p[1] for p in parts])
        model = calibration.fit_logistic(X, y, l2=L2, name=kind)
        p = model.predict(X)
        print(f"{kind}: {len(y)} beads, {y.mean():.3f} correct, in-sample ECE "
              f"{calibration.expected_calibration_error(p, y):.4f}")
        for name, w in zip(("intercept", *calibration.FEATURES), model.coef, strict=True):
            print(f"  {name:>12} {w:+.3f}")
        models[kind] = model.to_dict()
    data = {
        "features": list(calibration.FEATURES),
        "fitted_on": list(DEV),
        "aligner": config.signature(),
        "encoders": {"embed": "e5", "none": "none"},
        "l2": L2,
        "models": models,
    }
    if not args.dry_run:
        target = ROOT / "src" / "align" / "data" / calibration.DATA_FILE
        with atomic_write(target) as fh:
            fh.write(json.dumps(data, indent=1) + "\n")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
