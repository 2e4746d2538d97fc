"""``align check --engine ray``: the documents checked by the workers of an engine.

The driver reads the inputs (as ``align check`` always does: everything is read and
validated before a report is written); each document is then checked by a worker with
:func:`align.check.check_document`, the glossary travelling once per worker inside
:class:`CheckTask`. Violations come back in input order, and the baseline, the summary and
the report are the driver's, exactly as in :func:`align.check.check_documents`. Rules look
at one document at a time, so the verdicts are those of a local run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from align.check import Baseline, CheckResult, Document
    from align.engine import Engine


@dataclass(frozen=True)
class CheckTask:
    """Check one document against a glossary (picklable: built once, sent to each worker)."""

    glossary: Any

    def __call__(self, doc: Document) -> tuple[list[Any], Counter[str], int, str]:
        from align.check import check_document

        violations, stats = check_document(doc, self.glossary)
        return violations, stats, len(doc.units), doc.path


def check_documents_on(engine: Engine, docs: Iterable[Document], glossary: Any, *,
                       baseline: Baseline | None = None) -> CheckResult:
    """:func:`align.check.check_documents` with each document checked on ``engine``."""
    from align.check import CheckResult

    result = CheckResult()
    found: list[Any] = []
    engine.start()
    for violations, stats, units, path in engine.map(CheckTask(glossary), docs):
        found += violations
        result.hits.update(stats)
        result.files.append(path)
        result.units += units
    if baseline is not None:
        found, result.baselined = baseline.filter(found)
    result.violations = found
    return result


__all__ = ["CheckTask", "check_documents_on"]
