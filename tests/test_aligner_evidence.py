"""Evidence channels must not make the length-and-lexical aligner (``encoder=None``) worse.

Regression for issue 16 item 4: with ``--encoder none``, a user's glossary lowered strict
F1 on NTREX-built documents by merging beads (``[1,2]:[1,2,3]``). A glossary that lists
one rendering of a term the translation varies (police / 警方, but also 警察, 警官) found
the term on one side of the true 1-1 beads only; the Dice penalty for that made merging
two neighbouring beads, which pairs the renderings up, look better.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load_script

from align.aligner import AlignConfig, Aligner, align_sentences
from align.evaluate import score_alignments
from align.glossary import load_glossary

# A user glossary of everyday news terms, one rendering each (as users write them).
GLOSSARY = (
    "entry\ten\tzh-Hant\tja\n"
    "police\tpolice\t警方\t警察\n"
    "murder\tmurder\t謀殺\t殺人\n"
    "investigation\tinvestigation\t調查\t捜査\n"
    "woman\twoman\t女子\t女性\n"
    "taxi\ttaxi driver\t計程車司機\tタクシー運転手\n"
    "resident\tresidents\t居民\t住民\n"
    "cordon\tcordon\t警哨線\t非常線\n"
    "man\tman\t男子\t男性\n"
)


@pytest.fixture
def glossary(tmp_path: Path):
    path = tmp_path / "news.tsv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return load_glossary(path)


def test_one_sided_glossary_terms_do_not_merge_true_beads(glossary) -> None:
    # 警察 and 警官 are not the glossary's rendering of "police": the term is found on
    # one side of beads 0 and 2 only. The four 1-1 beads must stay 1-1.
    src = ["Police say the fire started in the kitchen of the house on Friday night.",
           "A man was arrested at the scene.",
           "Officers are asking witnesses to come forward.",
           "The road was closed for four hours."]
    tgt = ["警察表示，火災是星期五晚上從房屋的廚房開始的。", "警方在現場逮捕了一名男子。",
           "警官呼籲目擊者與他們聯繫。", "道路封閉了四個小時。"]
    kw = dict(encoder=None, src_lang="en", tgt_lang="zh-Hant")
    plain = align_sentences(src, tgt, **kw)
    with_glossary = align_sentences(src, tgt, glossary=glossary, **kw)
    assert [b.format() for b in plain] == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]"]
    assert with_glossary == [b for b in with_glossary if b.kind == "1-1"]
    assert [b.format() for b in with_glossary] == [b.format() for b in plain]
    # the term found on both sides of bead 1 still counts: that bead scores higher
    assert with_glossary[1].score > plain[1].score


@pytest.mark.bench
@pytest.mark.parametrize(("code", "lang"), [("zho-TW", "zh-Hant"), ("jpn", "ja")])
def test_glossary_never_lowers_f1_without_an_encoder(bench_dir, glossary, code, lang) -> None:
    # the user trial's setting: NTREX-built documents, --encoder none, a news glossary
    bench = load_script("bench_align")
    docs = bench.build_ntrex(code, lang, 40)
    gold = [g for *_, g in docs]

    def f1(gloss) -> float:
        aligner = Aligner(None, AlignConfig(), glossary=gloss)
        tests = [aligner.align(s, t, src_lang="en", tgt_lang=lang) for _, s, t, _ in docs]
        return score_alignments(gold, tests).f1_strict

    assert f1(glossary) >= f1(None)
