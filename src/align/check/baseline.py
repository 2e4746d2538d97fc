"""Baselines: accepted existing violations, so CI fails only on new ones.

A baseline counts violations per key (:meth:`Violation.key`: file, rule and what was
found, never the line), so editing elsewhere in a file keeps it valid and a second
occurrence of an accepted slip is new. Keys start with the rule: updating a baseline
after a run replaces the rows of the rules that ran and keeps the rows of the others,
so a team adopts a new check (``--enable RULE --update-baseline``) without touching
the slips it accepted under the old ones.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from align.check.model import Violation
from align.errors import InputError

_FIELDS = ("file", "rule", "entry", "lang", "found", "source")


@dataclass
class Baseline:
    """Accepted existing violations, counted per (file, rule, entry, lang, found, source).

    Each row may carry a ``note`` saying why it is accepted; notes survive
    ``--update-baseline`` for rows that are still present.
    """

    counts: Counter[tuple[str, ...]] = field(default_factory=Counter)
    notes: dict[tuple[str, ...], str] = field(default_factory=dict)

    @classmethod
    def from_violations(cls, violations: Iterable[Violation]) -> Baseline:
        return cls(Counter(v.key() for v in violations))

    def remaining(self) -> _Remaining:
        """A consumable copy of the counts, for filtering violations as they come."""
        return _Remaining(Counter(self.counts))

    def filter(self, violations: Sequence[Violation]) -> tuple[list[Violation], int]:
        """(violations not covered by the baseline, number covered)."""
        left = self.remaining()
        new = [v for v in violations if not left.take(v)]
        return new, left.taken

    def updated(self, violations: Iterable[Violation], rules: Collection[str]) -> Baseline:
        """The baseline after a run of ``rules`` that found ``violations``: those rules'
        rows replaced by the current violations, other rules' rows kept, notes kept for
        rows still present."""
        fresh = Baseline.from_violations(violations)
        for k, n in self.counts.items():
            if k[1] not in rules:
                fresh.counts[k] += n
        fresh.notes = {k: note for k, note in self.notes.items() if k in fresh.counts}
        return fresh

    def dumps(self) -> str:
        rows = [
            dict(zip(_FIELDS, k, strict=True), count=n)
            | ({"note": self.notes[k]} if k in self.notes else {})
            for k, n in sorted(self.counts.items())
        ]
        return (
            json.dumps({"align_baseline": 1, "violations": rows}, ensure_ascii=False, indent=1)
            + "\n"
        )

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        from align.io import read_text

        text = read_text(path)
        try:
            data = json.loads(text)
            rows = data["violations"]
            counts: Counter[tuple[str, ...]] = Counter()
            notes: dict[tuple[str, ...], str] = {}
            for r in rows:
                k = (r["file"], r["rule"], r["entry"], r["lang"], r.get("found", ""),
                     r.get("source", ""))
                counts[k] += int(r.get("count", 1))
                if r.get("note"):
                    notes[k] = str(r["note"])
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{path}:{exc.lineno}: baseline is not valid JSON ({exc.msg})"
            ) from None
        except (KeyError, TypeError, ValueError, AttributeError):
            raise InputError(
                f"{path}: not an align baseline; write one with "
                "`align check ... --baseline FILE --update-baseline`"
            ) from None
        return cls(counts, notes)


@dataclass
class _Remaining:
    left: Counter[tuple[str, ...]]
    taken: int = 0

    def take(self, v: Violation) -> bool:
        """True (and one fewer left) when the baseline still accepts ``v``."""
        k = v.key()
        if self.left[k] > 0:
            self.left[k] -= 1
            self.taken += 1
            return True
        return False
