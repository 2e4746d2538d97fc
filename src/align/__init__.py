"""align: translation and cross-lingual alignment toolkit.

The public API is re-exported here lazily, so ``import align`` stays light: no model,
torch, transformers or datasets is imported until a function that needs it is called.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "AlignError": "align.errors",
    "InputError": "align.errors",
    "UsageError": "align.errors",
    "ConfigError": "align.errors",
    "BackendError": "align.errors",
    "BackendUnavailable": "align.errors",
    "Bead": "align.records",
    "Segment": "align.records",
    "normalize_lang": "align.lang",
    "read_text": "align.io",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'align' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


__all__ = ["__version__", *_EXPORTS]
