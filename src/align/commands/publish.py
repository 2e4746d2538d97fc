"""`align publish`: aligned pairs -> a Hugging Face dataset folder (and optionally the hub)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from align.commands._common import Force, Quiet, info
from align.commands._engine import AddressOpt, EngineOpt, JobsOpt, make_engine

EXAMPLES = """Examples:

  align publish build/aligned --out build/dataset --corpus corpora

  align publish build/aligned --out build/dataset --force --push my-org/align-parallel
"""


def publish_cmd(
    aligned: Annotated[
        list[Path], typer.Argument(help="Aligned records: JSONL from `align pair`/`align corpus`, Parquet or "
                                   "TMX files, or folders of them (searched recursively).")
    ],
    *,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to build the dataset in.")] = Path(
        "build/dataset"
    ),
    name: Annotated[str, typer.Option(help="Pretty name for the dataset card.")] = "align parallel corpus",
    license: Annotated[str, typer.Option(help="Licence id for the card (hub vocabulary).")] = "other",
    corpus: Annotated[
        Path | None, typer.Option(help="Corpus folder whose meta.json files give the card's provenance.")
    ] = None,
    method: Annotated[str, typer.Option(help="How the pairs were aligned (goes in the card).")] = "",
    checks: Annotated[str, typer.Option(help="How the pairs were checked (goes in the card).")] = "",
    tmx: Annotated[bool, typer.Option("--tmx/--no-tmx", help="Also export TMX per config.")] = True,
    push: Annotated[
        str | None, typer.Option("--push", help="Upload to the hub as ORG/NAME (needs a token).")
    ] = None,
    private: Annotated[bool, typer.Option(help="Create the hub repo as private.")] = False,
    engine: EngineOpt = "local",
    address: AddressOpt = None,
    jobs: JobsOpt = None,
    force: Force = False,
    quiet: Quiet = False,
) -> None:
    """Build a dataset (one config per language pair, parquet shards, card, TMX) from aligned records.

    Records without doc_id or languages take them from their path (<doc_id>/<src>-<tgt>.jsonl,
    as align corpus writes, or <doc_id>.<src>-<tgt>.jsonl). A `confidence` column is added
    when the records carry one.

    The folder is built locally first, atomically; `--push ORG/NAME` then uploads it with
    the token from `hf auth login` or HF_TOKEN. Offline or unauthenticated, the push stops
    with a clear message and the local build stays.
    """
    from align.publish import build_dataset, collect_aligned, provenance_from_corpus
    from align.publish import push as push_to_hub

    provenance = provenance_from_corpus(corpus) if corpus else ""
    if engine.strip().lower() == "local" and jobs is None and address is None:
        result = build_dataset(
            collect_aligned(aligned), out, name=name, license=license, force=force, tmx=tmx,
            provenance=provenance, method=method, checks=checks,
        )
    else:
        from align.engine.publish import build_dataset_on

        runner = make_engine(engine, jobs=jobs, address=address)
        try:
            result = build_dataset_on(runner, aligned, out, name=name, license=license,
                                      force=force, tmx=tmx, provenance=provenance,
                                      method=method, checks=checks)
        finally:
            runner.close()
    summary = ", ".join(f"{cfg}: {n}" for cfg, n in result.configs.items())
    info(f"built {result.path} ({sum(result.configs.values())} rows; {summary})", quiet=quiet)
    if push:
        url = push_to_hub(result.path, push, private=private)
        info(f"pushed to {url}", quiet=quiet)


def register(app: typer.Typer) -> None:
    app.command(name="publish", epilog=EXAMPLES)(publish_cmd)
