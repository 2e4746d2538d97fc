"""Aligned-record I/O: write :class:`~align.records.AlignedRecord` files and stream them back.

This is the one module that knows how aligned records are stored. ``align pair``,
``align corpus`` and ``scripts/build_corpus.py`` write through it; ``check``, ``publish``,
``eval``, ``score`` and ``review`` read through :func:`read_records`.

* **JSONL** (``.jsonl``, ``.jsonl.gz``): one record per line, keys in
  :data:`~align.records.RECORD_FIELDS` order. The earlier JSONL of ``align pair`` (ids in
  ``src``/``tgt``, type in ``kind``) reads too.
* **Parquet** (``.parquet``): the same columns (pyarrow, imported only when used), for
  engines that read columnar files (Ray Data).
* **TMX** (``.tmx``): one ``<tu>`` per bead that has both sides. align's own TMX carries the
  document id, the bead, the score and the confidence as ``x-align-*`` properties and the
  run signature in the header, so it reads back losslessly; TMX from other tools gives
  records without sentence ids.

Readers are iterators: memory stays bounded by one line, one Parquet batch or one ``<tu>``,
whatever the file size. When a record lacks ``doc_id``, ``src_lang`` or ``tgt_lang``, the
path gives them (:func:`path_defaults`): ``<doc_id>/<src>-<tgt>.jsonl`` (what
``align corpus`` writes) or ``<doc_id>.<src>-<tgt>.jsonl``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any, TextIO

from align.errors import BackendUnavailable, InputError, first_line
from align.records import RECORD_FIELDS, RECORD_SCHEMA, AlignedRecord, Bead, parse_bead
from align.xmlsafe import child
from align.xmlsafe import local_name as _local

#: File name endings of aligned-record files, longest first.
RECORD_SUFFIXES: tuple[str, ...] = (".jsonl.gz", ".jsonl", ".parquet", ".tmx")

#: Prefix of the TMX ``<prop type=...>`` names align writes (TMX 1.4: ``x-`` is user-defined).
TMX_PROP = "x-align-"

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_BATCH = 4096


# --------------------------------------------------------------------------- paths


def record_suffix(path: str | Path) -> str | None:
    """The aligned-record ending of ``path`` (``.jsonl``, ``.jsonl.gz``, ``.parquet``,
    ``.tmx``), or ``None``."""
    name = Path(path).name.lower()
    return next((s for s in RECORD_SUFFIXES if name.endswith(s)), None)


def path_defaults(path: str | Path) -> dict[str, str]:
    """``doc_id``, ``src_lang`` and ``tgt_lang`` as far as the path of a records file gives them.

    ``out/000-doc/pt-en.jsonl`` -> doc ``000-doc``, ``pt`` -> ``en`` (the layout of
    ``align corpus``); ``doc.en-pt.jsonl`` -> doc ``doc``, ``en`` -> ``pt``; ``doc.jsonl`` ->
    doc ``doc``. Language tags are recognised by :func:`align.lang.split_lang_pair`.
    """
    from align.lang import split_lang_pair

    if str(path) == "-":
        return {}
    p = Path(path)
    suffix = record_suffix(p)
    stem = p.name[: -len(suffix)] if suffix else p.name
    out: dict[str, str] = {}
    langs = split_lang_pair(stem)
    if langs is not None:
        out["src_lang"], out["tgt_lang"] = langs
        folder = p.absolute().parent.name
        if folder:
            out["doc_id"] = folder
        return out
    head, dot, tail = stem.rpartition(".")
    langs = split_lang_pair(tail) if dot and head else None
    if langs is not None:
        out["doc_id"] = head
        out["src_lang"], out["tgt_lang"] = langs
    elif stem:
        out["doc_id"] = stem
    return out


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def find_record_files(paths: Iterable[str | Path]) -> list[Path]:
    """The records files among ``paths``: files as given, folders searched recursively for
    :data:`RECORD_SUFFIXES` (sorted; hidden files and folders skipped)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if str(p) == "-":
            files.append(p)
        elif p.is_dir():
            found = [f for f in p.rglob("*")
                     if f.is_file() and record_suffix(f) and not _hidden(f, p)]
            files.extend(sorted(found, key=lambda f: f.relative_to(p).parts))
        elif p.exists():
            files.append(p)
        else:
            raise InputError(f"{p}: no such file or folder")
    return files


