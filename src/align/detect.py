"""Language detection restricted to the languages align supports.

:func:`detect_language` returns one of :data:`align.lang.SUPPORTED`. It decides by
script first and asks a statistical model only where script cannot:

1. Count CJK characters and Latin words. Text is CJK when it has at least half as many
   CJK characters as Latin words; then kana (hiragana/katakana) means Japanese.
2. Han without kana is Chinese; Simplified vs Traditional is decided with OpenCC by
   counting the characters that a Traditional->Simplified conversion changes (they are
   Traditional) against those a Simplified->Traditional conversion changes.
3. Latin text goes to lingua. A detector that also knows the common Latin-script
   languages align does not support (German, French, Spanish, ...; see
   :data:`OTHER_LANGUAGES`) speaks first: when one of those is at least
   :data:`_OTHER_MARGIN` times as likely as every supported language, its ISO 639-1 code
   is returned (``de``), so a German file is reported as German, not misread as English.
   Otherwise a detector built from English, Portuguese, Indonesian, Japanese and Chinese
   only decides, so Indonesian can never come out as Malay (Malay is in neither list).

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


# lingua names of the supported languages, and of the unsupported ones detection names
_SUPPORTED_LINGUA = ("ENGLISH", "PORTUGUESE", "INDONESIAN", "JAPANESE", "CHINESE")
#: Latin-script languages that detection recognises (and names) although align cannot
#: segment them. Malay and Galician stay out: they would eat Indonesian and Portuguese.
OTHER_LANGUAGES: dict[str, str] = {
    "GERMAN": "de", "FRENCH": "fr", "SPANISH": "es", "ITALIAN": "it", "DUTCH": "nl",
    "POLISH": "pl", "SWEDISH": "sv", "DANISH": "da", "FINNISH": "fi", "CZECH": "cs",
    "TURKISH": "tr", "VIETNAMESE": "vi", "ROMANIAN": "ro", "HUNGARIAN": "hu",
}
# How many times likelier than every supported language another language must be. On
# single NTREX sentences a margin of 4 misnames at most 4 of the 1,997 lines of any en,
# pt or id file (pt as es, mostly), and no document of ten lines (tests/test_detect.py).
_OTHER_MARGIN = 4.0


@functools.cache
def _lingua(wide: bool = False) -> Any:
    from lingua import Language, LanguageDetectorBuilder

    names = _SUPPORTED_LINGUA + (tuple(OTHER_LANGUAGES) if wide else ())
    return LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in names)).build()


def _other_language(text: str) -> str | None:
    """The ISO code of an unsupported language ``text`` is clearly in, else ``None``."""
    values = _lingua(wide=True).compute_language_confidence_values(text)
    if not values or values[0].language.name not in OTHER_LANGUAGES:
        return None
    best_supported = max((v.value for v in values if v.language.name in _SUPPORTED_LINGUA),
                         default=0.0)
    if values[0].value < _OTHER_MARGIN * best_supported:
        return None
    return OTHER_LANGUAGES[values[0].language.name]


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
    """Return the language of ``text``: one of ``en pt id ja zh-Hans zh-Hant``, or the
    ISO 639-1 code of a language in :data:`OTHER_LANGUAGES` (``de``, ``fr``, ...) when the
    text is clearly in one of those; callers that need a supported language reject it.

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
    other = _other_language(text)
    if other is not None:
        return other
    found = _lingua().detect_language_of(text)
    name = getattr(found, "name", None)
    if name in _LINGUA_TAG:
        return _LINGUA_TAG[name]
    if name == "JAPANESE":
        return "ja"
    if name == "CHINESE":
        return chinese_script(text)
    return "en"  # lingua abstains only on text with too little to go on
