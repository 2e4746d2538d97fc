"""Running the rules: terminology through the term judge, QA checks, consistency."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from align.check.model import CheckResult, Document, Unit, Violation, make_violation
from align.qa import SegmentChecks
from align.qa.config import CheckConfig
from align.qa.consistency import Consistency
from align.qa.markup import term_text
from align.qa.rules import RULES, TERM_RULES
from align.termjudge import JudgeCache, TermJudge

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
        qa = frozenset(r for r in rules if r not in TERM_RULES and RULES[r].applies != "run")
        self._qa = SegmentChecks(qa) if qa else None
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
        path = doc.path
        qa = self._qa
        consistency = self._consistency
        severity = self._severity
        judges = self.judges
        judge = None
        judge_langs: tuple[str | None, str] | None = None
        for unit in doc.units:
            n += 1
            src = unit.src
            tgt = unit.tgt
            t_lang = unit.tgt_lang or doc.tgt_lang
            s_lang = (unit.src_lang or doc.src_lang) if src is not None else None
            if judges is not None:
                if judge_langs != (s_lang, t_lang):
                    judge_langs = (s_lang, t_lang)
                    judge = judges(s_lang, t_lang)
                assert judge is not None
                self._terms(judge, path, unit, t_lang, out, stats)
            if qa is not None:
                for f in qa(src, tgt, s_lang, t_lang, unit.codes):
                    span = f.end > f.start
                    out.append(make_violation(
                        f.rule, path, unit.line, f.start + 1 if span else 0,
                        lang=t_lang if f.side == "target" else s_lang or "",
                        found=f.found or None, severity=severity[f.rule], detail=f.message,
                        end_column=f.end + 1 if span else 0, source_text=src,
                        target_text=tgt, side=f.side,
                    ))
            if consistency is not None and src is not None:
                scope = "" if run_scope else unit.doc or path
                for rule, first in consistency.add(scope, src, tgt, path, unit.line):
                    what = "source" if rule == "inconsistent-target" else "target"
                    other = "target" if rule == "inconsistent-target" else "source"
                    out.append(make_violation(
                        rule, path, unit.line, 1, lang=t_lang if other == "target" else s_lang or "",
                        found=tgt if other == "target" else src,
                        severity=severity[rule],
                        detail=f"the same {what} has another {other} at {first.file}:{first.line}",
                        end_column=len(tgt if other == "target" else src) + 1,
                        source_text=src, target_text=tgt, side=other,
                    ))
        return out, stats, n

    def _terms(
        self, judge: TermJudge, path: str, unit: Unit, t_lang: str,
        out: list[Violation], stats: Counter[str],
    ) -> None:
        # inline codes and links are not term text: "<b>box</b> camera" has "box camera"
        src = term_text(unit.src)[0] if unit.src is not None else None
        tgt, offsets = term_text(unit.tgt)
        j = judge.judge_spans(src, tgt)
        if j is None or (not j.target and not j.requested):
            return
        target = j.target
        stats.update([c.status for _, _, c in target])
        rules = self.rules
        severity = self._severity

        def span(k: int) -> tuple[int, int, str]:
            """Columns (1-based, into the unit's own target) and text of target hit k."""
            s, e, _ = target[k]
            if offsets is None:
                return s + 1, e + 1, tgt[s:e]
            return offsets[s] + 1, offsets[e - 1] + 2, tgt[s:e]

        if j.forbidden and "forbidden-term" in rules:
            assert src is not None or not j.source
            for k in j.forbidden:
                eid = target[k][2].entry_id
                first = next((v.source[0] for v in j.requested if v.entry_id == eid), None)
                if first is None:
                    first = next((i for i, sp in enumerate(j.source) if sp[2].entry_id == eid), None)
                src_term = None
                if first is not None and src is not None:
                    s0, e0, _ = j.source[first]
                    src_term = src[s0:e0]
                col, end, surface = span(k)
                out.append(make_violation(
                    "forbidden-term", path, unit.line, col, eid, t_lang,
                    judge.expected(eid), surface, src_term,
                    severity=severity["forbidden-term"],
                    end_column=end, source_text=unit.src, target_text=unit.tgt,
                ))
        if not j.requested:
            return
        assert src is not None
        consistent = "inconsistent-term" in rules
        for v in j.requested:
            s0, e0, c0 = j.source[v.source[0]]
            if v.verdict == "missing":
                if "missing-term" in rules:
                    out.append(make_violation(
                        "missing-term", path, unit.line, 0, v.entry_id, t_lang,
                        judge.expected(v.entry_id), None, src[s0:e0],
                        severity=severity["missing-term"],
                        source_text=unit.src, target_text=unit.tgt,
                    ))
                continue
            if not v.accepted or not consistent:
                continue
            key = (unit.doc, v.entry_id, c0.term)  # per source term, as the rule says
            first_term = self._chosen.setdefault(key, target[v.accepted[0]][2].term)
            if all(target[k][2].term != first_term for k in v.accepted):
                col, end, surface = span(v.accepted[0])
                out.append(make_violation(
                    "inconsistent-term", path, unit.line, col, v.entry_id, t_lang,
                    (first_term,), surface, src[s0:e0],
                    severity=severity["inconsistent-term"], end_column=end,
                    source_text=unit.src, target_text=unit.tgt,
                ))


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
