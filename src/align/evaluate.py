"""Strict and lax precision/recall/F1 of sentence alignments against gold beads.

The definition is the one used by Vecalign (``score.py``) and Bertalign (``eval.py``),
after Sennrich & Volk's lax/strict measures, reimplemented here:

* precision counts every test bead (1-0 / 0-1 included) against all gold beads;
* recall counts every gold bead against the test beads, both with 1-0 / 0-1 removed;
* strict: the bead is identical; lax: the source sides overlap and the target side
  overlaps a target the gold links to those source sentences;
* counts are pooled over all files before the ratios are taken (micro-average).

Per-bead-type recall (strict) is reported by gold bead type.
"""

from __future__ import annotations

import ast
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from align.errors import InputError
from align.records import Bead

BeadPair = tuple[tuple[int, ...], tuple[int, ...]]


def _pairs(beads: Iterable[Bead | BeadPair]) -> list[BeadPair]:
    out = []
    for b in beads:
        if isinstance(b, Bead):
            out.append((tuple(b.src), tuple(b.tgt)))
        else:
            out.append((tuple(b[0]), tuple(b[1])))
    return out


def parse_beads(text: str, *, name: str = "<string>") -> list[BeadPair]:
    """Parse gold-format beads, one per line: ``[0,1]:[2]`` (spaces allowed; blank lines skipped).

    Returns ``(src, tgt)`` index tuples rather than :class:`Bead` objects: some gold
    files (Text+Berg) hold non-consecutive links such as ``[51]:[50, 55]``.
    """
    out = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        left, sep, right = line.partition(":")
        try:
            if not sep:
                raise ValueError
            src = ast.literal_eval(left.strip())
            tgt = ast.literal_eval(right.strip())
            if not isinstance(src, list) or not isinstance(tgt, list):
                raise ValueError
            if not all(isinstance(x, int) for x in src + tgt):
                raise ValueError
            if not src and not tgt:
                raise ValueError
            out.append((tuple(src), tuple(tgt)))
        except (ValueError, SyntaxError):
            raise InputError(
                f"{name}:{lineno}: not a bead {line[:40]!r}; expected e.g. [0,1]:[2]"
            ) from None
    return out


def read_beads(path: str | Path) -> list[BeadPair]:
    """Read a gold/test bead file (``[0,1]:[2]`` per line)."""
    from align.io import read_text

    return parse_beads(read_text(path, allow_empty=True), name=str(path))


def _counts(gold: list[BeadPair], test: list[BeadPair]) -> tuple[int, int, int, int]:
    """(tp_strict, fp_strict, tp_lax, fp_lax) of ``test`` measured against ``gold``."""
    gold_set = {g for g in gold if g[0] or g[1]}
    links: dict[int, set[int]] = defaultdict(set)
    for gs, gt in gold_set:
        for s in gs:
            links[s].update(gt)
    tps = fps = tpl = fpl = 0
    for bead in {t for t in test if t[0] or t[1]}:
        if bead in gold_set:
            tps += 1
            tpl += 1
            continue
        fps += 1
        linked: set[int] = set()
        for s in bead[0]:
            linked |= links.get(s, set())
        if linked & set(bead[1]):
            tpl += 1
        else:
            fpl += 1
    return tps, fps, tpl, fpl


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class AlignmentScore:
    """Pooled strict/lax precision, recall and F1, plus strict recall per gold bead type."""

    precision_strict: float
    recall_strict: float
    precision_lax: float
    recall_lax: float
    per_type: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind -> (found, total)
    files: int = 0

    @property
    def f1_strict(self) -> float:
        return _f1(self.precision_strict, self.recall_strict)

    @property
    def f1_lax(self) -> float:
        return _f1(self.precision_lax, self.recall_lax)

    def as_dict(self) -> dict[str, object]:
        return {
            "precision_strict": self.precision_strict, "recall_strict": self.recall_strict,
            "f1_strict": self.f1_strict, "precision_lax": self.precision_lax,
            "recall_lax": self.recall_lax, "f1_lax": self.f1_lax, "files": self.files,
            "per_type_recall": {k: {"found": f, "total": t} for k, (f, t) in self.per_type.items()},
        }

    def format(self) -> str:
        lines = [
            "            strict    lax",
            f"precision   {self.precision_strict:.3f}    {self.precision_lax:.3f}",
            f"recall      {self.recall_strict:.3f}    {self.recall_lax:.3f}",
            f"F1          {self.f1_strict:.3f}    {self.f1_lax:.3f}",
            "",
            "recall by gold bead type (strict):",
        ]
        def order(k: str) -> tuple[int, str]:
            a, b = k.split("-")
            return (int(a) + int(b), k)
        for kind in sorted(self.per_type, key=order):
            found, total = self.per_type[kind]
            lines.append(f"  {kind:>5}  {found / total if total else 0:.3f}  ({found}/{total})")
        return "\n".join(lines)


def score_alignments(
    gold: Sequence[Sequence[Bead | BeadPair]], test: Sequence[Sequence[Bead | BeadPair]]
) -> AlignmentScore:
    """Score several files at once (counts pooled). ``gold[k]`` pairs with ``test[k]``."""
    if len(gold) != len(test):
        raise InputError(f"{len(gold)} gold files but {len(test)} test files; pass them in pairs")
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    per_type: Counter[str] = Counter()
    per_found: Counter[str] = Counter()
    for g_beads, t_beads in zip(gold, test, strict=True):
        g, t = _pairs(g_beads), _pairs(t_beads)
        for k, v in enumerate(_counts(g, t)):
            p[k] += v
        g_nd = [x for x in g if x[0] and x[1]]
        t_nd = [x for x in t if x[0] and x[1]]
        for k, v in enumerate(_counts(t_nd, g_nd)):
            r[k] += v
        t_set = set(t)
        for x in g:
            kind = f"{len(x[0])}-{len(x[1])}"
            per_type[kind] += 1
            per_found[kind] += x in t_set
    def ratio(a: int, b: int) -> float:
        return a / (a + b) if a + b else 0.0
    return AlignmentScore(
        precision_strict=ratio(p[0], p[1]), recall_strict=ratio(r[0], r[1]),
        precision_lax=ratio(p[2], p[3]), recall_lax=ratio(r[2], r[3]),
        per_type={k: (per_found[k], per_type[k]) for k in per_type}, files=len(gold),
    )


__all__ = ["AlignmentScore", "parse_beads", "read_beads", "score_alignments"]
