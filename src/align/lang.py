"""Language tags: the languages align supports and BCP-47 normalisation.

Chinese is always tagged with its script (``zh-Hans`` / ``zh-Hant``): the two scripts
segment alike but differ for glossaries, script conversion and dataset configs.
"""

from __future__ import annotations

from align.errors import InputError

#: Languages the segmenter, detector and glossary know, as canonical BCP-47 tags.
SUPPORTED: tuple[str, ...] = ("en", "pt", "id", "ja", "zh-Hans", "zh-Hant")

# Common region/legacy tags mapped onto the canonical ones.
_ALIASES: dict[str, str] = {
    "zh": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-hans": "zh-Hans",
    "zh-hans-cn": "zh-Hans",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "zh-hant": "zh-Hant",
    "zh-hant-tw": "zh-Hant",
    "pt-br": "pt",
    "pt-pt": "pt",
    "en-us": "en",
    "en-gb": "en",
    "in": "id",  # the withdrawn ISO 639 code for Indonesian
    "id-id": "id",
    "ja-jp": "ja",
    # ISO 639-3 names used by NTREX and some corpora
    "eng": "en",
    "por": "pt",
    "ind": "id",
    "jpn": "ja",
    "zho-cn": "zh-Hans",
    "zho-tw": "zh-Hant",
    "cmn-hans": "zh-Hans",
    "cmn-hant": "zh-Hant",
}


def normalize_lang(tag: str, *, supported_only: bool = True) -> str:
    """Return the canonical tag for ``tag`` (``zh-CN`` -> ``zh-Hans``, ``pt-BR`` -> ``pt``).

    Raises :class:`InputError` naming the supported set when ``tag`` is unknown and
    ``supported_only`` is true; otherwise an unknown but well-formed tag is returned as is.
    """
    raw = tag.strip().replace("_", "-")
    key = raw.lower()
    if key in _ALIASES:
        return _ALIASES[key]
    for canon in SUPPORTED:
        if key == canon.lower():
            return canon
    if supported_only:
        raise InputError(
            f"unsupported language {tag!r}; supported: {', '.join(SUPPORTED)}"
            " (zh-CN/zh-TW and pt-BR are accepted as aliases)"
        )
    return raw


def is_cjk(lang: str) -> bool:
    """True for languages written without spaces between words (zh-*, ja)."""
    return lang.split("-")[0] in {"zh", "ja"}


def is_language_tag(tag: str) -> bool:
    """True when ``tag`` is a well-formed BCP-47 tag whose language subtag is registered
    (``pt``, ``pt-BR``, ``zh-Hant``, ``yue``); checked with ``langcodes``.

    File-name parts that only look like tags (``001``, ``doc1``, ``x-foo``) are not.
    """
    import langcodes

    if not tag or tag.strip() != tag or "_" in tag:
        return False
    try:
        if not langcodes.tag_is_valid(tag):
            return False
        language = langcodes.Language.get(tag).language
    except (ValueError, LookupError):
        return False
    return language is not None and language.isalpha()


def split_language_pair(name: str) -> tuple[str, str] | None:
    """``"pt-en"``, ``"en-zh-Hant"``, ``"zh-Hans-zh-Hant"``, ``"pt-BR-en"`` -> the two tags
    (as written), or ``None`` when ``name`` is not ``<tag>-<tag>``.

    The first cut at which both halves are language tags wins (``en-pt-BR`` is
    ``en`` + ``pt-BR``). This is how ``align corpus`` names its outputs
    (``<doc_id>/<src>-<tgt>.<format>``).
    """
    parts = name.split("-")
    for cut in range(1, len(parts)):
        a, b = "-".join(parts[:cut]), "-".join(parts[cut:])
        if is_language_tag(a) and is_language_tag(b):
            return a, b
    return None
