"""Pure numpy dynamic-programming kernels for sentence alignment (no I/O, no models).

Coordinates: a DP cell ``(i, j)`` means "the first ``i`` source and ``j`` target
sentences are aligned". A bead of type ``(a, b)`` ending at ``(i, j)`` covers source
sentences ``i-a .. i-1`` and target sentences ``j-b .. j-1``.

The search space is a band: row ``i`` holds the columns ``lo[i] .. lo[i] + W - 1``.
Costs arrive precomputed as one ``(T, n+1, W)`` array (one slice per bead type), so the
kernel only adds and takes minima. Every row is vectorised over its ``W`` columns;
the within-row dependency of ``0-1`` beads is solved with a cumulative minimum. Each
cell keeps three states (last bead a match, a 1-0 or a 0-1 skip) so that a run of
skips can pay an opening cost once (affine gaps).
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
    costs: np.ndarray, lo: np.ndarray, m: int, types: Sequence[tuple[int, int]],
    gap_open: float = 0.0,
) -> list[tuple[int, int, int, int]]:
    """Cheapest monotone path from ``(0, 0)`` to ``(n, m)`` through the band.

    ``costs``: ``(T, n+1, W)`` float64, ``costs[t, i, k]`` = cost of a bead of type
    ``types[t]`` ending at ``(i, lo[i] + k)``; use :data:`BIG` for forbidden cells.
    ``lo``: ``(n+1,)`` int, first column of each row (``lo[0] == 0``; the band must
    contain ``(n, m)``). Skips are the types ``(1, 0)`` and ``(0, 1)`` (each optional;
    other types with a zero side are not supported). ``gap_open`` is added once per run
    of consecutive skips on the same side (affine gaps, as in Gotoh's alignment): the
    skip costs in ``costs`` then price each further sentence of a run, so a missing
    paragraph costs less than as many isolated skips. Returns the beads as
    ``(i_start, j_start, a, b)`` in order.
    """
    _, rows, width = costs.shape
    n = rows - 1
    if lo[0] != 0 or not (lo[n] <= m < lo[n] + width):
        raise ValueError("the band must contain (0, 0) and (n, m)")
    if any((a == 0 or b == 0) and (a, b) not in ((1, 0), (0, 1)) for a, b in types):
        raise ValueError("the only bead types with an empty side may be (1, 0) and (0, 1)")
    inf = BIG * 10
    # three states per cell: the path's last bead is a match (0), a 1-0 skip (1) or a
    # 0-1 skip (2); D[s] is the cheapest cost, come[s] the state of the previous cell
    D = np.full((3, rows, width), inf)
    come = np.zeros((3, rows, width), dtype=np.int8)
    match_type = np.full((rows, width), -1, dtype=np.int16)
    run_start = np.zeros((rows, width), dtype=np.int64)  # band index where a 0-1 run began
    cols = np.arange(width)
    t10 = next((t for t, ab in enumerate(types) if ab == (1, 0)), None)
    t01 = next((t for t, ab in enumerate(types) if ab == (0, 1)), None)
    matches = [(t, a, b) for t, (a, b) in enumerate(types) if a > 0 and b > 0]
    into_x = np.array([gap_open, 0.0, gap_open])  # entering a 1-0 skip from each state
    into_match = np.zeros(3)  # a match follows any state at no extra cost

    def previous(p: int, k: np.ndarray, ok: np.ndarray, extra: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Best cost over the three states at row ``p``, band indices ``k``."""
        kc = np.clip(k, 0, width - 1)
        three = D[:, p, kc] + extra[:, None]
        state = three.argmin(axis=0).astype(np.int8)
        return np.where(ok, three.min(axis=0), inf), state

    for i in range(rows):
        js = lo[i] + cols
        best = np.where((js == 0) & (i == 0), 0.0, inf)
        for t, a, b in matches:
            if a > i:
                continue
            k = js - b - lo[i - a]
            prev, src_state = previous(i - a, k, (k >= 0) & (k < width) & (js >= b),
                                       into_match)
            cand = prev + costs[t, i]
            upd = cand < best
            best[upd] = cand[upd]
            match_type[i, upd] = t
            come[0, i, upd] = src_state[upd]
        D[0, i] = best
        if t10 is not None and i >= 1:  # 1-0: from the cell above; opening costs extra
            k = js - lo[i - 1]
            prev, src_state = previous(i - 1, k, (k >= 0) & (k < width), into_x)
            D[1, i] = prev + costs[t10, i]
            come[1, i] = src_state
        if t01 is not None:  # 0-1: a run along this row, solved with a cumulative minimum
            entry = np.minimum(D[0, i], D[1, i])
            entry_state = np.where(D[0, i] <= D[1, i], 0, 1).astype(np.int8)
            c = np.where(js >= 1, np.minimum(costs[t01, i], BIG), BIG)
            c[0] = 0.0
            cc = np.cumsum(c)
            val = entry - cc  # a run entered at k and ending at j costs val[k] + cc[j]
            low = np.minimum.accumulate(val)
            start = np.maximum.accumulate(np.where(val <= low, cols, 0))
            D[2, i, 1:] = np.where(js[1:] >= 1, gap_open + cc[1:] + low[:-1], inf)
            run_start[i, 1:] = start[:-1]
            come[2, i] = entry_state[run_start[i]]
    # backtrack from the cheapest state at (n, m)
    path: list[tuple[int, int, int, int]] = []
    i, j = n, m
    state = int(D[:, n, m - lo[n]].argmin())
    if D[state, n, m - lo[n]] >= BIG:
        raise ValueError("no path through the band (widen it)")
    while i > 0 or j > 0:
        k = j - lo[i]
        if state == 0:
            a, b = types[int(match_type[i, k])]
            path.append((i - a, j - b, a, b))
            state = int(come[0, i, k])
            i, j = i - a, j - b
        elif state == 1:
            path.append((i - 1, j, 1, 0))
            state = int(come[1, i, k])
            i -= 1
        else:
            j0 = lo[i] + int(run_start[i, k])
            path.extend((i, q, 0, 1) for q in range(j - 1, j0 - 1, -1))
            state = int(come[2, i, k])
            j = j0
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
