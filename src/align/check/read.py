"""Reading ``align check`` inputs into :class:`Document` objects, one file at a time.

Languages come from the most specific place that names them: each record's own
``src_lang``/``tgt_lang`` (JSONL), then the file's language attributes (TMX, XLIFF), then
its name (``pt-en.jsonl``, ``doc.zh-Hans-en.tsv``; ``pt.txt`` for a document), and only
then the ``--src-lang``/``--tgt-lang``/``--lang`` options, so a folder that mixes
language pairs is never read under one flag.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from align.check.model import Codes, Document, Unit
from align.errors import InputError
from align.io import suffix_of
from align.lang import normalize_lang

PAIR_EXTENSIONS = (".tsv", ".jsonl", ".tmx", ".xlf", ".xliff", ".po")
MONO_EXTENSIONS = (".txt", ".md")


def display_path(path: str | Path) -> str:
    """``path`` relative to the working directory when inside it, with ``/`` separators."""
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def _lang(tag: str | None, what: str, path: str) -> str:
    if not tag:
        side = "source" if what == "src" else "target"
        raise InputError(f"{path}: {side} language unknown; pass --{what}-lang")
    try:
        return normalize_lang(tag)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def _lang_of_name(path: Path) -> str | None:
    """``zh-Hant.txt`` -> ``zh-Hant``: the corpus layout names cleaned files by language."""
    try:
        return normalize_lang(path.stem)
    except InputError:
        return None


def pair_of_name(path: str | Path) -> tuple[str, str] | None:
    """``pt-en.jsonl``, ``doc.zh-Hans-en.tsv`` -> the (source, target) languages the file
    name gives (the part after the last dot of the stem; :func:`align.lang.split_lang_pair`),
    or ``None``."""
    from align.lang import split_lang_pair

    name = Path(path).name
    if name.endswith(".gz"):
        name = name[:-3]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return split_lang_pair(stem.rsplit(".", 1)[-1])


def read_tsv_pairs(path: str | Path, *, encoding: str | None = None) -> list[Unit]:
    """``source<TAB>target`` per line (extra columns ignored; blank lines skipped)."""
    from align.io import read_lines

    name = display_path(path)
    units = []
    for i, line in enumerate(read_lines(path, encoding=encoding), 1):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            raise InputError(f"{path}:{i}: expected source<TAB>target, found no tab")
        units.append(Unit(tgt=cols[1], src=cols[0], line=i, doc=name))
    return units


def read_jsonl_pairs(
    path: str | Path,
    *,
    encoding: str | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> tuple[list[Unit], str | None, str | None]:
    """Aligned records (:class:`align.records.AlignedRecord`, as ``align pair`` and
    ``align corpus`` write them; the older ``src``/``tgt`` lines too), one per line.

    Each record's ``src_lang``/``tgt_lang`` wins; records without them take the file
    name's pair, then ``src_lang``/``tgt_lang``. Returns the units (with their own
    languages) and the languages of the first record.
    """
    from align.io import iter_jsonl, read_text
    from align.records import AlignedRecord

    name = display_path(path)
    named = pair_of_name(path)
    defaults: dict[str, Any] = {
        "src_lang": named[0] if named else src_lang,
        "tgt_lang": named[1] if named else tgt_lang,
    }
    parent = Path(path).parent.name
    units: list[Unit] = []
    first: tuple[str | None, str | None] = (None, None)
    for i, obj in iter_jsonl(read_text(path, encoding=encoding), name=str(path)):
        where = f"{path}:{i}"
        doc = obj.get("doc_id") or obj.get("doc") or parent or name
        for side in ("src", "tgt"):
            if not (obj.get(f"{side}_lang") or defaults[f"{side}_lang"]):
                _lang(None, side, str(path))
        rec = AlignedRecord.from_dict(obj, where=where, defaults=defaults | {"doc_id": str(doc)})
        s = _record_lang(rec.src_lang, where)
        t = _record_lang(rec.tgt_lang, where)
        if not units:
            first = (s, t)
        units.append(Unit(tgt=rec.target, src=rec.source, line=i, doc=f"{name}#{rec.doc_id}",
                          src_lang=s, tgt_lang=t))
    return units, first[0], first[1]


def _record_lang(tag: str, where: str) -> str:
    try:
        return normalize_lang(tag)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None


def read_store_pairs(path: str | Path) -> tuple[list[Unit], str | None, str | None]:
    """TMX, XLIFF (1.2, 2.x) or PO through :func:`align.bilingual.read_bilingual`, the one
    reader of these formats: (units, source lang, target lang as the file names them).

    Inline codes are not text: ``src``/``tgt`` are the unit's plain text (the content of a
    paired code such as ``<g>`` kept; a ``<ph>``, ``<x/>`` or ``<bpt>`` and its content
    left out) and the codes go to :attr:`Unit.codes` for the tag check. Units without a
    target (no ``<target>``, no target ``tuv``, an empty ``msgstr``) are not translated
    yet and are left out.
    """
    from align.bilingual import read_bilingual

    name = display_path(path)
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: no such file")
    f = read_bilingual(p)
    units: list[Unit] = []
    for u in f.units:
        if not u.source or u.target is None:
            continue
        codes: Codes | None = None
        if u.source_codes or u.target_codes:
            codes = (tuple(c.key for c in u.source_codes), tuple(c.key for c in u.target_codes))
        units.append(Unit(tgt=u.target, src=u.source, line=u.line, doc=name, codes=codes))
    return units, f.src_lang or None, f.tgt_lang or None


def read_parallel(
    source: str | Path, target: str | Path, *, encoding: str | None = None
) -> list[Unit]:
    """Two line-aligned files: line i of ``source`` is translated by line i of ``target``."""
    from align.io import read_lines

    src = read_lines(source, encoding=encoding)
    tgt = read_lines(target, encoding=encoding)
    if len(src) != len(tgt):
        raise InputError(
            f"source has {len(src)} lines but target has {len(tgt)} "
            f"({source}, {target}); they must be line-aligned"
        )
    name = display_path(target)
    return [
        Unit(tgt=t, src=s, line=i, doc=name)
        for i, (s, t) in enumerate(zip(src, tgt, strict=True), 1)
        if s.strip() or t.strip()
    ]


def read_monolingual(path: str | Path, *, encoding: str | None = None) -> list[Unit]:
    """A target-language document, one unit per non-blank line."""
    from align.io import read_lines

    name = display_path(path)
    return [
        Unit(tgt=line, line=i, doc=name)
        for i, line in enumerate(read_lines(path, encoding=encoding), 1)
        if line.strip()
    ]


def split_lang_prefix(spec: str) -> tuple[str | None, str]:
    """``pt:path/to/doc.txt`` -> (``pt``, ``path/to/doc.txt``); no prefix -> (None, spec)."""
    head, sep, rest = spec.partition(":")
    if sep and rest and not Path(spec).exists():
        try:
            return normalize_lang(head), rest
        except InputError:
            pass
    return None, spec


def expand_inputs(
    specs: Sequence[str], *, exclude: Iterable[Path] = ()
) -> tuple[list[tuple[str | None, Path]], list[Path]]:
    """Inputs (files, ``LANG:file`` and directories) -> ([(lang or None, file)], skipped).

    Directories are walked recursively (sorted; hidden files and folders skipped): pair
    files (.tsv .jsonl .tmx .xlf .xliff .po) are taken, and text files (.txt .md) only when
    their name is a language tag (``corpora/<doc>/pt.txt``); other files are skipped, and
    so are the ``exclude`` files (targets already checked as line-aligned pairs, the
    glossary, the baseline, the report).
    """
    out: list[tuple[str | None, Path]] = []
    skipped: list[Path] = []
    excluded = {p.resolve() for p in exclude}
    for spec in specs:
        lang, raw = split_lang_prefix(spec)
        p = Path(raw)
        if raw != "-" and not p.exists():
            raise InputError(f"{raw}: no such file or directory")
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if not f.is_file() or any(part.startswith(".") for part in rel):
                    continue
                if f.resolve() in excluded:
                    continue
                suffix = suffix_of(f)
                if suffix in PAIR_EXTENSIONS:
                    out.append((lang, f))
                elif suffix in MONO_EXTENSIONS and (lang or _lang_of_name(f)):
                    out.append((lang, f))
                else:
                    skipped.append(f)
        else:
            out.append((lang, p))
    return out, skipped


@dataclass(frozen=True)
class _Plan:
    kind: str  # "parallel" | "pairs" | "mono"
    path: Path
    target: Path | None = None  # parallel: the target file
    lang: str | None = None  # mono: the language; pairs: unused


def iter_documents(
    specs: Sequence[str],
    *,
    lang: str | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    source: str | None = None,
    target: str | None = None,
    parallel: Sequence[tuple[str, str]] = (),
    encoding: str | None = None,
    exclude: Iterable[str | Path] = (),
) -> tuple[Iterator[Document], list[Path]]:
    """(documents, skipped files): the files are listed and the options checked now; each
    document is read when the iterator reaches it, so memory holds one file at a time.

    ``lang`` is the language of monolingual text files (otherwise a ``LANG:`` prefix or a
    file named after its language); ``src_lang``/``tgt_lang`` the languages of pair files
    that name none themselves (module docstring). ``parallel`` (and ``source``/``target``,
    one more pair) are line-aligned (source file, target file) pairs; a directory walk
    skips their targets and the ``exclude`` files.
    """
    if (source is None) != (target is None):
        raise InputError("--source and --target go together: give both line-aligned files")
    pairs_in = list(parallel)
    if source is not None and target is not None:
        pairs_in.append((source, target))
    lang = normalize_lang(lang) if lang else None
    src_lang = normalize_lang(src_lang) if src_lang else None
    tgt_lang = normalize_lang(tgt_lang) if tgt_lang else None
    plans: list[_Plan] = []
    for src_file, tgt_file in pairs_in:
        s_lang = src_lang or _lang_of_name(Path(src_file))
        t_lang = tgt_lang or _lang_of_name(Path(tgt_file))
        _lang(t_lang, "tgt", tgt_file)
        _lang(s_lang, "src", src_file)
        plans.append(_Plan("parallel", Path(src_file), Path(tgt_file)))
    # a directory walk leaves out the targets checked as pairs (sources are still checked
    # on their own, for forbidden variants in the source language)
    files, skipped = expand_inputs(
        specs, exclude=[Path(t) for _, t in pairs_in] + [Path(e) for e in exclude]
    )
    for prefix_lang, path in files:
        if suffix_of(path) in PAIR_EXTENSIONS:
            plans.append(_Plan("pairs", path))
        else:
            mono = prefix_lang or lang or _lang_of_name(path)
            if mono is None:
                raise InputError(
                    f"{display_path(path)}: cannot tell the language of this document; pass "
                    "--lang, prefix it (pt:FILE) or name it <lang>.txt"
                )
            plans.append(_Plan("mono", path, lang=mono))
    if not plans:
        if specs:
            named = ", ".join(split_lang_prefix(s)[1] for s in specs)
            raise InputError(
                f"{named}: nothing to check: no pair files "
                f"({' '.join(sorted(PAIR_EXTENSIONS))}) and no <lang>.txt documents in the "
                "given files and folders (the glossary, baseline and report are not checked)"
            )
        raise InputError("nothing to check: give files, a directory, or --source/--target")

    def read(plan: _Plan) -> Document:
        if plan.kind == "parallel":
            assert plan.target is not None
            s = src_lang or _lang_of_name(plan.path)
            t = tgt_lang or _lang_of_name(plan.target)
            units = read_parallel(plan.path, plan.target, encoding=encoding)
            return Document(display_path(plan.target), units, _lang(t, "tgt", str(plan.target)),
                            _lang(s, "src", str(plan.path)))
        if plan.kind == "mono":
            assert plan.lang is not None
            return Document(display_path(plan.path), read_monolingual(plan.path, encoding=encoding),
                            plan.lang)
        return read_pair_file(plan.path, src_lang=src_lang, tgt_lang=tgt_lang, encoding=encoding)

    return (read(p) for p in plans), skipped


def read_pair_file(
    path: Path, *, src_lang: str | None = None, tgt_lang: str | None = None,
    encoding: str | None = None,
) -> Document:
    """One pair file (.tsv .jsonl .tmx .xlf .xliff .po) as a document, its languages taken
    as the module docstring says."""
    name = display_path(path)
    suffix = suffix_of(path)
    named = pair_of_name(path)
    if suffix == ".jsonl":
        units, s, t = read_jsonl_pairs(path, encoding=encoding, src_lang=src_lang,
                                       tgt_lang=tgt_lang)
    elif suffix == ".tsv":
        units, s, t = read_tsv_pairs(path, encoding=encoding), None, None
    else:
        units, s, t = read_store_pairs(path)
    s = s or (named[0] if named else None) or src_lang
    t = t or (named[1] if named else None) or tgt_lang
    return Document(name, units, _lang(t, "tgt", name), _lang(s, "src", name))


def load_documents(
    specs: Sequence[str],
    *,
    lang: str | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    source: str | None = None,
    target: str | None = None,
    parallel: Sequence[tuple[str, str]] = (),
    encoding: str | None = None,
    exclude: Iterable[str | Path] = (),
) -> tuple[list[Document], list[Path]]:
    """:func:`iter_documents`, every document read now."""
    docs, skipped = iter_documents(
        specs, lang=lang, src_lang=src_lang, tgt_lang=tgt_lang, source=source, target=target,
        parallel=parallel, encoding=encoding, exclude=exclude,
    )
    return list(docs), skipped
