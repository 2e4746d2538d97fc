"""Review test data: a build-like folder made from the bundled corpus and its gold beads.

``make_build(root)`` segments two bundled documents (pt-en and zh-Hant-en) with the
project's segmenter and writes what ``scripts/build_corpus.py`` writes:
``segments/<doc>/<lang>.jsonl`` and ``aligned/<doc>/<src>-<tgt>.jsonl`` (records whose
beads are the hand-checked gold beads, with seeded scores; the pt-en pair also carries a
confidence). No model is loaded; it takes well under a second.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
GLOSSARY = ROOT / "glossaries" / "align-terms.tsv"
DOCS = (("000-ai-vision-large-models", "pt", "en"), ("001-uniview-li-congting-interview", "zh-Hant", "en"))


def make_build(root: Path, *, docs: tuple[tuple[str, str, str], ...] = DOCS,
               confidence: tuple[str, ...] = ("000-ai-vision-large-models",)) -> Path:
    """Write ``root/segments`` and ``root/aligned``; return ``root/aligned``."""
    from align.evaluate import read_beads
    from align.io import read_text
    from align.pipeline import join_sentences as join
    from align.records import AlignedRecord
    from align.segment import segment_document

    rng = random.Random(18)
    for doc, src_lang, tgt_lang in docs:
        sents = {}
        for lang in (src_lang, tgt_lang):
            segs = segment_document(read_text(CORPORA / doc / f"{lang}.txt"), lang)
            sents[lang] = [s.text for s in segs]
            out = root / "segments" / doc / f"{lang}.jsonl"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text("".join(json.dumps({"index": s.index, "line": s.line, "kind": s.kind,
                                               "text": s.text}, ensure_ascii=False) + "\n"
                                   for s in segs), encoding="utf-8")
        beads = read_beads(CORPORA / doc / "gold" / f"{src_lang}-{tgt_lang}.beads")
        lines = []
        for src, tgt in beads:
            score = round(rng.uniform(0.0, 0.5), 4)
            conf = round(rng.uniform(0.05, 0.99), 3) if doc in confidence else None
            rec = AlignedRecord(doc, src_lang, tgt_lang, src, tgt, join(sents[src_lang], src, src_lang),
                                join(sents[tgt_lang], tgt, tgt_lang), score, conf, "test:review")
            lines.append(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
        out = root / "aligned" / doc / f"{src_lang}-{tgt_lang}.jsonl"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("".join(lines), encoding="utf-8")
    return root / "aligned"
