"""``align corpus``: align every parallel pair of every document in a corpus folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from align.commands._common import Force, Quiet, info
from align.commands.pair import (
    FORMAT_HELP,
    CacheDir,
    EncoderOpt,
    GlossaryOpt,
    MaxBead,
    MinScore,
    NoCache,
    Types,
)
from align.formats import AlignFormat

CorpusFormat = Annotated[AlignFormat, typer.Option("--format", help=FORMAT_HELP)]

EXAMPLES = (
    "Examples:\n\n"
    "  align corpus corpora --out aligned\n\n"
    "  align corpus corpora --out aligned --format tmx --jobs 2 --encoder none"
)


def corpus_cmd(
    root: Annotated[Path, typer.Argument(help="Corpus folder: one <doc_id>/ folder per "
                                         "document with meta.json and <lang>.txt files.")],
    *,
    out: Annotated[Path, typer.Option("--out", help="Output folder; files go to "
                                      "<doc_id>/<src>-<tgt>.<format>.")],
    fmt: CorpusFormat = AlignFormat.jsonl,
    encoder: EncoderOpt = "e5",
    glossary: GlossaryOpt = None,
    max_bead: MaxBead = 5,
    min_score: MinScore = None,
    types: Types = None,
    original: Annotated[str | None, typer.Option("--original", help="Original language of "
                        "documents whose meta.json names none (or that have no meta.json): "
                        "each is aligned against every other version.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    force: Force = False,
    quiet: Quiet = False,
) -> None:
    """Align every parallel pair in a corpus folder, one output file per pair.

    Pairs are each document's original language against each of its other versions
    (pt-BR.txt and pt-PT.txt are two versions, two pairs); files go to --out as
    <doc_id>/<src>-<tgt>.<format>, tags kept (en-pt-BR.jsonl; JSONL records by default:
    what check, publish and eval read).

    Documents are independent: the result of one never depends on the others or on
    the order they are processed in. Existing outputs are refused without --force.
    """
    from align.corpus import load_corpus
    from align.errors import InputError, OutputExistsError
    from align.formats import EXTENSIONS
    from align.pipeline import AlignerSpec, AlignJob, DocumentPair, RecordFilter, load_resources
    from align.pipeline import parse_types as parse_bead_types

    keep = RecordFilter(min_score=min_score, types=parse_bead_types(types))
    spec = AlignerSpec(encoder=encoder, glossary=str(glossary) if glossary else None,
                       max_bead=max_bead, cache=not no_cache,
                       cache_dir=str(cache_dir) if cache_dir else None)
    load_resources(AlignerSpec(encoder=encoder, glossary=spec.glossary, cache=False))  # validate
    docs = load_corpus(root, original=original)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    job_list = [
        AlignJob(DocumentPair(doc.id, s_lang, t_lang, src_path=str(doc.versions[s_lang]),
                              tgt_path=str(doc.versions[t_lang])), spec,
                 out=str(out / doc.id / f"{s_lang}-{t_lang}.{EXTENSIONS[fmt.value]}"),
                 fmt=fmt.value, keep=keep)
        for doc in docs for s_lang, t_lang in doc.parallel_pairs()
    ]
    if not job_list:
        raise InputError(f"{root}: no parallel pairs found (each document needs meta.json and "
                         "at least two <lang>.txt versions)")
    existing = [job.out for job in job_list if job.out and Path(job.out).exists()]
    if existing and not force:
        raise OutputExistsError(f"{existing[0]}: output exists ({len(existing)} of "
                                f"{len(job_list)} under {out}); pass --force to overwrite")
    with output_folder(out):
        results = run_jobs(job_list, jobs=jobs, quiet=quiet)
    for warning in sorted({w for r in results for w in r.warnings}):
        info(warning, quiet=quiet)
    sents = sum(r.src_sentences + r.tgt_sentences for r in results)
    info(f"{len(results)} pairs, {sents} sentences, "
         f"{sum(r.written for r in results)} beads written under {out}", quiet=quiet)


def run_jobs(job_list: list[Any], *, jobs: int, quiet: bool) -> list[Any]:
    """Run :func:`align.pipeline.run_job` over the jobs, in this process or ``jobs`` workers,
    with a progress bar. The first failure stops the run: queued jobs are cancelled.

    Workers are spawned, not forked: each builds its own encoder, embedding-cache connection
    and glossary (an SQLite connection must not cross a fork), as a Ray task would."""
    import multiprocessing
    from concurrent.futures import as_completed

    from align.pipeline import run_job
    from align.progress import track
    from align.shutdown import process_pool

    if jobs == 1:
        return [run_job(job) for job in track(job_list, total=len(job_list),
                                               description="aligning", enabled=not quiet)]
    results = []
    # Workers stop with the command (an error, Ctrl-C, SIGTERM) and die with it (SIGKILL).
    with process_pool(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(run_job, job) for job in job_list]
        for fut in track(as_completed(futures), total=len(futures), description="aligning",
                         enabled=not quiet):
            results.append(fut.result())
    return results


@contextmanager
def output_folder(out: Path) -> Iterator[None]:
    """Create ``out`` (and missing parents) for the run; if the run fails, remove the
    folders it created that are still empty, so a failed run leaves no empty --out behind.
    Files already written (each one complete) stay."""
    created = [p for p in (out, *out.parents) if not p.exists()]
    out.mkdir(parents=True, exist_ok=True)
    before = {p for p in out.rglob("*") if p.is_dir()}
    try:
        yield
    except BaseException:
        new = [p for p in out.rglob("*") if p.is_dir() and p not in before]
        for folder in sorted(new, key=lambda p: len(p.parts), reverse=True) + created:
            try:
                folder.rmdir()  # only ever removes an empty folder
            except OSError:
                pass
        raise


def register(app: typer.Typer) -> None:
    app.command(name="corpus", epilog=EXAMPLES)(corpus_cmd)
