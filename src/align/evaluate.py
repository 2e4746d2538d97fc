"""Strict and lax precision/recall/F1 of sentence alignments against gold beads.

The definition is the one used by Vecalign (``score.py``) and Bertalign (``eval.py``),
after Sennrich & Volk's lax/strict measures, reimplemented here:

* precision counts every test bead (1-0 / 0-1 included) against all gold beads;
* recall counts every gold bead against the test beads, both with 1-0 / 0-1 removed;
* strict: the bead is identical; lax: the source sides overlap and the target side
  overlaps a target the gold links to those source sentences;
* counts are pooled over all files before the ratios are taken (micro-average).

One deviation, on invalid input only: a bead listed twice counts once; its repeats are
errors (false positives), so a file that repeats the gold never scores 1.000.
Per-bead-type recall (strict) is reported by gold bead type.

Files are read as a stream (line by line, or record by record) and scored one pair at a
time, so memory holds one file pair's beads. :func:`evaluate_files` pairs gold and test
files by their relative path (:func:`pair_files`) and validates both sides
(:func:`validate`) before scoring.
"""

from __future__ import annotations

import json
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from align.errors import InputError
from align.records import Bead, parse_bead

BeadPair = tuple[tuple[int, ...], tuple[int, ...]]

#: File endings eval reads: bead files (``[0,1]:[2]`` per line; ``.align`` is MAC-Dev's
#: name) and aligned-record files. Files with no extension at all (Text+Berg's gold ``001``)
#: are bead files too.
BEAD_SUFFIXES: tuple[str, ...] = (".beads", ".align")
RECORD_SUFFIXES: tuple[str, ...] = (".jsonl.gz", ".jsonl", ".parquet")
#: A gold file ``X.beads`` may have a ``X.segmentation.json`` beside it (the corpus' gold
#: does) giving each side's sentence count: ``{"src": {"segments": N}, "tgt": {...}}``.
PIN_SUFFIX = ".segmentation.json"


def _pairs(beads: Iterable[Bead | BeadPair]) -> list[BeadPair]:
    out = []
    for b in beads:
        if isinstance(b, Bead):
            out.append((tuple(b.src), tuple(b.tgt)))
        else:
            out.append((tuple(b[0]), tuple(b[1])))
    return out


def _fmt(bead: BeadPair) -> str:
    return "[" + ",".join(map(str, bead[0])) + "]:[" + ",".join(map(str, bead[1])) + "]"


# --------------------------------------------------------------------------- reading


def parse_beads(text: str, *, name: str = "<string>") -> list[BeadPair]:
    """Parse gold-format beads, one per line: ``[0,1]:[2]`` (spaces allowed; blank lines
    skipped; the Vecalign/Bertalign cost suffix ``[0]:[0]:0.123`` is accepted and ignored).

    Returns ``(src, tgt)`` index tuples rather than :class:`Bead` objects: some gold
    files (Text+Berg) hold non-consecutive links such as ``[51]:[50, 55]``.
    """
    out = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if line.strip():
            src, tgt, _ = parse_bead(line, where=f"{name}:{lineno}")
            out.append((src, tgt))
    return out


@dataclass
class Alignment:
    """The beads of one file in flat arrays (8 bytes per sentence id), each bead with the
    line (or Parquet row) it came from. Millions of beads fit in a few hundred MB."""

    name: str
    ids: tuple[array[int], array[int]] = field(default_factory=lambda: (array("q"), array("q")))
    offsets: tuple[array[int], array[int]] = field(
        default_factory=lambda: (array("q", [0]), array("q", [0])))
    lines: array[int] = field(default_factory=lambda: array("q"))

    def append(self, src: Sequence[int], tgt: Sequence[int], line: int) -> None:
        for k, side in enumerate((src, tgt)):
            self.ids[k].extend(side)
            self.offsets[k].append(len(self.ids[k]))
        self.lines.append(line)

    def __len__(self) -> int:
        return len(self.lines)

    def side(self, i: int, k: int) -> array[int]:
        """The ids of bead ``i`` on side ``k`` (0 source, 1 target)."""
        off = self.offsets[k]
        return self.ids[k][off[i]:off[i + 1]]

    def bead(self, i: int) -> BeadPair:
        return tuple(self.side(i, 0)), tuple(self.side(i, 1))

    def pairs(self) -> list[BeadPair]:
        """Every bead as a ``(src, tgt)`` tuple pair."""
        return [self.bead(i) for i in range(len(self))]

    @classmethod
    def of(cls, beads: Iterable[Bead | BeadPair], name: str = "<beads>") -> Alignment:
        al = cls(name)
        for n, (src, tgt) in enumerate(_pairs(beads), 1):
            al.append(src, tgt, n)
        return al


