"""Glossary validation: ids, language tags, preferred terms, contradictions."""

from __future__ import annotations

import re
from collections.abc import Iterable

from align.errors import InputError
from align.glossary.fold import fold
from align.glossary.model import Entry
from align.lang import normalize_lang

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")


def validate_entries(
    entries: list[Entry],
    *,
    source: str | None = None,
    lines: dict[str, int] | None = None,
    required: Iterable[str] = (),
) -> None:
    """Raise :class:`InputError` (``file:line: ...``) on the first problem found.

    Checks: ids present, well formed and unique; language tags well-formed BCP-47 (any
    language; readers canonicalise ``pt_BR`` to ``pt-BR`` before this); a preferred
    term wherever variants are given; no term both accepted and forbidden in one
    language (after case and width folding, across the whole glossary); every
    ``required`` language present in every entry.
    """
    lines = lines or {}
    required = [normalize_lang(r, where="required language") for r in required]

    def where(entry_id: str | None) -> str:
        name = source or "<glossary>"
        line = lines.get(entry_id or "")
        return f"{name}:{line}" if line else name

    if not entries:
        raise InputError(f"{source or '<glossary>'}: glossary has no entries")
    seen: dict[str, int] = {}
    accepted: dict[tuple[str, str], str] = {}
    forbidden: dict[tuple[str, str], str] = {}
    for i, e in enumerate(entries):
        if not e.id or not _ID_RE.match(e.id):
            raise InputError(
                f"{where(e.id)}: bad entry id {e.id!r} (letters, digits, . _ : - only)"
            )
        if e.id in seen:
            raise InputError(f"{where(e.id)}: duplicate entry id {e.id!r}; ids must be unique")
        seen[e.id] = i
        if not e.terms:
            raise InputError(f"{where(e.id)}: entry {e.id!r} has no terms in any language")
        for lang in required:
            if not e.columns_for(lang):
                raise InputError(f"{where(e.id)}: entry {e.id!r} has no {lang} term (required)")
        for lang, lt in e.terms.items():
            canon = normalize_lang(lang, where=f"{where(e.id)}: entry {e.id!r}")
            if canon != lang:
                raise InputError(f"{where(e.id)}: entry {e.id!r}: language tag {lang!r} is not "
                                 f"in canonical form; write it as {canon!r}")
            if not lt.preferred.strip():
                raise InputError(
                    f"{where(e.id)}: entry {e.id!r} has {lang} variants but no preferred term"
                )
            for term, status in lt.all_terms():
                if not term.strip() or term != term.strip() or "\t" in term or "\n" in term:
                    raise InputError(f"{where(e.id)}: entry {e.id!r}: bad {lang} term {term!r}")
                key = (lang, fold(term, lang))
                if status == "forbidden":
                    other = accepted.get(key)
                    forbidden.setdefault(key, e.id)
                else:
                    other = forbidden.get(key)
                    accepted.setdefault(key, e.id)
                if other is not None:
                    owner = f"entry {other!r}" if other != e.id else "the same entry"
                    raise InputError(
                        f"{where(e.id)}: entry {e.id!r}: {lang} term {term!r} is {status} "
                        f"here but {'accepted' if status == 'forbidden' else 'forbidden'} "
                        f"in {owner}; remove one of them"
                    )

