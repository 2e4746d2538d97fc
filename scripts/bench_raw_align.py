"""Aligning raw text: Text+Berg de-fr joined into paragraphs, re-segmented, aligned.

Text+Berg ships one gold sentence per line. Here every document is turned back into raw
text: consecutive gold beads are grouped four at a time into parallel paragraphs (the
German and French sides of a group each become one paragraph; a sentence without
terminal punctuation ends its paragraph, as in the UD protocol: a heading, and the
Text+Berg gold "sentences" that end in ``:`` or ``;``, which no sentence splitter
separates from what follows). Each
side is then segmented with :func:`align.segment.segment_document` (``de`` / ``fr``) and
aligned with the default aligner and encoder. Predicted segments are mapped back to the
gold sentences they overlap (by whitespace-free character offsets), so a bead of
predicted segments becomes a bead of gold sentence ids, and scored against the gold
beads like the pre-split run of the same documents in the same process (Vecalign-style
strict/lax P/R/F1, pooled over the documents).

Usage: ``python scripts/bench_raw_align.py [--no-write] [--encoder e5]``. Writes the
"Raw-text alignment (Text+Berg de-fr)" section of BENCHMARKS.md unless ``--no-write``.
"""

from __future__ import annotations

import argparse
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
GROUP = 4  # gold beads per paragraph
_FINAL = tuple(".!?…\"'»«“”)")


def paragraphs(sentences: list[str], groups: list[list[int]]) -> str:
    """The raw text of one side: each group of sentence ids is one paragraph."""
    out = []
    for ids in groups:
        line: list[str] = []
        for i in ids:
            line.append(sentences[i])
            if not sentences[i].rstrip().endswith(_FINAL):  # a heading ends its paragraph
                out.append(" ".join(line))
                line = []
        if line:
            out.append(" ".join(line))
    return "\n".join(out) + "\n"


def owners(gold: list[str], pred: list[str]) -> list[tuple[int, ...]]:
    """For each predicted segment, the gold sentences it overlaps (whitespace ignored)."""
    ends, pos = [], 0
    for s in gold:
        pos += sum(not c.isspace() for c in s)
        ends.append(pos)
    out, pos = [], 0
    for seg in pred:
        start, pos = pos, pos + sum(not c.isspace() for c in seg)
        out.append(tuple(k for k, e in enumerate(ends)
                         if e > start and (ends[k - 1] if k else 0) < pos))
    return out


def _whole(unit: Segment) -> str:
    return unit.meta.get("prefix", "") + unit.text + unit.meta.get("suffix", "")


def to_gold_ids(beads: list[Bead], src_own: list[tuple[int, ...]],
                tgt_own: list[tuple[int, ...]]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    out = []
    for b in beads:
        s = tuple(sorted({k for i in b.src for k in src_own[i]}))
        t = tuple(sorted({k for j in b.tgt for k in tgt_own[j]}))
        out.append((s, t))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--encoder", default="e5")
    args = ap.parse_args()
    if not ROOT.is_dir():
        raise SystemExit(f"Text+Berg not found at {ROOT}")
    golds, pre, raw = [], [], []
    seg_src = seg_tgt = n_src = n_tgt = 0
    with tempfile.TemporaryDirectory() as tmp:
        enc = get_encoder(args.encoder, cache=True, cache_dir=Path(tmp))
        aligner = Aligner(enc, AlignConfig())
        for f in sorted((ROOT / "gold").iterdir()):
            stem = f.name.split(".")[0]
            de = (ROOT / "de" / stem).read_text(encoding="utf-8").splitlines()
            fr = (ROOT / "fr" / stem).read_text(encoding="utf-8").splitlines()
            gold = read_beads(f)
            golds.append(gold)
            pre.append(aligner.align(de, fr, src_lang="de", tgt_lang="fr"))
            groups = [gold[k:k + GROUP] for k in range(0, len(gold), GROUP)]  # (src ids, tgt ids)
            de_raw = paragraphs(de, [[i for b in g for i in b[0]] for g in groups])
            fr_raw = paragraphs(fr, [[j for b in g for j in b[1]] for g in groups])
            su, tu = segment_document(de_raw, "de"), segment_document(fr_raw, "fr")
            s, t = [u.text for u in su], [u.text for u in tu]
            seg_src, seg_tgt = seg_src + len(s), seg_tgt + len(t)
            n_src, n_tgt = n_src + len(de), n_tgt + len(fr)
            beads = aligner.align(s, t, src_lang="de", tgt_lang="fr")
            # list and heading markers ("1. ", "- ") are kept in meta, not in the text:
            # put them back so character offsets line up with the gold sentences
            raw.append(to_gold_ids(beads, owners(de, [_whole(u) for u in su]),
                                   owners(fr, [_whole(u) for u in tu])))
    rows = []
    for name, test in (("pre-split (gold sentences)", pre), ("raw paragraphs, segmented", raw)):
        sc = score_alignments(golds, test)
        rows.append([name, f"{sc.precision_strict:.3f}", f"{sc.recall_strict:.3f}",
                     f"{sc.f1_strict:.3f}", f"{sc.precision_lax:.3f}", f"{sc.recall_lax:.3f}",
                     f"{sc.f1_lax:.3f}"])
        print(" | ".join(rows[-1]), flush=True)
    body = (
        f"Text+Berg de-fr, all {len(golds)} documents, encoder `{enc.signature()}`, segmenter "
        f"`{SEGMENTER_SIGNATURE}`. Raw: gold beads grouped {GROUP} at a time into parallel "
        "paragraphs, each side re-segmented (de: "
        f"{seg_src} segments for {n_src} gold sentences; fr: {seg_tgt} for {n_tgt}), aligned, "
        "and mapped back to gold sentence ids by character offsets. Same aligner and "
        "configuration as the pre-split row, same process.\n\n"
        + md_table(["input", "P strict", "R strict", "F1 strict", "P lax", "R lax", "F1 lax"],
                   rows)
    )
    print(body)
    if not args.no_write:
        update_section("Raw-text alignment (Text+Berg de-fr)", body)


if __name__ == "__main__":
    main()
