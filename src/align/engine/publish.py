"""``align publish --engine ray``: the dataset of :func:`align.publish.build_dataset`, built
one records file per task.

Two passes over the files, each through :meth:`align.engine.Engine.map`:

1. a survey of each file (its configs, rows, whether any row has a confidence, the run
   signatures, the 16-byte identities of its document pairs and row counts per document);
2. each file's rows written as one Parquet shard per config
   (``<config>/train-<i>-of-<n>.parquet``), with the row builder of :mod:`align.publish`.

The driver holds the surveys (two 16-byte keys per document pair, never the records), checks that no
document pair is in two files (as the local build does), numbers the shards and the rows
so that ids are those of a local build, then writes the card and the TMX exports
(streamed from the shards). The rows of the dataset and their order are the local
build's: files in sorted order, records in file order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from align.errors import InputError, OutputExistsError

if TYPE_CHECKING:
    from align.engine import Engine
    from align.publish import PublishResult


def _h16(*parts: str) -> bytes:
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=16).digest()


@dataclass
class FileSurvey:
    """What one records file holds (small: no texts)."""

    path: str
    configs: dict[str, list[Any]] = field(default_factory=dict)  # cfg -> [langs, rows, conf]
    signatures: list[str] = field(default_factory=list)
    pairs: bytes = b""  # (doc, src, tgt) identities, 16 bytes each, unique in the file
    groups: bytes = b""  # (cfg, doc) keys, 16 bytes each, unique in the file
    group_rows: bytes = b""  # their row counts (int64)

    def group_counts(self) -> dict[bytes, int]:
        import numpy as np

        n = np.frombuffer(self.group_rows, dtype="<i8")
        return {self.groups[16 * i:16 * i + 16]: int(c) for i, c in enumerate(n)}


def survey_file(path: str) -> FileSurvey:
    """Pass 1 for one file (runs in a worker)."""
    from align.publish import _config_of
    from align.recordio import read_records

    out = FileSurvey(path)
    groups: dict[bytes, int] = {}
    seen: dict[tuple[str, str, str], None] = {}
    sigs: dict[str, None] = {}
    for rec in read_records(path):
        seen.setdefault((rec.doc_id, rec.src_lang, rec.tgt_lang))
        found = _config_of(rec)
        if found is None:
            continue
        cfg, a, b = found
        first, second = sorted((a, b), key=lambda lang: (lang != "en", lang))
        c = out.configs.setdefault(cfg, [(first, second), 0, False])
        c[1] += 1
        c[2] = c[2] or rec.confidence is not None
        g = _h16(cfg, rec.doc_id)
        groups[g] = groups.get(g, 0) + 1
        if rec.signature:
            sigs.setdefault(rec.signature)
    out.signatures = list(sigs)
    out.pairs = b"".join(_h16(*key) for key in seen)
    import numpy as np

    out.groups = b"".join(groups)
    out.group_rows = np.array(list(groups.values()), dtype="<i8").tobytes()
    return out


@dataclass(frozen=True)
class ShardTask:
    """Pass 2 for one file: where each config's shard goes, the configs' schemas
    (confidence column or not) and the row numbers its documents start at."""

    path: str
    shards: dict[str, str]  # cfg -> shard path
    confidence: dict[str, bool]
    langs: dict[str, tuple[str, str]]
    offsets: dict[bytes, int]  # (cfg, doc) -> first row number, where not 0


def write_shards(task: ShardTask) -> dict[str, int]:
    """Pass 2 for one file (runs in a worker): its rows, one shard per config."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from align.publish import _BATCH, _config_of, _features, dataset_row
    from align.recordio import read_records

    schemas = {cfg: _features(task.langs[cfg], task.confidence[cfg]).arrow_schema
               for cfg in task.shards}
    writers: dict[str, Any] = {}
    pending: dict[str, list[dict[str, Any]]] = {cfg: [] for cfg in task.shards}
    counters: dict[tuple[str, str], int] = {}
    written = dict.fromkeys(task.shards, 0)

    def flush(cfg: str) -> None:
        if cfg not in writers:
            Path(task.shards[cfg]).parent.mkdir(parents=True, exist_ok=True)
            writers[cfg] = pq.ParquetWriter(task.shards[cfg], schemas[cfg])
        writers[cfg].write_table(pa.Table.from_pylist(pending[cfg], schema=schemas[cfg]))
        written[cfg] += len(pending[cfg])
        pending[cfg].clear()

    try:
        for rec in read_records(task.path):
            found = _config_of(rec)
            if found is None:
                continue
            cfg, src, tgt = found
            key = (cfg, rec.doc_id)
            if key not in counters:
                counters[key] = task.offsets.get(_h16(cfg, rec.doc_id), 0)
            n = counters[key]
            counters[key] += 1
            pending[cfg].append(dataset_row(rec, cfg, src, tgt, n,
                                            confidence=task.confidence[cfg]))
            if len(pending[cfg]) >= _BATCH:
                flush(cfg)
        for cfg in task.shards:
            if pending[cfg] or cfg not in writers:
                flush(cfg)
    finally:
        for writer in writers.values():
            writer.close()
    return written


