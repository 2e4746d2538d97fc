"""Aligning raw text: Text+Berg de-fr joined into paragraphs, re-segmented, aligned.

Text+Berg ships one gold sentence per line. Here every document is turned back into raw
text: its sentences, in file order and all of them (the gold leaves a few out of every bead
and has crossing beads), are joined into parallel paragraphs of at least four gold beads,
each ending where no gold bead crosses it; a sentence without terminal punctuation ends
its paragraph, as in the UD protocol (a heading, and the Text+Berg gold "sentences" that
end in ``:`` or ``;``, which no sentence splitter separates from what follows). So the raw
text holds exactly the characters the pre-split run aligns. Each side is then segmented
with :func:`align.segment.segment_document` (``de`` / ``fr``) and aligned with the default
aligner and encoder. Predicted segments are mapped back to the gold sentences they overlap
(by whitespace-free character offsets), so a bead of predicted segments becomes a bead of
gold sentence ids; beads sharing a gold sentence (one the segmenter cut in two) are
merged. The result is scored against the gold beads like the pre-split run of the same
documents in the same process (Vecalign-style strict/lax P/R/F1, pooled over the
documents). The script also prints the segmenter's boundary errors against the gold
sentences on each side.

Usage: ``python scripts/bench_raw_align.py [--no-write] [--encoder e5] [--cache-dir D]``. Writes the
"Raw-text alignment (Text+Berg de-fr)" section of BENCHMARKS.md unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _benchmarks import BENCH, md_table, update_section  # noqa: E402

from align.aligner import AlignConfig, Aligner  # noqa: E402
from align.embed import get_encoder  # noqa: E402
from align.evaluate import read_beads, score_alignments  # noqa: E402
from align.records import Bead, Segment  # noqa: E402
from align.segment import SEGMENTER_SIGNATURE, segment_document  # noqa: E402

ROOT = BENCH / "text+berg"
GROUP = 4  # gold beads per paragraph (at least; a paragraph ends where no bead crosses)
_TERMINALS = tuple(".!?…")
_CLOSING = re.compile(r"[\s\"'»«“”‘’)\]>]+$")


def punctuated(sentence: str) -> bool:
    """Does ``sentence`` end with terminal punctuation, closing quotes and brackets aside
    (``( GL )`` and ``Engelhörner , BO )`` do not; ``gefährlich ! )`` does)?"""
    return _CLOSING.sub("", sentence).endswith(_TERMINALS)

Ids = tuple[int, ...]


def paragraph_cuts(gold: list[tuple[Ids, Ids]], n_src: int, n_tgt: int,
                   group: int = GROUP) -> list[tuple[int, int]]:
    """Where the parallel paragraphs end: ``(src_end, tgt_end)`` sentence offsets (exclusive),
    the last one ``(n_src, n_tgt)``.

    A cut is made after at least ``group`` gold beads, at the first place where every bead
    before it lies wholly before the cut on both sides (Text+Berg's gold has crossing
    beads and leaves some sentences out of every bead: the text itself stays in file
    order, whole, exactly what the pre-split run aligns)."""
    cuts: list[tuple[int, int]] = []
    src_max = tgt_max = -1
    since = 0
    for k, (src, tgt) in enumerate(gold):
        src_max, tgt_max = max(src_max, *src, -1), max(tgt_max, *tgt, -1)
        since += 1
        rest = gold[k + 1 :]
        if since < group or not rest:
            continue
        if all(min(s, default=n_src) > src_max and min(t, default=n_tgt) > tgt_max
               for s, t in rest):
            cut = (src_max + 1, tgt_max + 1)
            if not cuts or cut != cuts[-1]:
                cuts.append(cut)
            since = 0
    cuts.append((n_src, n_tgt))
    return cuts


def paragraphs(sentences: list[str], ends: list[int]) -> str:
    """The raw text of one side: sentences in file order, a paragraph ending at each of
    ``ends`` (exclusive offsets), and after every sentence without terminal punctuation
    (a heading, a unit ending in ``:`` or ``;``), as in the UD protocol."""
    out, line, start = [], [], 0
    for end in ends:
        for s in sentences[start:end]:
            line.append(s.strip())
            if not punctuated(s):
                out.append(" ".join(line))
                line = []
        if line:
            out.append(" ".join(line))
            line = []
        start = end
    return "\n".join(out) + "\n"


def _wordy(ch: str) -> bool:
    return ch.isalnum()


def owners(gold: list[str], pred: list[str]) -> list[Ids]:
    """For each predicted segment, the gold sentences it overlaps (whitespace ignored);
    ``pred`` must be ``gold``'s characters cut in other places.

    Overlapping a gold sentence by punctuation only does not count (a gold unit that
    starts with the closing ``»`` of the sentence before, as tokenized Text+Berg French
    has it, is not "overlapped" by the segment that ends with that ``»``), unless the gold
    sentence holds no letter or digit at all."""
    chars = [c for s in gold for c in s if not c.isspace()]
    owner = [k for k, s in enumerate(gold) for c in s if not c.isspace()]
    wordy = [any(_wordy(c) for c in s) for s in gold]
    if len(chars) != sum(not c.isspace() for seg in pred for c in seg):
        raise AssertionError("segments and gold sentences do not hold the same characters")
    out, pos = [], 0
    for seg in pred:
        start, pos = pos, pos + sum(not c.isspace() for c in seg)
        ks = {owner[i] for i in range(start, pos) if _wordy(chars[i]) or not wordy[owner[i]]}
        out.append(tuple(sorted(ks or {owner[i] for i in range(start, pos)})))
    return out


def _whole(unit: Segment) -> str:
    return unit.meta.get("prefix", "") + unit.text + unit.meta.get("suffix", "")


def to_gold_ids(beads: list[Bead], src_own: list[Ids], tgt_own: list[Ids]) -> list[tuple[Ids, Ids]]:
    """Beads over predicted segments as beads over gold sentence ids.

    A gold sentence cut into two segments may land in two beads; those beads, and any
    between them, are merged, so each gold sentence is in one predicted bead, as an
    alignment of the gold sentences must be. A segment that spans two gold sentences puts both in its
    bead (a segmentation error the score keeps)."""
    out: list[tuple[set[int], set[int]]] = []
    for bead in beads:
        s = {k for i in bead.src for k in src_own[i]}
        t = {k for j in bead.tgt for k in tgt_own[j]}
        # the earliest bead sharing a sentence: it and every bead after it become one
        first = next((n for n, (a, b) in enumerate(out) if s & a or t & b), len(out))
        for a, b in out[first:]:
            s, t = s | a, t | b
        out[first:] = [(s, t)]
    return [(tuple(sorted(s)), tuple(sorted(t))) for s, t in out if s or t]


def boundary_errors(gold: list[str], pred: list[str]) -> tuple[int, int, int]:
    """(gold boundaries, segmenter boundaries not in the gold, gold boundaries missed),
    over a whole side (the end of the text is not counted). A boundary is compared after
    moving it past the punctuation that follows it, so ``! | » La`` (the gold of tokenized
    French) and ``! » | La`` count as one boundary."""
    chars = [c for s in gold for c in s if not c.isspace()]

    def ends(pieces: list[str]) -> set[int]:
        out, pos = set(), 0
        for p in pieces:
            pos += sum(not c.isspace() for c in p)
            end = pos
            while end < len(chars) and not _wordy(chars[end]):
                end += 1
            out.add(end)
        return out - {len(chars)}

    g, p = ends(gold), ends(pred)
    return len(g), len(p - g), len(g - p)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--encoder", default="e5")
    ap.add_argument("--cache-dir", type=Path, default=None,
                    help="embedding cache folder to reuse (default: a fresh temporary one)")
    args = ap.parse_args()
    if not ROOT.is_dir():
        raise SystemExit(f"Text+Berg not found at {ROOT}")
    golds, pre, raw = [], [], []
    seg_src = seg_tgt = n_src = n_tgt = 0
    errs = {"de": [0, 0, 0], "fr": [0, 0, 0]}
    with tempfile.TemporaryDirectory() as tmp:
        enc = get_encoder(args.encoder, cache=True, cache_dir=args.cache_dir or Path(tmp))
        aligner = Aligner(enc, AlignConfig())
        for f in sorted((ROOT / "gold").iterdir()):
            stem = f.name.split(".")[0]
            de = (ROOT / "de" / stem).read_text(encoding="utf-8").splitlines()
            fr = (ROOT / "fr" / stem).read_text(encoding="utf-8").splitlines()
            gold = read_beads(f)
            golds.append(gold)
            pre_beads = aligner.align(de, fr, src_lang="de", tgt_lang="fr")
            pre.append(pre_beads)
            # the mapping, checked: gold sentences as "segments" give the pre-split beads
            same = to_gold_ids(pre_beads, owners(de, de), owners(fr, fr))
            if same != [(b.src, b.tgt) for b in pre_beads]:
                raise AssertionError(f"{stem}: mapping gold sentences to themselves changed beads")
            cuts = paragraph_cuts(gold, len(de), len(fr))
            de_raw = paragraphs(de, [c[0] for c in cuts])
            fr_raw = paragraphs(fr, [c[1] for c in cuts])
            su, tu = segment_document(de_raw, "de"), segment_document(fr_raw, "fr")
            # list and heading markers ("1. ", "- ") are kept in meta, not in the text:
            # put them back so character offsets line up with the gold sentences
            s_whole, t_whole = [_whole(u) for u in su], [_whole(u) for u in tu]
            for lang, sents, segs in (("de", de, s_whole), ("fr", fr, t_whole)):
                errs[lang] = [a + b for a, b in zip(errs[lang], boundary_errors(sents, segs),
                                                    strict=True)]
            s, t = [u.text for u in su], [u.text for u in tu]
            seg_src, seg_tgt = seg_src + len(s), seg_tgt + len(t)
            n_src, n_tgt = n_src + len(de), n_tgt + len(fr)
            beads = aligner.align(s, t, src_lang="de", tgt_lang="fr")
            raw.append(to_gold_ids(beads, owners(de, s_whole), owners(fr, t_whole)))
    rows = []
    for name, test in (("pre-split (gold sentences)", pre), ("raw paragraphs, segmented", raw)):
        sc = score_alignments(golds, test)
        rows.append([name, f"{sc.precision_strict:.3f}", f"{sc.recall_strict:.3f}",
                     f"{sc.f1_strict:.3f}", f"{sc.precision_lax:.3f}", f"{sc.recall_lax:.3f}",
                     f"{sc.f1_lax:.3f}"])
        print(" | ".join(rows[-1]), flush=True)
    seg_rows = []
    for lang, (n_b, extra, missed) in errs.items():
        p = (n_b - missed) / (n_b - missed + extra)
        r = (n_b - missed) / n_b
        seg_rows.append([lang, n_b, extra, missed, f"{p:.3f}", f"{r:.3f}",
                         f"{2 * p * r / (p + r):.3f}"])
        print(" | ".join(str(c) for c in seg_rows[-1]), flush=True)
    body = (
        f"Text+Berg de-fr, all {len(golds)} documents, encoder `{enc.signature()}`, segmenter "
        f"`{SEGMENTER_SIGNATURE}`. Raw: each document's gold sentences, in file order and "
        f"all of them, are joined into parallel paragraphs of at least {GROUP} gold beads "
        "(a paragraph ends where no gold bead crosses; a sentence without terminal "
        "punctuation, such as a heading or a unit ending in `:` or `;`, ends its "
        "paragraph, as in the UD protocol); each side is re-segmented (de: "
        f"{seg_src} segments for {n_src} gold sentences; fr: {seg_tgt} for {n_tgt}), aligned, "
        "and mapped back to gold sentence ids by character offsets (beads that share a gold "
        "sentence cut in two are merged; the mapping reproduces the pre-split beads exactly "
        "when given the gold sentences). Same aligner and configuration as the pre-split "
        "row, same process.\n\n"
        + md_table(["input", "P strict", "R strict", "F1 strict", "P lax", "R lax", "F1 lax"],
                   rows)
        + "\nThe segmenter against the gold sentences on the same raw text (boundaries inside "
        "each side, the text's end not counted; Text+Berg is tokenized, with a space before "
        "punctuation, and its gold units include `:`/`;` pieces and dialogue lines):\n\n"
        + md_table(["side", "gold boundaries", "extra (false splits)", "missed (false merges)",
                    "P", "R", "F1"], seg_rows)
    )
    print(body)
    if not args.no_write:
        update_section("Raw-text alignment (Text+Berg de-fr)", body)


if __name__ == "__main__":
    main()
