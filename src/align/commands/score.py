"""`align score`: BLEU, chrF, chrF++ and TER against references, significance, terminology."""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from align.commands._common import Encoding, Force, Output, Quiet, info

EXAMPLES = """Examples:

  align score --ref wmt23/ref.en -l ja-en hyp/ONLINE-W.en

  align score -r ref.en -l ja-en hyp/*.en --paired bs --baseline AIRC -F markdown --plot sys.png

  align score -r ref.en -l ja-en --src src.ja --glossary glossaries/align-terms.tsv hyp/*.en
"""


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class Paired(StrEnum):
    none = "none"
    bs = "bs"
    ar = "ar"


def score_cmd(
    hypotheses: Annotated[
        list[Path], typer.Argument(help="Hypothesis files, one segment per line (one per system); "
                                   "an aligned-records file (.jsonl/.parquet/.tmx from align pair "
                                   "or corpus) gives each record's target text.")
    ],
    *,
    ref: Annotated[
        list[Path],
        typer.Option("--ref", "-r", help="Reference file (lines, or records: their target "
                     "text); repeat for several references."),
    ],
    metrics: Annotated[
        str, typer.Option("--metrics", "-m", help="Comma-separated: bleu, chrf, chrf++, ter.")
    ] = "bleu,chrf",
    langpair: Annotated[
        str | None,
        typer.Option("--langpair", "-l", help="SRC-TGT, e.g. ja-en; sets both languages."),
    ] = None,
    tgt_lang: Annotated[
        str | None,
        typer.Option(help="Target language; picks BLEU's tokenizer. Detected from --ref "
                          "if omitted."),
    ] = None,
    src_lang: Annotated[
        str | None, typer.Option(help="Source language (terminology only); detected if omitted.")
    ] = None,
    tokenize: Annotated[
        str | None,
        typer.Option(help="BLEU tokenizer (13a, zh, ja-mecab, intl, char, none, ...); "
                          "overrides the choice by language."),
    ] = None,
    lowercase: Annotated[
        bool, typer.Option("--lowercase", help="Case-insensitive BLEU and chrF.")
    ] = False,
    paired: Annotated[
        Paired,
        typer.Option(help="Paired test against the baseline: bs (bootstrap) or ar "
                          "(approximate randomization).", rich_help_panel="Significance"),
    ] = Paired.none,
    baseline: Annotated[
        str | None,
        typer.Option(help="Baseline system (file stem or path); default: the first HYP.",
                     rich_help_panel="Significance"),
    ] = None,
    confidence: Annotated[
        bool,
        typer.Option("--confidence", help="95% bootstrap intervals without a paired test.",
                     rich_help_panel="Significance"),
    ] = False,
    samples: Annotated[
        int,
        typer.Option(help="Bootstrap resamples / randomization trials; 0: 1000 (bs), 10000 (ar).",
                     rich_help_panel="Significance"),
    ] = 0,
    seed: Annotated[
        int, typer.Option(help="Random seed for resampling (in the signature).",
                          rich_help_panel="Significance")
    ] = 12345,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Processes for paired tests (same numbers).",
                          rich_help_panel="Significance")
    ] = 1,
    src: Annotated[
        Path | None,
        typer.Option("--src", help="Source file (line-aligned, or records: their source "
                     "text) for terminology accuracy.",
                     rich_help_panel="Terminology"),
    ] = None,
    glossary: Annotated[
        Path | None,
        typer.Option("--glossary", "-g", help="Glossary (.tsv/.csv/.tbx/.json) for term accuracy.",
                     rich_help_panel="Terminology"),
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-F", help="Output format.")] = Format.table,
    output: Output = Path("-"),
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write a PNG chart of systems with 95% intervals.")
    ] = None,
    segments: Annotated[
        Path | None, typer.Option("--segments", help="Write sentence-level scores as JSONL.")
    ] = None,
    width: Annotated[int, typer.Option(help="Decimals in the table.")] = 2,
    encoding: Encoding = None,
    force: Force = False,
    quiet: Quiet = False,
) -> None:
    """Score hypotheses against references with sacrebleu and rank the systems.

    BLEU and chrF by default (-m adds chrF++ and TER), each printed with its sacrebleu
    signature.
    BLEU's tokenizer follows the target language (zh for Chinese, ja-mecab for
    Japanese, 13a otherwise; --tokenize overrides); the target language comes from
    --tgt-lang or -l, else it is detected from the reference. All files must have the
    same number of lines. Several HYP files give a ranked table; --paired bs|ar adds
    p-values against --baseline and 95% confidence intervals. --src with --glossary
    adds term accuracy (and the same for the reference, as a sanity line).

    Files are read line by line and scored in chunks, so memory stays flat whatever
    their size; --paired, --confidence, --plot and --glossary need every segment in
    memory at once and read files whole (see `align --max-input-size`).
    """
    from align.errors import ConfigError
    from align.io import atomic_write, check_writable
    from align.lang import normalize_lang
    from align.score import (
        check_tokenizer,
        parse_langpair,
        parse_metrics,
        plot_report,
        read_systems,
        score_files,
        score_systems,
        segment_scores,
        system_names,
    )
    from align.significance import check_seed

    # Cheap checks first: options, output paths, languages; then read; then score.
    keys = parse_metrics(metrics)
    check_seed(seed)
    if tokenize:
        check_tokenizer(tokenize)
    if (src is None) != (glossary is None):
        raise ConfigError("terminology accuracy needs both --src SOURCE and --glossary FILE")
    if paired is not Paired.none and len(hypotheses) < 2:
        raise ConfigError("a paired test needs at least two systems; give more hypothesis files")
    if jobs < 1 or samples < 0 or width < 0:
        raise ConfigError("--jobs must be >= 1, --samples >= 0 and --width >= 0")
    s_lang, t_lang = (None, None)
    if langpair:
        s_lang, t_lang = parse_langpair(langpair)
    if tgt_lang:
        t_lang = normalize_lang(tgt_lang, where="--tgt-lang")
    if src_lang:
        s_lang = normalize_lang(src_lang, where="--src-lang")
    for path in (output, plot, segments):
        if path is not None:
            check_writable(path, force=force)

    test = None if paired is Paired.none else paired.value
    spools: dict[str, IO[str]] = {}
    if paired is Paired.none and not confidence and plot is None and glossary is None:
        # The plain score streams: memory stays flat whatever the size of the files.

        def spool(name: str, records: list[dict[str, Any]]) -> None:
            sp = spools.get(name)
            if sp is None:  # one anonymous file per system keeps --segments in system order
                sp = spools[name] = tempfile.TemporaryFile("w+", encoding="utf-8")
            sp.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)

        report = score_files(
            ref, hypotheses, metrics=keys, tgt_lang=t_lang, tokenize=tokenize,
            lowercase=lowercase, encoding=encoding,
            baseline=_resolve_baseline(baseline, system_names(hypotheses), hypotheses),
            on_segments=spool if segments is not None else None,
            progress=not quiet and sys.stderr.isatty(),
        )
    else:
        refs, named, src_lines = read_systems(ref, hypotheses, source=src, encoding=encoding)
        names = [n for n, _ in named]
        base = _resolve_baseline(baseline, names, hypotheses)

        gloss = None
        label = ""
        if glossary is not None:
            gloss, label = _load_glossary(glossary)

        info(f"scoring {len(named)} system(s) against {len(refs)} reference(s), "
             f"{len(refs[0])} segments", quiet=quiet)
        report = score_systems(
            named, refs, metrics=keys, tgt_lang=t_lang, tokenize=tokenize, lowercase=lowercase,
            paired=test, baseline=base, confidence=confidence or plot is not None,
            n_samples=samples, seed=seed, n_jobs=jobs, sources=src_lines, glossary=gloss,
            src_lang=s_lang, glossary_label=label,
        )
        if segments is not None:
            for name, hyps in named:
                sp = spools[name] = tempfile.TemporaryFile("w+", encoding="utf-8")
                for record in segment_scores(
                    [(name, hyps)], refs, metrics=keys, tokenize=report.tokenize,
                    tgt_lang=report.tgt_lang, lowercase=lowercase,
                ):
                    sp.write(json.dumps(record, ensure_ascii=False) + "\n")
    for note in report.notes:
        info(note, quiet=quiet)

    order = {name: i for i, name in enumerate(system_names(hypotheses))}
    if format is Format.json:
        text = report.to_json()
    elif format is Format.markdown:
        text = report.to_markdown(width=width)
    else:
        text = report.to_text(width=width)
    with atomic_write(output) as fh:
        fh.write(text)
    if str(output) != "-":
        info(f"wrote {output}", quiet=quiet)

    if segments is not None:
        n = 0
        with atomic_write(segments) as out:
            for name in sorted(spools, key=order.__getitem__):
                spooled = spools[name]
                spooled.seek(0)
                for line in spooled:
                    out.write(line)
                    n += 1
                spooled.close()
        info(f"wrote {n} segment scores to {segments}", quiet=quiet)
    if plot is not None:
        png = plot_report(report)
        with atomic_write(plot, binary=True) as fh:
            fh.write(png)  # type: ignore[arg-type]
        info(f"wrote {plot}", quiet=quiet)


def _resolve_baseline(baseline: str | None, names: list[str], paths: list[Path]) -> str | None:
    """A baseline given as a system name, a file path or a file name -> the system name."""
    if baseline is None or baseline in names:
        return baseline
    for name, path in zip(names, paths, strict=True):
        if baseline in (str(path), path.name):
            return name
    from align.errors import ConfigError

    raise ConfigError(f"--baseline {baseline!r} is not one of the systems: {', '.join(names)}")


def _load_glossary(path: Path) -> tuple[object, str]:
    from align.errors import BackendUnavailable, InputError

    try:
        from align.glossary import load_glossary
    except ImportError as exc:
        raise BackendUnavailable(
            "terminology scoring needs align.glossary, which this installation lacks; "
            "reinstall align or drop --src/--glossary"
        ) from exc
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
    return load_glossary(path), f"{path.name}@{digest}"


def register(app: typer.Typer) -> None:
    app.command(name="score", epilog=EXAMPLES)(score_cmd)
