"""Manifests: the document pairs an ``align corpus`` run aligns, one row per pair.

A manifest is JSONL (one object per line) or Parquet (one row per pair) with the columns
of :data:`MANIFEST_FIELDS`:

* ``doc_id``: the document's id (every aligned record carries it);
* ``src_lang`` / ``tgt_lang``: BCP-47 tags of the two sides (read in their canonical
  spelling: ``pt_br`` is ``pt-BR``);
* ``source`` / ``target``: where the two texts are: a local path (relative paths are
  relative to the manifest's own folder) or an fsspec URI (``s3://``, ``gs://``,
  ``hf://``; :mod:`align.uri`);
* ``original`` (optional): the document's original language, when known.

Other keys are ignored. :func:`iter_manifest` streams and validates a manifest (errors
name the file and line, or row for Parquet); :func:`validate_manifest` checks a whole one
in constant memory; :func:`corpus_manifest` lists a corpus folder's pairs and
:func:`write_manifest` saves them (``align corpus DIR --write-manifest FILE``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from align.errors import BackendUnavailable, InputError

#: Columns of a manifest, in the order they are written.
MANIFEST_FIELDS: tuple[str, ...] = ("doc_id", "src_lang", "tgt_lang", "source", "target",
                                    "original")
REQUIRED_FIELDS: tuple[str, ...] = MANIFEST_FIELDS[:5]
#: File endings of manifests.
MANIFEST_SUFFIXES: tuple[str, ...] = (".jsonl", ".parquet")

_BATCH = 8192


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One document pair of a manifest: ids, languages and the two locations as written."""

    doc_id: str
    src_lang: str
    tgt_lang: str
    source: str
    target: str
    original: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        """A JSON-ready dict in :data:`MANIFEST_FIELDS` order (``original`` only when set)."""
        d: dict[str, str | None] = {f: getattr(self, f) for f in REQUIRED_FIELDS}
        if self.original is not None:
            d["original"] = self.original
        return d

    @property
    def ident(self) -> bytes:
        """16 bytes naming the pair (document and language direction), whatever its texts."""
        return pair_ident(self.doc_id, self.src_lang, self.tgt_lang)


def pair_ident(doc_id: str, src_lang: str, tgt_lang: str) -> bytes:
    """The 16-byte identity of a document pair (document, source and target language)."""
    return hashlib.blake2b("\x1f".join((doc_id, src_lang, tgt_lang)).encode("utf-8"),
                           digest_size=16).digest()


def manifest_suffix(path: str | Path) -> str | None:
    """``.jsonl`` or ``.parquet`` for a manifest path (``.jsonl.gz`` reads as JSONL)."""
    name = str(path).lower()
    if name.endswith((".jsonl", ".jsonl.gz")):
        return ".jsonl"
    if name.endswith(".parquet"):
        return ".parquet"
    return None


def entry_from_dict(obj: Mapping[str, Any], *, where: str) -> ManifestEntry:
    """Check one manifest row and make it a :class:`ManifestEntry`; :class:`InputError`
    names ``where`` (``file:line``) and the field."""
    from align.lang import is_lang_tag, normalize_lang

    values: dict[str, str | None] = {}
    for name in REQUIRED_FIELDS:
        value = obj.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise InputError(f"{where}: missing {name!r}; a manifest row needs "
                             + ", ".join(REQUIRED_FIELDS))
        if not isinstance(value, str):
            raise InputError(f"{where}: {name!r} must be a string, not {value!r}")
        values[name] = value
    original = obj.get("original")
    if original is not None and (not isinstance(original, str) or not original.strip()):
        raise InputError(f"{where}: 'original' must be a language tag, not {original!r}")
    values["original"] = original
    for name in ("src_lang", "tgt_lang", "original"):
        tag = values[name]
        if tag is None:
            continue
        if not is_lang_tag(tag):
            raise InputError(f"{where}: {name} {tag!r} is not a BCP-47 language tag "
                             "(e.g. en, pt-BR, zh-Hant)")
        values[name] = normalize_lang(tag)  # the canonical spelling: pt_br -> pt-BR
    if values["src_lang"] == values["tgt_lang"]:
        raise InputError(f"{where}: src_lang and tgt_lang are both {values['src_lang']!r}")
    if any(ch in (values["doc_id"] or "") for ch in "\n\r\t\x00"):
        raise InputError(f"{where}: doc_id {values['doc_id']!r} holds a control character")
    return ManifestEntry(**values)  # type: ignore[arg-type]


def iter_manifest(path: str | Path) -> Iterator[tuple[int, ManifestEntry]]:
    """Stream ``(line or row number, entry)`` from a JSONL or Parquet manifest (a path or a
    URI), each row checked by :func:`entry_from_dict`."""
    name = str(path)
    suffix = manifest_suffix(name)
    if suffix is None:
        raise InputError(f"{name}: not a manifest; expected a .jsonl or .parquet file")
    if suffix == ".parquet":
        return _iter_parquet(name)
    return _iter_jsonl(name)


def _iter_jsonl(name: str) -> Iterator[tuple[int, ManifestEntry]]:
    from align.io import iter_jsonl
    from align.uri import is_uri

    if is_uri(name):
        from align.uri import read_text

        lines: Iterable[str] = read_text(name).split("\n")
    else:
        from align.io import iter_lines

        lines = iter_lines(name, allow_empty=True)
    for n, obj in iter_jsonl(lines, name=name):
        yield n, entry_from_dict(obj, where=f"{name}:{n}")


