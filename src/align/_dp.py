"""Pure numpy dynamic-programming kernels for sentence alignment (no I/O, no models).

Coordinates: a DP cell ``(i, j)`` means "the first ``i`` source and ``j`` target
sentences are aligned". A bead of type ``(a, b)`` ending at ``(i, j)`` covers source
sentences ``i-a .. i-1`` and target sentences ``j-b .. j-1``.

The search space is a band: row ``i`` holds the columns ``lo[i] .. lo[i] + W - 1``.
Costs arrive precomputed as one ``(T, n+1, W)`` array (one slice per bead type), so the
kernel only adds and takes minima. Every row is vectorised over its ``W`` columns;
the within-row dependency of ``0-1`` beads is solved with a cumulative minimum.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Cost used for cells outside the document (finite, so sums never give NaN).
BIG = 1e12


def band_columns(lo: np.ndarray, width: int) -> np.ndarray:
    """``(n+1, W)`` int array of the target position each band cell stands for."""
    return lo[:, None] + np.arange(width)[None, :]


def banded_dp(
    costs: np.ndarray, lo: np.ndarray, m: int, types: Sequence[tuple[int, int]]
) -> list[tuple[int, int, int, int]]:
    """Cheapest monotone path from ``(0, 0)`` to ``(n, m)`` through the band.

    ``costs``: ``(T, n+1, W)`` float64, ``costs[t, i, k]`` = cost of a bead of type
    ``types[t]`` ending at ``(i, lo[i] + k)``; use :data:`BIG` for forbidden cells.
    ``lo``: ``(n+1,)`` int, first column of each row (``lo[0] == 0``; the band must
    contain ``(n, m)``). At most one type may be ``(0, 1)``; types ``(0, b > 1)`` are
    not supported. Returns the beads as ``(i_start, j_start, a, b)`` in order.
    """
    n_types, rows, width = costs.shape
    n = rows - 1
    if lo[0] != 0 or not (lo[n] <= m < lo[n] + width):
        raise ValueError("the band must contain (0, 0) and (n, m)")
    D = np.full((rows, width), BIG * 10, dtype=np.float64)
    back = np.full((rows, width), -1, dtype=np.int16)
    cols = np.arange(width)
    t01 = [t for t, (a, b) in enumerate(types) if a == 0]
    if any(types[t] != (0, 1) for t in t01) or len(t01) > 1:
        raise ValueError("only one (0, 1) bead type is supported among a == 0 types")
    grouped = [(t, a, b) for t, (a, b) in enumerate(types) if a > 0]
    for i in range(rows):
        js = lo[i] + cols
        best = np.full(width, BIG * 10, dtype=np.float64)
        arg = np.full(width, -1, dtype=np.int16)
        if i == 0:
            best[js == 0] = 0.0
        for t, a, b in grouped:
            if a > i:
                continue
            p = i - a
            k = js - b - lo[p]
            ok = (k >= 0) & (k < width) & (js - b >= 0)
            prev = np.where(ok, D[p, np.clip(k, 0, width - 1)], BIG * 10)
            cand = prev + costs[t, i]
            upd = cand < best
            best[upd] = cand[upd]
            arg[upd] = t
        if t01:
            c = np.minimum(costs[t01[0], i], BIG)
            c = np.where(js >= 1, c, BIG)
            c[0] = 0.0  # the first cell has no left neighbour in the band
            cc = np.cumsum(c)
            run = np.minimum.accumulate(best - cc) + cc
            skip = run < best - 1e-12
            best = np.where(skip, run, best)
            arg[skip] = t01[0]
        D[i] = best
        back[i] = arg
    # backtrack
    path: list[tuple[int, int, int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[i, j - lo[i]])
        if t < 0 or D[i, j - lo[i]] >= BIG:
            raise ValueError("no path through the band (widen it)")
        a, b = types[t]
        path.append((i - a, j - b, a, b))
        i, j = i - a, j - b
    path.reverse()
    return path


def band_around_path(
    path_cells: np.ndarray, n: int, m: int, radius: int
) -> tuple[np.ndarray, int]:
    """A band of half-width ``radius`` around a path given as its ``j`` at every row.

    ``path_cells``: ``(n+1,)`` int, a column on the path for each row (non-decreasing).
    Returns ``(lo, W)``: per-row first column and the common width.
    """
    rows = n + 1
    lo_raw = np.empty(rows, dtype=np.int64)
    hi_raw = np.empty(rows, dtype=np.int64)
    for i in range(rows):
        a, b = max(0, i - radius), min(n, i + radius)
        lo_raw[i] = path_cells[a] - radius
        hi_raw[i] = path_cells[b] + radius
    lo_raw = np.clip(lo_raw, 0, m)
    hi_raw = np.clip(hi_raw, 0, m)
    lo_raw[0] = 0
    hi_raw[n] = m
    width = int((hi_raw - lo_raw).max()) + 1
    lo = np.minimum(lo_raw, np.maximum(m - width + 1, 0))
    lo[0] = 0
    lo = np.maximum.accumulate(lo)
    lo = np.minimum(lo, m)  # never start past the last column
    # make sure the last row reaches m
    lo[n] = min(lo[n], m)
    if lo[n] + width <= m:
        lo[n] = m - width + 1
    return lo.astype(np.int64), width


def diagonal_band(n: int, m: int, radius: int) -> tuple[np.ndarray, int]:
    """A band of half-width ``radius`` around the straight line from (0, 0) to (n, m)."""
    rows = n + 1
    diag = np.rint(np.arange(rows) * (m / max(n, 1))).astype(np.int64)
    return band_around_path(diag, n, m, radius)
