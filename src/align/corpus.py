"""The document corpus: ``corpora/<doc_id>/`` folders of parallel versions of one article.

Layout of one document folder::

    corpora/<doc_id>/
        meta.json            # id, title, source, author, date, original_language, url, versions
        raw/<file>           # the scraped page, byte-identical, never edited
        <lang>.txt           # one cleaned version per language (pt.txt, en.txt, zh-Hans.txt)
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
from align.lang import normalize_lang

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
    """One article and its versions in several languages."""

    id: str
    path: Path
    original_language: str
    title: str
    meta: dict[str, Any] = field(compare=False, hash=False)
    versions: dict[str, Path] = field(compare=False, hash=False)  # lang -> cleaned text

    def parallel_pairs(self) -> list[tuple[str, str]]:
        """``(original_language, other)`` for every other version, sorted by language."""
        if self.original_language not in self.versions:
            return []
        return [(self.original_language, lang) for lang in sorted(self.versions)
                if lang != self.original_language]

    def text(self, lang: str) -> str:
        """The cleaned text of the version in ``lang`` (any alias, e.g. ``zh-CN``)."""
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


def read_meta(path: Path) -> dict[str, Any]:
    """Read and check a ``meta.json``; :class:`InputError` names the file and the reason."""
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
    if meta.get("id") != folder:
        raise _bad(path, f"id {meta.get('id')!r} does not match its folder name {folder!r}")
    if not isinstance(meta.get("original_language"), str):
        raise _bad(path, "original_language is missing; set it to a tag such as 'pt' or 'zh-Hans'")
    try:
        normalize_lang(meta["original_language"])
    except InputError as exc:
        raise _bad(path, f"original_language: {exc}") from None
    versions = meta.get("versions", {})
    if not isinstance(versions, dict):
        raise _bad(path, "versions must be an object mapping a language tag to its version")
    for lang, version in versions.items():
        if not isinstance(version, dict):
            raise _bad(path, f"versions[{lang!r}] must be an object with at least 'file'")
        try:
            normalize_lang(lang)
        except InputError as exc:
            raise _bad(path, f"versions: {exc}") from None
    return meta


def load_document(folder: str | Path) -> CorpusDocument:
    """Read one document folder (its ``meta.json`` plus any ``<lang>.txt`` present)."""
    folder = Path(folder)
    meta_path = folder / META_FILE
    meta = read_meta(meta_path)
    versions: dict[str, Path] = {}
    for lang, version in meta.get("versions", {}).items():
        name = version.get("file") or f"{normalize_lang(lang)}.txt"
        file = folder / name
        if not file.is_file():
            raise _bad(meta_path, f"version {lang!r}: file {name!r} not found in {str(folder)!r}; "
                       "run scripts/build_corpus.py --update or fix 'file'")
        versions[normalize_lang(lang)] = file
    for file in sorted(folder.glob("*.txt")):
        try:
            lang = normalize_lang(file.stem)
        except InputError:
            continue  # not a version file (notes.txt, ...)
        versions.setdefault(lang, file)
    original = normalize_lang(meta["original_language"])
    title = meta.get("title") or meta.get("versions", {}).get(original, {}).get("title")
    return CorpusDocument(
        id=meta["id"],
        path=folder,
        original_language=original,
        title=title or meta["id"],
        meta=meta,
        versions=dict(sorted(versions.items())),
    )


def load_corpus(root: str | Path) -> list[CorpusDocument]:
    """Every document under ``root`` (one folder each), sorted by id.

    Folders whose name starts with ``.`` or ``_`` are skipped. Raises
    :class:`InputError` for a missing or bad ``meta.json`` (the file and the reason).
    """
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"{root}: corpus folder not found")
    folders = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))]
    return sorted((load_document(p) for p in folders), key=lambda d: d.id)


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
