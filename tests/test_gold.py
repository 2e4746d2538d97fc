"""The hand-made gold alignments in corpora/<doc>/gold/ are well formed and still valid.

Gold bead ids refer to the project's own segmentation of the cleaned texts; each gold
file is pinned to that segmentation (segment counts and a hash). If a change to the
segmenter or the cleaner moves ids, these tests fail instead of silently scoring the
aligner against stale gold.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from align.corpus import load_corpus
from align.evaluate import read_beads
from align.io import read_text
from align.segment import segment_document

CORPORA = Path(__file__).resolve().parent.parent / "corpora"

DOCS = load_corpus(CORPORA)
GOLD = [(doc, f) for doc in DOCS for f in sorted((doc.path / "gold").glob("*.beads"))]


def _ids(f: Path) -> str:
    return f"{f.parent.parent.name}/{f.name}"


def test_every_original_has_gold_against_english() -> None:
    for doc in DOCS:
        expected = doc.path / "gold" / f"{doc.original_language}-en.beads"
        assert expected.exists(), f"missing gold alignment {expected}"


@pytest.mark.parametrize(("doc", "gold"), GOLD, ids=[_ids(f) for _, f in GOLD])
def test_gold_covers_each_segment_once_in_order(doc, gold: Path) -> None:
    src_lang, tgt_lang = gold.stem.rsplit("-", 1)
    src = segment_document(read_text(doc.path / f"{src_lang}.txt"), src_lang)
    tgt = segment_document(read_text(doc.path / f"{tgt_lang}.txt"), tgt_lang)
    beads = read_beads(gold)
    assert [i for s, _ in beads for i in s] == list(range(len(src)))
    assert [j for _, t in beads for j in t] == list(range(len(tgt)))
    for s, t in beads:
        assert s or t
        assert list(s) == list(range(s[0], s[0] + len(s))) if s else True
        assert list(t) == list(range(t[0], t[0] + len(t))) if t else True


@pytest.mark.parametrize(("doc", "gold"), GOLD, ids=[_ids(f) for _, f in GOLD])
def test_gold_segmentation_is_pinned(doc, gold: Path) -> None:
    pin_file = gold.with_name(gold.stem + ".segmentation.json")
    pin = json.loads(pin_file.read_text(encoding="utf-8"))
    for side in ("src", "tgt"):
        lang = pin[side]["lang"]
        segs = segment_document(read_text(doc.path / f"{lang}.txt"), lang)
        digest = hashlib.sha256("\n".join(s.text for s in segs).encode("utf-8")).hexdigest()
        assert (len(segs), digest) == (pin[side]["segments"], pin[side]["sha256"]), (
            f"{lang} segmentation of {doc.id} changed since the gold was made: redo {gold.name}"
        )
