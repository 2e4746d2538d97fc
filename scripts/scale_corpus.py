"""A synthetic corpus of NTREX document pairs with realistic lengths, and its manifest.

NTREX-128 has 123 news documents of 4 to 30 sentences (1,997 English sentences with human
translations). Published documents are longer, so each synthetic document concatenates
1 to 3 NTREX documents drawn with replacement (seeded): about 16 sentences per NTREX
document, so 16 to 90 sentences per synthetic one, a mean near 32. English is the source;
the target language cycles through Portuguese, Indonesian, Japanese and Chinese
(Simplified, Traditional). Each text has one paragraph per line and up to three
sentences per paragraph, so the segmenter has real work.

Used by ``scripts/bench_scale.py`` and by ``tests/test_engine*.py`` (one generator).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _benchmarks import ntrex_documents as _ntrex_documents  # noqa: E402

#: NTREX file stem -> language tag
TARGETS = {"por": "pt", "ind": "id", "jpn": "ja", "zho-CN": "zh-Hans", "zho-TW": "zh-Hant"}


def ntrex_documents(ntrex: Path, stem: str) -> list[list[str]]:
    """The sentences of ``stem`` grouped into NTREX documents (DOCUMENT_IDS.tsv order)."""
    return _ntrex_documents(stem, ntrex=ntrex, keep_empty=True)


def _text(sentences: list[str], lang: str) -> str:
    glue = "" if lang.split("-")[0] in ("zh", "ja") else " "
    paragraphs = [glue.join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    return "\n\n".join(paragraphs) + "\n"


def make_corpus(ntrex: Path, out: Path, n: int, *, seed: int = 17, max_parts: int = 3,
                manifest: str = "manifest.jsonl") -> Path:
    """Write ``n`` synthetic document pairs under ``out/docs/`` and their manifest
    (``out/<manifest>``, paths relative to it); returns the manifest's path."""
    rng = random.Random(seed)
    english = ntrex_documents(ntrex, "eng")
    other = {stem: ntrex_documents(ntrex, stem) for stem in TARGETS}
    stems = list(TARGETS)
    rows = []
    for i in range(n):
        parts = [rng.randrange(len(english)) for _ in range(rng.randint(1, max_parts))]
        stem = stems[i % len(stems)]
        lang = TARGETS[stem]
        doc_id = f"ntrex-{i:05d}"
        folder = out / "docs" / doc_id
        folder.mkdir(parents=True, exist_ok=True)
        src = [s for p in parts for s in english[p]]
        tgt = [s for p in parts for s in other[stem][p]]
        (folder / "en.txt").write_text(_text(src, "en"), encoding="utf-8")
        (folder / f"{lang}.txt").write_text(_text(tgt, lang), encoding="utf-8")
        rows.append({"doc_id": doc_id, "src_lang": "en", "tgt_lang": lang,
                     "source": f"docs/{doc_id}/en.txt", "target": f"docs/{doc_id}/{lang}.txt",
                     "original": "en"})
    path = out / manifest
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def sentence_count(ntrex: Path) -> float:
    """Mean English sentences per NTREX document."""
    docs = ntrex_documents(ntrex, "eng")
    return sum(map(len, docs)) / len(docs)
