"""A generic ``name -> "module:Class"`` table with lazy import."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from align.errors import ConfigError


def load_backend(table: Mapping[str, str], kind: str, name: str, **opts: Any) -> Any:
    """Import and construct the backend ``name`` from ``table``; unknown names list the valid."""
    if name not in table:
        raise ConfigError(f"unknown {kind} {name!r}; choose one of: {', '.join(sorted(table))}")
    module, _, attr = table[name].partition(":")
    return getattr(importlib.import_module(module), attr)(**opts)
