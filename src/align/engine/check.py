"""``align check --engine ray``: the documents checked by the workers of an engine.

The driver reads the inputs (as ``align check`` always does: everything is read and
validated before a report is written); each document is then checked by a worker's
:class:`align.check.Checker`, built once per worker from the glossary and settings that
travel inside :class:`CheckTask`. Violations come back in input order; the baseline, the
summary and the report are the driver's, as in :func:`align.check.check_documents`.
Rules keep their state per document (``--consistency file``, the default), so the
verdicts are those of a local run; ``--consistency run`` compares documents with each
other and needs the local engine. The local pool streams the documents (a few in flight);
Ray Data receives them all at once, so with ``--engine ray`` the driver holds every input
document while the workers check them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from align.errors import ConfigError

if TYPE_CHECKING:
    from align.check import Baseline, CheckResult, Document
    from align.engine import Engine


@dataclass
class CheckTask:
    """Check one document (picklable: the glossary and settings go to each worker once;
    the worker builds its :class:`~align.check.Checker` on first use)."""

    glossary: Any
    config: Any = None
    _checker: Any = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        return {"glossary": self.glossary, "config": self.config, "_checker": None}

    def __call__(self, doc: Document) -> tuple[list[Any], Counter[str], int, str]:
        if self._checker is None:
            from align.check import Checker

            self._checker = Checker(self.glossary, self.config)
        violations, stats, units = self._checker.check(doc)
        return violations, stats, units, doc.path


def check_documents_on(engine: Engine, docs: Iterable[Document], glossary: Any, *,
                       baseline: Baseline | None = None, config: Any = None) -> CheckResult:
    """:func:`align.check.check_documents` with each document checked on ``engine``."""
    from align.check import Checker, CheckResult
    from align.qa.rules import RULES

    checker = Checker(glossary, config)  # the rules and settings of this run, as locally
    if checker.config.consistency == "run":
        raise ConfigError("--consistency run compares documents with each other; it needs "
                          "--engine local without --jobs")
    result = CheckResult(rules=tuple(r for r in RULES if r in checker.rules),
                         fail_on=checker.config.fail_on)
    left = baseline.remaining() if baseline is not None else None
    engine.start()
    for violations, stats, units, path in engine.map(CheckTask(glossary, config), docs):
        if left is not None:
            violations = [v for v in violations if not left.take(v)]
        result.violations += violations
        result.hits.update(stats)
        result.files.append(path)
        result.units += units
    if left is not None:
        result.baselined = left.taken
    return result


__all__ = ["CheckTask", "check_documents_on"]
