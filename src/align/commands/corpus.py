"""``align corpus``: align every document pair of a corpus folder or a manifest, on the local
engine or on Ray (:mod:`align.engine`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from align.commands._common import Force, Quiet, info
from align.commands._engine import (
    PANEL,
    AddressOpt,
    CpusOpt,
    EngineOpt,
    GpusOpt,
    JobsOpt,
    make_engine,
)
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
from align.errors import OutputExistsError
from align.formats import AlignFormat

if TYPE_CHECKING:
    from align.manifest import ManifestInfo

CorpusFormat = Annotated[AlignFormat | None, typer.Option(
    "--format", help=FORMAT_HELP + " Default: jsonl for --layout pairs; --layout shards "
    "writes parquet.", rich_help_panel="Output")]

EXAMPLES = (
    "Examples:\n\n"
    "  align corpus corpora --out aligned\n\n"
    "  align corpus corpora --out aligned --format tmx --jobs 2 --encoder none\n\n"
    "  align corpus corpora --write-manifest pairs.jsonl\n\n"
    "  align corpus pairs.jsonl --out aligned --engine ray --address auto"
)

LayoutOpt = Annotated[str | None, typer.Option(
    "--layout", help="shards: Parquet parts of many pairs (part-*.parquet; the default for a "
    "manifest); pairs: one <doc_id>/<src>-<tgt>.<format> file per pair (the default for a "
    "corpus folder).", rich_help_panel="Output")]


def corpus_cmd(
    root: Annotated[str, typer.Argument(
        help="A corpus folder (one <doc_id>/ folder per document with meta.json and "
        "<lang>.txt files) or a manifest (.jsonl or .parquet, a path or an s3://, gs://, "
        "hf:// URI) listing doc_id, src_lang, tgt_lang, source, target per pair.")],
    *,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Output folder (a local or shared filesystem). A re-run into the same "
        "folder skips the pairs it already holds.", rich_help_panel="Output")] = None,
    fmt: CorpusFormat = None,
    layout: LayoutOpt = None,
    write_manifest: Annotated[Path | None, typer.Option(
        "--write-manifest", help="Write the manifest of the corpus folder's pairs to this "
        ".jsonl or .parquet file (paths relative to it) and stop.",
        rich_help_panel="Output")] = None,
    encoder: EncoderOpt = "e5",
    glossary: GlossaryOpt = None,
    max_bead: MaxBead = 5,
    min_score: MinScore = None,
    types: Types = None,
    original: Annotated[str | None, typer.Option("--original", help="Original language of "
                        "documents whose meta.json names none (or that have no meta.json): "
                        "each is aligned against every other version.")] = None,
    engine: EngineOpt = "local",
    address: AddressOpt = None,
    jobs: JobsOpt = None,
    cpus_per_worker: CpusOpt = None,
    gpus_per_worker: GpusOpt = None,
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, help="Pairs per batch: the unit of work, of resumption and "
        "(layout shards) of one Parquet part.", rich_help_panel=PANEL)] = 64,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    force: Force = False,
    quiet: Quiet = False,
) -> None:
    """Align every document pair of a corpus folder or a manifest.

    From a corpus folder, pairs are each document's original language against each of
    its other versions (pt-BR.txt and pt-PT.txt are two versions, two pairs); from a
    manifest, its rows. Output: one file per pair, <doc_id>/<src>-<tgt>.<format>, tags
    kept (--layout pairs: en-pt-BR.jsonl; JSONL records by default), or Parquet parts of
    many pairs in the record schema (--layout shards): what check, publish and
    datasets.load_dataset("parquet", ...) read.

    A pair that cannot be aligned (unreadable, empty, one side 50 times longer than the
    other, ...) is reported with its reason in OUT/.align/errors.jsonl and the run goes
    on; the exit code is then 2. A second run into the same --out skips the pairs done
    under the same inputs and settings and aligns the rest (an interrupted run resumes);
    --force starts over. Documents are independent: a result never depends on the others,
    the order, or the engine (--engine local and --engine ray give the same records).
    """
    from align.engine.run import new_run_id, run_corpus
    from align.engine.work import LAYOUTS, RunPlan
    from align.errors import BackendError, ConfigError, InputError
    from align.manifest import corpus_manifest, manifest_suffix
    from align.manifest import write_manifest as save_manifest
    from align.pipeline import AlignerSpec, RecordFilter, load_resources
    from align.pipeline import parse_types as parse_bead_types
    from align.uri import check_backend, is_uri

    is_folder = not is_uri(root) and Path(root).is_dir()
    if write_manifest is not None:
        if not is_folder:
            raise InputError(f"{root}: --write-manifest needs a corpus folder")
        if write_manifest.exists() and not force:
            raise OutputExistsError(f"{write_manifest}: output exists; pass --force to overwrite")
        n = save_manifest(write_manifest, corpus_manifest(
            root, relative_to=write_manifest.absolute().parent, original=original))
        info(f"wrote {n} pairs to {write_manifest}", quiet=quiet)
        return
    if out is None:
        raise ConfigError("--out is required (or --write-manifest FILE)")
    if not is_folder:
        if manifest_suffix(root) is None:
            raise InputError(f"{root}: no such folder, and not a manifest (.jsonl or .parquet)")
        check_backend(root)
        if not is_uri(root) and not Path(root).is_file():
            raise InputError(f"{root}: no such file or folder")
    layout = (layout or ("pairs" if is_folder else "shards")).strip().lower()
    if layout not in LAYOUTS:
        raise ConfigError(f"unknown --layout {layout!r}; choose one of: {', '.join(LAYOUTS)}")
    if layout == "shards" and fmt not in (None, AlignFormat.parquet):
        raise ConfigError(f"--layout shards writes Parquet parts; --format {fmt.value} needs "
                          "--layout pairs")
    fmt = fmt or (AlignFormat.jsonl if layout == "pairs" else AlignFormat.parquet)
    keep = RecordFilter(min_score=min_score, types=parse_bead_types(types))
    spec = AlignerSpec(encoder=encoder, glossary=str(glossary) if glossary else None,
                       max_bead=max_bead, cache=not no_cache,
                       cache_dir=str(cache_dir) if cache_dir else None)
    load_resources(AlignerSpec(encoder=encoder, glossary=spec.glossary, cache=False))  # validate
    runner = make_engine(engine, jobs=jobs, address=address, cpus_per_worker=cpus_per_worker,
                         gpus_per_worker=gpus_per_worker)
    if original is not None and not is_folder:
        raise ConfigError("--original applies to a corpus folder; a manifest names its pairs")
    with _manifest_of(root, out, is_folder=is_folder, original=original) as manifest:
        plan = RunPlan(spec, str(out.absolute()), new_run_id(), layout=layout, fmt=fmt.value,
                       keep=keep, base=manifest.base)
        try:
            summary = run_corpus(manifest, plan, runner, batch_size=batch_size, force=force,
                                 progress=not quiet)
        finally:
            runner.close()
    for line in summary.lines():
        info(line, quiet=quiet)
    if summary.failed:
        what = f"{summary.failed} of {summary.pairs} pairs failed"
        where = f"; see {summary.errors_file}" if summary.errors_file else ""
        first = summary.failures[0]["reason"] if summary.failures else ""
        if summary.runtime_failures:
            raise BackendError(f"{what} ({first}){where}")
        raise InputError(f"{what} ({first}){where}")


@contextmanager
def _manifest_of(root: str, out: Path, *, is_folder: bool,
                 original: str | None = None) -> Iterator[ManifestInfo]:
    """The validated manifest of ``root``: the file itself, or for a corpus folder one
    written to a temporary file (absolute paths) and removed after the run."""
    import tempfile

    from align.errors import InputError
    from align.manifest import ManifestInfo, corpus_manifest, validate_manifest, write_manifest

    if not is_folder:
        yield validate_manifest(root)
        return
    entries = corpus_manifest(root, original=original)
    if not entries:
        raise InputError(f"{root}: no parallel pairs found (each document needs meta.json and "
                         "at least two <lang>.txt versions)")
    with tempfile.TemporaryDirectory(prefix="align-manifest-") as tmp:
        path = Path(tmp) / "manifest.jsonl"
        write_manifest(path, entries)
        checked = validate_manifest(path)
        yield ManifestInfo(checked.path, checked.pairs, str(Path(root).absolute()))


def register(app: typer.Typer) -> None:
    app.command(name="corpus", epilog=EXAMPLES)(corpus_cmd)
