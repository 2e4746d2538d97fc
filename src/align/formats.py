"""The output formats of ``align pair`` and ``align corpus``: views of aligned records.

Every writer takes :class:`~align.records.AlignedRecord`\\ s (built by :mod:`align.pipeline`):

* ``jsonl``: the records themselves, lossless (:mod:`align.recordio`);
* ``parquet``: the same columns (:mod:`align.recordio`, pyarrow);
* ``tmx``: TMX 1.4, one unit per bead with both sides (:mod:`align.recordio`);
* ``tsv``: ``source<TAB>target<TAB>score<TAB>bead``;
* ``beads``: the Vecalign/Bertalign gold form ``[0,1]:[2]``, one bead per line.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from align.errors import InputError
from align.records import AlignedRecord, Bead


class AlignFormat(StrEnum):
    """Output formats of ``align pair`` / ``align corpus``."""

    tsv = "tsv"
    jsonl = "jsonl"
    tmx = "tmx"
    beads = "beads"
    parquet = "parquet"


#: File extension for each format.
EXTENSIONS = {"tsv": "tsv", "jsonl": "jsonl", "tmx": "tmx", "beads": "beads", "parquet": "parquet"}


def format_of(path: str | Path) -> AlignFormat | None:
    """The format an output file name asks for (``out.jsonl`` -> jsonl), or ``None``."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return next((AlignFormat(f) for f, ext in EXTENSIONS.items() if ext == suffix), None)


def check_destination(path: str | Path, fmt: str) -> None:
    """Refuse, before any work, a format that cannot go where it is asked to (Parquet on stdout)."""
    if str(fmt) == "parquet" and str(path) == "-":
        raise InputError("Parquet is binary: give an output file (-o FILE.parquet), not stdout")


def _ids(rec: AlignedRecord) -> str:
    return Bead(rec.src_ids, rec.tgt_ids).format()


def write_beads(fh: TextIO, records: Iterable[AlignedRecord]) -> int:
    """The Vecalign/Bertalign gold format: ``[0,1]:[2]`` per line."""
    n = 0
    for rec in records:
        fh.write(_ids(rec) + "\n")
        n += 1
    return n


def write_tsv(fh: TextIO, records: Iterable[AlignedRecord]) -> int:
    """Four columns: source text, target text, score, bead (``[0,1]:[2]``)."""
    n = 0
    for rec in records:
        for text, side in ((rec.source, "source"), (rec.target, "target")):
            if "\t" in text or "\n" in text:
                first = (rec.src_ids or rec.tgt_ids)[0]
                raise InputError(
                    f"{rec.doc_id}: {side} sentence near index {first} contains a tab or "
                    "newline; use --format jsonl"
                )
        fh.write(f"{rec.source}\t{rec.target}\t{rec.score:.4f}\t{_ids(rec)}\n")
        n += 1
    return n


def write_alignment(fh: TextIO, fmt: str, records: Iterable[AlignedRecord]) -> int:
    """Write ``records`` in a text format (tsv, jsonl, tmx, beads) to ``fh``; returns the count."""
    from align.recordio import tmx_bytes, write_jsonl

    fmt = str(fmt)
    if fmt == "beads":
        return write_beads(fh, records)
    if fmt == "tsv":
        return write_tsv(fh, records)
    if fmt == "jsonl":
        return write_jsonl(fh, records)
    if fmt == "tmx":
        recs = list(records)
        fh.write(tmx_bytes(recs).decode("utf-8"))
        return sum(1 for r in recs if r.source and r.target)
    if fmt == "parquet":
        raise InputError("Parquet is binary: give an output file (-o FILE.parquet), not stdout")
    raise InputError(f"unknown format {fmt!r}; choose one of: {', '.join(EXTENSIONS)}")


def save_alignment(path: str | Path, fmt: str, records: Iterable[AlignedRecord]) -> int:
    """Write ``records`` to ``path`` (``-``: stdout) in ``fmt``, atomically; returns the count.

    Whether an existing file may be replaced is the caller's decision
    (:func:`align.io.check_writable`).
    """
    from align.io import atomic_write
    from align.recordio import write_parquet, write_tmx

    fmt = str(fmt)
    if fmt == "parquet":
        return write_parquet(path, records)
    if fmt == "tmx" and str(path) != "-":
        with atomic_write(path, binary=True) as fh:
            return write_tmx(fh, records)  # type: ignore[arg-type]
    with atomic_write(path) as fh:
        return write_alignment(fh, fmt, records)


__all__ = ["EXTENSIONS", "AlignFormat", "check_destination", "format_of", "save_alignment", "write_alignment",
           "write_beads", "write_tsv"]
