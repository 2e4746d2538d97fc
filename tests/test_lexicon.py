"""Tests for align.lexicon (dictionary and cognate evidence) and its use by the aligner."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from align import lexicon
from align.aligner import AlignConfig, Aligner


def test_english_keys_are_stemmed_content_words() -> None:
    assert lexicon.english_keys("The boy's cats were sleeping.") == {"boy", "cat", "sleep"}
    assert lexicon.english_keys("It is what it was.") == set()


def test_dictionary_segments_by_longest_match_and_glosses_in_english() -> None:
    d = lexicon.chinese_english_dictionary()
    assert d.words("我喜欢猫。") == ["喜欢", "猫"]  # 我 glosses only as stop words
    assert {"like", "cat"} <= d.keys("我喜欢猫。")
    # Simplified and Traditional spellings share the entry
    assert d.keys("枪机") == d.keys("槍機") != set()


def test_cognate_keys_fold_accents_and_case() -> None:
    assert lexicon.cognate_keys("Die Expedition nach Zermatt") == {"expe", "zerm"}
    assert lexicon.cognate_keys("L'expédition à Zermatt") == {"expe", "zerm"}
    assert lexicon.cognate_keys("Der Berg ist hoch") == set()  # words under five letters


def test_evidence_kind_from_languages_or_script() -> None:
    zh, en, de, ja = ["我喜欢猫。"], ["I like cats and the dog."], ["Ich mag Katzen."], ["猫が好き。"]
    assert lexicon.evidence_kind(zh, en) == "zh-en"
    assert lexicon.evidence_kind(en, zh) == "en-zh"
    assert lexicon.evidence_kind(de, ["J'aime les chats."]) == "cognates"
    assert lexicon.evidence_kind(ja, en) is None
    # explicit languages win over guessing
    assert lexicon.evidence_kind(zh, de, "zh-Hant", "en") == "zh-en"
    assert lexicon.evidence_kind(zh, en, "ja", "en") is None


keysets = st.lists(st.sets(st.sampled_from("abcdefg"), max_size=4), min_size=1, max_size=7)


@settings(max_examples=80, deadline=None)
@given(src=keysets, tgt=keysets, data=st.data())
def test_span_coverage_equals_brute_force(src, tgt, data) -> None:
    n, m = len(src), len(tgt)
    cov = lexicon.SpanCoverage(src, tgt)
    # windows holding exactly the pairs the bead needs (plus random extra columns)
    lo = np.array([max(0, data.draw(st.integers(0, m))) for _ in range(n)])
    hi = np.array([data.draw(st.integers(0, m)) for _ in range(n)])
    a = data.draw(st.integers(1, min(n, 4)))
    b = data.draw(st.integers(1, min(m, 4)))
    i = data.draw(st.integers(a, n))
    j = data.draw(st.integers(b, m))
    lo[i - a : i] = np.minimum(lo[i - a : i], j - b)
    hi[i - a : i] = np.maximum(hi[i - a : i], j)
    bound = cov.bind(lexicon.PairWindows.from_bounds(lo, np.maximum(hi, lo)))
    ii, jj = np.array([i]), np.array([j])

    def union(keys, lo, hi):
        return set().union(*keys[lo:hi])

    # target keys covered by the source span, each counted once per target sentence
    want = sum(len(tgt[q] & union(src, i - a, i)) for q in range(j - b, j))
    chance = np.mean([sum(len(tgt[q] & union(src, e - a, e)) for q in range(j - b, j))
                      for e in range(a, n + 1)])
    got, exp = bound.covered(ii, jj, a, b)
    assert got[0] == want
    assert np.isclose(exp[0], chance)
    # and the other way round
    want_s = sum(len(src[p] & union(tgt, j - b, j)) for p in range(i - a, i))
    chance_s = np.mean([sum(len(src[p] & union(tgt, e - b, e)) for p in range(i - a, i))
                        for e in range(b, m + 1)])
    got_s, exp_s = bound.covered(ii, jj, a, b, transpose=True)
    assert got_s[0] == want_s
    assert np.isclose(exp_s[0], chance_s)
    assert cov.src_size[-1] == sum(map(len, src)) and cov.tgt_size[-1] == sum(map(len, tgt))


ZH = ["我喜欢猫。", "今天天气很冷。", "他在图书馆看书。"]
EN = ["I like cats.", "The weather is cold today.", "He reads books in the library."]


def test_dictionary_raises_the_score_of_true_pairs_only() -> None:
    with_dict = Aligner(None, AlignConfig())
    without = Aligner(None, replace(AlignConfig(), dictionary_weight=0.0))
    true_with = with_dict.align(ZH, EN)
    true_without = without.align(ZH, EN)
    assert [b.format() for b in true_with] == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]
    for bw, bo in zip(true_with, true_without, strict=True):
        assert bw.score > bo.score


def test_dictionary_improves_the_interview_gold_without_an_encoder() -> None:
    # corpora/001: a Traditional Chinese interview and its English version, hand-checked
    # gold. Length and punctuation alone get fewer beads exactly right than with CC-CEDICT.
    from pathlib import Path

    from align.evaluate import read_beads, score_alignments
    from align.io import read_text
    from align.segment import segment_document

    doc = Path(__file__).resolve().parent.parent / "corpora" / "001-uniview-li-congting-interview"
    src = [s.text for s in segment_document(read_text(doc / "zh-Hant.txt"), "zh-Hant")]
    tgt = [s.text for s in segment_document(read_text(doc / "en.txt"), "en")]
    gold = [read_beads(doc / "gold" / "zh-Hant-en.beads")]

    def f1(weight: float) -> float:
        aligner = Aligner(None, replace(AlignConfig(), dictionary_weight=weight))
        test = [aligner.align(src, tgt, src_lang="zh-Hant", tgt_lang="en")]
        return score_alignments(gold, test).f1_strict

    assert f1(0.05) > f1(0.0) + 0.01


def test_cognates_are_used_between_latin_languages() -> None:
    de = ["Die Expedition erreichte Zermatt am Abend.", "Am nächsten Morgen regnete es."]
    fr = ["L'expédition atteignit Zermatt le soir.", "Le lendemain matin, il pleuvait."]
    aligner = Aligner(None, AlignConfig())
    base = Aligner(None, replace(AlignConfig(), cognate_weight=0.0))
    assert aligner.align(de, fr)[0].score > base.align(de, fr)[0].score


# --------------------------------------------------------------------------- learned lexicon

_DE = ["Die Expedition erreichte Zermatt am Abend.", "Am nächsten Morgen regnete es stark.",
       "Der Bergführer Ruedi nahm den Pickel.", "Die Gruppe stieg zur Hütte auf.",
       "Ruedi sah die Wolken über dem Gipfel.", "Der Pickel glitt über das Eis.",
       "Am Abend kehrten sie nach Zermatt zurück.", "Die Hütte war voll.",
       "Die Wolken zogen nach Osten.", "Der Gipfel blieb im Nebel."]
_FR = ["L'expédition atteignit Zermatt le soir.", "Le lendemain matin, il pleuvait fort.",
       "Le guide Ruedi prit le piolet.", "Le groupe monta vers la cabane.",
       "Ruedi vit les nuages au-dessus du sommet.", "Le piolet glissa sur la glace.",
       "Le soir, ils rentrèrent à Zermatt.", "La cabane était pleine.",
       "Les nuages partirent vers l'est.", "Le sommet resta dans le brouillard."]


def test_learn_tokens_words_and_cjk_bigrams() -> None:
    assert lexicon.learn_tokens("Die Expeditionen, 1925!") == {"die", "expedi"}
    assert lexicon.learn_tokens("陈清扬说") == {"陈清", "清扬", "扬说"}
    assert lexicon.learn_tokens("猫 and Trinket") == {"猫", "and", "trinke"}


def test_learned_lexicon_links_words_that_co_occur() -> None:
    pairs = list(zip(_DE, _FR, strict=True)) * 3  # each pair seen three times
    lex = lexicon.learn_lexicon(pairs, min_pairs=5)
    def linked(a: str, b: str) -> bool:
        return a in lex.src and lex.src[a] == lex.tgt.get(b)
    assert linked("pickel", "piolet") and linked("hütte", "cabane")
    # one link per token (competitive linking)
    assert len(set(lex.src.values())) == len(lex.src) == len(lex.tgt)


@settings(max_examples=20, deadline=None)
@given(st.randoms(use_true_random=False))
def test_learned_lexicon_is_deterministic_and_order_free(rnd) -> None:
    pairs = list(zip(_DE, _FR, strict=True)) * 3
    shuffled = pairs[:]
    rnd.shuffle(shuffled)
    assert lexicon.learn_lexicon(shuffled, min_pairs=5) == lexicon.learn_lexicon(pairs, min_pairs=5)


def test_learned_lexicon_is_empty_on_one_short_document() -> None:
    # a handful of pairs (one short document) teach nothing: the aligner's result is the
    # same as without the learned lexicon
    assert lexicon.learn_lexicon(list(zip(_DE, _FR, strict=True))).size == 0
    with_lex = Aligner(None, AlignConfig())
    without = Aligner(None, replace(AlignConfig(), learned_weight=0.0))
    assert with_lex.align(_DE, _FR) == without.align(_DE, _FR)
    assert with_lex.learned is not None and with_lex.learned.size == 0


def test_align_many_pools_the_lexicon_and_ignores_document_order() -> None:
    docs = [(_DE[k:] + _DE[:k], _FR[k:] + _FR[:k]) for k in range(0, 10, 2)] * 2
    aligner = Aligner(None, AlignConfig())
    forward = aligner.align_many(docs)
    learned = aligner.learned
    assert learned is not None and learned.size > 0  # five documents teach what one cannot
    backward = Aligner(None, AlignConfig()).align_many(docs[::-1])[::-1]
    assert forward == backward
    # a lexicon learned elsewhere can be given
    again = Aligner(None, AlignConfig(), learned=learned).align_many(docs)
    assert again == forward
