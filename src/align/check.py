"""Terminology compliance: check translations (or target-language documents) against a glossary.

Rules (each violation names one):

* ``missing-term``: a source segment contains a glossary term but the target contains
  neither the preferred nor an allowed rendering of that concept (nor a forbidden one,
  which is reported as ``forbidden-term`` instead);
* ``forbidden-term``: a target (or, in monolingual mode, a document) contains a forbidden
  variant;
* ``inconsistent-term``: within one document the same source term is rendered with two
  different accepted target terms.

Inputs are read into :class:`Unit` objects (aligned pairs, or lines of a monolingual
document); :func:`check_units` runs the rules; :func:`format_report` renders text, JSON,
GitHub Actions annotations or JUnit XML; a :class:`Baseline` holds accepted violations so
that CI fails only on new ones. Library code raises :class:`~align.errors.InputError`
for bad input and never prints.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from align.errors import InputError
from align.glossary import Glossary, fold
from align.lang import normalize_lang

RULES: tuple[str, ...] = ("missing-term", "forbidden-term", "inconsistent-term")
FORMATS: tuple[str, ...] = ("text", "json", "github", "junit")
PAIR_EXTENSIONS = (".tsv", ".jsonl", ".tmx", ".xlf", ".xliff", ".po")
MONO_EXTENSIONS = (".txt", ".md")


@dataclass(frozen=True)
class Unit:
    """One thing to check: a source/target pair, or (``src is None``) a monolingual line."""

    tgt: str
    src: str | None = None
    line: int = 0  # 1-based line of the target text in its file (0: unknown)
    doc: str = ""  # consistency is checked per document


@dataclass
class Document:
    """Units read from one input, with their languages."""

    path: str
    units: list[Unit]
    tgt_lang: str
    src_lang: str | None = None  # None: monolingual

    @property
    def monolingual(self) -> bool:
        return self.src_lang is None


@dataclass(frozen=True)
class Violation:
    """One rule violation at one place."""

    rule: str
    file: str
    line: int
    column: int  # 1-based character column in the target text (0: not applicable)
    entry_id: str
    lang: str  # language of the text that violates the rule
    expected: tuple[str, ...]  # accepted renderings (preferred first)
    found: str | None  # the offending surface (forbidden / inconsistent); None for missing
    source_term: str | None = None  # the source-language term that triggered the rule

    def message(self) -> str:
        """``rule: source term -> expected, found ...`` (the text format without location)."""
        src = self.source_term if self.source_term else f"[{self.entry_id}]"
        exp = " | ".join(f'"{t}"' for t in self.expected[:3]) or "(no term)"
        if len(self.expected) > 3:
            exp += " | ..."
        found = f'"{self.found}"' if self.found is not None else "none"
        return f"{self.rule}: {src} -> {exp}, found {found} ({self.entry_id}, {self.lang})"

    def key(self) -> tuple[str, str, str, str, str, str]:
        """What a baseline remembers: no line numbers, so unrelated edits keep it valid."""
        found = fold(self.found, self.lang) if self.found else ""
        return (self.file, self.rule, self.entry_id, self.lang, found, self.source_term or "")


@dataclass
class CheckResult:
    """Violations plus the counts a summary needs."""

    violations: list[Violation] = field(default_factory=list)
    baselined: int = 0
    files: list[str] = field(default_factory=list)
    units: int = 0
    hits: Counter[str] = field(default_factory=Counter)  # status -> count in checked texts

    @property
    def clean(self) -> bool:
        return not self.violations


# --------------------------------------------------------------------------- rules


def check_document(doc: Document, glossary: Glossary) -> tuple[list[Violation], Counter[str]]:
    """Run the rules over one document; return its violations and hit counts by status."""
    tgt_matcher = glossary.matcher(doc.tgt_lang)
    src_matcher = glossary.matcher(doc.src_lang) if doc.src_lang else None
    tgt_lang = doc.tgt_lang
    out: list[Violation] = []
    stats: Counter[str] = Counter()
    chosen: dict[tuple[str, str, str], str] = {}  # (doc, entry, source term) -> first target term
    get = glossary.get
    for unit in doc.units:
        tgt_hits = tgt_matcher.find(unit.tgt)
        src_hits = src_matcher.find(unit.src) if src_matcher is not None and unit.src else []
        accepted: dict[str, list[Any]] = {}
        for h in tgt_hits:
            stats[h.status] += 1
            if h.status == "forbidden":
                lt = get(h.entry_id).terms_for(tgt_lang)
                src_term = next((s.surface for s in src_hits if s.entry_id == h.entry_id), None)
                out.append(
                    Violation(
                        "forbidden-term", doc.path, unit.line, h.start + 1, h.entry_id,
                        tgt_lang, lt.accepted() if lt else (), h.surface, src_term,
                    )
                )
            else:
                accepted.setdefault(h.entry_id, []).append(h)
        if not src_hits:
            continue
        done: set[str] = set()
        for sh in src_hits:
            if sh.entry_id in done or sh.status == "forbidden":
                continue  # a forbidden source variant is not a term occurrence
            done.add(sh.entry_id)
            lt = get(sh.entry_id).terms_for(tgt_lang)
            if lt is None:
                continue  # the glossary says nothing about this concept in the target
            found = accepted.get(sh.entry_id)
            if not found:
                if any(h.entry_id == sh.entry_id for h in tgt_hits):
                    continue  # rendered with a forbidden variant: already a forbidden-term
                out.append(
                    Violation(
                        "missing-term",
                        doc.path,
                        unit.line,
                        0,
                        sh.entry_id,
                        tgt_lang,
                        lt.accepted(),
                        None,
                        sh.surface,
                    )
                )
                continue
            key = (unit.doc, sh.entry_id, sh.term)  # per source term, as the rule says
            first = chosen.setdefault(key, found[0].term)
            if all(h.term != first for h in found):
                h = found[0]
                out.append(
                    Violation(
                        "inconsistent-term",
                        doc.path,
                        unit.line,
                        h.start + 1,
                        sh.entry_id,
                        tgt_lang,
                        (first,),
                        h.surface,
                        sh.surface,
                    )
                )
    return out, stats


def check_documents(
    docs: Iterable[Document], glossary: Glossary, *, baseline: Baseline | None = None
) -> CheckResult:
    """Check every document; violations accepted by ``baseline`` are counted, not returned."""
    result = CheckResult()
    found: list[Violation] = []
    for doc in docs:
        v, stats = check_document(doc, glossary)
        found += v
        result.hits.update(stats)
        result.files.append(doc.path)
        result.units += len(doc.units)
    if baseline is not None:
        found, result.baselined = baseline.filter(found)
    result.violations = found
    return result


# --------------------------------------------------------------------------- baseline


@dataclass
class Baseline:
    """Accepted existing violations, counted per (file, rule, entry, lang, found, source).

    Each row may carry a ``note`` saying why it is accepted; notes survive
    ``--update-baseline`` for rows that are still present.
    """

    counts: Counter[tuple[str, ...]] = field(default_factory=Counter)
    notes: dict[tuple[str, ...], str] = field(default_factory=dict)

    @classmethod
    def from_violations(cls, violations: Iterable[Violation]) -> Baseline:
        return cls(Counter(v.key() for v in violations))

    def filter(self, violations: Sequence[Violation]) -> tuple[list[Violation], int]:
        """(violations not covered by the baseline, number covered)."""
        left = Counter(self.counts)
        new: list[Violation] = []
        accepted = 0
        for v in violations:
            k = v.key()
            if left[k] > 0:
                left[k] -= 1
                accepted += 1
            else:
                new.append(v)
        return new, accepted

    def dumps(self) -> str:
        rows = [
            dict(zip(("file", "rule", "entry", "lang", "found", "source"), k, strict=True), count=n)
            | ({"note": self.notes[k]} if k in self.notes else {})
            for k, n in sorted(self.counts.items())
        ]
        return (
            json.dumps({"align_baseline": 1, "violations": rows}, ensure_ascii=False, indent=1)
            + "\n"
        )

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        from align.io import read_text

        text = read_text(path)
        try:
            data = json.loads(text)
            rows = data["violations"]
            counts: Counter[tuple[str, ...]] = Counter()
            notes: dict[tuple[str, ...], str] = {}
            for r in rows:
                k = (
                    r["file"],
                    r["rule"],
                    r["entry"],
                    r["lang"],
                    r.get("found", ""),
                    r.get("source", ""),
                )
                counts[k] += int(r.get("count", 1))
                if r.get("note"):
                    notes[k] = str(r["note"])
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{path}:{exc.lineno}: baseline is not valid JSON ({exc.msg})"
            ) from None
        except (KeyError, TypeError, ValueError, AttributeError):
            raise InputError(
                f"{path}: not an align baseline; write one with "
                "`align check ... --baseline FILE --update-baseline`"
            ) from None
        return cls(counts, notes)


# --------------------------------------------------------------------------- readers


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
    path: str | Path, *, encoding: str | None = None
) -> tuple[list[Unit], str | None, str | None]:
    """JSON lines with ``src``/``tgt`` (or ``source``/``target``), optional ``doc``,
    ``src_lang``/``tgt_lang``; returns the units and the languages the file names."""
    from align.io import iter_jsonl, read_text

    name = display_path(path)
    units: list[Unit] = []
    langs: dict[str, set[str]] = {"src": set(), "tgt": set()}
    for i, obj in iter_jsonl(read_text(path, encoding=encoding), name=str(path)):
        # `align pair --format jsonl` writes texts as source/target and ids as src/tgt.
        src = obj["source"] if isinstance(obj.get("source"), str) else obj.get("src")
        tgt = obj["target"] if isinstance(obj.get("target"), str) else obj.get("tgt")
        if not isinstance(src, str) or not isinstance(tgt, str):
            raise InputError(f'{path}:{i}: needs string fields "src" and "tgt"')
        for side in ("src", "tgt"):
            if obj.get(f"{side}_lang"):
                langs[side].add(str(obj[f"{side}_lang"]))
        units.append(Unit(tgt=tgt, src=src, line=i, doc=f"{name}#{obj.get('doc', '')}"))
    for side, found in langs.items():
        if len(found) > 1:
            raise InputError(
                f"{path}: mixed {side}_lang values {sorted(found)!r}; "
                "split the file by language pair"
            )
    return units, next(iter(langs["src"]), None), next(iter(langs["tgt"]), None)


def read_store_pairs(path: str | Path) -> tuple[list[Unit], str | None, str | None]:
    """TMX, XLIFF or PO through translate-toolkit: (units, source lang, target lang)."""
    from translate.storage import factory

    name = display_path(path)
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: no such file")
    try:
        store = factory.getobject(str(p))
    except Exception as exc:  # translate-toolkit raises many kinds for bad files
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: cannot read as {p.suffix[1:].upper()} ({first})") from None
    units: list[Unit] = []
    for unit in store.units:
        if unit.isheader() if hasattr(unit, "isheader") else False:
            continue
        src, tgt = unit.source, unit.target
        if not src or tgt is None:
            continue
        line = 0
        el = getattr(unit, "xmlelement", None)
        if el is not None and getattr(el, "sourceline", None):
            line = int(el.sourceline)
        elif isinstance(getattr(unit, "line_number", None), int):
            line = int(unit.line_number)  # PO: the line of the entry
        units.append(Unit(tgt=str(tgt), src=str(src), line=line, doc=name))
    src_lang = store.getsourcelanguage() if hasattr(store, "getsourcelanguage") else None
    tgt_lang = store.gettargetlanguage() if hasattr(store, "gettargetlanguage") else None
    if not tgt_lang and store.units:  # TMX names the target language only on each <tuv>
        el = getattr(store.units[0], "xmlelement", None)
        langs = [
            tuv.get("{http://www.w3.org/XML/1998/namespace}lang") or tuv.get("lang")
            for tuv in (el if el is not None else [])
            if str(tuv.tag).endswith("tuv")
        ]
        if len(langs) >= 2:
            src_lang, tgt_lang = src_lang or langs[0], langs[1]
    return units, src_lang or None, tgt_lang or None


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


def _lang_of_name(path: Path) -> str | None:
    """``zh-Hant.txt`` -> ``zh-Hant``: the corpus layout names cleaned files by language."""
    try:
        return normalize_lang(path.stem)
    except InputError:
        return None


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
    so are the ``exclude`` files (targets already checked as line-aligned pairs).
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
                suffix = f.suffix.lower()
                if suffix in PAIR_EXTENSIONS:
                    out.append((lang, f))
                elif suffix in MONO_EXTENSIONS and (lang or _lang_of_name(f)):
                    out.append((lang, f))
                else:
                    skipped.append(f)
        else:
            out.append((lang, p))
    return out, skipped


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
) -> tuple[list[Document], list[Path]]:
    """Read every input into :class:`Document` objects (all reading happens here, first).

    ``lang`` is the language of monolingual text files (otherwise a ``LANG:`` prefix or a
    file named after its language); ``src_lang``/``tgt_lang`` the languages of pair files
    that do not name their own. ``parallel`` (and ``source``/``target``, one more pair)
    are line-aligned (source file, target file) pairs; a directory walk skips their targets.
    """
    docs: list[Document] = []
    if (source is None) != (target is None):
        raise InputError("--source and --target go together: give both line-aligned files")
    pairs_in = list(parallel)
    if source is not None and target is not None:
        pairs_in.append((source, target))
    lang = normalize_lang(lang) if lang else None
    src_lang = normalize_lang(src_lang) if src_lang else None
    tgt_lang = normalize_lang(tgt_lang) if tgt_lang else None
    for src_file, tgt_file in pairs_in:
        s_lang = src_lang or _lang_of_name(Path(src_file))
        t_lang = tgt_lang or _lang_of_name(Path(tgt_file))
        t_checked = _lang(t_lang, "tgt", tgt_file)
        s_checked = _lang(s_lang, "src", src_file)
        units = read_parallel(src_file, tgt_file, encoding=encoding)
        docs.append(Document(display_path(tgt_file), units, t_checked, s_checked))
    # a directory walk leaves out the targets checked as pairs (sources are still checked
    # on their own, for forbidden variants in the source language)
    files, skipped = expand_inputs(specs, exclude=[Path(t) for _, t in pairs_in])
    for prefix_lang, path in files:
        suffix = path.suffix.lower()
        if path.name.endswith(".gz"):
            suffix = Path(path.name[:-3]).suffix.lower()
        name = display_path(path)
        if suffix in (".tsv", ".jsonl", ".tmx", ".xlf", ".xliff", ".po"):
            if suffix == ".tsv":
                units, s, t = read_tsv_pairs(path, encoding=encoding), None, None
            elif suffix == ".jsonl":
                units, s, t = read_jsonl_pairs(path, encoding=encoding)
            else:
                units, s, t = read_store_pairs(path)
            docs.append(
                Document(name, units, _lang(tgt_lang or t, "tgt", name), _lang(src_lang or s, "src", name))
            )
        else:
            mono = prefix_lang or lang or _lang_of_name(path)
            if mono is None:
                raise InputError(
                    f"{name}: cannot tell the language of this document; pass "
                    "--lang, prefix it (pt:FILE) or name it <lang>.txt"
                )
            docs.append(Document(name, read_monolingual(path, encoding=encoding), mono))
    if not docs:
        raise InputError("nothing to check: give files, a directory, or --source/--target")
    return docs, skipped


# --------------------------------------------------------------------------- reports


def format_text(result: CheckResult) -> str:
    """``file:line: rule: source term -> expected, found ...``, one violation per line."""
    lines = [f"{v.file}:{v.line}: {v.message()}" for v in result.violations]
    return "".join(line + "\n" for line in lines)


def summary_line(result: CheckResult) -> str:
    n = len(result.violations)
    by_rule = Counter(v.rule for v in result.violations)
    parts = ", ".join(f"{by_rule[r]} {r}" for r in RULES if by_rule[r])
    base = f"; {result.baselined} accepted by the baseline" if result.baselined else ""
    return (
        f"{n} violation{'s' if n != 1 else ''}"
        + (f" ({parts})" if parts else "")
        + f" in {len(result.files)} file{'s' if len(result.files) != 1 else ''}, "
        f"{result.units} segments checked{base}"
    )


def format_json(result: CheckResult, *, glossary: str | None = None) -> str:
    data = {
        "glossary": glossary,
        "summary": {
            "violations": len(result.violations),
            "by_rule": {r: sum(1 for v in result.violations if v.rule == r) for r in RULES},
            "baselined": result.baselined,
            "files": len(result.files),
            "segments": result.units,
            "term_hits": dict(sorted(result.hits.items())),
        },
        "violations": [
            dict(asdict(v), expected=list(v.expected), message=v.message())
            for v in result.violations
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands (``::error file=..,line=..::message``)."""
    out = []
    for v in result.violations:
        loc = f"file={_gh_escape(v.file, prop=True)}"
        if v.line:
            loc += f",line={v.line}"
        if v.column:
            loc += f",col={v.column}"
        out.append(
            f"::error {loc},title={_gh_escape('align check ' + v.rule, prop=True)}::"
            f"{_gh_escape(v.message())}\n"
        )
    return "".join(out)


