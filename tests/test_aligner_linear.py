"""Long texts: the search is linear in the text, never n x m (issues 15 item 6 and 16 item 2).

`align pair -e none` on two 50 MB files tried to allocate 745 GiB: the first pass's band
grew with the document, and the word-level evidence kept dense n x m tables. Memory is
asserted here only as a generous guard; the real figures (time and peak memory at 5k
and 10k sentences, and their ratio) are in BENCHMARKS.md (scripts/bench_align.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import align
from align import _dp
from align.aligner import AlignConfig, Aligner
from align.embed.hashing import HashEncoder

WORDS = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "zeta", "theta", "rho"]


def _document(n: int, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    return [" ".join(rng.choice(WORDS, int(rng.integers(2, 9)))) + f" {k}" for k in range(n)]


def _complete(beads, n: int, m: int) -> None:
    assert [i for b in beads for i in b.src] == list(range(n))
    assert [j for b in beads for j in b.tgt] == list(range(m))


_CHILD = """
import re, sys
import numpy as np
from align.aligner import align_sentences
rng = np.random.default_rng(0)
words = {words!r}
src = [" ".join(rng.choice(words, int(rng.integers(2, 9)))) + f" {{k}}" for k in range({n})]
tgt = [s.upper() for k, s in enumerate(src) if k % 97]
beads = align_sentences(src, tgt, encoder=None)
assert [i for b in beads for i in b.src] == list(range(len(src)))
assert [j for b in beads for j in b.tgt] == list(range(len(tgt)))
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so a child of a big test
# process would report its parent's size
hwm = re.search(r"VmHWM:\\s*(\\d+)", open("/proc/self/status").read()).group(1)
print(sum(b.kind == "1-1" for b in beads), len(tgt), hwm)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_long_document_aligns_in_bounded_memory() -> None:
    # 12,000 x 11,876 sentences without an encoder, in a fresh process (its peak resident
    # memory is the measure). The old first pass alone held a 12 x 12,001 x 541 cost array;
    # the process peaked above 1 GB. The guard is generous: the figures are in BENCHMARKS.md.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(Path(align.__file__).resolve().parent.parent), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", _CHILD.format(words=WORDS, n=12_000)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    ones, m, peak_kib = map(int, done.stdout.split())
    assert peak_kib < 500 * 1024, f"peak {peak_kib / 1024:.0f} MiB"
    assert ones > 0.95 * m  # the dropped lines are found: the rest is 1-1


def test_a_long_gap_widens_only_the_rows_around_it() -> None:
    # a target with 400 extra sentences in the middle (an untranslated appendix): the
    # coarse-to-fine anchor finds the jump, and the ragged band stays linear in size
    src = _document(1_500, seed=1)
    extra = _document(400, seed=2)
    tgt = src[:700] + [s.upper() for s in extra] + src[700:]
    aligner = Aligner(HashEncoder(dim=64), AlignConfig(learned_weight=0.0))
    beads = aligner.align(src, tgt)
    _complete(beads, len(src), len(tgt))
    skipped = {j for b in beads if not b.src for j in b.tgt}
    assert len(skipped & set(range(700, 1100))) > 380
    assert sum(b.src == tuple(range(b.src[0], b.src[0] + 1)) and b.tgt == (b.src[0] +
               (400 if b.src[0] >= 700 else 0),) for b in beads if b.src) > 1_400


@settings(max_examples=25, deadline=None)
@given(cols=st.lists(st.integers(0, 50), min_size=2, max_size=60), radius=st.integers(1, 9))
def test_band_around_a_path_holds_it_and_grows_linearly(cols: list[int], radius: int) -> None:
    path = np.maximum.accumulate(np.array(cols))
    path[0] = 0
    m = int(path[-1])
    n = len(path) - 1
    band = _dp.Band.around(path, m, radius)
    for i in range(n + 1):  # every column the path visits on row i is inside the band
        first = path[i - 1] if i else 0
        assert band.lo[i] <= first and path[i] < band.hi[i]
    # cells: at most (2r+1) per row plus the path's own jumps, never (n+1) x (m+1)
    assert band.cells <= (n + 1) * (2 * radius + 1) + (2 * radius + 1) * (m + 1)
