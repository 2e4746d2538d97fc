"""``align check``: a translation-QA gate for CI, terminology first.

Rules (:mod:`align.qa.rules`, each with a stable id and a severity; docs/check.md):
terminology through the term judge (:mod:`align.termjudge`: ``missing-term``,
``forbidden-term``, ``inconsistent-term``), and the QA checks of :mod:`align.qa`
(numbers, tags and placeholders, URLs, e-mail addresses, empty and untranslated targets,
whitespace, repeated words, terminal punctuation, brackets and quotes, inconsistency
both ways).

One module per job: :mod:`~align.check.model` (units, documents, violations),
:mod:`~align.check.read` (inputs, one file at a time), :mod:`~align.check.run` (the
rules), :mod:`~align.check.baseline` (accepted violations), :mod:`~align.check.report`
and :mod:`~align.check.sarif` (text, JSON, GitHub annotations, JUnit, SARIF 2.1.0).
Library code raises :class:`~align.errors.InputError` for bad input and never prints.
"""

from __future__ import annotations

from align.check.baseline import Baseline
from align.check.model import CheckResult, Document, Unit, Violation
from align.check.read import (
    MONO_EXTENSIONS,
    PAIR_EXTENSIONS,
    display_path,
    expand_inputs,
    iter_documents,
    load_documents,
    pair_of_name,
    read_jsonl_pairs,
    read_monolingual,
    read_parallel,
    read_store_pairs,
    read_tsv_pairs,
    split_lang_prefix,
)
from align.check.report import FORMATS, format_report, summary_line
from align.check.run import Checker, check_document, check_documents
from align.qa.rules import RULES

__all__ = [
    "FORMATS", "MONO_EXTENSIONS", "PAIR_EXTENSIONS", "RULES", "Baseline", "CheckResult",
    "Checker", "Document", "Unit", "Violation", "check_document", "check_documents",
    "display_path", "expand_inputs", "format_report", "iter_documents", "load_documents",
    "pair_of_name", "read_jsonl_pairs", "read_monolingual", "read_parallel",
    "read_store_pairs", "read_tsv_pairs", "split_lang_prefix", "summary_line",
]
