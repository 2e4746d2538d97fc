"""The document corpus: ``corpora/<doc_id>/`` folders of parallel versions of one article.

Layout of one document folder::

    corpora/<doc_id>/
        meta.json            # id, title, source, author, date, original_language, url, versions
        raw/<file>           # the scraped page, byte-identical, never edited
        <lang>.txt           # one cleaned version per language tag (pt.txt, en.txt,
                             # zh-Hans.txt; pt-BR.txt and pt-PT.txt are two versions)
        gold/<src>-<tgt>.beads   # gold sentence alignments (later)

:func:`load_corpus` reads every folder; :class:`CorpusDocument` gives the versions and
the (original, other) language pairs to align. :func:`refresh_meta` recomputes the
fields of ``meta.json`` that come from cleaning the raw page (used by
``scripts/build_corpus.py``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from align.errors import InputError
from align.lang import is_lang_tag, normalize_lang, serves

META_FILE = "meta.json"

#: Key order of meta.json (unknown keys follow, sorted), so rewrites are deterministic.
META_KEYS: tuple[str, ...] = (
    "id", "title", "source", "author", "date", "original_language", "url", "description",
    "notes", "versions",
)
VERSION_KEYS: tuple[str, ...] = (
    "file", "title", "provenance", "raw", "byline", "machine_translation", "translated_from",
)


@dataclass(frozen=True)
class CorpusDocument:
    """One article and its versions in several languages.

    Versions are keyed by canonical BCP-47 tag with region and script kept: a folder with
    ``pt-BR.txt`` and ``pt-PT.txt`` has two versions, ``pt-BR`` and ``pt-PT``."""

    id: str
    path: Path
    original_language: str
    title: str
    meta: dict[str, Any] = field(compare=False, hash=False)
    versions: dict[str, Path] = field(compare=False, hash=False)  # lang -> cleaned text

    def original_version(self) -> str | None:
        """The version in the original language: the one tagged exactly so, else the only
        version of that language compatible with it (original ``pt``, one file
        ``pt-BR.txt``; original ``pt-BR``, one file ``pt.txt``)."""
        if self.original_language in self.versions:
            return self.original_language
        orig = self.original_language
        served = [v for v in self.versions if serves(orig, v) or serves(v, orig)]
        return served[0] if len(served) == 1 else None

    def parallel_pairs(self) -> list[tuple[str, str]]:
        """``(original, other)`` for every other version, sorted by language: pt-BR and
        pt-PT beside en are two pairs."""
        original = self.original_version()
        if original is None:
            return []
        return [(original, lang) for lang in sorted(self.versions) if lang != original]

    def text(self, lang: str) -> str:
        """The cleaned text of the version in ``lang`` (any spelling, e.g. ``pt_BR``)."""
        from align.io import read_text

        key = normalize_lang(lang)
        if key not in self.versions:
            raise InputError(
                f"{self.path}: no {key!r} version; available: {', '.join(sorted(self.versions))}"
            )
        return read_text(self.versions[key])

    def raw_path(self, lang: str) -> Path | None:
        """The scraped page a version was cleaned from, when ``meta.json`` names one."""
        raw = self.meta.get("versions", {}).get(normalize_lang(lang), {}).get("raw")
        return self.path / raw if raw else None

    def gold_path(self, src: str, tgt: str) -> Path:
        """Where the gold alignment of ``src`` and ``tgt`` lives (it may not exist yet)."""
        return self.path / "gold" / f"{normalize_lang(src)}-{normalize_lang(tgt)}.beads"


def _bad(path: Path, reason: str) -> InputError:
    return InputError(f"{path}: {reason}")


def read_meta(path: Path, *, allow_no_original: bool = False) -> dict[str, Any]:
    """Read and check a ``meta.json``; :class:`InputError` names the file and the reason.

    ``allow_no_original``: a missing ``original_language`` is no error (the caller knows
    it from ``--original``)."""
    if not path.is_file():
        raise _bad(path, "missing; every corpus folder needs a meta.json (see docs/corpus.md)")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise _bad(path, "not UTF-8; save it as UTF-8 JSON") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: invalid JSON ({exc.msg})") from None
    if not isinstance(meta, dict):
        raise _bad(path, "expected a JSON object with id, original_language and versions")
    folder = path.parent.name
    if "id" not in meta:
        raise _bad(path, f"no 'id'; set it to the folder's name, \"id\": {json.dumps(folder)}")
    if meta["id"] != folder:
        raise _bad(path, f"id {meta['id']!r} does not match its folder name {folder!r}")
    if "original_language" in meta or not allow_no_original:
        if not isinstance(meta.get("original_language"), str):
            raise _bad(path, "original_language is missing; set it to a tag such as 'pt' or "
                       "'zh-Hans' (or pass --original)")
        normalize_lang(meta["original_language"], where=f"{path}: original_language")
    versions = meta.get("versions", {})
    if not isinstance(versions, dict):
        raise _bad(path, "versions must be an object mapping a language tag to its version")
    for lang, version in versions.items():
        if not isinstance(version, dict):
            raise _bad(path, f"versions[{lang!r}] must be an object with at least 'file'")
        normalize_lang(lang, where=f"{path}: versions")
    return meta


def _version_files(folder: Path, meta: Mapping[str, Any], meta_path: Path) -> dict[str, Path]:
    """lang -> file: the versions ``meta.json`` names, then every ``<tag>.txt`` in the folder.

    Two files for one tag (``pt_BR.txt`` and ``pt-BR.txt``, or a file beside the one
    meta.json names) are an error naming both, never a silent drop."""
    versions: dict[str, Path] = {}
    for lang, version in meta.get("versions", {}).items():
        key = normalize_lang(lang)
        name = version.get("file") or f"{key}.txt"
        file = folder / name
        if not file.is_file():
            raise _bad(meta_path, f"version {lang!r}: file {name!r} not found in {str(folder)!r}; "
                       "run scripts/build_corpus.py --update or fix 'file'")
        if key in versions:
            raise _bad(meta_path, f"versions {versions[key].name!r} and {name!r} are both "
                       f"language {key!r}; keep one")
        versions[key] = file
    named = set(versions.values())
    for file in sorted(folder.glob("*.txt")):
        if not is_lang_tag(file.stem) or file in named:
            continue  # not a version file (notes.txt, ...), or one meta.json names
        key = normalize_lang(file.stem)
        if key in versions:
            raise InputError(f"{folder}: {versions[key].name!r} and {file.name!r} are both "
                             f"language {key!r}; keep one (rename or remove the other)")
        versions[key] = file
    return dict(sorted(versions.items()))


def load_document(folder: str | Path, *, original: str | None = None) -> CorpusDocument:
    """Read one document folder (its ``meta.json`` plus any ``<lang>.txt`` present).

    ``original`` (``--original``) is the original language where ``meta.json`` names none;
    with it, a folder without ``meta.json`` is a document too (its id the folder name)."""
    folder = Path(folder)
    meta_path = folder / META_FILE
    if original is not None:
        original = normalize_lang(original, where="--original")
    if original is not None and not meta_path.exists():
        meta: dict[str, Any] = {"id": folder.name}
    else:
        meta = read_meta(meta_path, allow_no_original=original is not None)
    versions = _version_files(folder, meta, meta_path)
    lang = normalize_lang(meta["original_language"]) if "original_language" in meta else original
    assert lang is not None  # read_meta insists on it when no --original
    title = meta.get("title") or meta.get("versions", {}).get(lang, {}).get("title")
    return CorpusDocument(
        id=meta["id"],
        path=folder,
        original_language=lang,
        title=title or meta["id"],
        meta=meta,
        versions=versions,
    )


def load_corpus(root: str | Path, *, original: str | None = None) -> list[CorpusDocument]:
    """Every document under ``root`` (one folder each), sorted by id.

    Folders whose name starts with ``.`` or ``_`` are skipped. Raises
    :class:`InputError` for a missing or bad ``meta.json`` (the file and the reason);
    with ``original`` (see :func:`load_document`) a folder needs no ``meta.json``.
    """
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"{root}: corpus folder not found")
    folders = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))]
    return sorted((load_document(p, original=original) for p in folders), key=lambda d: d.id)


# --------------------------------------------------------------------------- meta.json


def _ordered(mapping: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    out = {k: mapping[k] for k in keys if k in mapping}
    out.update({k: mapping[k] for k in sorted(mapping) if k not in out})
    return out


def format_meta(meta: Mapping[str, Any]) -> str:
    """``meta.json`` text: fixed key order, 2-space indent, UTF-8 as is, final newline."""
    doc = _ordered(meta, META_KEYS)
    if "versions" in doc:
        doc["versions"] = {
            lang: _ordered(v, VERSION_KEYS) for lang, v in sorted(doc["versions"].items())
        }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def refresh_meta(
    meta: Mapping[str, Any], lang: str, metadata: Mapping[str, str | None], *, raw: str
) -> dict[str, Any]:
    """``meta`` with the fields that come from cleaning version ``lang`` recomputed.

    ``metadata`` is :attr:`align.clean.CleanResult.metadata` of ``raw`` (the raw file,
    relative to the document folder). Always set: the version's ``file``, ``raw``,
    ``title`` and ``byline`` (source and author as printed on the page). For the
    original version, the document's ``title`` and ``date`` come from the page when it
    has them; ``source`` and ``author`` are filled from the page only when ``meta`` has
    none (a hand-curated canonical name wins; the page's wording stays in ``byline``).
    Everything else (``url``, ``provenance``, other versions) is left as it is.
    """
    lang = normalize_lang(lang)
    out = json.loads(json.dumps(dict(meta)))  # deep copy
    versions = out.setdefault("versions", {})
    version = versions.setdefault(lang, {})
    version["file"] = f"{lang}.txt"
    version["raw"] = raw
    version["title"] = metadata.get("title")
    version["byline"] = {"source": metadata.get("source"), "author": metadata.get("author")}
    if normalize_lang(out.get("original_language", lang)) == lang:
        for key in ("title", "source", "author", "date"):
            value = metadata.get(key)
            if key in ("title", "date") and value:
                out[key] = value
            elif value and not out.get(key):
                out[key] = value
            else:
                out.setdefault(key, None)
        out.setdefault("url", None)
    return _ordered(out, META_KEYS)