def _suffix(path: Path, suffixes: Sequence[str]) -> str | None:
    name = path.name.lower()
    return next((s for s in suffixes if name.endswith(s)), None)


def read_alignment(path: str | Path) -> Alignment:
    """Read a bead file or an aligned-records file (JSONL, Parquet) as a stream.

    A records file must hold one document pair (one ``doc_id``, ``src_lang``,
    ``tgt_lang``) and sentence ids on every record. Errors name the file and line.
    """
    p = Path(path)
    name = str(path)
    al = Alignment(name)
    if _suffix(p, RECORD_SUFFIXES):
        from align.recordio import iter_records

        first: tuple[str, str, str] | None = None
        for n, rec in iter_records(p, defaults={"doc_id": "-", "src_lang": "und",
                                                "tgt_lang": "und"}):
            key = (rec.doc_id, rec.src_lang, rec.tgt_lang)
            first = first or key
            if key != first:
                raise InputError(
                    f"{name}:{n}: record of {key[0]} ({key[1]}-{key[2]}) in a file of {first[0]} "
                    f"({first[1]}-{first[2]}); eval scores one document pair per file")
            if not rec.src_ids and not rec.tgt_ids:
                raise InputError(f"{name}:{n}: record has no sentence ids (TMX?); eval needs "
                                 "src_ids/tgt_ids")
            al.append(rec.src_ids, rec.tgt_ids, n)
        return al
    from align.io import iter_lines

    for n, line in enumerate(iter_lines(p, allow_empty=True), start=1):
        if line.strip():
            src, tgt, _ = parse_bead(line, where=f"{name}:{n}")
            al.append(src, tgt, n)
    return al


def read_beads(path: str | Path) -> list[BeadPair]:
    """Read the beads of a bead file (``[0,1]:[2]`` per line) or an aligned-records file,
    without validating them (see :func:`validate`)."""
    return read_alignment(path).pairs()


_SIDES = ("source", "target")


def validate(al: Alignment, *, n_src: int | None = None, n_tgt: int | None = None,
             counted_in: tuple[str, str] = ("", ""), strict: bool = True,
             hint: str = "") -> list[str]:
    """Check that ``al`` is a well-formed alignment; raise :class:`InputError` on the first
    problem, naming the file and line.

    Always: at least one bead; ids inside the sentence counts when they are known
    (``counted_in`` names where the counts come from). When ``strict``: each side's ids are
    consecutive, no sentence is in two beads, and beads follow the sentence order. With
    ``strict=False`` (published gold with crossing links) those three are returned as
    messages instead of raised. ``hint`` is appended to those three when raised.
    """
    if not len(al):
        raise InputError(f"{al.name}: no beads (empty file)")
    notes: list[str] = []
    counts = (n_src, n_tgt)
    seen: tuple[dict[int, int], dict[int, int]] = ({}, {})  # only when not strict
    last = [-1, -1]  # highest id so far on each side
    last_bead = [0, 0]  # the bead that holds it
    for i in range(len(al)):
        for k in (0, 1):
            off, flat = al.offsets[k], al.ids[k]
            a, b = off[i], off[i + 1]
            if a == b:
                continue
            lo, hi, n = flat[a], flat[b - 1], counts[k]
            if hi - lo == b - a - 1 and b - a <= 2 and lo > last[k] and (n is None or hi < n):
                last[k], last_bead[k] = hi, i  # the usual bead: in order, consecutive, in range
                if not strict:
                    seen[k].setdefault(lo, al.lines[i])
                    seen[k].setdefault(hi, al.lines[i])
                continue
            ids = flat[a:b]
            where = f"{al.name}:{al.lines[i]}"
            if n is not None and max(ids) >= n:
                bad = next(x for x in ids if x >= n)
                raise InputError(f"{where}: {_SIDES[k]} sentence {bad} is out of range "
                                 f"({counted_in[k] or 'the text'} has {n} sentences)")
            problems = []
            if any(b != a + 1 for a, b in zip(ids, ids[1:], strict=False)):
                problems.append(f"{where}: {_SIDES[k]} ids {list(ids)} are not consecutive")
            if min(ids) <= last[k]:
                dup = _earlier(al, i, k, ids, seen[k] if not strict else None)
                if dup is not None:
                    problems.append(f"{where}: {_SIDES[k]} sentence {dup[0]} is already in "
                                    f"line {dup[1]}")
                else:
                    j = last_bead[k]
                    problems.append(f"{where}: out of order: bead {_fmt(al.bead(i))} comes after "
                                    f"{_fmt(al.bead(j))} (line {al.lines[j]}); beads must follow "
                                    "the sentence order")
            if problems:
                if strict:
                    raise InputError(problems[0] + hint)
                notes.extend(problems)
            if not strict:
                for x in ids:
                    seen[k].setdefault(x, al.lines[i])
            if max(ids) > last[k]:
                last[k], last_bead[k] = max(ids), i
    return notes


