"""The state of an output folder: which pairs it holds, under which key, from which run.

Layout (everything but the records lives in the hidden ``.align/`` folder, which the
readers of aligned records skip)::

    OUT/
      part-<run>-<batch>.parquet         records of one batch (layout "shards"), or
      <doc_id>/<src>-<tgt>.<format>       one file per pair (layout "pairs")
      .align/status/part-<run>-<batch>.parquet   the batch's status rows: its completion marker
      .align/errors.jsonl                pairs that failed in the last run, with the reason
      .align/run.json                    the last run's settings and summary
      .align/lock                        held (flock) while a run writes the folder

A batch writes its records first and its status file last (both atomically). On the next
run, a records part without its status file is an interrupted batch and is removed
(:meth:`OutputState.clean`); the status files give the :class:`~align.engine.work.DoneIndex`
of pairs to skip. This is datatrove's completion-marker scheme, one marker per batch.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from align.errors import InputError

if TYPE_CHECKING:
    from align.engine.work import DoneIndex, PairStatus
    from align.records import AlignedRecord

STATE_DIR = ".align"
STATUS_DIR = "status"
ERRORS_FILE = "errors.jsonl"
RUN_FILE = "run.json"

#: Columns of a status row (one per pair of a batch).
STATUS_FIELDS: tuple[str, ...] = (
    "ident", "key", "doc_id", "src_lang", "tgt_lang", "source", "target", "original",
    "status", "reason", "error", "warning", "src_sentences", "tgt_sentences", "beads",
    "written", "seconds", "cpu_seconds", "replaced", "part", "run_id", "worker", "rss_mb",
    "finished",
)


def status_schema() -> Any:
    """The Arrow schema of a status file."""
    import pyarrow as pa

    types = {"ident": pa.binary(16), "key": pa.binary(), "src_sentences": pa.int32(),
             "tgt_sentences": pa.int32(), "beads": pa.int32(), "written": pa.int32(),
             "seconds": pa.float64(), "cpu_seconds": pa.float64(), "replaced": pa.bool_(),
             "rss_mb": pa.float64(),
             "finished": pa.float64()}
    return pa.schema([pa.field(f, types.get(f, pa.string())) for f in STATUS_FIELDS])


def status_rows(statuses: Sequence[PairStatus], *, run_id: str, worker: str,
                rss_mb: float) -> list[dict[str, Any]]:
    """The status rows of a batch (every pair, skipped ones too)."""
    now = time.time()
    rows = []
    for s in statuses:
        e = s.entry
        rows.append({
            "ident": e.ident, "key": s.key, "doc_id": e.doc_id, "src_lang": e.src_lang,
            "tgt_lang": e.tgt_lang, "source": e.source, "target": e.target,
            "original": e.original, "status": s.status, "reason": s.reason, "error": s.error,
            "warning": s.warning, "src_sentences": s.src_sentences,
            "tgt_sentences": s.tgt_sentences, "beads": s.beads, "written": s.written,
            "seconds": s.seconds, "cpu_seconds": s.cpu_seconds, "replaced": s.replaced,
            "part": s.part, "run_id": run_id,
            "worker": worker, "rss_mb": rss_mb, "finished": now,
        })
    return rows


def write_records(path: Path, records: Iterable[AlignedRecord]) -> int:
    """One records part (Parquet in the record schema), atomically."""
    from align.recordio import write_parquet

    return write_parquet(path, records)


def write_status(out: str | Path, name: str, rows: Sequence[dict[str, Any]]) -> None:
    """Write a batch's completion marker: its done and failed rows (skipped pairs are
    already held by an earlier batch). Nothing when every pair was skipped."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from align.io import atomic_write

    kept = [r for r in rows if r["status"] != "skipped"]
    if not kept:
        return
    folder = Path(out) / STATE_DIR / STATUS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(kept, schema=status_schema())
    with atomic_write(folder / f"{name}.parquet", binary=True) as fh:
        pq.write_table(table, fh)


