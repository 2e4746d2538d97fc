"""Language detection restricted to the languages align supports.

:func:`detect_language` returns one of :data:`align.lang.SUPPORTED`. It decides by
script first and asks a statistical model only where script cannot:

1. Count CJK characters and Latin words. Text is CJK when it has at least half as many
   CJK characters as Latin words; then kana (hiragana/katakana) means Japanese.
2. Han without kana is Chinese; Simplified vs Traditional is decided with OpenCC by
   counting the characters that a Traditional->Simplified conversion changes (they are
   Traditional) against those a Simplified->Traditional conversion changes.
3. Latin text goes to lingua, built once (lazily) from English, Portuguese, Indonesian,
   Japanese and Chinese only, so Indonesian can never come out as Malay.

Deterministic and offline: lingua's models ship inside its wheel.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

from align.errors import InputError

__all__ = ["detect_language"]

# Share of kana among CJK letters above which a text is Japanese. Japanese prose is
# typically 40-70% kana; Chinese has none (a stray katakana name stays far below this).
_KANA_SHARE = 0.05


def _is_kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9d" or "\u31f0" <= ch <= "\u31ff"


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF
            or 0x20000 <= cp <= 0x2FFFF)


@functools.cache
def _lingua() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [Language.ENGLISH, Language.PORTUGUESE, Language.INDONESIAN,
                 Language.JAPANESE, Language.CHINESE]
    return LanguageDetectorBuilder.from_languages(*languages).build()


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


_LINGUA_TAG = {"ENGLISH": "en", "PORTUGUESE": "pt", "INDONESIAN": "id"}


def detect_language(text: str) -> str:
    """Return the language of ``text``: one of ``en pt id ja zh-Hans zh-Hant``.

    Raises :class:`~align.errors.InputError` when ``text`` has no letters at all.
    """
    kana = han = latin_letters = latin_words = 0
    in_word = False
    for ch in text:
        is_latin = False
        if _is_kana(ch):
            kana += 1
        elif _is_han(ch):
            han += 1
        elif ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN"):
            is_latin = True
            latin_letters += 1
            latin_words += not in_word
        in_word = is_latin
    if kana + han + latin_letters == 0:
        raise InputError(
            "no letters to detect a language from; pass the language explicitly (--lang)"
        )
    # One CJK character carries about as much as a Latin word: CJK text that names
    # products in Latin script ("OpenAI 发布了 GPT-4 Turbo") is still CJK text.
    if 2 * (kana + han) >= latin_words:
        if kana > _KANA_SHARE * (kana + han):
            return "ja"
        return chinese_script(text)
    found = _lingua().detect_language_of(text)
    name = getattr(found, "name", None)
    if name in _LINGUA_TAG:
        return _LINGUA_TAG[name]
    if name == "JAPANESE":
        return "ja"
    if name == "CHINESE":
        return chinese_script(text)
    return "en"  # lingua abstains only on text with too little to go on