def _earlier(al: Alignment, i: int, k: int, ids: array[int],
             seen: dict[int, int] | None) -> tuple[int, int] | None:
    """(id, line) of the first id of bead ``i`` (side ``k``) that an earlier bead holds."""
    if seen is not None:
        return next(((x, seen[x]) for x in ids if x in seen), None)
    wanted = set(ids)  # strict mode stops at the first problem: one backward scan is enough
    for j in range(i):
        hit = wanted.intersection(al.side(j, k))
        if hit:
            return min(hit), al.lines[j]
    return None


# --------------------------------------------------------------------------- scoring


class _SideIndex:
    """Sentence id -> the beads that hold it, for one side of one file (a dense array when
    the ids are dense, a dict otherwise; several beads per id only in crossing gold)."""

    def __init__(self, al: Alignment, k: int) -> None:
        flat, off = al.ids[k], al.offsets[k]
        top = max(flat) if flat else -1
        self.first: array[int] | dict[int, int] = (
            array("q", [-1]) * (top + 1) if top < 4 * len(flat) + 4096 else {})
        self.more: dict[int, list[int]] = {}
        first = self.first
        bead = 0
        for pos, x in enumerate(flat):
            while off[bead + 1] <= pos:
                bead += 1
            if isinstance(first, dict):
                if x in first:
                    self.more.setdefault(x, []).append(bead)
                else:
                    first[x] = bead
            elif first[x] == -1:
                first[x] = bead
            else:
                self.more.setdefault(x, []).append(bead)

    def beads(self, x: int) -> list[int]:
        first = self.first
        if isinstance(first, dict):
            j = first.get(x, -1)
        else:
            j = first[x] if 0 <= x < len(first) else -1
        if j < 0:
            return []
        return [j, *self.more.get(x, ())]


class _Indexed:
    """A file's beads with an index from each side's sentence ids to the beads holding them."""

    def __init__(self, al: Alignment) -> None:
        self.al = al
        self.index = (_SideIndex(al, 0), _SideIndex(al, 1))
        #: some sentence is in two beads (only then can a bead repeat)
        self.shared = bool(self.index[0].more or self.index[1].more)

    def find(self, src: array[int], tgt: array[int], *, before: int | None = None) -> int:
        """The first bead identical to ``src``/``tgt`` (only among beads before ``before``
        when given), or -1."""
        al = self.al
        (i0, i1), (o0, o1) = al.ids, al.offsets
        ns, nt = len(src), len(tgt)
        for j in (self.index[0].beads(src[0]) if ns else self.index[1].beads(tgt[0])):
            if before is not None and j >= before:
                break
            a, b, c, d = o0[j], o0[j + 1], o1[j], o1[j + 1]
            if b - a == ns and d - c == nt and i0[a:b] == src and i1[c:d] == tgt:
                return j
        return -1

    def repeats(self, i: int) -> bool:
        """Bead ``i`` repeats an earlier bead of the same file."""
        return self.shared and self.find(self.al.side(i, 0), self.al.side(i, 1), before=i) >= 0

    def linked(self, src: array[int]) -> set[int]:
        """Targets this file links to any of the source sentences ``src``."""
        out: set[int] = set()
        for s in src:
            for j in self.index[0].beads(s):
                out.update(self.al.side(j, 1))
        return out


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class FileCounts:
    """The raw counts of one gold/test file pair (what is pooled)."""

    precision: tuple[int, int, int, int]  # tp/fp strict, tp/fp lax over test beads
    recall: tuple[int, int, int, int]  # found/missed strict, found/missed lax over gold beads
    per_type: Counter[str] = field(default_factory=Counter)  # gold bead type -> total
    per_found: Counter[str] = field(default_factory=Counter)  # gold bead type -> found
    gold: int = 0
    test: int = 0


