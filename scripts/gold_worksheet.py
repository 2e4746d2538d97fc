"""Print a worksheet for hand-aligning one document pair, and pin its segmentation.

    python scripts/gold_worksheet.py corpora/000-ai-vision-large-models pt en

lists, paragraph by paragraph, the source and target segments with their global 0-based
ids (the ids a gold bead file uses). The annotator writes ``gold/<src>-<tgt>.beads`` by
hand from it, one bead per line (``[3,4]:[5]``). ``--pin`` writes
``gold/<src>-<tgt>.segmentation.json``: segment counts and a hash of each side's
segments, so a test notices when a change to the segmenter invalidates the gold ids.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from align.io import read_text
from align.segment import segment_document


def segments(doc: Path, lang: str) -> list:
    return segment_document(read_text(doc / f"{lang}.txt"), lang)


def fingerprint(segs: list) -> str:
    return hashlib.sha256("\n".join(s.text for s in segs).encode("utf-8")).hexdigest()


def pin(doc: Path, src: str, tgt: str) -> dict:
    s, t = segments(doc, src), segments(doc, tgt)
    return {"src": {"lang": src, "segments": len(s), "sha256": fingerprint(s)},
            "tgt": {"lang": tgt, "segments": len(t), "sha256": fingerprint(t)}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("doc", type=Path)
    ap.add_argument("src")
    ap.add_argument("tgt")
    ap.add_argument("--pin", action="store_true", help="write gold/<src>-<tgt>.segmentation.json")
    args = ap.parse_args()
    if args.pin:
        out = args.doc / "gold" / f"{args.src}-{args.tgt}.segmentation.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(pin(args.doc, args.src, args.tgt), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {out}")
        return
    by_para: dict[int, tuple[list, list]] = {}
    for side, lang in ((0, args.src), (1, args.tgt)):
        for seg in segments(args.doc, lang):
            by_para.setdefault(int(seg.meta.get("paragraph", -1)), ([], []))[side].append(seg)
    for para, (s, t) in sorted(by_para.items()):
        print(f"=== paragraph {para}")
        for seg in s:
            print(f"  S{seg.index:>4} [{seg.kind}] {seg.text}")
        for seg in t:
            print(f"  T{seg.index:>4} [{seg.kind}] {seg.text}")


if __name__ == "__main__":
    main()
