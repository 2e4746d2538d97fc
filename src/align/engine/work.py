"""The unit of corpus work, the same on every engine: a batch of manifest rows in, their
status rows out, records written next to a completion marker.

:class:`PairWorker` is built once per worker process (a pool process of the local engine
or a Ray actor): its constructor loads the encoder and the glossary
(:func:`align.pipeline.shared_resources`). For each pair of a batch it

1. reads both sides (paths or URIs, :mod:`align.uri`) and computes the pair's *key*: a
   hash of both texts' bytes, the pair's identity (document, languages) and the run's
   settings (run signature, filters, output layout);
2. skips the pair when the output folder already holds it under that key;
3. otherwise decodes, checks and aligns it with :func:`align.pipeline.align_document`
   (the per-document function of ``align pair`` and ``align corpus``); any failure (bad
   encoding, empty side, one side :data:`MAX_LENGTH_RATIO` times longer, ...) becomes a
   ``failed`` status row with its reason, never an exception that stops the run.

Then the batch's records are written (one Parquet shard, or one file per pair) and, last,
its status rows (:mod:`align.engine.state`): a batch without status file never happened.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from align.errors import AlignError, InputError, UsageError
from align.manifest import ManifestEntry
from align.pipeline import AlignerSpec, RecordFilter

if TYPE_CHECKING:
    from align.records import AlignedRecord

#: A pair whose one side has this many times the characters of the other fails: such
#: pairs are different documents (or one is truncated), and aligning them costs O(n*m).
MAX_LENGTH_RATIO = 50

#: Output layouts: ``shards`` (Parquet parts of many pairs: what a cluster writes) and
#: ``pairs`` (``<doc_id>/<src>-<tgt>.<format>``, one file per pair).
LAYOUTS = ("shards", "pairs")

STATUSES = ("done", "skipped", "failed")


@dataclass(frozen=True)
class RunPlan:
    """Everything a worker needs to process batches: plain data, so it pickles to a pool
    process or a Ray actor."""

    spec: AlignerSpec
    out: str  # output folder (absolute local or shared-filesystem path)
    run_id: str
    layout: str = "shards"
    fmt: str = "parquet"  # the pairs layout's file format
    keep: RecordFilter = RecordFilter()
    base: str | None = None  # folder that relative manifest locations are relative to
    presplit: bool = False
    encoding: str | None = None
    max_length_ratio: float = MAX_LENGTH_RATIO

    def settings(self, signature: str) -> str:
        """Every setting that changes what a pair's output is, as one string (hashed into
        each pair's key): the run signature, the record filter and the output form."""
        keep = self.keep
        types = ",".join(sorted(keep.types)) if keep.types is not None else "*"
        return "|".join([signature, f"min_score:{keep.min_score}", f"types:{types}",
                         f"min_confidence:{keep.min_confidence}", f"layout:{self.layout}",
                         f"format:{self.fmt}", f"encoding:{self.encoding}",
                         f"max_length_ratio:{self.max_length_ratio}"])


@dataclass
class PairStatus:
    """What happened to one pair (one row of the status table)."""

    entry: ManifestEntry
    status: str  # done | skipped | failed
    key: bytes = b""
    reason: str = ""
    error: str = ""  # exception class of a failure (InputError, ...)
    warning: str = ""
    src_sentences: int = 0
    tgt_sentences: int = 0
    beads: int = 0
    written: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time of the worker process (all its threads) on the pair
    replaced: bool = False  # the folder held this pair under another key
    part: str = ""  # records file, relative to the output folder
    records: list[AlignedRecord] = field(default_factory=list, repr=False)


class DoneIndex:
    """The pairs an output folder holds: their identities and keys as sorted 16-byte
    arrays (32 bytes per pair; shared read-only by every worker on a node)."""

    def __init__(self, idents: Any = None, keys: Any = None) -> None:
        import numpy as np

        self.idents = idents if idents is not None else np.empty(0, dtype="S16")
        self.keys = keys if keys is not None else np.empty(0, dtype="S16")

    def __len__(self) -> int:
        return len(self.idents)

    def lookup(self, ident: bytes) -> bytes | None:
        """The key the folder holds ``ident`` under, or ``None``."""
        import numpy as np

        i = int(np.searchsorted(self.idents, ident))
        # numpy drops the trailing NUL bytes of an "S16" item when it hands it out
        if i < len(self.idents) and bytes(self.idents[i]).ljust(16, b"\0") == ident:
            return bytes(self.keys[i]).ljust(16, b"\0")
        return None


def pair_key(settings: str, ident: bytes, src: bytes, tgt: bytes) -> bytes:
    """The 16-byte key of a pair: its settings, identity and both texts' bytes."""
    h = hashlib.blake2b(digest_size=16)
    for part in (settings.encode("utf-8"), ident, hashlib.sha256(src).digest(),
                 hashlib.sha256(tgt).digest()):
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.digest()


def batch_name(run_id: str, entries: Sequence[ManifestEntry]) -> str:
    """``part-<run>-<hash of the batch's pairs>``: a retried batch gets the same name, so
    its files replace the first attempt's instead of adding to them."""
    h = hashlib.blake2b(digest_size=8)
    for e in entries:
        h.update(e.ident)
    return f"part-{run_id}-{h.hexdigest()}"


def safe_doc_id(doc_id: str) -> bool:
    """Whether ``doc_id`` can name a folder of the pairs layout (no path separators, not
    ``.`` or ``..``, not hidden)."""
    return bool(doc_id) and not any(c in doc_id for c in "/\\\x00") \
        and not doc_id.startswith(".")