def count_file(gold: Alignment | Sequence[Bead | BeadPair],
               test: Alignment | Sequence[Bead | BeadPair]) -> FileCounts:
    """The counts of one file pair. Precision: every test bead against the gold; recall:
    gold beads with both sides against test beads with both sides. A bead that repeats an
    earlier one of its file is an error (a false positive, or a miss)."""
    g = gold if isinstance(gold, Alignment) else Alignment.of(gold)
    t = test if isinstance(test, Alignment) else Alignment.of(test)
    gi, ti = _Indexed(g), _Indexed(t)
    p = [0, 0, 0, 0]
    for i in range(len(t)):
        src, tgt = t.side(i, 0), t.side(i, 1)
        if ti.repeats(i):
            p[1] += 1
            p[3] += 1
        elif gi.find(src, tgt) >= 0:
            p[0] += 1
            p[2] += 1
        else:
            p[1] += 1
            p[2 if gi.linked(src).intersection(tgt) else 3] += 1
    # Recall: a test 1-0/0-1 bead never equals a gold bead with both sides and links no
    # target, so the whole test file serves as "test beads with 1-0/0-1 removed".
    r = [0, 0, 0, 0]
    per_type: Counter[str] = Counter()
    per_found: Counter[str] = Counter()
    for j in range(len(g)):
        src, tgt = g.side(j, 0), g.side(j, 1)
        found = ti.find(src, tgt) >= 0
        kind = f"{len(src)}-{len(tgt)}"
        per_type[kind] += 1
        per_found[kind] += found
        if not src or not tgt:
            continue
        if gi.repeats(j):
            r[1] += 1
            r[3] += 1
        elif found:
            r[0] += 1
            r[2] += 1
        else:
            r[1] += 1
            r[2 if ti.linked(src).intersection(tgt) else 3] += 1
    return FileCounts((p[0], p[1], p[2], p[3]), (r[0], r[1], r[2], r[3]), per_type, per_found,
                      len(g), len(t))



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

    @classmethod
    def pool(cls, counts: Sequence[FileCounts]) -> AlignmentScore:
        """Pool the counts of several file pairs (micro-average), then take the ratios."""
        p = [sum(c.precision[k] for c in counts) for k in range(4)]
        r = [sum(c.recall[k] for c in counts) for k in range(4)]
        per_type: Counter[str] = Counter()
        per_found: Counter[str] = Counter()
        for c in counts:
            per_type.update(c.per_type)
            per_found.update(c.per_found)

        def ratio(a: int, b: int) -> float:
            return a / (a + b) if a + b else 0.0

        return cls(precision_strict=ratio(p[0], p[1]), recall_strict=ratio(r[0], r[1]),
                   precision_lax=ratio(p[2], p[3]), recall_lax=ratio(r[2], r[3]),
                   per_type={k: (per_found[k], per_type[k]) for k in per_type},
                   files=len(counts))

    def ratios(self) -> dict[str, float]:
        return {
            "precision_strict": self.precision_strict, "recall_strict": self.recall_strict,
            "f1_strict": self.f1_strict, "precision_lax": self.precision_lax,
            "recall_lax": self.recall_lax, "f1_lax": self.f1_lax,
        }

    def as_dict(self) -> dict[str, object]:
        return {
            **self.ratios(), "files": self.files,
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
    return AlignmentScore.pool([count_file(g, t) for g, t in zip(gold, test, strict=True)])


# --------------------------------------------------------------------------- file pairs


@dataclass(frozen=True)
class FilePair:
    """A gold file and the test file scored against it; ``key`` is their common name."""

    key: str
    gold: Path
    test: Path


def alignment_key(path: Path, root: Path) -> str | None:
    """The name a file pairs by: its path below ``root`` without the extension, with any
    ``gold`` folder left out (``corpora/<doc>/gold/pt-en.beads`` and
    ``out/<doc>/pt-en.jsonl`` both give ``<doc>/pt-en``). ``None``: not an alignment file."""
    rel = path.relative_to(root)
    if any(part.startswith(".") for part in rel.parts):
        return None
    suffix = _suffix(path, BEAD_SUFFIXES + RECORD_SUFFIXES)
    if suffix:
        stem = rel.name[: -len(suffix)]
    elif "." not in rel.name:
        stem = rel.name
    else:
        return None
    return "/".join([p for p in rel.parts[:-1] if p != "gold"] + [stem])


def _index(root: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        key = alignment_key(path, root)
        if key is None:
            continue
        if key in found:
            raise InputError(f"ambiguous pairing: {found[key]} and {path} both pair as {key!r}; "
                             "keep one of them (or give the two files to compare)")
        found[key] = path
    return found


def pair_files(gold: Path, test: Path) -> tuple[list[FilePair], list[Path]]:
    """Pair gold and test files: two files, or two folders whose files pair by
    :func:`alignment_key`. Returns the pairs (sorted) and the test files without gold.

    Raises :class:`InputError` naming the files when a pairing is ambiguous (two files with
    one key on a side) or a gold file has no test partner.
    """
    if gold.is_dir() != test.is_dir():
        raise InputError(f"{gold} and {test}: give two files or two folders")
    for p in (gold, test):
        if not p.exists():
            raise InputError(f"{p}: no such file or folder")
    if not gold.is_dir():
        return [FilePair(str(test), gold, test)], []
    g, t = _index(gold), _index(test)
    if not g:
        raise InputError(f"{gold}: no gold files (bead files {', '.join(BEAD_SUFFIXES)} or "
                         "without extension, or records .jsonl/.parquet)")
    missing = sorted(set(g) - set(t))
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise InputError(f"{g[missing[0]]}: no test file for this gold under {test}{more}; "
                         f"looked for {missing[0]}.<beads|jsonl|...> (files pair by their path "
                         "without the extension; a 'gold' folder is left out)")
    return [FilePair(k, g[k], t[k]) for k in sorted(g)], [t[k] for k in sorted(set(t) - set(g))]


def sentence_count(path: Path) -> int:
    """Lines of a one-sentence-per-line file (a final newline ends the last one)."""
    from align.io import iter_lines

    return sum(1 for _ in iter_lines(path, allow_empty=True))


def _text_for(where: Path, key: str, *, single: bool) -> Path:
    if single or where.is_file():
        return where
    exact = where / key
    if exact.is_file():
        return exact
    candidates = sorted(exact.parent.glob(exact.name + ".*")) if exact.parent.is_dir() else []
    if len(candidates) == 1:
        return candidates[0]
    raise InputError(f"{where}: no single sentence file for {key!r} "
                     f"({'several' if candidates else 'none'} found)")


def _pin_counts(gold: Path) -> tuple[int | None, int | None, str]:
    suffix = _suffix(gold, BEAD_SUFFIXES + RECORD_SUFFIXES)
    stem = gold.name[: -len(suffix)] if suffix else gold.name
    pin = gold.with_name(stem + PIN_SUFFIX)
    if not pin.is_file():
        return None, None, ""
    try:
        data = json.loads(pin.read_text(encoding="utf-8"))
        return int(data["src"]["segments"]), int(data["tgt"]["segments"]), str(pin)
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{pin}: not a segmentation pin ({type(exc).__name__}); expected "
                         '{"src": {"segments": N}, "tgt": {"segments": M}}') from None


@dataclass
class FileResult:
    """One scored file pair."""

    pair: FilePair
    counts: FileCounts

    @property
    def score(self) -> AlignmentScore:
        return AlignmentScore.pool([self.counts])


@dataclass
class EvalReport:
    """Per-file and pooled results of :func:`evaluate_files`."""

    files: list[FileResult]
    unscored: list[Path] = field(default_factory=list)  # test files without gold
    notes: list[str] = field(default_factory=list)  # what --lenient-gold let through

    @property
    def pooled(self) -> AlignmentScore:
        return AlignmentScore.pool([f.counts for f in self.files])

    def as_dict(self) -> dict[str, object]:
        return {
            **self.pooled.as_dict(),
            "per_file": [
                {"file": f.pair.key, "gold_path": str(f.pair.gold), "test_path": str(f.pair.test),
                 "gold_beads": f.counts.gold, "test_beads": f.counts.test, **f.score.ratios()}
                for f in self.files
            ],
            "unscored": [str(p) for p in self.unscored],
        }

    def format(self) -> str:
        """A table with one row per file pair and the pooled row, then the pooled detail."""
        head = ["file", "gold", "test", "P", "R", "F1", "P lax", "R lax", "F1 lax"]
        rows = []
        for f in self.files:
            s = f.score
            rows.append([f.pair.key, str(f.counts.gold), str(f.counts.test),
                         *(f"{v:.3f}" for v in s.ratios().values())])
        pooled = self.pooled
        rows.append([f"pooled ({len(self.files)} files)", str(sum(f.counts.gold for f in self.files)),
                     str(sum(f.counts.test for f in self.files)),
                     *(f"{v:.3f}" for v in pooled.ratios().values())])
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

        def line(cells: list[str]) -> str:
            return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                             for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

        table = [line(head), *(line(r) for r in rows[:-1]), line(rows[-1])]
        return "\n".join(table) + "\n\n" + pooled.format()


def evaluate_files(gold: Path, test: Path, *, src: Path | None = None, tgt: Path | None = None,
                   lenient_gold: bool = False) -> EvalReport:
    """Pair, read, validate and score gold against test files (see :func:`pair_files`).

    ``src``/``tgt`` (files, or folders whose files pair by the same names) hold the
    sentences, one per line: every id on both sides must fall inside their counts.
    Without them, a gold file's segmentation pin (``X.segmentation.json``) gives the
    counts when there is one. ``lenient_gold`` accepts gold beads that cross, skip ids or
    repeat a sentence (returned as notes); test files are always checked strictly.
    Reads one file pair at a time. Raises :class:`InputError` naming the file and line.
    """
    pairs, unscored = pair_files(gold, test)
    single = not gold.is_dir()
    results, notes = [], []
    for fp in pairs:
        counts: tuple[int | None, int | None] = (None, None)
        origin = ("", "")
        if src is not None or tgt is not None:
            paths = [_text_for(w, fp.key, single=single) if w is not None else None
                     for w in (src, tgt)]
            counts = tuple(sentence_count(p) if p else None for p in paths)  # type: ignore[assignment]
            origin = (str(paths[0] or ""), str(paths[1] or ""))
        else:
            n_src, n_tgt, pin = _pin_counts(fp.gold)
            counts, origin = (n_src, n_tgt), (pin, pin)
        g = read_alignment(fp.gold)
        found = validate(g, n_src=counts[0], n_tgt=counts[1], counted_in=origin,
                         strict=not lenient_gold,
                         hint="; if this gold is meant to cross, pass --lenient-gold")
        if found:
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            notes.append(f"{found[0]}{more}; accepted by --lenient-gold")
        t = read_alignment(fp.test)
        validate(t, n_src=counts[0], n_tgt=counts[1], counted_in=origin)
        results.append(FileResult(fp, count_file(g, t)))
    return EvalReport(results, unscored, notes)


__all__ = ["Alignment", "AlignmentScore", "EvalReport", "FileCounts", "FilePair",
           "alignment_key", "count_file", "evaluate_files", "pair_files", "parse_beads",
           "read_alignment", "read_beads", "score_alignments", "validate"]
