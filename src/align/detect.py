"""Language detection: the 74 languages lingua tells apart, Chinese with its script.

:func:`detect_language` returns a BCP-47 tag: ``de``, ``ko``, ``pt``, ``ja``, ``zh-Hans``
or ``zh-Hant``. It names no region (``pt``, not ``pt-BR``): the regional variant is the
user's to say (``--lang pt-PT``). It decides by script first and asks a statistical model
only where script cannot:

1. Count kana, Han, Hangul and other letters. Text is CJK when it has at least half as
   many CJK characters as words in other scripts; then kana (hiragana/katakana) means
   Japanese, Hangul Korean, and Han alone Chinese, whose script (Simplified vs
   Traditional) is decided with OpenCC by counting the characters that a
   Traditional->Simplified conversion changes against those a Simplified->Traditional
   conversion changes.
2. Other text goes to lingua, in two stages for speed and memory. A low-accuracy
   detector over every language (trigram models only: ~70 MB, ~1 ms a sentence) decides
   text of :data:`_SHORT` characters or more, where trigrams suffice. Shorter text (a
   single line) goes to a high-accuracy detector built from the first stage's top
   :data:`_CANDIDATES` and the tuned Latin-script languages (en, pt, id), cached per
   candidate set, so only the models of languages actually seen are loaded. A
   high-accuracy detector over all 75 languages would load ~900 MB of models and take
   ~18 s to start.
3. The languages align has tuned rules for (:data:`align.lang.TUNED`) keep a margin:
   another language wins only when it is at least :data:`_MARGIN` times as likely as the
   likeliest tuned one (single lines of Portuguese then rarely read as Spanish; the cost,
   some short Spanish lines read as Portuguese, is measured in BENCHMARKS.md). Malay is
   left out (:data:`LEFT_OUT`): lingua cannot tell it from Indonesian, which must never
   be misread; pass ``--lang ms``.

Deterministic and offline: lingua's models ship inside its wheel. Only the first
:data:`SAMPLE_CHARS` characters of a long text are read.
"""

from __future__ import annotations

import functools
from typing import Any

from align.errors import InputError

__all__ = ["LEFT_OUT", "SAMPLE_CHARS", "chinese_script", "detect_language", "resolve_script"]

#: Detection reads this many characters at most: a document's language shows in its start.
SAMPLE_CHARS = 4000

# Share of kana among CJK letters above which a text is Japanese. Japanese prose is
# typically 40-70% kana; Chinese has none (a stray katakana name stays far below this).
_KANA_SHARE = 0.05

#: lingua knows Malay but cannot tell it from Indonesian: on NTREX Indonesian lines it
#: rates Malay up to 60,000 times likelier. Malay is left out of detection (Malay text
#: reads as ``id``); pass ``--lang ms``. (lingua has no Galician, so Portuguese never
#: reads as Galician.)
LEFT_OUT = ("MALAY",)
#: lingua names of the languages with tuned rules (:data:`align.lang.TUNED`).
_TUNED = ("ENGLISH", "PORTUGUESE", "INDONESIAN", "JAPANESE", "CHINESE")
# How many times likelier than the likeliest tuned candidate another language must be to
# win. Tuned on single lines of NTREX (en, pt, id) against UD dev (de, fr, es): 2 keeps
# NTREX lines at 99-99.8% while costing Spanish lines less than 4 did.
_MARGIN = 2.0
_TUNED_LATIN = ("ENGLISH", "PORTUGUESE", "INDONESIAN")
#: Text at least this long is decided by the first stage alone (trigrams are enough).
_SHORT = 200
#: Languages the second stage chooses among when the first stage cannot tell (very short
#: text): the tuned Latin-script languages and the most widely used others.
_FALLBACK = ("ENGLISH", "PORTUGUESE", "INDONESIAN", "GERMAN", "FRENCH", "SPANISH", "ITALIAN",
             "DUTCH", "POLISH", "TURKISH", "VIETNAMESE", "RUSSIAN", "ARABIC")
#: How many first-stage candidates the accurate second stage chooses among.
_CANDIDATES = 3


def _is_kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9d" or "\u31f0" <= ch <= "\u31ff"


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF
            or 0x20000 <= cp <= 0x2FFFF)


def _is_hangul(ch: str) -> bool:
    cp = ord(ch)
    return 0xAC00 <= cp <= 0xD7A3 or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F


@functools.cache
def _fast() -> Any:
    """Stage 1: every language lingua knows, trigram models only."""
    from lingua import Language, LanguageDetectorBuilder

    left_out = [getattr(Language, n) for n in LEFT_OUT]
    builder = LanguageDetectorBuilder.from_all_languages_without(*left_out)
    return builder.with_low_accuracy_mode().build()