# --------------------------------------------------------------------------- reading


def read_records(path: str | Path, *,
                 defaults: Mapping[str, Any] | None = None) -> Iterator[AlignedRecord]:
    """Stream the records of one file (JSONL, earlier JSONL, Parquet or TMX; ``-`` is JSONL
    on stdin). Fields a record lacks come from ``defaults``, then from the path
    (:func:`path_defaults`). Errors name the file and line (row, for Parquet) and raise
    :class:`InputError`.
    """
    return (rec for _, rec in iter_records(path, defaults=defaults))


def iter_records(path: str | Path, *, defaults: Mapping[str, Any] | None = None,
                 ) -> Iterator[tuple[int, AlignedRecord]]:
    """:func:`read_records` with each record's line (JSONL, TMX) or row (Parquet) number."""
    name = str(path)
    filled = {**path_defaults(path), **(defaults or {})}
    suffix = record_suffix(path) or (".jsonl" if name == "-" else None)
    if suffix is None:
        raise InputError(f"{name}: not an aligned-records file; expected "
                         + ", ".join(reversed(RECORD_SUFFIXES)))
    if suffix == ".parquet":
        return _read_parquet(path, filled)
    if suffix == ".tmx":
        return _read_tmx(path, filled)
    return _read_jsonl(path, filled)


def _read_jsonl(path: str | Path, defaults: Mapping[str, Any]
                ) -> Iterator[tuple[int, AlignedRecord]]:
    from align.io import iter_jsonl, iter_lines

    name = str(path)
    for n, obj in iter_jsonl(iter_lines(path, allow_empty=True), name=name):
        yield n, AlignedRecord.from_dict(obj, where=f"{name}:{n}", defaults=defaults)


def _read_parquet(path: str | Path, defaults: Mapping[str, Any]
                  ) -> Iterator[tuple[int, AlignedRecord]]:
    pa, pq = _pyarrow()
    name = str(path)
    if not Path(path).is_file():
        raise InputError(f"{name}: no such file")
    try:
        pf = pq.ParquetFile(str(path))
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"{name}: not a Parquet file ({first_line(exc, limit=None)})") from None
    row = 0
    for batch in pf.iter_batches(batch_size=_BATCH):
        for obj in batch.to_pylist():
            row += 1
            yield row, AlignedRecord.from_dict(obj, where=f"{name}:{row}", defaults=defaults)


def _seg_text(seg: Any) -> str:
    """The text of a ``<seg>``: inline codes (``bpt``, ``ept``, ``ph``, ``it``, ``ut``) hold
    native markup, not text, and are left out; ``<hi>`` text is kept."""
    parts = [seg.text or ""]
    for node in seg:
        if _local(node.tag) == "hi":
            parts.append(_seg_text(node))
        parts.append(node.tail or "")
    return "".join(parts)


def _read_tmx(path: str | Path, defaults: Mapping[str, Any]
              ) -> Iterator[tuple[int, AlignedRecord]]:
    from lxml import etree

    name = str(path)
    if not Path(path).is_file():
        raise InputError(f"{name}: no such file" if not Path(path).exists()
                         else f"{name}: is a directory, expected a file")
    srclang: str | None = None
    header_sig = ""
    try:
        for _, el in etree.iterparse(name, events=("end",), resolve_entities=False,
                                     no_network=True, load_dtd=False, huge_tree=False,
                                     remove_comments=True, remove_pis=True):
            tag = _local(el.tag)
            if tag == "header":
                srclang = el.get("srclang")
                header_sig = _props(el).get("signature", "")
            elif tag == "tu":
                line = el.sourceline or 0
                for rec in _tu_records(el, srclang, header_sig, defaults, f"{name}:{line}"):
                    yield line, rec
                el.clear(keep_tail=False)
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 0
        raise InputError(f"{name}:{line}: not valid TMX ({exc.msg})") from None


