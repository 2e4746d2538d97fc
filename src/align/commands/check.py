"""`align check`: terminology compliance against a glossary, as a CI gate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from align.commands._common import Encoding, Force, Quiet, info
from align.commands._engine import AddressOpt, EngineOpt, JobsOpt, make_engine

EXAMPLES = """Examples:

  align check pairs.tsv -g glossaries/align-terms.tsv --src-lang zh-Hant --tgt-lang en

  align check corpora -g glossaries/align-terms.tsv --format github --baseline base.json
"""


def check_cmd(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files or folders: pairs (.tsv .jsonl .tmx .xlf .xliff .po) or target-language "
            "documents (.txt .md; language from --lang, a LANG: prefix or a <lang>.txt name).",
            show_default=False,
        ),
    ] = None,
    *,
    glossary: Annotated[
        Path, typer.Option("--glossary", "-g", help="Glossary (.tsv, .csv, .tbx, .json).")
    ],
    source: Annotated[
        list[Path] | None,
        typer.Option(
            "--source", help="Line-aligned source file (with --target; repeat for more pairs)."
        ),
    ] = None,
    target: Annotated[
        list[Path] | None,
        typer.Option("--target", help="Line-aligned target file, paired with --source in order."),
    ] = None,
    src_lang: Annotated[
        str | None, typer.Option("--src-lang", "-s", help="Source language of pair inputs.")
    ] = None,
    tgt_lang: Annotated[
        str | None, typer.Option("--tgt-lang", "-t", help="Target language of pair inputs.")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", help="Language of monolingual documents.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-F", help="Report format: text, json, github or junit.")
    ] = "text",
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Report file; '-' (the default) is stdout.")
    ] = Path("-"),
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline", help="JSON of accepted existing violations; only new ones fail."
        ),
    ] = None,
    update_baseline: Annotated[
        bool,
        typer.Option(
            "--update-baseline", help="Write all current violations to --baseline and exit 0."
        ),
    ] = False,
    encoding: Encoding = None,
    engine: EngineOpt = "local",
    address: AddressOpt = None,
    jobs: JobsOpt = None,
    force: Force = False,
    quiet: Quiet = False,
) -> None:
    """Check translations against a glossary; exit 0 clean, 1 violations, 2 bad input, 3 failure.

    Rules: a source term needs its preferred or an allowed rendering in the target
    (missing-term); no target may contain a forbidden variant (forbidden-term); within one
    document a source term keeps one rendering (inconsistent-term). Monolingual documents
    are checked for forbidden variants only. Everything is read and validated before any
    report is written.
    """
    from align.errors import AlignError, ConfigError, UsageError

    try:
        from align.check import (
            FORMATS,
            Baseline,
            check_documents,
            format_report,
            load_documents,
            summary_line,
        )
        from align.glossary import load_glossary
        from align.io import atomic_write, check_writable

        if fmt not in FORMATS:
            raise ConfigError(f"unknown --format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        if update_baseline and baseline is None:
            raise ConfigError("--update-baseline needs --baseline FILE")
        sources, targets = source or [], target or []
        if len(sources) != len(targets):
            raise ConfigError(
                f"{len(sources)} --source but {len(targets)} --target files; give them in pairs"
            )
        if not inputs and not sources:
            raise ConfigError("nothing to check: give files or folders, or --source and --target")
        if str(output) != "-":
            check_writable(output, force=force)
        g = load_glossary(glossary, encoding=encoding)
        docs, skipped = load_documents(
            inputs or [],
            lang=lang,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            parallel=[(str(a), str(b)) for a, b in zip(sources, targets, strict=True)],
            encoding=encoding,
        )
        if skipped:
            info(
                f"skipped {len(skipped)} file(s) of unknown kind or language, e.g. {skipped[0]}",
                quiet=quiet,
            )
        base = Baseline.load(baseline) if baseline is not None and not update_baseline else None
        if engine.strip().lower() == "local" and jobs is None and address is None:
            result = check_documents(docs, g, baseline=base)
        else:  # each document checked by a worker of the engine (--engine ray, --jobs N)
            from align.engine.check import check_documents_on

            runner = make_engine(engine, jobs=jobs, address=address)
            try:
                result = check_documents_on(runner, docs, g, baseline=base)
            finally:
                runner.close()
        if update_baseline:
            assert baseline is not None
            fresh = Baseline.from_violations(result.violations)
            if baseline.exists():  # keep the notes explaining rows that are still there
                old_notes = Baseline.load(baseline).notes
                fresh.notes = {k: n for k, n in old_notes.items() if k in fresh.counts}
            text = fresh.dumps()
            with atomic_write(baseline) as fh:
                fh.write(text)
            info(f"wrote {len(result.violations)} accepted violation(s) to {baseline}", quiet=quiet)
            return
        report = format_report(result, fmt, glossary=str(glossary))
        with atomic_write(output) as fh:
            fh.write(report)
        info(summary_line(result), quiet=quiet)
    except UsageError:
        raise
    except AlignError as exc:  # a runtime failure, not a verdict: exit 3 (1 means violations)
        typer.echo(f"align: error: {exc}", err=True)
        raise typer.Exit(code=3) from None
    if not result.clean:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.command(name="check", epilog=EXAMPLES)(check_cmd)