@functools.cache
def _accurate(names: frozenset[str]) -> Any:
    """Stage 2: a high-accuracy detector over ``names`` (lingua language names)."""
    from lingua import Language, LanguageDetectorBuilder

    langs = [getattr(Language, n) for n in sorted(names)]
    if len(langs) == 1:  # lingua needs two languages; the second never wins a tie
        langs.append(Language.ENGLISH if names != {"ENGLISH"} else Language.GERMAN)
    return LanguageDetectorBuilder.from_languages(*langs).build()


@functools.cache
def _opencc(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def _changed(text: str, config: str) -> int:
    converted = _opencc(config).convert(text)
    return sum(a != b for a, b in zip(text, converted, strict=False))


def chinese_script(text: str) -> str:
    """``zh-Hant`` when ``text`` has more Traditional-only than Simplified-only characters,
    else ``zh-Hans``. On a tie (only characters both scripts share), corner brackets
    「」『』, the usual quotes in Taiwan and Hong Kong, tip it to ``zh-Hant``."""
    han = "".join(ch for ch in text if _is_han(ch))
    traditional = _changed(han, "t2s")  # characters that exist only in Traditional
    simplified = _changed(han, "s2t")  # characters that exist only in Simplified
    if traditional == simplified:
        return "zh-Hant" if any(ch in "「」『』" for ch in text) else "zh-Hans"
    return "zh-Hant" if traditional > simplified else "zh-Hans"


def resolve_script(tag: str, text: str) -> str:
    """``tag`` with its script when it is a bare ``zh`` (ambiguous) and ``text`` shows it:
    ``("zh", "這也意味著")`` -> ``zh-Hant``. Every other tag is returned canonical."""
    from align.lang import han_script, normalize_lang, parse_lang, with_script

    canon = normalize_lang(tag)
    if parse_lang(canon).language != "zh" or han_script(canon) or not text.strip():
        return canon
    return with_script(canon, chinese_script(text).split("-")[1])


def _tag(language: Any, text: str) -> str:
    """The BCP-47 tag of a lingua language (Chinese with its script)."""
    if language.name == "CHINESE":
        return chinese_script(text)
    from align.lang import normalize_lang

    return normalize_lang(language.iso_code_639_1.name.lower())


def _prefer_tuned(values: list[Any]) -> Any:
    """The most likely language of ``values`` (lingua confidence values, best first),
    unless a tuned language is within :data:`_MARGIN` of it."""
    best = values[0]
    if best.language.name not in _TUNED:
        tuned = [v for v in values if v.language.name in _TUNED]
        if tuned and best.value < _MARGIN * tuned[0].value:
            return tuned[0].language
    return best.language


def _by_lingua(text: str) -> Any:
    """The lingua language of ``text`` (see the module docstring), or ``None``."""
    first = _fast().compute_language_confidence_values(text)
    if len(text) >= _SHORT and first and first[0].value > 0:
        return _prefer_tuned(first)
    names = [v.language.name for v in first[:_CANDIDATES] if v.value > 0]
    # The trigram-only stage abstains on very short text ("No, no, no."): then the
    # widely used languages decide. The tuned Latin languages are always candidates.
    candidates = (set(names) if names else set(_FALLBACK)) | set(_TUNED_LATIN)
    values = _accurate(frozenset(candidates)).compute_language_confidence_values(text)
    values = [v for v in values if v.language.name in candidates]
    if not values or values[0].value <= 0:
        return first[0].language if names else None
    return _prefer_tuned(values)


def detect_language(text: str) -> str:
    """The language of ``text`` as a BCP-47 tag (``de``, ``ko``, ``pt``, ``zh-Hant``).

    No region is guessed: Portuguese is ``pt`` whether Brazilian or European (pass the
    variant explicitly). Raises :class:`~align.errors.InputError` when ``text`` has no
    letters, or none the detector can place.
    """
    text = text[:SAMPLE_CHARS]
    kana = han = hangul = letters = words = 0
    in_word = False
    for ch in text:
        is_other = False
        if _is_kana(ch):
            kana += 1
        elif _is_han(ch):
            han += 1
        elif _is_hangul(ch):
            hangul += 1
        elif ch.isalpha():
            is_other = True
            letters += 1
            words += not in_word
        in_word = is_other
    if kana + han + hangul + letters == 0:
        raise InputError(
            "no letters to detect a language from; pass the language explicitly (--lang)"
        )
    # One CJK character carries about as much as a word: CJK text that names products
    # in Latin script ("OpenAI 发布了 GPT-4 Turbo") is still CJK text. Korean syllable
    # blocks are grouped into words, about three to a word.
    if 2 * (kana + han) >= words + hangul / 3:
        if kana > _KANA_SHARE * (kana + han):
            return "ja"
        return chinese_script(text)
    if hangul / 3 >= words:
        return "ko"
    found = _by_lingua(text)
    if found is None:
        raise InputError(
            "cannot tell the language of this text; pass the language explicitly (--lang)"
        )
    return _tag(found, text)
