"""Running the rules: terminology through the term judge, QA checks, consistency."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from align.check.model import CheckResult, Document, Unit, Violation
from align.glossary.model import TermHit
from align.qa import segment_findings
from align.qa.config import CheckConfig
from align.qa.consistency import Consistency
from align.qa.markup import term_text
from align.qa.rules import RULES, TERM_RULES
from align.termjudge import JudgeCache, Judgement

if TYPE_CHECKING:
    from align.check.baseline import Baseline
    from align.glossary import Glossary


class Checker:
    """Runs the active rules over documents; keeps the state of the cross-segment rules
    (inconsistent renderings) for one run."""

    def __init__(self, glossary: Glossary | None, config: CheckConfig | None = None) -> None:
        self.config = config or CheckConfig()
        rules = self.config.rules
        if glossary is None:
            rules = frozenset(r for r in rules if r not in TERM_RULES)
        self.rules = rules
        self.judges = JudgeCache(glossary) if glossary is not None else None
        self._qa = frozenset(r for r in rules if r not in TERM_RULES and RULES[r].applies != "run")
        self._consistency = (
            Consistency("inconsistent-target" in rules, "inconsistent-source" in rules)
            if {"inconsistent-target", "inconsistent-source"} & rules
            else None
        )
        self._chosen: dict[tuple[str, str, str], str] = {}  # inconsistent-term state
        self._severity = {r: self.config.severity_of(r) for r in RULES}

    def check(self, doc: Document) -> tuple[list[Violation], Counter[str], int]:
        """(violations, term hits by status, units checked) of one document."""
        out: list[Violation] = []
        stats: Counter[str] = Counter()
        n = 0
        run_scope = self.config.consistency == "run"
        for unit in doc.units:
            n += 1
            src = unit.src
            t_lang = unit.tgt_lang or doc.tgt_lang
            s_lang = (unit.src_lang or doc.src_lang) if src is not None else None
            if self.judges is not None:
                self._terms(doc.path, unit, s_lang, t_lang, out, stats)
            if self._qa:
                for f in segment_findings(src, unit.tgt, s_lang, t_lang, self._qa, unit.codes):
                    out.append(Violation(
                        f.rule, doc.path, unit.line, f.start + 1 if f.end > f.start else 0,
                        lang=t_lang if f.side == "target" else s_lang or "",
                        found=f.found or None, severity=self._severity[f.rule], detail=f.message,
                        end_column=f.end + 1 if f.end > f.start else 0, source_text=src,
                        target_text=unit.tgt, side=f.side,
                    ))
            if self._consistency is not None and src is not None:
                scope = "" if run_scope else unit.doc or doc.path
                for rule, first in self._consistency.add(scope, src, unit.tgt, doc.path, unit.line):
                    what = "source" if rule == "inconsistent-target" else "target"
                    other = "target" if rule == "inconsistent-target" else "source"
                    out.append(Violation(
                        rule, doc.path, unit.line, 1, lang=t_lang if other == "target" else s_lang or "",
                        found=unit.tgt if other == "target" else src,
                        severity=self._severity[rule],
                        detail=f"the same {what} has another {other} at {first.file}:{first.line}",
                        end_column=len(unit.tgt if other == "target" else src) + 1,
                        source_text=src, target_text=unit.tgt, side=other,
                    ))
        return out, stats, n

    def _terms(
        self, path: str, unit: Unit, s_lang: str | None, t_lang: str,
        out: list[Violation], stats: Counter[str],
    ) -> None:
        assert self.judges is not None
        judge = self.judges(s_lang, t_lang)
        # inline codes and links are not term text: "<b>box</b> camera" has "box camera"
        src = term_text(unit.src)[0] if unit.src is not None else None
        tgt, offsets = term_text(unit.tgt)
        j = judge.judge(src, tgt)
        if not j.target_hits and not j.requested:
            return
        if offsets is not None:
            j = _shift(j, offsets)
        rules = self.rules
        for h in j.target_hits:
            stats[h.status] += 1
        if "forbidden-term" in rules:
            for h in j.forbidden:
                v = j.verdict(h.entry_id)
                src_term = v.source.surface if v is not None else next(
                    (s.surface for s in j.source_hits if s.entry_id == h.entry_id), None)
                out.append(Violation(
                    "forbidden-term", path, unit.line, h.start + 1, h.entry_id, t_lang,
                    judge.expected(h.entry_id), h.surface, src_term,
                    severity=self._severity["forbidden-term"],
                    end_column=h.end + 1, source_text=unit.src, target_text=unit.tgt,
                ))
        for v in j.requested:
            if v.verdict == "missing":
                if "missing-term" in rules:
                    out.append(Violation(
                        "missing-term", path, unit.line, 0, v.entry_id, t_lang, v.expected,
                        None, v.source.surface, severity=self._severity["missing-term"],
                        source_text=unit.src, target_text=unit.tgt,
                    ))
                continue
            if not v.accepted or "inconsistent-term" not in rules:
                continue
            key = (unit.doc, v.entry_id, v.source.term)  # per source term, as the rule says
            first = self._chosen.setdefault(key, v.accepted[0].term)
            if all(h.term != first for h in v.accepted):
                h = v.accepted[0]
                out.append(Violation(
                    "inconsistent-term", path, unit.line, h.start + 1, v.entry_id, t_lang,
                    (first,), h.surface, v.source.surface,
                    severity=self._severity["inconsistent-term"], end_column=h.end + 1,
                    source_text=unit.src, target_text=unit.tgt,
                ))


def _shift(j: Judgement, offsets: list[int]) -> Judgement:
    """The judgement of a tag-stripped target with its spans in the original target."""
    from dataclasses import replace

    def move(h: TermHit) -> TermHit:
        return replace(h, start=offsets[h.start], end=offsets[h.end - 1] + 1)

    return replace(
        j,
        requested=tuple(replace(v, accepted=tuple(map(move, v.accepted)),
                                forbidden=tuple(map(move, v.forbidden))) for v in j.requested),
        forbidden=tuple(map(move, j.forbidden)),
        target_hits=tuple(map(move, j.target_hits)),
    )


def check_document(
    doc: Document, glossary: Glossary | None, config: CheckConfig | None = None
) -> tuple[list[Violation], Counter[str]]:
    """Run the rules over one document; return its violations and term hits by status."""
    violations, stats, _ = Checker(glossary, config).check(doc)
    return violations, stats


def check_documents(
    docs: Iterable[Document],
    glossary: Glossary | None,
    *,
    baseline: Baseline | None = None,
    config: CheckConfig | None = None,
) -> CheckResult:
    """Check every document (read one at a time when ``docs`` is lazy); violations the
    ``baseline`` accepts are counted, not returned."""
    checker = Checker(glossary, config)
    result = CheckResult(rules=tuple(r for r in RULES if r in checker.rules),
                         fail_on=checker.config.fail_on)
    left = baseline.remaining() if baseline is not None else None
    for doc in docs:
        found, stats, n = checker.check(doc)
        if left is not None:
            found = [v for v in found if not left.take(v)]
        result.violations += found
        result.hits.update(stats)
        result.files.append(doc.path)
        result.units += n
    if left is not None:
        result.baselined = left.taken
    return result
