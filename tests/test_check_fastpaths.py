"""The fast paths of `align check` give what the plain computations give.

Speed work (issue 14 item 5) added shortcuts: numbers that are the same plain digit runs
on both sides are not read; lemma matching gives the automaton one placeholder for every
word that is in no term and maps spans back word by word; term hits, violations and
judge records are built without the frozen dataclasses' field-by-field setattr. Each
test here pins one shortcut to the computation it replaces.
"""

from __future__ import annotations

import inspect

from hypothesis import given, settings
from hypothesis import strategies as st

from align.check.model import Violation, make_violation
from align.glossary import Entry, Glossary, LangTerms, TermHit
from align.glossary.fold import _is_word, is_word_char
from align.glossary.inflect import map_spans
from align.glossary.match import make_hit
from align.qa.numbers import compare, read_and_compare, same_plain_numbers

# ------------------------------------------------------------------ numbers

_PIECES = ["2019", "15", "7", "007", "5000", "2 ", "1,000", "1.000", "2.5", "2,5", "２０", "2万5000", "25亿",
           "million", "mil", "G7", "F125", "1950-53", "7.55am", "US$", "£125m", "pm", "-", " ",
           " ", "the", "de", "三", "two", "dois", "%", "(", ")", "."]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=10).map("".join)
_LANG = st.sampled_from(["en", "pt", "ja", "zh-Hans", "id"])


@settings(max_examples=400, deadline=None)
@given(_TEXT, _TEXT, _LANG, _LANG)
def test_plain_numbers_fast_path_is_exact(src: str, tgt: str, sl: str, tl: str) -> None:
    if same_plain_numbers(src, tgt):
        assert read_and_compare(src, tgt, sl, tl) is None
    assert compare(src, tgt, sl, tl) == (
        None if same_plain_numbers(src, tgt) else read_and_compare(src, tgt, sl, tl))


def test_plain_numbers_fast_path_cases() -> None:
    assert same_plain_numbers("In 2019, 14 died.", "Em 2019, 14 morreram.")
    assert not same_plain_numbers("In 2019, 14 died.", "Em 2019, 41 morreram.")
    assert not same_plain_numbers("It cost 1,000.", "Custou 1.000.")  # separators: read them
    assert not same_plain_numbers("2万5000", "2万5000")  # a number written in parts
    assert not same_plain_numbers("2万5000", "2 5000")
    assert not same_plain_numbers("2 5000", "2万5000")
    assert compare("In 2019, 14 died.", "Em 2019, 41 morreram.", "en", "pt") is not None


# ------------------------------------------------------------------ records


def test_make_violation_is_violation() -> None:
    assert list(inspect.signature(make_violation).parameters.items()) == list(
        inspect.signature(Violation).parameters.items())
    args = ("missing-term", "a.tsv", 3, 0, "e1", "pt", ("câmera",), None, "camera")
    kw = {"severity": "warning", "detail": "d", "end_column": 4, "source_text": "s",
          "target_text": "t", "side": "source"}
    fast, plain = make_violation(*args, **kw), Violation(*args, **kw)
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert make_violation("x", "f", 1, 0) == Violation("x", "f", 1, 0)


def test_make_hit_is_term_hit() -> None:
    args = ("e1", "en", 4, 10, "Camera", "camera", "preferred")
    assert make_hit(*args) == TermHit(*args) and hash(make_hit(*args)) == hash(TermHit(*args))


@given(st.characters())
def test_word_char_cache(ch: str) -> None:
    assert is_word_char(ch) == _is_word(ch)


# ------------------------------------------------------------------ lemma matching