def format_junit(result: CheckResult) -> str:
    """JUnit XML: one test case per checked file, failing when it has violations."""
    from xml.sax.saxutils import escape, quoteattr

    by_file: dict[str, list[Violation]] = {f: [] for f in result.files}
    for v in result.violations:
        by_file.setdefault(v.file, []).append(v)
    failures = sum(1 for vs in by_file.values() if vs)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="align check" tests="{len(by_file)}" failures="{failures}">',
        f'<testsuite name="align check" tests="{len(by_file)}" failures="{failures}" '
        'errors="0" skipped="0">',
    ]
    for f, vs in by_file.items():
        out.append(f'<testcase classname="align.check" name={quoteattr(f)}>')
        if vs:
            body = "\n".join(f"{v.file}:{v.line}: {v.message()}" for v in vs)
            out.append(
                f'<failure type="terminology" message={quoteattr(f"{len(vs)} violations")}>'
                f"{escape(body)}</failure>"
            )
        out.append("</testcase>")
    out += ["</testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


def format_report(result: CheckResult, fmt: str, *, glossary: str | None = None) -> str:
    """Render ``result`` as ``text``, ``json``, ``github`` or ``junit``."""
    if fmt == "text":
        return format_text(result)
    if fmt == "json":
        return format_json(result, glossary=glossary)
    if fmt == "github":
        return format_github(result)
    if fmt == "junit":
        return format_junit(result)
    raise InputError(f"unknown report format {fmt!r}; choose one of: {', '.join(FORMATS)}")
