"""Simplified <-> Traditional Chinese conversion with OpenCC, glossary terms overriding.

OpenCC's phrase-level configurations do the conversion (``s2twp``: Simplified to Taiwan
Traditional with Taiwan phrasing; ``tw2sp``: the reverse). Where a glossary is given,
every glossary term found in the source keeps the glossary's own rendering in the target
script instead of whatever OpenCC would produce, so domain terms and names stay exactly
as the glossary prescribes.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from align.errors import BackendUnavailable, ConfigError
from align.lang import han_script, normalize_lang

#: (source script, target script) -> OpenCC configuration; any Chinese tag is read by its
#: script (``zh-CN`` -> ``zh-Hans``, ``zh-TW`` / ``zh-HK`` -> ``zh-Hant``).
CONFIGS: dict[tuple[str, str], str] = {
    ("zh-Hans", "zh-Hant"): "s2twp",
    ("zh-Hant", "zh-Hans"): "tw2sp",
}


def _script_key(tag: str) -> str:
    script = han_script(tag)
    return f"zh-{script}" if script else normalize_lang(tag)


@cache
def _converter(config: str) -> Any:
    try:
        import opencc
    except ImportError as exc:  # pragma: no cover - opencc is a core dependency
        raise BackendUnavailable("script conversion needs opencc: pip install opencc") from exc
    return opencc.OpenCC(config)


def convert_script(text: str, src_lang: str, tgt_lang: str, *, glossary: Any = None) -> str:
    """Convert ``text`` from ``src_lang`` to ``tgt_lang`` (``zh-Hans`` / ``zh-Hant``).

    With ``glossary`` (an :class:`align.glossary.Glossary`), each preferred or allowed
    source-script term found in the text is replaced by the entry's preferred target-script
    term when the entry has one; forbidden variants are converted like any other text.
    """
    src, tgt = _script_key(src_lang), _script_key(tgt_lang)
    config = CONFIGS.get((src, tgt))
    if config is None:
        pairs = ", ".join(f"{a}->{b}" for a, b in CONFIGS)
        raise ConfigError(f"cannot convert {src} to {tgt}; supported: {pairs}")
    conv = _converter(config)
    if glossary is None:
        return str(conv.convert(text))
    out: list[str] = []
    pos = 0
    for hit in glossary.matcher(src_lang).find(text):
        terms = glossary.get(hit.entry_id).terms_for(tgt_lang)
        if hit.status == "forbidden" or terms is None:
            continue
        out.append(conv.convert(text[pos:hit.start]))
        out.append(terms.preferred)
        pos = hit.end
    out.append(conv.convert(text[pos:]))
    return "".join(out)
