"""Helpers shared by the glossary readers."""

from __future__ import annotations

from align.errors import InputError
from align.glossary.model import MATCH_MODES, VARIANT_SEP


def _split(cell: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in cell.split(VARIANT_SEP) if t.strip())


def _bool(value: str, where: str) -> bool:
    v = value.strip().lower()
    if v in ("", "0", "false", "no", "n"):
        return False
    if v in ("1", "true", "yes", "y"):
        return True
    raise InputError(f"{where}: case_sensitive must be yes/no or true/false, got {value!r}")


def _claim_id(lines: dict[str, int], entry_id: str, line: int, where: str) -> None:
    """Record ``entry_id`` as defined on ``line``; a second definition is an InputError."""
    if entry_id in lines:
        first = lines[entry_id]
        seen = f" (first on line {first})" if first and first != line else ""
        raise InputError(f"{where}: duplicate entry id {entry_id!r}{seen}")
    lines[entry_id] = line



def _match(value: str, where: str) -> str | None:
    """An entry's ``match`` cell: empty (the language's default), ``lemma`` or ``exact``."""
    v = value.strip().lower()
    if not v:
        return None
    if v not in MATCH_MODES:
        raise InputError(f"{where}: match must be {' or '.join(MATCH_MODES)} (or empty), got {value!r}")
    return v
