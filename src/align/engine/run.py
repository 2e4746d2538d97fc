"""One corpus run on any engine: skip what the output folder holds, align the rest, record
failures, summarise.

:func:`run_corpus` is all ``align corpus`` does once it has a manifest; the engine
(:mod:`align.engine`) only decides where the batches run, so ``--engine local`` and
``--engine ray`` skip, fail and count pairs the same way and write the same records.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from align.errors import BackendError, InputError, OutputExistsError

if TYPE_CHECKING:
    from align.engine import Engine
    from align.engine.work import RunPlan
    from align.manifest import ManifestInfo

#: Failures listed in the summary (all of them are in ``.align/errors.jsonl``).
SHOWN_FAILURES = 5


@dataclass
class RunSummary:
    """What a run did: counts, time and the workers' peak memory."""

    engine: str
    out: str
    pairs: int = 0  # rows seen
    done: int = 0
    skipped: int = 0
    failed: int = 0
    replaced: int = 0  # done pairs the folder held under another key before
    sentences: int = 0  # source + target sentences of the pairs aligned
    records: int = 0  # records written
    seconds: float = 0.0  # the work, from the engine's start-up to the last batch
    startup_seconds: float = 0.0  # starting or reaching the workers (Ray)
    align_seconds: float = 0.0  # time the workers spent in pairs, summed
    cpu_seconds: float = 0.0  # CPU time the workers spent in pairs, summed
    worker_peak_mb: dict[str, float] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)  # the first few
    runtime_failures: int = 0  # failures that were not the input's fault
    warnings: list[str] = field(default_factory=list)  # the first few
    errors_file: str | None = None

    @property
    def pairs_per_second(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0

    @property
    def sentences_per_second(self) -> float:
        return self.sentences / self.seconds if self.seconds > 0 else 0.0

    def add(self, row: dict[str, Any]) -> None:
        from align.engine.work import is_input_failure

        self.pairs += 1
        status = row["status"]
        if status == "done":
            self.done += 1
            self.sentences += row["src_sentences"] + row["tgt_sentences"]
            self.records += row["written"]
            self.replaced += bool(row["replaced"])
            self.align_seconds += row["seconds"]
            self.cpu_seconds += row["cpu_seconds"]
            if row["warning"] and len(self.warnings) < SHOWN_FAILURES:
                self.warnings.append(row["warning"])
        elif status == "skipped":
            self.skipped += 1
        else:
            self.failed += 1
            self.runtime_failures += not is_input_failure(row["error"])
            if len(self.failures) < SHOWN_FAILURES:
                self.failures.append(failure_of(row))
        worker = row.get("worker")
        if worker:
            self.worker_peak_mb[worker] = max(self.worker_peak_mb.get(worker, 0.0),
                                              float(row.get("rss_mb") or 0.0))

    def lines(self) -> list[str]:
        """The summary for stderr: the counts line, throughput, failures."""
        out = [f"{self.pairs} pairs: {self.done} aligned, {self.skipped} skipped (already "
               f"done), {self.failed} failed; {self.records} records written under {self.out}"]
        peak = max(self.worker_peak_mb.values(), default=0.0)
        startup = f" (+ {self.startup_seconds:.1f} s start-up)" if self.startup_seconds >= 0.1 else ""
        rate = (f"{self.pairs_per_second:.2f} pairs/s, {self.sentences_per_second:.0f} "
                "sentences/s" if self.done or not self.skipped else
                f"{self.skipped / max(self.seconds, 1e-9):.0f} pairs/s checked and skipped")
        out.append(f"{self.seconds:.1f} s{startup} on {self.engine}: {rate}"
                   + (f"; peak worker memory {peak:.0f} MiB" if peak else ""))
        if self.replaced:
            out.append(f"{self.replaced} pairs aligned again (inputs or settings changed); "
                       "their earlier records were replaced")
        out += [w if w.startswith("warning:") else f"warning: {w}" for w in self.warnings]
        for f in self.failures:
            out.append(f"failed: {f['doc_id']} ({f['src_lang']}-{f['tgt_lang']}): {f['reason']}")
        if self.failed > len(self.failures):
            out.append(f"... and {self.failed - len(self.failures)} more")
        if self.failed and self.errors_file:
            out.append(f"every failure with its reason: {self.errors_file}")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine, "pairs": self.pairs, "done": self.done,
            "skipped": self.skipped, "failed": self.failed, "replaced": self.replaced,
            "sentences": self.sentences, "records": self.records,
            "align_seconds": round(self.align_seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "seconds": round(self.seconds, 3), "startup_seconds": round(self.startup_seconds, 3),
            "pairs_per_second": round(self.pairs_per_second, 3),
            "sentences_per_second": round(self.sentences_per_second, 1),
            "worker_peak_mb": {k: round(v, 1) for k, v in sorted(self.worker_peak_mb.items())},
        }


def failure_of(row: dict[str, Any]) -> dict[str, str]:
    """The errors-file line of a failed status row."""
    return {k: row[k] for k in ("doc_id", "src_lang", "tgt_lang", "source", "target", "reason",
                                "error")}


def new_run_id() -> str:
    """A sortable, unique run id: UTC time and 6 random hex digits."""
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + uuid.uuid4().hex[:6]


def check_pair_outputs(manifest: ManifestInfo, plan: RunPlan) -> None:
    """Layout "pairs" into a folder no run has written: refuse to overwrite files there
    (they are not this tool's resumable output) unless ``--force``."""
    from align.formats import EXTENSIONS
    from align.manifest import iter_manifest

    out = Path(plan.out)
    if not out.is_dir():
        return
    existing = []
    for _, e in iter_manifest(manifest.path):
        path = out / e.doc_id / f"{e.src_lang}-{e.tgt_lang}.{EXTENSIONS[plan.fmt]}"
        if path.exists():
            existing.append(path)
    if existing:
        raise OutputExistsError(f"{existing[0]}: output exists ({len(existing)} of "
                                f"{manifest.pairs} under {out}) and no align run state says "
                                "what it holds; pass --force to overwrite")


def run_corpus(manifest: ManifestInfo, plan: RunPlan, engine: Engine, *, batch_size: int = 64,
               force: bool = False, progress: bool = False) -> RunSummary:
    """Align every pair of ``manifest`` into ``plan.out`` on ``engine``.

    Pairs the folder already holds under the same key (same input bytes, same settings)
    are skipped; a pair that fails becomes a row of ``.align/errors.jsonl`` and the run
    goes on. ``force`` forgets earlier runs first. A run that aligned and skipped nothing
    leaves no folder it created behind. Returns the :class:`RunSummary`.
    """
    from align.engine.state import OutputState
    from align.io import atomic_write
    from align.progress import track

    if batch_size < 1:
        raise InputError(f"--batch-size must be at least 1, not {batch_size}")
    out = Path(plan.out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    state = OutputState(out)
    had_state = state.exists()
    if plan.layout == "pairs" and not had_state and not force:
        check_pair_outputs(manifest, plan)
    created = [p for p in (out, *out.parents) if not p.exists()]
    out.mkdir(parents=True, exist_ok=True)
    summary = RunSummary(engine=engine.name, out=str(out))
    try:
        with state.lock():
            if force:
                state.reset()
            state.clean(deep=plan.layout == "pairs")
            done = state.done_index()
            replaced: set[bytes] = set()
            start = time.perf_counter()
            engine.start()
            summary.startup_seconds = time.perf_counter() - start
            start = time.perf_counter()
            with atomic_write(state.errors_path) as errors:
                rows = _rows(engine.align(manifest, plan, done, batch_size=batch_size))
                for row in track(rows, total=manifest.pairs, description="aligning",
                                 enabled=progress):
                    summary.add(row)
                    if row["status"] == "failed":
                        errors.write(json.dumps(failure_of(row), ensure_ascii=False) + "\n")
                    elif row["status"] == "done" and row["replaced"]:
                        replaced.add(row["ident"])
            if plan.layout == "shards":
                state.drop_replaced(replaced, plan.run_id)
            state.clean()  # parts of batches a worker began twice (a retried actor)
            summary.seconds = time.perf_counter() - start
            summary.engine = engine.describe()
            summary.errors_file = str(state.errors_path)
            state.write_run({"run_id": plan.run_id, "manifest": manifest.path,
                             "layout": plan.layout, "format": plan.fmt,
                             "batch_size": batch_size, **summary.to_dict()})
        if summary.pairs != manifest.pairs:
            raise BackendError(f"the engine reported {summary.pairs} of {manifest.pairs} "
                               "pairs; run again to finish the rest")
    finally:
        if not had_state and summary.done == 0 and summary.skipped == 0:
            shutil.rmtree(state.dir, ignore_errors=True)  # nothing produced: leave nothing
            summary.errors_file = None
            for folder in created:
                try:
                    folder.rmdir()  # only ever removes an empty folder
                except OSError:
                    pass
    return summary


def _rows(batches: Iterator[list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    for batch in batches:
        yield from batch


__all__ = ["RunSummary", "check_pair_outputs", "failure_of", "new_run_id", "run_corpus"]