def build_dataset_on(engine: Engine, paths: Iterable[str | Path], out_dir: str | Path, *,
                     name: str = "align parallel corpus", license: str = "other",
                     force: bool = False, tmx: bool = True, **card: Any) -> PublishResult:
    """:func:`align.publish.build_dataset` of the records in ``paths`` (files, or folders
    searched recursively), each file read by a worker of ``engine``. The output folder
    must be on a filesystem the workers share with the driver."""
    from align.publish import (
        SPLIT,
        RecordFiles,
        finish_build,
        nothing_to_publish,
        render_card,
        staging,
    )

    files = [str(f) for f in RecordFiles(paths).files]
    out = Path(out_dir)
    if out.exists() and not force:
        raise OutputExistsError(f"{out}: output exists; pass --force to overwrite")
    engine.start()
    surveys = list(engine.map(survey_file, files))
    _refuse_repeated_pairs(surveys)
    langs: dict[str, tuple[str, str]] = {}
    rows: dict[str, int] = {}
    confidence: dict[str, bool] = {}
    signatures: dict[str, None] = {}
    for sv in surveys:
        for cfg, (pair, n, conf) in sv.configs.items():
            langs.setdefault(cfg, tuple(pair))  # type: ignore[arg-type]
            rows[cfg] = rows.get(cfg, 0) + n
            confidence[cfg] = confidence.get(cfg, False) or conf
        signatures.update(dict.fromkeys(sv.signatures))
    if not rows:
        raise nothing_to_publish(files)
    configs = sorted(rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    with staging(out) as tmp:
        holders = {cfg: [i for i, sv in enumerate(surveys) if cfg in sv.configs]
                   for cfg in configs}
        shard_paths: dict[str, list[Path]] = {cfg: [] for cfg in configs}
        tasks = []
        shared = _groups_in_several_files(surveys)
        seen: dict[bytes, int] = {}
        for i, sv in enumerate(surveys):
            shards = {}
            for cfg in sv.configs:
                k, total = holders[cfg].index(i), len(holders[cfg])
                path = tmp / cfg / f"{SPLIT}-{k:05d}-of-{total:05d}.parquet"
                shards[cfg] = str(path)
                shard_paths[cfg].append(path)
            # a document's rows of one config numbered on from where the last file left off
            mine = {g: n for g, n in sv.group_counts().items() if g in shared} if shared else {}
            offsets = {g: seen[g] for g in mine if seen.get(g)}
            for g, n in mine.items():
                seen[g] = seen.get(g, 0) + n
            tasks.append(ShardTask(sv.path, shards, {c: confidence[c] for c in shards},
                                   {c: langs[c] for c in shards}, offsets))
        for _ in engine.map(write_shards, tasks):
            pass
        counts = {cfg: rows[cfg] for cfg in configs}
        return finish_build(
            tmp, out, shard_paths, langs, counts, tmx=tmx,
            card=render_card(counts, name=name, license=license,
                             confidence=any(confidence.values()), signatures=list(signatures),
                             **card))


def _keys(blobs: list[bytes]) -> tuple[Any, Any]:
    """16-byte keys of several files as a sortable (n, 2) uint64 array, and each key's file."""
    import numpy as np

    keys = np.frombuffer(b"".join(blobs), dtype="<u8").reshape(-1, 2)
    files = np.repeat(np.arange(len(blobs)), [len(b) // 16 for b in blobs])
    return keys, files


def _repeated(keys: Any) -> Any:
    """Indices (into ``keys``) of the keys that occur more than once, in sorted order."""
    import numpy as np

    if len(keys) < 2:
        return np.empty(0, dtype=np.int64)
    order = np.lexsort((keys[:, 1], keys[:, 0]))
    k = keys[order]
    same = np.all(k[1:] == k[:-1], axis=1)
    return order[np.flatnonzero(np.concatenate([same, [False]]) | np.concatenate([[False], same]))]


def _groups_in_several_files(surveys: list[FileSurvey]) -> set[bytes]:
    """(config, document) keys with rows in more than one file (numbered across files)."""
    keys, _ = _keys([sv.groups for sv in surveys])
    return {keys[i].tobytes() for i in _repeated(keys)}


def _refuse_repeated_pairs(surveys: list[FileSurvey]) -> None:
    """A document pair in two files would be published twice (as the local build says).
    Memory: 16 bytes per document pair (plus numpy's sort)."""
    keys, files = _keys([sv.pairs for sv in surveys])
    dup = _repeated(keys)
    if not len(dup):
        return
    from align.recordio import read_records

    ident = keys[dup[0]].tobytes()
    first, again = sorted(int(files[i]) for i in dup if keys[i].tobytes() == ident)[:2]
    path = surveys[again].path
    rec = next(r for r in read_records(path) if _h16(r.doc_id, r.src_lang, r.tgt_lang) == ident)
    raise InputError(f"{path}: holds document {rec.doc_id} ({rec.src_lang}-{rec.tgt_lang}) "
                     f"again, already read from {surveys[first].path}; publish one of the two")


__all__ = ["FileSurvey", "ShardTask", "build_dataset_on", "survey_file", "write_shards"]
