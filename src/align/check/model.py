"""What ``align check`` reads and reports: units, documents, violations, results."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from align.glossary import fold
from align.qa.rules import TERM_RULES

Codes = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Unit:
    """One thing to check: a source/target pair, or (``src is None``) a monolingual line.

    ``src_lang``/``tgt_lang`` are set when the record itself names its languages (they
    win over the document's); ``codes`` are the inline codes of an XLIFF unit (source
    side, target side), which are not part of ``src``/``tgt``.
    """

    tgt: str
    src: str | None = None
    line: int = 0  # 1-based line of the target text in its file (0: unknown)
    doc: str = ""  # consistency is checked per document
    src_lang: str | None = None
    tgt_lang: str | None = None
    codes: Codes | None = None


@dataclass
class Document:
    """Units read from one input, with their (default) languages."""

    path: str
    units: Iterable[Unit]
    tgt_lang: str
    src_lang: str | None = None  # None: monolingual

    @property
    def monolingual(self) -> bool:
        return self.src_lang is None


@dataclass(frozen=True)
class Violation:
    """One rule broken at one place.

    Every violation carries its rule id and severity, the file and line, the source and
    target segment texts and the offending span (``column``..``end_column`` in the text
    named by ``side``; 1-based, 0 when there is nothing to point at). Term rules also
    name the glossary entry, the accepted renderings and the source term.
    """

    rule: str
    file: str
    line: int
    column: int  # 1-based character column of the offending span (0: not applicable)
    entry_id: str = ""
    lang: str = ""  # language of the text that violates the rule
    expected: tuple[str, ...] = ()  # accepted renderings (preferred first), term rules
    found: str | None = None  # the offending text; None when something is missing
    source_term: str | None = None  # the source-language term that triggered the rule
    severity: str = "error"
    detail: str = ""  # what is wrong (non-term rules)
    end_column: int = 0  # 1-based column just after the offending span (0: not known)
    source_text: str | None = None  # the source segment (None: monolingual)
    target_text: str = ""  # the target segment
    side: str = "target"  # which text column/end_column point into

    def message(self) -> str:
        """``rule: what is wrong`` (the text format without the location)."""
        if self.rule not in TERM_RULES:
            return f"{self.rule}: {self.detail}"
        src = self.source_term if self.source_term else f"[{self.entry_id}]"
        exp = " | ".join(f'"{t}"' for t in self.expected[:3]) or "(no term)"
        if len(self.expected) > 3:
            exp += " | ..."
        found = f'"{self.found}"' if self.found is not None else "none"
        return f"{self.rule}: {src} -> {exp}, found {found} ({self.entry_id}, {self.lang})"

    def fingerprint(self) -> str:
        """12 hex digits identifying the segment pair (not its place in the file)."""
        data = f"{self.source_text or ''}\t{self.target_text}".encode()
        return hashlib.sha1(data, usedforsecurity=False).hexdigest()[:12]

    def key(self) -> tuple[str, str, str, str, str, str]:
        """What a baseline remembers: no line numbers, so unrelated edits keep it valid.

        Term rules: (file, rule, entry, lang, found, source term). Other rules: (file,
        rule, "", lang, found, ``seg:`` + the segment's fingerprint), so the same slip in
        another segment is new.
        """
        found = fold(self.found, self.lang or "en") if self.found else ""
        if self.rule in TERM_RULES:
            return (self.file, self.rule, self.entry_id, self.lang, found, self.source_term or "")
        return (self.file, self.rule, "", self.lang, found, "seg:" + self.fingerprint())


_new = object.__new__
_setattr = object.__setattr__


def make_violation(
    rule: str,
    file: str,
    line: int,
    column: int,
    entry_id: str = "",
    lang: str = "",
    expected: tuple[str, ...] = (),
    found: str | None = None,
    source_term: str | None = None,
    severity: str = "error",
    detail: str = "",
    end_column: int = 0,
    source_text: str | None = None,
    target_text: str = "",
    side: str = "target",
) -> Violation:
    """``Violation(...)`` with the same arguments, built without the frozen dataclass's
    field-by-field ``__setattr__`` (the checker builds one per finding)."""
    v = _new(Violation)
    _setattr(v, "__dict__", {
        "rule": rule, "file": file, "line": line, "column": column, "entry_id": entry_id,
        "lang": lang, "expected": expected, "found": found, "source_term": source_term,
        "severity": severity, "detail": detail, "end_column": end_column,
        "source_text": source_text, "target_text": target_text, "side": side,
    })
    return v


@dataclass
class CheckResult:
    """Violations plus the counts a summary needs."""

    violations: list[Violation] = field(default_factory=list)
    baselined: int = 0
    files: list[str] = field(default_factory=list)
    units: int = 0
    hits: Counter[str] = field(default_factory=Counter)  # status -> count in checked texts
    rules: tuple[str, ...] = ()  # the rules that ran, in report order
    fail_on: str = "error"

    @property
    def failing(self) -> list[Violation]:
        """The violations that fail the run (errors; warnings too with fail-on warning)."""
        return [v for v in self.violations if v.severity == "error" or self.fail_on == "warning"]

    @property
    def clean(self) -> bool:
        """True when nothing fails the run (warnings alone do not, by default)."""
        return not self.failing