def _iter_parquet(name: str) -> Iterator[tuple[int, ManifestEntry]]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise BackendUnavailable("Parquet manifests need pyarrow: pip install 'align[publish]'"
                                 ) from exc
    from align.uri import check_backend, is_uri

    if is_uri(name):
        check_backend(name)
        import fsspec

        source: Any = fsspec.open(name, "rb").open()
    else:
        if not Path(name).is_file():
            raise InputError(f"{name}: no such file")
        source = name
    try:
        pf = pq.ParquetFile(source)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"{name}: not a Parquet file ({str(exc).splitlines()[0]})") from None
    missing = [f for f in REQUIRED_FIELDS if f not in pf.schema_arrow.names]
    if missing:
        raise InputError(f"{name}: no column {missing[0]!r}; a manifest needs "
                         + ", ".join(REQUIRED_FIELDS))
    columns = [f for f in MANIFEST_FIELDS if f in pf.schema_arrow.names]
    row = 0
    for batch in pf.iter_batches(batch_size=_BATCH, columns=columns):
        for obj in batch.to_pylist():
            row += 1
            yield row, entry_from_dict(obj, where=f"{name}:{row}")


@dataclass(frozen=True)
class ManifestInfo:
    """What :func:`validate_manifest` learnt about a manifest."""

    path: str
    pairs: int
    base: str  # the folder relative locations are resolved against


def validate_manifest(path: str | Path) -> ManifestInfo:
    """Read a whole manifest once, checking every row and that no document pair (doc_id,
    src_lang, tgt_lang) appears twice; memory stays at 8 bytes per row.

    Raises :class:`InputError` naming the file and line of the first bad row, or of the
    second occurrence of a pair (and the line of the first).
    """
    import numpy as np

    from align.uri import parent

    name = str(path)
    chunks: list[Any] = []
    current: list[int] = []
    n = 0
    for _, entry in iter_manifest(name):
        current.append(int.from_bytes(entry.ident[:8], "little"))
        n += 1
        if len(current) >= 1 << 16:
            chunks.append(np.array(current, dtype=np.uint64))
            current = []
    chunks.append(np.array(current, dtype=np.uint64))
    if n == 0:
        raise InputError(f"{name}: the manifest lists no document pairs")
    hashes = np.sort(np.concatenate(chunks))
    if np.any(hashes[1:] == hashes[:-1]):
        _raise_duplicate(name)
    return ManifestInfo(name, n, parent(name))


def _raise_duplicate(name: str) -> None:
    """Find the first pair listed twice (a second pass, only when a repeat was seen)."""
    seen: dict[bytes, int] = {}
    for line, entry in iter_manifest(name):
        first = seen.setdefault(entry.ident, line)
        if first != line:
            raise InputError(f"{name}:{line}: document {entry.doc_id!r} "
                             f"({entry.src_lang}-{entry.tgt_lang}) is listed again (first at "
                             f"line {first}); list each pair once")


# --------------------------------------------------------------------------- writing


def corpus_manifest(root: str | Path, *, relative_to: str | Path | None = None,
                    original: str | None = None) -> list[ManifestEntry]:
    """The pairs ``align corpus ROOT`` aligns (each document's original against each other
    version), as manifest entries. Locations are relative to the folder ``relative_to``
    when given (the manifest's own folder, so the two can move together), else absolute.
    ``original``: the original language of documents whose ``meta.json`` names none
    (``--original``).
    """
    import os

    from align.corpus import load_corpus

    def where(p: Path) -> str:
        if relative_to is None:
            return str(p.absolute())
        return os.path.relpath(p.absolute(), Path(relative_to).absolute())

    return [
        ManifestEntry(doc.id, s, t, where(doc.versions[s]), where(doc.versions[t]),
                      doc.original_language)
        for doc in load_corpus(root, original=original) for s, t in doc.parallel_pairs()
    ]


def write_manifest(path: str | Path, entries: Iterable[ManifestEntry]) -> int:
    """Save ``entries`` as a JSONL or Parquet manifest (by ``path``'s ending), atomically;
    returns the number of rows."""
    from align.io import atomic_write

    suffix = manifest_suffix(path)
    if suffix is None or str(path).lower().endswith(".gz"):
        raise InputError(f"{path}: a manifest is written as .jsonl or .parquet")
    if suffix == ".jsonl":
        n = 0
        with atomic_write(path) as fh:
            for entry in entries:
                fh.write(json.dumps(entry.to_dict(), ensure_ascii=False) + "\n")
                n += 1
        return n
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise BackendUnavailable("Parquet manifests need pyarrow: pip install 'align[publish]'"
                                 ) from exc
    rows = [{f: getattr(e, f) for f in MANIFEST_FIELDS} for e in entries]
    table = pa.Table.from_pylist(rows, schema=arrow_schema())
    with atomic_write(path, binary=True) as fh:
        pq.write_table(table, fh)
    return len(rows)


def arrow_schema() -> Any:
    """The Arrow schema of a manifest (all strings; ``original`` may be null)."""
    import pyarrow as pa

    return pa.schema([pa.field(f, pa.string(), nullable=f == "original") for f in MANIFEST_FIELDS])


__all__ = [
    "MANIFEST_FIELDS", "MANIFEST_SUFFIXES", "ManifestEntry", "ManifestInfo", "arrow_schema",
    "corpus_manifest", "entry_from_dict", "iter_manifest", "manifest_suffix", "pair_ident",
    "validate_manifest", "write_manifest",
]
