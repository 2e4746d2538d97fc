"""``align corpus``: align every parallel pair of every document in a corpus folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from align.commands._common import Force, Quiet, info
from align.commands.pair import (
    CacheDir,
    EncoderOpt,
    FormatOpt,
    GlossaryOpt,
    MaxBead,
    MinScore,
    NoCache,
    Types,
)
from align.formats import AlignFormat

EXAMPLES = (
    "Examples:\n\n"
    "  align corpus corpora --out aligned\n\n"
    "  align corpus corpora --out aligned --format tmx --jobs 2 --encoder none"
)


def align_job(job: dict[str, Any]) -> dict[str, Any]:
    """Align one (document, src, tgt) job and write its file; runs in a worker process."""
    from align.aligner import AlignConfig, Aligner
    from align.commands.pair import filter_beads, load_glossary_opt, make_encoder
    from align.formats import write_alignment
    from align.io import atomic_write, read_text
    from align.segment import segment_document

    enc = make_encoder(job["encoder"], cache=job["cache"], cache_dir=job["cache_dir"])
    gloss = load_glossary_opt(job["glossary"])
    src = [s.text for s in segment_document(read_text(job["src_path"]), job["src_lang"])]
    tgt = [s.text for s in segment_document(read_text(job["tgt_path"]), job["tgt_lang"])]
    aligner = Aligner(enc, AlignConfig(max_bead=job["max_bead"]), glossary=gloss)
    beads = aligner.align(src, tgt, src_lang=job["src_lang"], tgt_lang=job["tgt_lang"])
    kept = filter_beads(beads, min_score=job["min_score"], types=job["types"])
    out = Path(job["out"])
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(out) as fh:
        write_alignment(fh, job["fmt"], kept, src, tgt, src_lang=job["src_lang"],
                        tgt_lang=job["tgt_lang"])
    return {"out": str(out), "src": len(src), "tgt": len(tgt), "beads": len(kept),
            "calls": aligner.encode_calls}


def corpus_cmd(
    root: Annotated[Path, typer.Argument(help="Corpus folder: one <doc_id>/ folder per "
                                         "document with meta.json and <lang>.txt files.")],
    *,
    out: Annotated[Path, typer.Option("--out", help="Output folder; files go to "
                                      "<doc_id>/<src>-<tgt>.<format>.")],
    fmt: FormatOpt = AlignFormat.tsv,
    encoder: EncoderOpt = "e5",
    glossary: GlossaryOpt = None,
    max_bead: MaxBead = 5,
    min_score: MinScore = None,
    types: Types = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    force: Force = False,
    quiet: Quiet = False,
) -> None:
    """Align every parallel pair in a corpus folder, one output file per pair.

    Pairs are each document's original language against each of its other versions;
    files go to --out as <doc_id>/<src>-<tgt>.<format>.

    Documents are independent: the result of one never depends on the others or on
    the order they are processed in. Existing outputs are refused without --force.
    """
    from concurrent.futures import as_completed

    from align.commands.pair import load_glossary_opt, make_encoder, parse_types
    from align.corpus import load_corpus
    from align.errors import InputError
    from align.formats import EXTENSIONS
    from align.io import check_writable
    from align.progress import track
    from align.shutdown import process_pool

    wanted = parse_types(types)
    make_encoder(encoder, cache=False, cache_dir=None)  # validate the name before any work
    load_glossary_opt(glossary)
    docs = load_corpus(root)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    job_list: list[dict[str, Any]] = []
    for doc in docs:
        for s_lang, t_lang in doc.parallel_pairs():
            target = out / doc.id / f"{s_lang}-{t_lang}.{EXTENSIONS[fmt.value]}"
            if target.exists():
                check_writable(target, force=force)
            job_list.append({
                "src_path": str(doc.versions[s_lang]), "tgt_path": str(doc.versions[t_lang]),
                "src_lang": s_lang, "tgt_lang": t_lang, "out": str(target),
                "fmt": fmt.value, "encoder": encoder, "glossary": glossary,
                "max_bead": max_bead, "min_score": min_score, "types": wanted,
                "cache": not no_cache, "cache_dir": cache_dir,
            })
    if not job_list:
        raise InputError(f"{root}: no parallel pairs found (each document needs meta.json and "
                         "at least two <lang>.txt versions)")
    out.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    if jobs == 1:
        for job in track(job_list, total=len(job_list), description="aligning",
                         enabled=not quiet):
            results.append(align_job(job))
    else:
        with process_pool(jobs) as pool:  # workers stop with the command, even on SIGTERM
            futures = [pool.submit(align_job, job) for job in job_list]
            for fut in track(as_completed(futures), total=len(futures), description="aligning",
                             enabled=not quiet):
                results.append(fut.result())
    sents = sum(r["src"] + r["tgt"] for r in results)
    info(f"{len(results)} pairs, {sents} sentences, "
         f"{sum(r['beads'] for r in results)} beads written under {out}", quiet=quiet)


def register(app: typer.Typer) -> None:
    app.command(name="corpus", epilog=EXAMPLES)(corpus_cmd)