_ENTRIES = [
    Entry("cam", {"en": LangTerms("box camera", ("box-type camera",), ("gun camera",)),
                  "pt": LangTerms("câmera tipo caixa", (), ("câmera bala",))}),
    Entry("model", {"en": LangTerms("industry model"), "pt": LangTerms("modelo da indústria")}),
    Entry("ai", {"en": LangTerms("AI"), "pt": LangTerms("IA")}),
    Entry("big", {"en": LangTerms("large model"), "pt": LangTerms("grande modelo")}),
    Entry("go", {"en": LangTerms("go public"), "pt": LangTerms("abrir capital")}),
    Entry("rd", {"en": LangTerms("R&D"), "pt": LangTerms("P&D")}),
    Entry("gpu", {"en": LangTerms("GPU"), "pt": LangTerms("GPU")}, case_sensitive=True),
    Entry("exact", {"en": LangTerms("large models"), "pt": LangTerms("grandes modelos")}, match="exact"),
]
_WORDS = {
    "en": ["box", "boxes", "camera", "cameras", "Camera", "industry", "industries", "model",
           "models", "AI", "ai", "large", "larger", "went", "go", "goes", "public", "R&D",
           "GPU", "GPUs", "the", "was", "is", "children", "type", "gun"],
    "pt": ["câmera", "câmeras", "tipo", "caixa", "caixas", "modelo", "modelos", "da", "indústria",
           "IA", "grande", "grandes", "abrir", "abriu", "capital", "P&D", "fez", "casas", "bala"],
}
_GLUE = [" "] * 12 + ["  ", "-", ", ", ". ", " (", ") ", "'s ", "\u00a0", "\t", "—"]


def _texts(lang: str) -> st.SearchStrategy[str]:
    words = st.lists(st.sampled_from(_WORDS[lang]), max_size=12)
    glue = st.lists(st.sampled_from(_GLUE), min_size=12, max_size=12)
    def join(wg: tuple[list[str], list[str]]) -> str:  # glue between words only, mostly
        words, glue = wg
        text = "".join(w + g for w, g in zip(words, glue, strict=False))
        return text.strip() if glue[-1] != "-" else text
    return st.tuples(words, glue).map(join)


def _reference_lemma_spans(m: object, text: str) -> list[tuple[int, int, str]]:
    """The lemma pass without the placeholder words and the word-by-word mapping: every
    word lemmatised, the automaton over all of it, spans mapped by ``map_spans``."""
    lem = m._lem  # type: ignore[attr-defined]
    raw = m._lemma_fold(text).split(" ")  # type: ignore[attr-defined]
    lemmas = [lem[c] for c in raw if c]
    ltext = " ".join(lemmas)
    found, chosen = [], []
    auto = m._lemma  # type: ignore[attr-defined]
    for end_idx, (klen, idx) in auto.automaton.iter(ltext):
        end = end_idx + 1
        start = end - klen
        for cand in auto.cands[idx]:
            if cand.left and start > 0 and _is_word(ltext[start - 1]):
                continue
            if cand.right and end < len(ltext) and _is_word(ltext[end]):
                continue
            found.append((start, end))
            chosen.append(cand)
            break
    if not found:
        return []
    if "" not in raw and [len(x) for x in lemmas] == [len(x) for x in raw]:
        mapped = found
    else:
        mapped = map_spans(lem, raw, lemmas, found)
    return [(s, e, c.entry_id + ":" + c.status) for (s, e), c in zip(mapped, chosen, strict=True)]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["en", "pt"]).flatmap(lambda lang: st.tuples(st.just(lang), _texts(lang))))
def test_lemma_pass_matches_reference(lang_text: tuple[str, str]) -> None:
    lang, text = lang_text
    m = Glossary.from_entries(_ENTRIES).matcher(lang)
    got: list[tuple[int, int, object]] = []
    m._find_lemma(text, got)
    assert [(s, e, c.entry_id + ":" + c.status) for s, e, c in got] == \
        _reference_lemma_spans(m, text)


def test_lemma_pass_skips_words_of_no_term() -> None:
    m = Glossary.from_entries(_ENTRIES).matcher("en")
    assert m.find("The weather was fine and nobody cared.") == []
    (hit,) = m.find("Two box-cameras, sold.")
    assert (hit.surface, hit.entry_id, hit.status) == ("box-cameras", "cam", "preferred")
    (hit,) = m.find("They  went   public.")  # runs of spaces; "went" is "go"
    assert (hit.surface, hit.entry_id) == ("went   public", "go")
