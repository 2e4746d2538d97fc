"""Placeholder tokens: text an MT backend must copy through unchanged.

One mechanism serves two masks: glossary terms (:mod:`align.translate.enforce`, indices
from 0) and inline codes of XLIFF/TMX (:mod:`align.bilingual.inline`, indices from
:data:`CODE_BASE`), so both can sit in one segment without colliding. A *family* is a
pattern with ``{i}`` (``ZXQ{i}``, ``[T{i}]``); a backend lists the families that survive
it best as ``placeholder_families`` (measured by ``scripts/bench_translate.py``).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["CODE_BASE", "DEFAULT_FAMILIES", "families_of", "placeholder_pattern", "strip_codes",
           "token"]

#: Families tried in order when the backend names none.
DEFAULT_FAMILIES: tuple[str, ...] = ("ZXQ{i}", "[T{i}]")

#: First index used for inline codes; glossary terms use 0, 1, ... (fewer than this).
CODE_BASE = 50


def families_of(translator: Any) -> tuple[str, ...]:
    """The placeholder families ``translator`` copies through best, best first."""
    return tuple(getattr(translator, "placeholder_families", DEFAULT_FAMILIES))


def token(family: str, i: int) -> str:
    """The placeholder number ``i`` of ``family`` (``ZXQ{i}``, 3 -> ``ZXQ3``)."""
    return family.format(i=i)


def placeholder_pattern(family: str, i: int) -> re.Pattern[str]:
    """A pattern for placeholder ``i`` as a backend may return it (case, an inner space).

    ``ZXQ5`` does not match inside ``ZXQ50``.
    """
    before, _, after = family.partition("{i}")
    tail = r"(?!\d)" if not after else r"\s?" + re.escape(after)
    return re.compile(re.escape(before) + r"\s?" + str(i) + tail, re.IGNORECASE)


def strip_codes(text: str, family: str) -> str:
    """``text`` without its inline-code placeholders (indices from :data:`CODE_BASE`), for
    showing a masked segment to people (reports)."""
    before, _, after = family.partition("{i}")
    pat = re.compile(r"\s?" + re.escape(before) + r"\s?(\d+)" + (
        r"(?!\d)" if not after else r"\s?" + re.escape(after)), re.IGNORECASE)
    out = pat.sub(lambda m: m.group(0) if int(m.group(1)) < CODE_BASE else "", text)
    return out.strip()