def check_length_ratio(src: str, tgt: str, ratio: float) -> None:
    """Raise :class:`InputError` when one side has ``ratio`` times the characters of the
    other (whitespace not counted)."""
    a = len("".join(src.split()))
    b = len("".join(tgt.split()))
    small, big = min(a, b), max(a, b)
    if big > ratio * max(small, 1):
        longer = "source" if a > b else "target"
        shorter = "target" if longer == "source" else "source"
        raise InputError(f"the {longer} is {big / max(small, 1):.0f} times longer than the "
                         f"{shorter} ({a} vs {b} characters, limit {ratio:g}x); are they "
                         "versions of the same document?")


def worker_name() -> str:
    """``host:pid`` of this process."""
    import socket

    return f"{socket.gethostname()}:{os.getpid()}"


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (0 where unknown)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return 0.0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    import sys

    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


class PairWorker:
    """Aligns batches of manifest rows in one process; built once per pool process or Ray
    actor, so the encoder and the glossary load once per worker."""

    def __init__(self, plan: RunPlan, done: DoneIndex | None = None) -> None:
        from align.pipeline import run_signature, shared_resources

        self.plan = plan
        self.done = done if done is not None else DoneIndex()
        self.resources = shared_resources(plan.spec)
        self.signature = run_signature(plan.spec, self.resources, presplit=plan.presplit)
        self.settings = plan.settings(self.signature)
        self.name = worker_name()

    # ----------------------------------------------------------------- one pair

    def process(self, entry: ManifestEntry) -> PairStatus:
        """Align one pair (or skip it, or record why it failed); records are kept on the
        returned status until the batch is written."""
        from align.pipeline import DocumentPair, align_document
        from align.uri import decode_text, read_bytes, resolve

        plan = self.plan
        start, cpu = time.perf_counter(), time.process_time()
        st = PairStatus(entry, "failed")
        try:
            src_at = resolve(entry.source, plan.base)
            tgt_at = resolve(entry.target, plan.base)
            src_bytes = read_bytes(src_at)
            tgt_bytes = read_bytes(tgt_at)
            st.key = pair_key(self.settings, entry.ident, src_bytes, tgt_bytes)
            held = self.done.lookup(entry.ident)
            if held == st.key:
                st.status = "skipped"
                return st
            st.replaced = held is not None
            if plan.layout == "pairs" and not safe_doc_id(entry.doc_id):
                raise InputError(f"doc_id {entry.doc_id!r} cannot name a folder of the pairs "
                                 "layout; use --layout shards")
            src_text = decode_text(src_bytes, src_at, encoding=plan.encoding)
            tgt_text = decode_text(tgt_bytes, tgt_at, encoding=plan.encoding)
            check_length_ratio(src_text, tgt_text, plan.max_length_ratio)
            pair = DocumentPair(entry.doc_id, entry.src_lang, entry.tgt_lang, src_path=src_at,
                                tgt_path=tgt_at, src_text=src_text, tgt_text=tgt_text,
                                presplit=plan.presplit, encoding=plan.encoding)
            doc = align_document(pair, plan.spec, self.resources)
        except AlignError as exc:
            st.reason, st.error = str(exc), type(exc).__name__
        except Exception as exc:  # noqa: BLE001 - one document must never stop the run
            st.reason = f"internal error ({type(exc).__name__}: {exc}); please report it"
            st.error = type(exc).__name__
        else:
            st.status = "done"
            st.records = [r for r in doc.records if plan.keep(r)]
            st.src_sentences, st.tgt_sentences = doc.src_sentences, doc.tgt_sentences
            st.beads, st.written = len(doc.records), len(st.records)
            st.warning = "; ".join(doc.warnings)
        st.seconds = time.perf_counter() - start
        st.cpu_seconds = time.process_time() - cpu
        return st

    # ----------------------------------------------------------------- one batch

    def run_batch(self, entries: Sequence[ManifestEntry]) -> list[dict[str, Any]]:
        """Process a batch, write its records, then its status rows (the completion
        marker); returns the status rows of every pair (:data:`state.STATUS_FIELDS`)."""
        from align.engine import state

        plan = self.plan
        name = batch_name(plan.run_id, entries)
        statuses = [self.process(e) for e in entries]
        done = [s for s in statuses if s.status == "done"]
        if plan.layout == "shards":
            if any(s.records for s in done):
                part = f"{name}.parquet"
                state.write_records(Path(plan.out) / part,
                                    [r for s in done for r in s.records])
                for s in done:
                    s.part = part if s.records else ""
        else:
            for s in done:
                try:
                    s.part = self._write_pair(s)
                except (AlignError, OSError) as exc:
                    s.status, s.reason, s.error = "failed", f"cannot write: {exc}", \
                        type(exc).__name__
        rows = state.status_rows(statuses, run_id=plan.run_id, worker=self.name,
                                 rss_mb=peak_rss_mb())
        state.write_status(plan.out, name, rows)
        return rows

    def _write_pair(self, st: PairStatus) -> str:
        from align.formats import EXTENSIONS, save_alignment

        e = st.entry
        rel = f"{e.doc_id}/{e.src_lang}-{e.tgt_lang}.{EXTENSIONS[self.plan.fmt]}"
        path = Path(self.plan.out) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        save_alignment(path, self.plan.fmt, st.records)
        return rel


def is_input_failure(error: str) -> bool:
    """Whether a failure's exception class (``PairStatus.error``) is the input's fault."""
    import align.errors as errors

    cls = getattr(errors, error, None)
    return isinstance(cls, type) and issubclass(cls, UsageError)


__all__ = [
    "LAYOUTS", "MAX_LENGTH_RATIO", "STATUSES", "DoneIndex", "PairStatus", "PairWorker",
    "RunPlan", "batch_name", "check_length_ratio", "is_input_failure", "pair_key", "peak_rss_mb",
    "safe_doc_id",
]
