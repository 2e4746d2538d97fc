"""Glossary findings for the beads under review, from the one term judge.

:func:`term_findings` is the review's only door to the judge: today it runs
:func:`align.check.check_document` over the beads (one unit per bead); when the term-judge
module lands, only this function changes. A finding carries the character span to
highlight in the bead's source or target text (its sentences joined), or no span when the
judge gives no place for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from align.glossary import Glossary

#: Finding rules, as the judge names them.
RULES = ("missing-term", "forbidden-term", "inconsistent-term")


@dataclass(frozen=True, slots=True)
class TermFinding:
    """One glossary finding in one bead."""

    bead: int  # index into the beads given to term_findings
    rule: str  # missing-term | forbidden-term | inconsistent-term
    side: str  # "src" (a missing term's source occurrence) or "tgt"
    start: int | None  # span in the bead's side text (sentences joined); None: the whole bead
    end: int | None
    entry_id: str
    expected: tuple[str, ...]  # accepted renderings, preferred first
    found: str | None  # the offending surface; None for a missing term
    source_term: str | None
    message: str


def glossary_languages(glossary: Glossary, src_lang: str, tgt_lang: str) -> tuple[str, str] | None:
    """Both languages as the glossary names them, or None when it cannot judge this pair."""
    from align.errors import InputError
    from align.lang import normalize_lang

    try:
        s, t = normalize_lang(src_lang), normalize_lang(tgt_lang)
    except InputError:
        return None
    langs = set(glossary.languages)
    return (s, t) if s in langs and t in langs else None


def term_findings(glossary: Glossary, src_lang: str, tgt_lang: str,
                  texts: Sequence[tuple[str, str]], *, name: str = "") -> list[TermFinding]:
    """Findings for beads given as (source text, target text), in document order.

    Consistency is judged over the whole sequence (one document). Returns no findings
    when the glossary has no terms in one of the two languages.
    """
    from align.check import Document, Unit, check_document
    from align.qa.config import CheckConfig

    langs = glossary_languages(glossary, src_lang, tgt_lang)
    if langs is None:
        return []
    units = [Unit(tgt=t, src=s, line=i + 1, doc=name) for i, (s, t) in enumerate(texts)]
    terms_only = CheckConfig(rules=frozenset(RULES))  # check runs the QA rules too by default
    violations, _ = check_document(Document(name, units, langs[1], langs[0]), glossary, terms_only)
    out = []
    for v in violations:
        i = v.line - 1
        src, tgt = texts[i]
        start: int | None
        if v.rule == "missing-term":
            side, start = "src", -1
            if v.source_term:
                start = src.find(v.source_term)
                if start < 0:
                    start = src.lower().find(v.source_term.lower())
            end = start + len(v.source_term or "") if start >= 0 else None
        else:
            side = "tgt"
            start = v.column - 1 if v.column > 0 and v.found else -1
            end = start + len(v.found or "") if start >= 0 else None
            if end is not None and tgt[start:end] != v.found:  # be safe about the judge's columns
                start = tgt.find(v.found or "")
                end = start + len(v.found or "") if start >= 0 else None
        out.append(TermFinding(i, v.rule, side, start if start is not None and start >= 0 else None,
                               end, v.entry_id, tuple(v.expected), v.found, v.source_term,
                               v.message()))
    return out