def _props(el: Any) -> dict[str, str]:
    return {p.get("type", "")[len(TMX_PROP):]: (p.text or "") for p in el
            if _local(p.tag) == "prop" and p.get("type", "").startswith(TMX_PROP)}


def _tu_records(tu: Any, srclang: str | None, header_sig: str, defaults: Mapping[str, Any],
                where: str) -> Iterator[AlignedRecord]:
    tuvs = []
    for tuv in tu:
        if _local(tuv.tag) != "tuv":
            continue
        lang = tuv.get(_XML_LANG) or tuv.get("lang")
        seg = child(tuv, "seg")
        if not lang or seg is None:
            raise InputError(f"{where}: <tuv> needs xml:lang and a <seg>")
        tuvs.append((lang, _seg_text(seg)))
    if len(tuvs) < 2:
        return  # a unit without a translation is no aligned pair
    src_at = 0
    if srclang and srclang != "*all*":
        src_at = next((i for i, (lang, _) in enumerate(tuvs)
                       if lang.lower() == srclang.lower()), 0)
    props = _props(tu)
    obj: dict[str, Any] = {"signature": props.get("signature", header_sig)}
    if "doc" in props:
        obj["doc_id"] = props["doc"]
    if "bead" in props:
        src_ids, tgt_ids, _ = parse_bead(props["bead"], where=where)
        obj["src_ids"], obj["tgt_ids"] = list(src_ids), list(tgt_ids)
    for key in ("score", "confidence"):
        if key in props:
            obj[key] = props[key]
    src_lang, source = tuvs[src_at]
    for i, (tgt_lang, target) in enumerate(tuvs):
        if i != src_at:
            yield AlignedRecord.from_dict(
                {**obj, "src_lang": src_lang, "tgt_lang": tgt_lang, "source": source,
                 "target": target}, where=where, defaults=defaults)


def read_segments(path: str | Path, side: str = "target") -> list[str]:
    """One text per record, in file order: each record's ``target`` (or ``source``).

    What ``align score`` reads when a system or reference is a records file; a 1-0 bead
    gives an empty target. Records need no document or language fields here.
    """
    return list(iter_segments(path, side))


def iter_segments(path: str | Path, side: str = "target") -> Iterator[str]:
    """:func:`read_segments`, streamed (``align score`` reads files chunk by chunk)."""
    if side not in ("source", "target"):
        raise ValueError(f"side must be 'source' or 'target', not {side!r}")
    fill = {"doc_id": "-", "src_lang": "und", "tgt_lang": "und"}
    return (getattr(rec, side) for rec in read_records(path, defaults=fill))


# --------------------------------------------------------------------------- writing


def write_jsonl(fh: TextIO, records: Iterable[AlignedRecord]) -> int:
    """One JSON object per record (keys in :data:`RECORD_FIELDS` order); returns the count."""
    import json

    n = 0
    for rec in records:
        fh.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise BackendUnavailable("Parquet needs pyarrow: pip install 'align[publish]'") from exc
    return pa, pq


def arrow_schema() -> Any:
    """The Arrow schema of a records Parquet file (the columns of :data:`RECORD_FIELDS`)."""
    pa, _ = _pyarrow()
    types = {"src_ids": pa.list_(pa.int32()), "tgt_ids": pa.list_(pa.int32()),
             "score": pa.float64(), "confidence": pa.float64()}
    return pa.schema([pa.field(f, types.get(f, pa.string()), nullable=f == "confidence")
                      for f in RECORD_FIELDS],
                     metadata={"align_record_schema": str(RECORD_SCHEMA)})


