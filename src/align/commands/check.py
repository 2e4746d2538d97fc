"""`align check`: a translation-QA gate for CI (terminology, numbers, tags, ...)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from align.commands._common import Encoding, Force, Quiet, info
from align.commands._engine import AddressOpt, EngineOpt, JobsOpt, make_engine

EXAMPLES = """Examples:

  align check pairs.tsv -g glossaries/align-terms.tsv --src-lang zh-Hant --tgt-lang en

  align check build/aligned -g glossaries/align-terms.tsv --format sarif -o align.sarif

  align check corpora -g glossaries/align-terms.tsv --format github --baseline base.json
"""

_RULES = "Rules"


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
        Path | None,
        typer.Option("--glossary", "-g", help="Glossary (.tsv, .csv, .tbx, .json); without "
                     "one, the terminology rules do not run."),
    ] = None,
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
        str | None, typer.Option("--src-lang", "-s", help="Source language of pair inputs that "
                                 "name none (records, file attributes and names win).")
    ] = None,
    tgt_lang: Annotated[
        str | None, typer.Option("--tgt-lang", "-t", help="Target language of pair inputs that "
                                 "name none.")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", help="Language of monolingual documents.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-F",
                          help="Report format: text, json, github, junit or sarif.")
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
            "--update-baseline", help="Write the current violations of the rules that ran to "
            "--baseline (other rules' rows are kept) and exit 0."
        ),
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Project file with the check settings (align.toml "
                     "[check] or pyproject.toml [tool.align.check]); default: the nearest "
                     "one upwards from the working directory.", rich_help_panel=_RULES),
    ] = None,
    enable: Annotated[
        list[str] | None,
        typer.Option("--enable", help="Turn rules on (ids, comma-separated or repeated; "
                     "'all').", rich_help_panel=_RULES),
    ] = None,
    disable: Annotated[
        list[str] | None,
        typer.Option("--disable", help="Turn rules off (ids, comma-separated or repeated).",
                     rich_help_panel=_RULES),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option("--fail-on", help="Lowest severity that fails the run: error (default) "
                     "or warning.", rich_help_panel=_RULES),
    ] = None,
    consistency: Annotated[
        str | None,
        typer.Option("--consistency", help="Scope of the inconsistency rules: file (default) "
                     "or run.", rich_help_panel=_RULES),
    ] = None,
    encoding: Encoding = None,
    engine: EngineOpt = "local",
    address: AddressOpt = None,
    jobs: JobsOpt = None,
    force: Force = False,
    quiet: Quiet = False,
) -> None:
    """Check translations for QA slips; exit 0 clean, 1 violations, 2 bad input, 3 failure.

    Terminology (with -g): a source term needs its preferred or an allowed rendering in
    the target (missing-term); no target may contain a forbidden variant (forbidden-term);
    within one document a source term keeps one rendering (inconsistent-term). QA rules:
    numbers, tags and placeholders, URLs, e-mail addresses, empty and untranslated
    targets, whitespace, repeated words, terminal punctuation, brackets and quotes,
    inconsistent renderings (docs/check.md lists every rule id, severity and default).
    Errors fail the run; warnings are reported and fail it only with --fail-on warning.
    Monolingual documents get the target-only rules. No report is written unless every
    input was read.
    """
    from align.errors import AlignError, ConfigError, UsageError

    try:
        import align.check as chk
        from align.io import atomic_write, check_writable
        from align.qa.config import load_config

        if fmt not in chk.FORMATS:
            raise ConfigError(f"unknown --format {fmt!r}; choose one of: {', '.join(chk.FORMATS)}")
        if update_baseline and baseline is None:
            raise ConfigError("--update-baseline needs --baseline FILE")
        sources, targets = source or [], target or []
        if len(sources) != len(targets):
            raise ConfigError(
                f"{len(sources)} --source but {len(targets)} --target files; give them in pairs"
            )
        if not inputs and not sources:
            raise ConfigError("nothing to check: give files or folders, or --source and --target")
        cfg = load_config(config).with_options(
            enable=enable or (), disable=disable or (), fail_on=fail_on, consistency=consistency
        )
        if str(output) != "-":
            check_writable(output, force=force)
        g = None
        if glossary is not None:
            from align.glossary import load_glossary

            g = load_glossary(glossary, encoding=encoding)
        # the glossary, baseline, report and settings are not inputs, even inside a folder
        not_inputs = [p for p in (glossary, baseline, config) if p is not None]
        if str(output) != "-":
            not_inputs.append(output)
        docs, skipped = chk.iter_documents(
            inputs or [],
            lang=lang,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            parallel=[(str(a), str(b)) for a, b in zip(sources, targets, strict=True)],
            encoding=encoding,
            exclude=not_inputs,
        )
        if skipped:
            info(
                f"skipped {len(skipped)} file(s) of unknown kind or language, e.g. {skipped[0]}",
                quiet=quiet,
            )
        old = chk.Baseline.load(baseline) if baseline is not None and baseline.exists() else None
        if baseline is not None and old is None and not update_baseline:
            chk.Baseline.load(baseline)  # raises: no such file
        base = None if update_baseline else old
        if engine.strip().lower() == "local" and jobs is None and address is None:
            result = chk.check_documents(docs, g, baseline=base, config=cfg)
        else:  # each document checked by a worker of the engine (--engine ray, --jobs N)
            from align.engine.check import check_documents_on

            runner = make_engine(engine, jobs=jobs, address=address)
            try:
                result = check_documents_on(runner, docs, g, baseline=base, config=cfg)
            finally:
                runner.close()
        if update_baseline:
            assert baseline is not None
            fresh = (old or chk.Baseline()).updated(result.violations, result.rules)
            text = fresh.dumps()
            with atomic_write(baseline) as fh:
                fh.write(text)
            info(f"wrote {len(result.violations)} accepted violation(s) to {baseline}", quiet=quiet)
            return
        report = chk.format_report(result, fmt, glossary=str(glossary) if glossary else None)
        with atomic_write(output) as fh:
            fh.write(report)
        info(chk.summary_line(result), quiet=quiet)
    except UsageError:
        raise
    except AlignError as exc:  # a runtime failure, not a verdict: exit 3 (1 means violations)
        typer.echo(f"align: error: {exc}", err=True)
        raise typer.Exit(code=3) from None
    if not result.clean:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.command(name="check", epilog=EXAMPLES)(check_cmd)
