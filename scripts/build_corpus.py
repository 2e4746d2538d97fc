#!/usr/bin/env python3
"""Build the corpus: clean every raw page, check it, segment every version, summarise.

    python scripts/build_corpus.py [--corpora corpora/] [--out build/] [--update] [--only ID]

Steps, in order (each is a function ``step(ctx) -> None`` in :data:`STEPS`; later steps
such as align, check, score and publish are added to that list):

0. ``find``: the document folders (all, or those given with ``--only``).
1. ``clean``: for every document, clean each version that has a ``raw`` file with
   ``align clean``'s default rules and compare the result with the committed
   ``<lang>.txt`` and ``meta.json``. A difference is an error (exit 1) naming the files;
   ``--update`` rewrites them instead. ``convert`` does the same for the versions made by
   script conversion (``align convert``, zh-Hans <-> zh-Hant with the project glossary).
   Then ``load`` reads every document.
2. ``segment``: segment every version (cleaned or translated) with
   ``align.segment.segment_document`` and write ``<out>/segments/<doc_id>/<lang>.jsonl``.
3. ``summary``: print a table (doc, lang, paragraphs, segments) on stdout.

Exit codes: 0 success, 1 a committed file differs from what the code produces, 2 bad
input (an ``align`` error message says which file).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Context:
    """What the steps share: options, the documents, and rows for the summary."""

    corpora: Path
    out: Path
    update: bool = False
    only: list[str] = field(default_factory=list)
    progress: bool = True
    folders: list[Path] = field(default_factory=list)  # document folders to build
    documents: list = field(default_factory=list)  # list[align.corpus.CorpusDocument]
    problems: list[str] = field(default_factory=list)  # committed files that differ
    rewritten: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # summary rows, one per version
    timings: dict[str, float] = field(default_factory=dict)
    encoder: str = "e5"  # sentence encoder for the align step (align pair --encoder)
    segments: dict[tuple[str, str], list] = field(default_factory=dict)  # (doc, lang) -> texts
    aligned: list[Path] = field(default_factory=list)  # JSONL alignment files
    scores: dict[str, str] = field(default_factory=dict)  # what the eval/check steps found


def _paragraphs(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.strip())


def find(ctx: Context) -> None:
    """List the document folders (all, or those named with --only)."""
    folders = sorted(p for p in ctx.corpora.iterdir()
                     if p.is_dir() and not p.name.startswith((".", "_")))
    if ctx.only:
        missing = sorted(set(ctx.only) - {p.name for p in folders})
        if missing:
            from align.errors import InputError

            raise InputError(f"--only: no document {', '.join(missing)} in {ctx.corpora}")
        folders = [p for p in folders if p.name in ctx.only]
    ctx.folders = folders


def clean(ctx: Context) -> None:
    """Clean every raw page; check (or with --update, rewrite) <lang>.txt and meta.json."""
    from align.clean import clean_text
    from align.corpus import format_meta, read_meta, refresh_meta
    from align.io import read_text
    from align.progress import track

    for folder in track(ctx.folders, description="clean", enabled=ctx.progress):
        meta = read_meta(folder / "meta.json")
        new_meta = meta
        for lang, version in sorted(meta.get("versions", {}).items()):
            if not version.get("raw"):
                continue  # a translation or hand-made version: nothing to clean
            result = clean_text(read_text(folder / version["raw"]))
            new_meta = refresh_meta(new_meta, lang, result.metadata, raw=version["raw"])
            _compare(ctx, folder / new_meta["versions"][lang]["file"], result.text)
        _compare(ctx, folder / "meta.json", format_meta(new_meta))


def load(ctx: Context) -> None:
    """Load the documents (meta.json plus every <lang>.txt present) for the next steps."""
    from align.corpus import load_document

    ctx.documents = [load_document(folder) for folder in ctx.folders]


def convert(ctx: Context) -> None:
    """Re-make every script-converted version (zh-Hans <-> zh-Hant) and check it."""
    from align.corpus import read_meta
    from align.glossary import load_glossary
    from align.io import read_text
    from align.script import CONFIGS, convert_script

    glossary = load_glossary(ROOT / "glossaries" / "align-terms.tsv")
    for folder in ctx.folders:
        versions = read_meta(folder / "meta.json").get("versions", {})
        for lang, version in sorted(versions.items()):
            src = version.get("translated_from")
            if (src, lang) not in CONFIGS or src not in versions:
                continue
            text = read_text(folder / versions[src]["file"])
            _compare(ctx, folder / version["file"], convert_script(text, src, lang, glossary=glossary),
                     what=f"differs from what align convert makes from {src}.txt")


def _compare(ctx: Context, path: Path, expected: str, *, what: str | None = None) -> None:
    from align.io import write_text

    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if current == expected:
        return
    if current is not None and path.suffix == ".json" and not ctx.update:
        try:
            if json.loads(current) == json.loads(expected):
                return  # same content, other key order or indentation: fine
        except json.JSONDecodeError:
            pass
    rel = str(path.relative_to(ctx.corpora.parent)) if path.is_relative_to(
        ctx.corpora.parent) else str(path)
    if ctx.update:
        write_text(path, expected, force=True)
        ctx.rewritten.append(rel)
    elif current is None:
        ctx.problems.append(f"{rel}: missing; run with --update to create it")
    else:
        old, new = current.split("\n"), expected.split("\n")
        line = next((i for i, (a, b) in enumerate(zip(old, new, strict=False), 1) if a != b),
                    min(len(old), len(new)) + 1)
        what = what or ("fields taken from the raw page differ from what align clean finds"
                         if path.suffix == ".json" else
                         "differs from what align clean produces from the raw page")
        ctx.problems.append(
            f"{rel}:{line}: {what} (fix the rules or code, then run with --update; "
            "never edit cleaned text by hand)"
        )


def segment(ctx: Context) -> None:
    """Segment every version and write <out>/segments/<doc_id>/<lang>.jsonl."""
    from align.io import atomic_write
    from align.progress import track
    from align.segment import segment_document

    jobs = [(d, lang) for d in ctx.documents for lang in d.versions]
    for doc, lang in track(jobs, description="segment", enabled=ctx.progress):
        text = doc.text(lang)
        segments = segment_document(text, lang)
        ctx.segments[(doc.id, lang)] = [seg.text for seg in segments]
        target = ctx.out / "segments" / doc.id / f"{lang}.jsonl"
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(target) as fh:
            for seg in segments:
                fh.write(json.dumps(
                    {"index": seg.index, "line": seg.line, "kind": seg.kind, "text": seg.text,
                     **({"meta": seg.meta} if seg.meta else {})},
                    ensure_ascii=False,
                ) + "\n")
        ctx.rows.append({
            "doc": doc.id,
            "lang": lang,
            "role": "original" if lang == doc.original_language else "version",
            "paragraphs": _paragraphs(text),
            "segments": len(segments),
            "file": str(target),
        })


def align(ctx: Context) -> None:
    """Align every parallel pair; write <out>/aligned/<doc_id>/<src>-<tgt>.jsonl (records)."""
    from align.formats import save_alignment
    from align.pipeline import AlignerSpec, AlignJob, DocumentPair, align_job
    from align.progress import track

    spec = AlignerSpec(encoder=ctx.encoder, glossary=str(ROOT / "glossaries" / "align-terms.tsv"))
    jobs = [AlignJob(DocumentPair(d.id, s, t, src_path=str(d.versions[s]),
                                  tgt_path=str(d.versions[t])), spec)
            for d in ctx.documents for s, t in d.parallel_pairs()]
    signature = ""
    for job in track(jobs, description="align", enabled=ctx.progress):
        result = align_job(job)
        signature = result.signature
        target = ctx.out / "aligned" / job.pair.doc_id / f"{job.pair.src_lang}-{job.pair.tgt_lang}.jsonl"
        target.parent.mkdir(parents=True, exist_ok=True)
        save_alignment(target, "jsonl", result.records)
        ctx.aligned.append(target)
    ctx.scores["method"] = (
        "`align` sentence aligner over the project's own segmentation (`align segment`), with "
        "the project glossary as extra evidence; every original aligned against each of its "
        f"other versions. Run signature: `{signature}`."
    )


def evaluate(ctx: Context) -> None:
    """Score the alignments against the hand-made gold beads (corpora/<doc>/gold/)."""
    from align.evaluate import read_alignment, score_alignments

    gold, test, names = [], [], []
    for path in ctx.aligned:
        doc_id, pair = path.parent.name, path.name.removesuffix(".jsonl")
        gold_file = ctx.corpora / doc_id / "gold" / f"{pair}.beads"
        if gold_file.exists():
            gold.append(read_alignment(gold_file).pairs())
            test.append(read_alignment(path).pairs())
            names.append(f"{doc_id}/{pair}")
    if not gold:
        return
    score = score_alignments(gold, test)
    ctx.scores["eval"] = (
        f"strict F1 {score.f1_strict:.3f}, lax F1 {score.f1_lax:.3f} against hand-checked gold "
        f"beads for {len(names)} document pairs"
    )
    print(f"alignment vs gold ({len(names)} pairs): {score.format()}")


def check(ctx: Context) -> None:
    """Glossary check of the aligned pairs; report in <out>/aligned/glossary-check.txt."""
    from collections import Counter

    from align.check import Document, check_documents, format_report, read_jsonl_pairs
    from align.glossary import load_glossary
    from align.io import atomic_write
    from align.lang import normalize_lang

    glossary = load_glossary(ROOT / "glossaries" / "align-terms.tsv")
    docs = []
    for path in ctx.aligned:
        units, src_lang, tgt_lang = read_jsonl_pairs(path)  # the records name their languages
        assert src_lang and tgt_lang, path
        docs.append(Document(str(path.relative_to(ctx.out)), units, normalize_lang(tgt_lang),
                             normalize_lang(src_lang)))
    result = check_documents(docs, glossary)
    with atomic_write(ctx.out / "aligned" / "glossary-check.txt") as fh:
        fh.write(format_report(result, "text", glossary="glossaries/align-terms.tsv"))
    by_rule = Counter(v.rule for v in result.violations)
    found = ", ".join(f"{n} {rule}" for rule, n in sorted(by_rule.items())) or "none"
    ctx.scores["check"] = (
        f"`align check` with glossaries/align-terms.tsv over all aligned pairs: {found}. "
        "Each remaining violation is one accepted, with its reason, in "
        "glossaries/align-terms.baseline.json (e.g. the interview quotes the wrong rendering "
        "\"gun camera\" on purpose; the scraped machine translations keep their slips)."
    )
    print(f"glossary check of aligned pairs: {found} (report: {ctx.out / 'aligned' / 'glossary-check.txt'})")


def publish(ctx: Context) -> None:
    """Build the Hugging Face dataset (parquet, card, TMX) in <out>/dataset."""
    from align.publish import RecordFiles, build_dataset, provenance_from_corpus

    result = build_dataset(
        RecordFiles(ctx.aligned), ctx.out / "dataset", force=True,
        name="align seed corpus: Chinese AI industry articles in six languages",
        provenance=provenance_from_corpus(ctx.corpora),
        method=ctx.scores.get("method", "") + (
            f" Against the gold: {ctx.scores['eval']}." if "eval" in ctx.scores else ""),
        checks=ctx.scores.get("check", ""),
        description=(
            "Sentence-aligned pairs from five news articles about Chinese AI companies and large "
            "models (Portuguese, Traditional and Simplified Chinese, Japanese and Indonesian "
            "originals, each with an English version written for the project and, for the Chinese "
            "articles, the other script), built from `corpora/` by `scripts/build_corpus.py`."
        ),
    )
    rows = ", ".join(f"{cfg} {n}" for cfg, n in result.configs.items())
    print(f"dataset: {result.path} ({rows})")


def summary(ctx: Context) -> None:
    """Print the table of versions, paragraphs and segments on stdout."""
    headers = ["doc", "lang", "role", "paragraphs", "segments"]
    rows = [[str(r[h]) for h in headers] for r in ctx.rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    for r in rows:
        print("  ".join(c.rjust(w) if c.isdigit() else c.ljust(w)
                        for c, w in zip(r, widths, strict=True)))
    total = sum(r["segments"] for r in ctx.rows)
    print(f"{len({r['doc'] for r in ctx.rows})} documents, {len(ctx.rows)} versions, "
          f"{total} segments -> {ctx.out / 'segments'}")


#: The build, in order. Later steps (align, check, score, publish) are appended here.
STEPS: list[tuple[str, Callable[[Context], None]]] = [
    ("find", find),
    ("clean", clean),
    ("convert", convert),
    ("load", load),
    ("segment", segment),
    ("summary", summary),
    ("align", align),
    ("eval", evaluate),
    ("check", check),
    ("publish", publish),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=ROOT / "corpora",
                        help="corpus folder (default: corpora/)")
    parser.add_argument("--out", type=Path, default=ROOT / "build",
                        help="output folder (default: build/)")
    parser.add_argument("--update", action="store_true",
                        help="rewrite <lang>.txt and meta.json from the raw pages instead of "
                             "failing when they differ")
    parser.add_argument("--only", action="append", default=[], metavar="DOC_ID",
                        help="build only this document (repeatable)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    parser.add_argument("--encoder", default="e5",
                        help="sentence encoder for the align step (default: e5; 'none' for no model)")
    parser.add_argument("--until", choices=[name for name, _ in STEPS],
                        help="stop after this step (e.g. --until segment)")
    args = parser.parse_args(argv)

    from align.errors import AlignError

    ctx = Context(corpora=args.corpora, out=args.out, update=args.update, only=args.only,
                  progress=not args.no_progress and sys.stderr.isatty(), encoder=args.encoder)
    try:
        for name, step in STEPS:
            t0 = time.perf_counter()
            step(ctx)
            ctx.timings[name] = time.perf_counter() - t0
            if ctx.problems:
                for problem in ctx.problems:
                    print(f"build_corpus: {problem}", file=sys.stderr)
                return 1
            if name == args.until:
                break
    except AlignError as exc:
        print(f"build_corpus: error: {exc}", file=sys.stderr)
        return exc.exit_code
    for rel in ctx.rewritten:
        print(f"build_corpus: rewrote {rel}", file=sys.stderr)
    took = ", ".join(f"{k} {v:.2f}s" for k, v in ctx.timings.items())
    print(f"build_corpus: done ({took})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