def write_parquet(path: str | Path, records: Iterable[AlignedRecord]) -> int:
    """Write ``records`` as Parquet at ``path`` (atomically, in batches); returns the count."""
    from align.io import atomic_write

    if str(path) == "-":
        raise InputError("Parquet is binary: give an output file (-o FILE.parquet), not stdout")
    pa, pq = _pyarrow()
    schema = arrow_schema()
    n = 0
    with atomic_write(path, binary=True) as fh:
        writer = pq.ParquetWriter(fh, schema)
        try:
            it = iter(records)
            while batch := list(islice(it, _BATCH)):
                writer.write_table(pa.Table.from_pylist([r.to_dict() for r in batch],
                                                        schema=schema))
                n += len(batch)
        finally:
            writer.close()
    return n


def _tu(rec: AlignedRecord, header_sig: str) -> Any:
    from lxml import etree

    tu = etree.Element("tu")
    props = [("doc", rec.doc_id)]
    if rec.src_ids or rec.tgt_ids:
        props.append(("bead", Bead(rec.src_ids, rec.tgt_ids).format()))
    props.append(("score", repr(float(rec.score))))
    if rec.confidence is not None:
        props.append(("confidence", repr(float(rec.confidence))))
    if rec.signature and rec.signature != header_sig:
        props.append(("signature", rec.signature))
    for key, value in props:
        etree.SubElement(tu, "prop", type=TMX_PROP + key).text = value
    for lang, text in ((rec.src_lang, rec.source), (rec.tgt_lang, rec.target)):
        tuv = etree.SubElement(tu, "tuv", {_XML_LANG: lang})
        etree.SubElement(tuv, "seg").text = text
    return tu


def write_tmx(fh: IO[bytes], records: Iterable[AlignedRecord]) -> int:
    """Stream ``records`` as TMX 1.4 to the binary file ``fh``; returns the units written.

    One ``<tu>`` per record with text on both sides (a 1-0/0-1 bead has nothing to
    translate and is left out). The header's ``srclang`` and run signature are the first
    record's; no DOCTYPE is written.
    """
    from lxml import etree

    from align import __version__

    it = iter(records)
    first = next(it, None)
    header_sig = first.signature if first else ""
    n = 0
    with etree.xmlfile(fh, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("tmx", version="1.4"):
            header = etree.Element("header", {
                "creationtool": "align", "creationtoolversion": __version__,
                "segtype": "sentence", "o-tmf": "align", "adminlang": "en",
                "srclang": first.src_lang if first else "*all*", "datatype": "plaintext"})
            if header_sig:
                etree.SubElement(header, "prop", type=TMX_PROP + "signature").text = header_sig
            xf.write("\n", header, "\n")
            with xf.element("body"):
                xf.write("\n")
                for rec in chain([first] if first else [], it):
                    if not rec.source or not rec.target:
                        continue
                    try:
                        unit = _tu(rec, header_sig)
                    except ValueError:
                        raise InputError(
                            f"{rec.doc_id}: the bead of source sentences {list(rec.src_ids)} "
                            "holds a control character XML cannot carry; use --format jsonl"
                        ) from None
                    xf.write(unit, pretty_print=True)
                    n += 1
            xf.write("\n")
    return n


def tmx_bytes(records: Iterable[AlignedRecord]) -> bytes:
    """:func:`write_tmx` into memory."""
    import io

    buf = io.BytesIO()
    write_tmx(buf, records)
    return buf.getvalue()


__all__ = [
    "RECORD_SUFFIXES", "TMX_PROP", "arrow_schema", "find_record_files", "iter_records",
    "path_defaults",
    "read_records", "read_segments", "record_suffix", "tmx_bytes", "write_jsonl",
    "write_parquet", "write_tmx",
]