class OutputState:
    """The run state of one output folder (see the module docstring)."""

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        self.dir = self.out / STATE_DIR
        self.status_dir = self.dir / STATUS_DIR

    @property
    def errors_path(self) -> Path:
        return self.dir / ERRORS_FILE

    def exists(self) -> bool:
        """Whether a run has written this folder before."""
        return self.dir.is_dir()

    def status_files(self) -> list[Path]:
        return sorted(self.status_dir.glob("part-*.parquet")) if self.status_dir.is_dir() else []

    def part_files(self) -> list[Path]:
        return sorted(self.out.glob("part-*.parquet"))

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the folder for one run; a second run on it at the same time is refused."""
        self.dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.dir / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except ImportError:  # pragma: no cover - not on Windows
                pass
            except OSError:
                raise InputError(f"{self.out}: another align run is writing this folder; "
                                 "wait for it or use another --out") from None
            yield
        finally:
            os.close(fd)

    def reset(self) -> None:
        """``--force``: forget every earlier run (status, errors, records parts)."""
        import shutil

        for part in self.part_files():
            part.unlink()
        shutil.rmtree(self.status_dir, ignore_errors=True)
        for name in (ERRORS_FILE, RUN_FILE):
            (self.dir / name).unlink(missing_ok=True)

    def clean(self, *, deep: bool = False) -> int:
        """Remove what interrupted batches left: temporary files, and records parts
        without a status file. ``deep`` also looks into document folders (layout
        "pairs"). Returns the number of files removed."""
        removed = 0
        folders = [self.out, self.status_dir]
        tmps = (p for f in folders if f.is_dir() for p in f.glob(".*.tmp"))
        if deep:
            tmps = (p for p in self.out.rglob(".*.tmp") if p.is_file())
        for tmp in list(tmps):
            tmp.unlink(missing_ok=True)
            removed += 1
        marked = {p.name for p in self.status_files()}
        for part in self.part_files():
            if part.name not in marked:
                part.unlink()
                removed += 1
        return removed

    def _status_table(self, columns: Sequence[str]) -> Any:
        import pyarrow as pa
        import pyarrow.parquet as pq

        files = self.status_files()
        if not files:
            return pa.Table.from_pylist([], schema=status_schema()).select(list(columns))
        tables = []
        for f in files:
            try:
                tables.append(pq.read_table(f, columns=list(columns)))
            except (OSError, pa.ArrowException) as exc:
                raise InputError(f"{f}: unreadable status file ({exc}); remove it, or pass "
                                 "--force to start over") from None
        return pa.concat_tables(tables)

    def done_index(self) -> DoneIndex:
        """The pairs the folder holds: for each identity, the key of its latest done row."""
        import numpy as np

        from align.engine.work import DoneIndex

        t = self._status_table(["ident", "key", "status", "finished"])
        if t.num_rows == 0:
            return DoneIndex()
        done = t.filter(t["status"].to_numpy(zero_copy_only=False) == "done")
        idents = np.array(done["ident"].to_pylist(), dtype="S16")
        keys = np.array(done["key"].to_pylist(), dtype="S16")
        finished = done["finished"].to_numpy()
        # latest row per identity: sort by (ident, finished), keep each ident's last
        order = np.lexsort((finished, idents))
        idents, keys = idents[order], keys[order]
        last = np.ones(len(idents), dtype=bool)
        last[:-1] = idents[1:] != idents[:-1]
        return DoneIndex(idents[last], keys[last])

    def drop_replaced(self, idents: set[bytes], run_id: str) -> int:
        """Remove from the records parts of earlier runs the rows of pairs this run aligned
        again (their inputs or settings changed); returns the parts rewritten."""
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        from align.io import atomic_write

        if not idents:
            return 0
        t = self._status_table(["ident", "doc_id", "src_lang", "tgt_lang", "part", "run_id",
                                "status"])
        stale: dict[str, set[tuple[str, str, str]]] = {}
        for row in t.to_pylist():
            if (row["ident"] in idents and row["run_id"] != run_id and row["part"]
                    and row["status"] == "done"):
                stale.setdefault(row["part"], set()).add(
                    (row["doc_id"], row["src_lang"], row["tgt_lang"]))
        for part, pairs in stale.items():
            path = self.out / part
            if not path.is_file():
                continue
            table = pq.read_table(path)
            keys = pc.binary_join_element_wise(table["doc_id"], table["src_lang"],
                                               table["tgt_lang"], "\x1f")
            drop = pa.array(["\x1f".join(p) for p in pairs])
            kept = table.filter(pc.invert(pc.is_in(keys, value_set=drop)))
            if kept.num_rows == 0:
                path.unlink()
                continue
            with atomic_write(path, binary=True) as fh:
                pq.write_table(kept, fh)
        return len(stale)

    def write_run(self, info: dict[str, Any]) -> None:
        from align.io import atomic_write

        with atomic_write(self.dir / RUN_FILE) as fh:
            fh.write(json.dumps(info, ensure_ascii=False, indent=2) + "\n")


__all__ = [
    "ERRORS_FILE", "RUN_FILE", "STATE_DIR", "STATUS_FIELDS", "OutputState", "status_rows",
    "status_schema", "write_records", "write_status",
]
