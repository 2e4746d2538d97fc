"""The rules of ``align check``: stable ids, default severity, on by default or opt-in.

A rule id never changes meaning once released: baselines, SARIF results and project
configuration files refer to it. Severities and the set of active rules are configurable
per project (:mod:`align.qa.config`).
"""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES: tuple[str, ...] = ("error", "warning")


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: what it finds, how bad it is by default, and what it applies to."""

    id: str
    severity: str  # default severity: "error" or "warning"
    default: bool  # on unless disabled (False: opt-in)
    applies: str  # "pair" (needs a source), "target" (also monolingual text), "run"
    summary: str  # one line for --help, JSON and SARIF rule descriptions


_ALL = (
    Rule("missing-term", "error", True, "pair",
         "A glossary term of the source has neither its preferred nor an allowed rendering "
         "in the target."),
    Rule("forbidden-term", "error", True, "target",
         "The target contains a forbidden variant of a glossary term."),
    Rule("inconsistent-term", "error", True, "pair",
         "Within one document, a source term is rendered with a different accepted target "
         "term than the first time."),
    Rule("number-mismatch", "error", True, "pair",
         "A number differs between source and target (read with each language's decimal "
         "and grouping separators), or the target uses the other decimal separator."),
    Rule("empty-target", "error", True, "pair", "The source has text and the target is empty."),
    Rule("untranslated", "error", True, "pair",
         "The target repeats the source (ignoring numbers, punctuation and names)."),
    Rule("tag-mismatch", "error", True, "pair",
         "Inline tags, XLIFF codes or placeholders ({0}, %s, %1$d, <b>...</b>) differ "
         "between source and target, or the target's tags are misnested."),
    Rule("url-mismatch", "error", True, "pair", "A URL differs between source and target."),
    Rule("email-mismatch", "error", True, "pair",
         "An e-mail address differs between source and target."),
    Rule("whitespace-edges", "warning", True, "pair",
         "Leading or trailing whitespace of the target differs from the source's."),
    Rule("double-space", "warning", True, "target",
         "The target has a run of two or more spaces (more runs than its source)."),
    Rule("repeated-word", "warning", True, "target",
         'A word is written twice in a row in the target ("the the").'),
    Rule("end-punctuation", "warning", True, "pair",
         "The terminal punctuation differs in kind (question, exclamation, statement, "
         "colon, ellipsis; CJK and Latin marks are equivalent)."),
    Rule("unbalanced-brackets", "warning", True, "target",
         "The target has an unmatched bracket or quote where the source has none."),
    Rule("inconsistent-target", "warning", True, "run",
         "One source segment is rendered by two different targets (in one file, or in the "
         "whole run with consistency = \"run\")."),
    Rule("inconsistent-source", "warning", False, "run",
         "Two different source segments are rendered by the same target (opt-in)."),
)

#: Every rule, by id, in report order.
RULES: dict[str, Rule] = {r.id: r for r in _ALL}
#: The terminology rules (answered by :mod:`align.termjudge`).
TERM_RULES: tuple[str, ...] = ("missing-term", "forbidden-term", "inconsistent-term")
#: Rules on by default.
DEFAULT_RULES: frozenset[str] = frozenset(r.id for r in _ALL if r.default)
