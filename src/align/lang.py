"""Language tags: the one place that reads, checks and compares BCP-47 tags.

Built on ``langcodes`` (IANA subtag registry and CLDR likely-subtags data); imported
lazily, so ``import align`` stays light. Every module that takes a language tag from a
user, a file name, a glossary column or a record goes through :func:`normalize_lang`
and the helpers here; none keeps its own alias table or tag regex.

* :func:`normalize_lang`: the canonical form of a tag, region and script **kept**
  (``pt_BR``/``pt-br`` -> ``pt-BR``, ``eng`` -> ``en``, ``in`` -> ``id``, ``cmn-Hans`` ->
  ``zh-Hans``, ``zh-TW`` stays ``zh-TW``). A malformed, unregistered or empty tag raises
  :class:`~align.errors.InputError` (one line, naming where it was read when ``where`` is
  given).
* :func:`han_script`: ``Hans``/``Hant`` for a Chinese tag (``zh-TW``, ``zh-HK`` ->
  ``Hant``; ``zh-CN``, ``zh-SG`` -> ``Hans``), ``None`` for a bare ``zh`` (ambiguous:
  detect it from the text, :func:`with_script`).
* :func:`is_cjk`: Chinese or Japanese, written without spaces between words or sentences.
* :func:`segmentation_family`: which rule set of :mod:`align.segment` a tag gets.
* :func:`serves` / :func:`columns_for`: glossary fallback (a ``pt`` column serves pt-BR and
  pt-PT text, a ``pt-BR`` column only pt-BR; the most specific column wins).
* :func:`hub_language`: the ISO 639-1 code (else 639-3) a dataset card's ``language:`` wants.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any, NamedTuple

from align.errors import InputError

__all__ = [
    "TUNED", "LangTag", "base_language", "closest", "columns_for", "han_script", "hub_language",
    "is_cjk", "is_lang_tag", "normalize_lang", "parse_lang", "script_of", "segmentation_family",
    "serves", "split_lang_pair", "with_script",
]

#: Languages whose segmentation rules, abbreviation lists and inflections were tuned on
#: the project's corpus; every other language gets the general rules (docs/segment.md).
TUNED: tuple[str, ...] = ("en", "pt", "id", "ja", "zh-Hans", "zh-Hant")

#: Scripts written without spaces between words and between sentences.
_CJK_SCRIPTS = frozenset({"Hans", "Hant", "Hani", "Jpan", "Hira", "Kana"})


class LangTag(NamedTuple):
    """A parsed canonical tag: ``pt-BR`` -> ``LangTag("pt-BR", "pt", None, "BR", ())``."""

    tag: str
    language: str
    script: str | None
    region: str | None
    variants: tuple[str, ...]


def _langcodes() -> Any:
    import langcodes

    return langcodes


@lru_cache(maxsize=4096)
def _parse(raw: str) -> LangTag | str:
    """The parsed tag, or the reason ``raw`` is not a usable language tag."""
    text = raw.strip().replace("_", "-")
    if not text:
        return "empty language tag"
    lc = _langcodes()
    try:
        # macro=True: individual languages of a macrolanguage go to it (cmn -> zh)
        canon = lc.standardize_tag(text, macro=True)
        lang = lc.Language.get(canon)
    except (ValueError, lc.tag_parser.LanguageTagError):
        return "not well-formed"
    if not lang.language or lang.language == "und" or lang.language.startswith("x-"):
        return "names no language"
    if not lang.is_valid():
        return "not in the IANA language subtag registry"
    return LangTag(canon, lang.language, lang.script, lang.territory, tuple(lang.variants or ()))


def parse_lang(tag: str, *, where: str | None = None) -> LangTag:
    """Parse ``tag`` into a :class:`LangTag` (see :func:`normalize_lang` for the rules)."""
    if not isinstance(tag, str):
        tag = "" if tag is None else str(tag)
    got = _parse(tag)
    if isinstance(got, str):
        prefix = f"{where}: " if where else ""
        raise InputError(f"{prefix}bad language tag {tag!r} ({got}); write a BCP-47 tag such as "
                         "de, pt-BR or zh-Hant")
    return got


def normalize_lang(tag: str, *, where: str | None = None) -> str:
    """The canonical BCP-47 form of ``tag``; region, script and variants are kept.

    ``pt_BR``, ``pt-br`` and ``pt-BR`` -> ``pt-BR``; ``eng`` -> ``en``; ``in`` -> ``id``;
    ``zho-CN`` -> ``zh-CN``; ``cmn-Hans`` -> ``zh-Hans``; ``zh-TW`` stays ``zh-TW``. Raises
    :class:`~align.errors.InputError` for an empty, malformed (``xx-!!``) or unregistered
    (``xx``) tag, prefixed with ``where`` (``glossary.tsv:1``, ``--lang``) when given.
    """
    return parse_lang(tag, where=where).tag


def is_lang_tag(tag: str) -> bool:
    """Is ``tag`` a usable language tag (file names: ``pt-BR.txt`` yes, ``notes.txt`` no)?"""
    return isinstance(_parse(tag), LangTag)


def base_language(tag: str) -> str:
    """The language subtag alone: ``pt-BR`` -> ``pt``, ``zh-Hant`` -> ``zh``."""
    return parse_lang(tag).language


@lru_cache(maxsize=1024)
def _likely_script(language: str, region: str | None) -> str | None:
    lc = _langcodes()
    found = lc.Language.make(language=language, territory=region).maximize().script
    return str(found) if found else None


def script_of(tag: str) -> str | None:
    """The script ``tag`` is written in: its script subtag, else the one its region implies
    (``zh-TW`` -> ``Hant``), else the language's usual one (``ko`` -> ``Kore``). A bare
    ``zh`` gives ``None``: Chinese is written in two scripts, neither is implied."""
    t = parse_lang(tag)
    if t.script:
        return t.script
    if t.language == "zh" and not t.region:
        return None
    return _likely_script(t.language, t.region)


def han_script(tag: str) -> str | None:
    """``Hans`` or ``Hant`` for a Chinese tag (``zh-TW``/``zh-HK``/``zh-Hant`` -> ``Hant``,
    ``zh-CN``/``zh-SG``/``zh-Hans`` -> ``Hans``); ``None`` for bare ``zh`` (ambiguous) and
    for every other language."""
    t = parse_lang(tag)
    if t.language != "zh":
        return None
    script = script_of(t.tag)
    return script if script in ("Hans", "Hant") else None


def with_script(tag: str, script: str) -> str:
    """``tag`` with ``script`` added when it names none: ``zh`` + ``Hant`` -> ``zh-Hant``.

    For a bare ``zh`` whose script was detected from the text. A tag that already implies
    a script (``zh-TW``) is returned unchanged."""
    t = parse_lang(tag)
    if t.script or (t.language == "zh" and t.region):
        return t.tag
    parts = [t.language, script, *([t.region] if t.region else []), *t.variants]
    return normalize_lang("-".join(parts))


def is_cjk(tag: str) -> bool:
    """Chinese or Japanese: written without spaces between words or sentences.

    Korean is not (Hangul separates words with spaces)."""
    t = parse_lang(tag)
    if t.language in ("zh", "ja"):
        return True
    return script_of(t.tag) in _CJK_SCRIPTS


def segmentation_family(tag: str) -> str:
    """The rule set :mod:`align.segment` uses for ``tag``.

    One of :data:`TUNED` for the tuned languages (any region: ``pt-PT`` -> ``pt``;
    Chinese by script, a bare ``zh`` -> ``zh-Hans``, the two segment alike), else the
    language subtag (``de``, ``ko``, ``th``), which segment.py maps to pysbd or the
    general Unicode rules."""
    t = parse_lang(tag)
    if t.language == "zh":
        return "zh-Hant" if han_script(t.tag) == "Hant" else "zh-Hans"
    return t.language


def hub_language(tag: str) -> str:
    """The code a Hugging Face card's ``language:`` list wants: ISO 639-1 where the
    language has one (``pt-BR`` -> ``pt``, ``zh-Hant`` -> ``zh``), else ISO 639-3."""
    return parse_lang(tag).language


# ------------------------------------------------------------------ glossary fallback


def _text_script(t: LangTag) -> str | None:
    """The script text tagged ``t`` is known to be in (explicit or implied by region)."""
    if t.script:
        return t.script
    if t.region:
        return _likely_script(t.language, t.region)
    return None


def serves(column: str, text: str) -> bool:
    """Does a glossary column tagged ``column`` apply to text tagged ``text``?

    The languages must be the same, and every subtag the column names must hold for the
    text: a ``pt`` column serves ``pt``, ``pt-BR`` and ``pt-PT`` text; a ``pt-BR`` column
    serves only ``pt-BR`` text (not bare ``pt``); a ``zh-Hant`` column serves ``zh-Hant``,
    ``zh-TW`` and ``zh-HK`` text (their region implies the script)."""
    c, t = parse_lang(column), parse_lang(text)
    if c.language != t.language:
        return False
    if c.script and c.script != _text_script(t):
        return False
    if c.region and c.region != t.region:
        return False
    return set(c.variants) <= set(t.variants)


def _specificity(t: LangTag) -> tuple[int, int, int]:
    return (len(t.variants), t.region is not None, t.script is not None)


def columns_for(columns: Iterable[str], text: str, *, other_script: bool = False) -> list[str]:
    """The ``columns`` that serve ``text`` (see :func:`serves`), most specific first.

    For ``pt-BR`` text and columns ``pt``, ``pt-BR``, ``pt-PT``: ``["pt-BR", "pt"]``. A
    region outranks a script (``zh-TW`` before ``zh-Hant`` for ``zh-Hant-TW`` text). With
    ``other_script``, Chinese columns of the other script follow, as a last resort: the
    matcher folds Traditional to Simplified, so a ``zh-Hans`` term is found in ``zh-TW``
    text too."""
    t = parse_lang(text)
    cols = list(dict.fromkeys(columns))
    own = [c for c in cols if serves(c, t.tag)]
    own.sort(key=lambda c: _specificity(parse_lang(c)), reverse=True)
    if other_script and t.language == "zh":
        rest = [c for c in cols if c not in own and parse_lang(c).language == "zh"]
        rest.sort(key=lambda c: _specificity(parse_lang(c)))
        own += rest
    return own


def split_lang_pair(name: str) -> tuple[str, str] | None:
    """``"pt-en"`` / ``"en-zh-Hant"`` / ``"pt-BR-pt-PT"`` -> the two canonical tags, else None.

    File names and dataset configs join two tags with ``-``. The first split (shortest
    source tag) where both halves are tags wins; a region-looking half binds to the tag
    before it (``pt-BR-en`` is ``pt-BR`` + ``en``, not ``pt`` + ``BR-en``)."""
    parts = name.split("-")
    found: list[tuple[str, str]] = []
    for cut in range(1, len(parts)):
        a, b = "-".join(parts[:cut]), "-".join(parts[cut:])
        if is_lang_tag(a) and is_lang_tag(b) and len(parts[cut]) in (2, 3) and parts[cut].isalpha():
            if parts[cut].isupper() and cut + 1 < len(parts):
                continue  # "BR" of "pt-BR-en": a region, not a language
            found.append((normalize_lang(a), normalize_lang(b)))
    if not found:
        return None
    return found[0]


def closest(available: Iterable[str], tag: str) -> str | None:
    """The most specific of ``available`` tags that serves ``tag`` (:func:`serves`), else
    ``None``: a model's language codes keyed ``pt`` and ``zh-Hant`` serve ``pt-BR`` and
    ``zh-TW``."""
    found = columns_for(available, tag)
    return found[0] if found else None
