"""Pure numpy dynamic-programming kernel for sentence alignment (no I/O, no models).

Coordinates: a DP cell ``(i, j)`` means "the first ``i`` source and ``j`` target
sentences are aligned". A bead of type ``(a, b)`` ending at ``(i, j)`` covers source
sentences ``i-a .. i-1`` and target sentences ``j-b .. j-1``.

The search space is a ragged :class:`Band`: row ``i`` holds the columns
``lo[i] .. hi[i]-1``, each row as wide as it needs to be, so the number of cells is
the sum of the row widths, never ``n x m``. The cells are stored flat, row after row.
Costs arrive row chunk by row chunk from a callback (:data:`CostFn`), so the kernel
never holds more than one chunk of them; what it keeps for the whole band is a few
numbers per cell (three costs and the back pointers), linear in the band's size.

Every row is vectorised over its columns and over all bead types at once; the
within-row dependency of ``0-1`` beads is solved with a cumulative minimum. Each cell
keeps three states (last bead a match, a 1-0 or a 0-1 skip) so that a run of skips can
pay an opening cost once (affine gaps, as in Gotoh's sequence alignment).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

#: Cost used for cells outside the document (finite, so sums never give NaN).
BIG = 1e12

#: ``cost_fn(r0, r1)`` -> ``(T, band.off[r1] - band.off[r0])`` costs of every bead type
#: (``types[t]``) ending at every cell of rows ``r0 .. r1-1``; :data:`BIG` where a bead
#: does not fit.
CostFn = Callable[[int, int], np.ndarray]


@dataclass(frozen=True)
class Band:
    """A ragged band of DP cells: row ``i`` holds columns ``lo[i] .. hi[i]-1``.

    ``lo`` and ``hi`` are non-decreasing, ``lo[0] == 0``, ``hi[n] == m + 1`` and
    consecutive rows overlap (``lo[i+1] < hi[i]``), so a monotone path from ``(0, 0)``
    to ``(n, m)`` always exists inside it. ``off[i]`` is the flat index of row ``i``'s
    first cell (``off[n+1]`` the number of cells).
    """

    lo: np.ndarray
    hi: np.ndarray
    off: np.ndarray
    m: int

    @property
    def n(self) -> int:
        return int(self.lo.shape[0]) - 1

    @property
    def cells(self) -> int:
        return int(self.off[-1])

    @classmethod
    def from_bounds(cls, lo: np.ndarray, hi: np.ndarray, m: int) -> Band:
        """The band with these row bounds, repaired to be valid (clipped to ``0..m``,
        monotone, corners included, consecutive rows overlapping)."""
        lo = np.clip(np.asarray(lo, dtype=np.int64), 0, m)
        hi = np.clip(np.asarray(hi, dtype=np.int64), 1, m + 1)
        lo[0] = 0
        hi[-1] = m + 1
        lo = np.maximum.accumulate(lo)
        # hi must be non-decreasing too; take the running maximum from the left
        hi = np.maximum.accumulate(np.maximum(hi, lo + 1))
        lo[-1] = min(int(lo[-1]), m)
        # rows must overlap: lo[i+1] <= hi[i] - 1
        lo[1:] = np.minimum(lo[1:], hi[:-1] - 1)
        lo = np.maximum.accumulate(lo)  # still monotone (hi is)
        off = np.zeros(lo.shape[0] + 1, dtype=np.int64)
        off[1:] = np.cumsum(hi - lo)
        return cls(lo, hi, off, m)

    @classmethod
    def full(cls, n: int, m: int) -> Band:
        """Every cell: ``(n+1) x (m+1)`` (small documents only)."""
        return cls.from_bounds(np.zeros(n + 1, dtype=np.int64),
                               np.full(n + 1, m + 1, dtype=np.int64), m)

    @classmethod
    def around(cls, cols: np.ndarray, m: int, radius: int) -> Band:
        """Cells within ``radius`` rows and columns of a path given as its column at every
        row (``cols``: ``(n+1,)`` non-decreasing, ``cols[0] == 0``, ``cols[n] == m``).

        Row ``i`` spans ``cols[i-radius] - radius .. cols[i+radius] + radius``: a path
        that jumps (a long run of skips) widens only the rows around the jump.
        """
        cols = np.maximum.accumulate(np.asarray(cols, dtype=np.int64))
        n = cols.shape[0] - 1
        idx = np.arange(n + 1)
        lo = cols[np.clip(idx - radius, 0, n)] - radius
        hi = cols[np.clip(idx + radius, 0, n)] + radius + 1
        return cls.from_bounds(lo, hi, m)

    def row_cells(self, r0: int, r1: int) -> tuple[np.ndarray, np.ndarray]:
        """Row and column of every cell of rows ``r0 .. r1-1``, flat, in storage order."""
        widths = self.hi[r0:r1] - self.lo[r0:r1]
        rows = np.repeat(np.arange(r0, r1, dtype=np.int64), widths)
        starts = np.repeat(self.off[r0:r1] - self.off[r0], widths)
        cols = np.arange(rows.shape[0], dtype=np.int64) - starts + np.repeat(self.lo[r0:r1],
                                                                             widths)
        return rows, cols

    def chunks(self, max_cells: int) -> list[tuple[int, int]]:
        """Row ranges ``(r0, r1)`` of at most ``max_cells`` cells each (at least one row)."""
        out, r0, rows = [], 0, self.n + 1
        while r0 < rows:
            limit = self.off[r0] + max_cells
            r1 = int(np.searchsorted(self.off, limit, side="right")) - 1
            r1 = min(max(r1, r0 + 1), rows)
            out.append((r0, r1))
            r0 = r1
        return out


def dense_costs(costs: np.ndarray, band: Band) -> CostFn:
    """A :data:`CostFn` reading a dense ``(T, n+1, m+1)`` cost array (tests, small cases)."""
    def fn(r0: int, r1: int) -> np.ndarray:
        rows, cols = band.row_cells(r0, r1)
        return costs[:, rows, cols]
    return fn


def banded_dp(
    cost_fn: CostFn, band: Band, types: Sequence[tuple[int, int]], gap_open: float = 0.0,
    chunk_cells: int = 1 << 14, gaps: list[float] | None = None,
) -> list[tuple[int, int, int, int]]:
    """Cheapest monotone path from ``(0, 0)`` to ``(n, m)`` through the band.

    ``cost_fn`` gives the costs of every bead type over a chunk of rows (see
    :data:`CostFn`). Skips are the types ``(1, 0)`` and ``(0, 1)`` (each optional; other
    types with a zero side are not supported). ``gap_open`` is added once per run of
    consecutive skips on the same side (affine gaps): the skip costs then price each
    further sentence of a run, so a missing paragraph costs less than as many isolated
    skips. Returns the beads as ``(i_start, j_start, a, b)`` in order.

    ``gaps``, when given, receives one number per bead: how much dearer the second
    cheapest way into the bead's end cell is (another bead type, or a skip) than the
    path's; a small gap is a close call.
    """
    if any((a == 0 or b == 0) and (a, b) not in ((1, 0), (0, 1)) for a, b in types):
        raise ValueError("the only bead types with an empty side may be (1, 0) and (0, 1)")
    n, m = band.n, band.m
    lo, off = band.lo, band.off
    cells = band.cells
    inf = BIG * 10
    # three states per cell: the path's last bead is a match (0), a 1-0 skip (1) or a
    # 0-1 skip (2); D[s] is the cheapest cost, come[s] the state of the previous cell.
    # One extra cell at the end stands for "outside the band" (cost inf).
    D = np.full((3, cells + 1), inf)
    come = np.zeros((3, cells), dtype=np.int8)
    match_type = np.full(cells, -1, dtype=np.int16)
    run_start = np.zeros(cells, dtype=np.int32)  # column offset in the row where a 0-1 run began
    best_all = np.full(cells + 1, inf)  # min over the three states (a match may follow any)
    best_state = np.zeros(cells + 1, dtype=np.int8)
    t10 = next((t for t, ab in enumerate(types) if ab == (1, 0)), None)
    t01 = next((t for t, ab in enumerate(types) if ab == (0, 1)), None)
    mt = np.array([t for t, (a, b) in enumerate(types) if a > 0 and b > 0], dtype=np.int64)
    A = np.array([types[t][0] for t in mt], dtype=np.int64)
    B = np.array([types[t][1] for t in mt], dtype=np.int64)
    into_x = np.array([gap_open, 0.0, gap_open])[:, None]  # entering a 1-0 skip from each state
    sentinel = cells
    second = np.zeros(cells if gaps is not None else 0)
    chunk_r1 = chunk_base = 0
    for i in range(n + 1):
        if i >= chunk_r1:  # the next rows: their costs, and where each bead type comes from
            r0 = i
            limit = off[r0] + chunk_cells
            chunk_r1 = min(max(int(np.searchsorted(off, limit, side="right")) - 1, r0 + 1), n + 1)
            chunk = cost_fn(r0, chunk_r1)
            chunk_base = int(off[r0])
            rows, js_all = band.row_cells(r0, chunk_r1)
            match_cost = chunk[mt]
            prev_match = _predecessors(band, rows, js_all, A, B, sentinel)
            prev_skip = _predecessors(band, rows, js_all, np.ones(1, np.int64),
                                      np.zeros(1, np.int64), sentinel)[0]
        s, e = int(off[i]), int(off[i + 1])
        w = e - s
        cs, ce = s - chunk_base, e - chunk_base
        js = js_all[cs:ce]
        cols = np.arange(w)
        # matches: every type at once
        cand = np.full((1, w), inf)
        if mt.size:
            idx = prev_match[:, cs:ce]
            cand = best_all[idx] + match_cost[:, cs:ce]
            k = cand.argmin(axis=0)
            best = cand[k, cols]
            if i == 0:
                best[js == 0] = 0.0
            D[0, s:e] = best
            match_type[s:e] = mt[k]
            come[0, s:e] = best_state[idx[k, cols]]
        elif i == 0:
            D[0, s:e] = np.where(js == 0, 0.0, inf)
        if t10 is not None and i >= 1:  # 1-0: from the cell above; opening costs extra
            three = D[:, prev_skip[cs:ce]] + into_x
            st = three.argmin(axis=0)
            D[1, s:e] = three[st, cols] + chunk[t10, cs:ce]
            come[1, s:e] = st
        if t01 is not None:  # 0-1: a run along this row, solved with a cumulative minimum
            d0, d1 = D[0, s:e], D[1, s:e]
            entry = np.minimum(d0, d1)
            c = np.minimum(chunk[t01, cs:ce], BIG)
            c[0] = 0.0
            cc = np.cumsum(c)
            val = entry - cc  # a run entered at k and ending at j costs val[k] + cc[j]
            low = np.minimum.accumulate(val)
            start = np.maximum.accumulate(np.where(val <= low, cols, 0))
            D[2, s] = inf
            D[2, s + 1 : e] = gap_open + cc[1:] + low[:-1]
            run_start[s + 1 : e] = start[:-1]
            come[2, s:e] = (d0 > d1)[run_start[s:e]]
        row = D[:, s:e]
        st = row.argmin(axis=0)
        best_all[s:e] = row[st, cols]
        best_state[s:e] = st
        if gaps is not None:
            two = np.partition(np.vstack([cand, row[1:]]), 1, axis=0)
            second[s:e] = np.minimum(two[1] - two[0], BIG)
    # backtrack from the cheapest state at (n, m)
    path: list[tuple[int, int, int, int]] = []
    i, j = n, m
    cell = int(off[n] + m - lo[n])
    state = int(D[:, cell].argmin())
    if D[state, cell] >= BIG:
        raise ValueError("no path through the band (widen it)")
    while i > 0 or j > 0:
        cell = int(off[i] + j - lo[i])
        if state == 0:
            a, b = types[int(match_type[cell])]
            path.append((i - a, j - b, a, b))
            state = int(come[0, cell])
            i, j = i - a, j - b
        elif state == 1:
            path.append((i - 1, j, 1, 0))
            state = int(come[1, cell])
            i -= 1
        else:
            j0 = int(lo[i]) + int(run_start[cell])
            path.extend((i, q, 0, 1) for q in range(j - 1, j0 - 1, -1))
            state = int(come[2, cell])
            j = j0
    path.reverse()
    if gaps is not None:
        gaps.extend(float(second[off[i0 + a] + j0 + b - lo[i0 + a]]) for i0, j0, a, b in path)
    return path


def _predecessors(band: Band, rows: np.ndarray, cols: np.ndarray, A: np.ndarray,
                  B: np.ndarray, sentinel: int) -> np.ndarray:
    """``(len(A), cells)`` flat index of the cell an ``A[t]-B[t]`` bead ending at each
    ``(rows, cols)`` cell starts from (``sentinel`` when that cell is outside the band)."""
    p = rows[None, :] - A[:, None]
    q = cols[None, :] - B[:, None]
    pc = np.maximum(p, 0)
    lo = band.lo[pc]
    ok = (p >= 0) & (q >= lo) & (q < band.hi[pc])
    return np.where(ok, band.off[pc] + q - lo, sentinel)


def path_columns(path: Sequence[tuple[int, int, int, int]], n: int) -> np.ndarray:
    """The path's column at every row ``0..n`` (the last column reached on that row),
    non-decreasing: the input of :meth:`Band.around`."""
    cols = np.zeros(n + 1, dtype=np.int64)
    for i0, j0, a, b in path:
        cols[i0 + a] = max(cols[i0 + a], j0 + b)
    return np.maximum.accumulate(cols)
