#!/usr/bin/env python3
"""How far can the aligner's cost parameters go? A grid search on the gold sets themselves.

Each gold set is embedded once with e5 (kept in memory); then every combination of the
DP's cost parameters (skip cost, skip opening cost, merge penalty, threshold, length
weight) aligns it again. The best combination is tuned on the very files it is scored
on, so its F1 is an optimistic ceiling for this encoder and this evidence, not a result:
it shows how much of a gap to a target better parameters could ever close. The
defaults (tuned on the first half of MAC-Dev and of Text+Berg) are scored in the same
run.

    python scripts/sweep_align.py            # both sets, the full grid, writes BENCHMARKS.md
    python scripts/sweep_align.py --quick    # two files per set, a small grid, prints only
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")

sys.path.insert(0, str(Path(__file__).parent))
from _benchmarks import BENCH, md_table, update_section  # noqa: E402
from bench_align import Doc, MemoryEncoder, load_gold_set  # noqa: E402

from align.aligner import AlignConfig, Aligner  # noqa: E402
from align.embed import get_encoder  # noqa: E402
from align.evaluate import score_alignments  # noqa: E402
from align.progress import track  # noqa: E402

GRID: dict[str, Sequence[float]] = {
    "skip_cost": (0.08, 0.12, 0.15, 0.2),
    "skip_open": (0.0, 0.1, 0.2),
    "merge_penalty": (0.02, 0.03, 0.05),
    "threshold": (0.12, 0.15, 0.2),
    "length_weight": (0.05, 0.1, 0.2, 0.3),
}
QUICK_GRID: dict[str, Sequence[float]] = {
    "skip_cost": (0.1, 0.15), "merge_penalty": (0.03,), "length_weight": (0.05, 0.2),
}
SETS = {"MAC-Dev zh-en": ("mac-dev", "zh", "en"), "Text+Berg de-fr": ("text+berg", "de", "fr")}


def f1(docs: list[Doc], encoder: MemoryEncoder, config: AlignConfig) -> tuple[float, float]:
    aligner = Aligner(encoder, config)
    score = score_alignments([g for *_, g in docs], [aligner.align(s, t) for _, s, t, _ in docs])
    return score.f1_strict, score.f1_lax


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a subset; print, do not write")
    args = ap.parse_args(argv)
    if not BENCH.is_dir():
        print(f"benchmark data not found at {BENCH}", file=sys.stderr)
        return 2
    grid = QUICK_GRID if args.quick else GRID
    combos = [dict(zip(grid, values, strict=True)) for values in itertools.product(*grid.values())]
    base = AlignConfig()
    e5 = get_encoder("e5", cache=False)
    assert e5 is not None  # only the "none" spec gives no encoder
    rows, tops = [], []
    for label, (name, src, tgt) in SETS.items():
        docs = load_gold_set(name, src, tgt, 2 if args.quick else None)
        encoder = MemoryEncoder(e5, [x for _, s, t, _ in docs for x in (*s, *t)])
        default = f1(docs, encoder, base)
        t0 = time.perf_counter()
        results = [(f1(docs, encoder, replace(base, **combo)), combo)
                   for combo in track(combos, description=label, enabled=sys.stderr.isatty())]
        secs = time.perf_counter() - t0
        results.sort(key=lambda r: -r[0][0])
        (best_strict, best_lax), best = results[0]
        rows.append([label, f"{default[0]:.3f}", f"{default[1]:.3f}", f"{best_strict:.3f}",
                     f"{best_lax:.3f}", f"{best_strict - default[0]:+.3f}",
                     ", ".join(f"{k} {v}" for k, v in best.items()), f"{secs:.0f}"])
        tops.append(f"{label}, the five best combinations (strict / lax F1):\n\n" + "\n".join(
            f"- {s:.3f} / {x:.3f}: " + ", ".join(f"{k} {v}" for k, v in c.items())
            for (s, x), c in results[:5]))
    grid_text = "; ".join(f"`{k}` {', '.join(str(v) for v in vs)}" for k, vs in grid.items())
    body = (
        f"Every combination of {grid_text} ({len(combos)} in all), each scored on the same "
        "files it is chosen on (e5 embeddings computed once per set). *best* is therefore "
        "an optimistic ceiling for parameter tuning with this encoder and evidence, not a "
        "result; *default* is `AlignConfig()`.\n\n"
        + md_table(["set", "default strict", "default lax", "best strict", "its lax",
                    "gain", "best combination", "seconds"], rows)
        + "\n" + "\n\n".join(tops) + "\n"
    )
    print(body)
    if not args.quick:
        update_section("Alignment parameter sweep", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
