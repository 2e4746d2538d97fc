"""``align pair``: align the sentences of two versions of one document."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from align.commands._common import Encoding, Force, Output, Quiet, info, read_text_and_lang
from align.formats import AlignFormat

EXAMPLES = (
    "Examples:\n\n"
    "  align pair corpora/002-ai-large-model-startups/zh-Hans.txt "
    "corpora/002-ai-large-model-startups/en.txt --src-lang zh-CN --tgt-lang en\n\n"
    "  align pair zh.lines en.lines --presplit --format beads --encoder none -o out.beads\n\n"
    "  align pair report.pt.txt report.en.txt -o report.pt-en.jsonl   (records for check, "
    "publish, eval)"
)

# Options shared with `align corpus`.
EncoderOpt = Annotated[
    str,
    typer.Option("--encoder", "-e", help="Sentence encoder: e5 (default; multilingual-e5-small, "
                 "4-bit CPU), use (Universal Sentence Encoder m-v3), st:PATH (a local "
                 "sentence-transformers model, GPU when present), none (length and lexical "
                 "evidence only), or an ensemble such as e5+use.", rich_help_panel="Model"),
]
CacheDir = Annotated[
    Path | None,
    typer.Option("--cache-dir", help="Embedding cache folder (default $ALIGN_CACHE_DIR or "
                 "~/.cache/align/embeddings).", rich_help_panel="Model"),
]
NoCache = Annotated[
    bool, typer.Option("--no-cache", help="Do not read or write the embedding cache.",
                       rich_help_panel="Model"),
]
MaxBead = Annotated[
    int, typer.Option("--max-bead", min=2, max=8, help="Largest bead, counted in sentences "
                      "on both sides (5 allows 1-4, 2-3, ...).", rich_help_panel="Model"),
]
Refine = Annotated[
    float | None, typer.Option("--refine", min=0.0, max=1.0, help="Extra encoder calls per "
                       "sentence spent on embedding real concatenations of multi-sentence "
                       "beads (default from the configuration).", rich_help_panel="Model"),
]
GlossaryOpt = Annotated[
    Path | None,
    typer.Option("--glossary", "-g", help="Glossary (.tsv/.csv/.tbx/.json): term pairs found "
                 "on both sides count as evidence.", rich_help_panel="Model"),
]
FORMAT_HELP = ("jsonl: one aligned record per bead (lossless; what check, publish, eval and "
               "score read); parquet: the same columns; tmx: TMX 1.4 (1-0/0-1 beads left out); "
               "tsv: source, target, score, bead; beads: [0,1]:[2] per line.")
FormatOpt = Annotated[
    AlignFormat | None,
    typer.Option("--format", help=FORMAT_HELP + " Default: from the output file's extension, "
                 "else tsv."),
]
MinScore = Annotated[
    float | None,
    typer.Option("--min-score", help="Only output beads scoring at least this "
                 "(1-0/0-1 beads score 0).", rich_help_panel="Filters"),
]
Types = Annotated[
    str | None,
    typer.Option("--types", help="Only output these bead types, comma-separated, e.g. "
                 "'1-1,1-2,2-1'.", rich_help_panel="Filters"),
]


def output_format(fmt: AlignFormat | None, output: Path, default: AlignFormat) -> AlignFormat:
    """``--format``, else the one the output file's extension names, else ``default``."""
    from align.formats import format_of

    return fmt or format_of(output) or default


#: Languages an encoder was trained on, where it is not most of the world's (others work,
#: less well). e5 (multilingual-e5-small) covers about a hundred languages.
ENCODER_LANGS = {"use": {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru",
                         "th", "tr", "zh-Hans", "zh-Hant"}}


def warn_uncovered(spec: str, langs: list[str], *, quiet: bool) -> None:
    for name, covered in ENCODER_LANGS.items():
        if name in spec.split("+"):
            for lang in langs:
                if lang not in covered:
                    info(f"warning: encoder {name!r} was not trained on {lang!r}; the "
                         "alignment leans on length and lexical evidence (try --encoder e5)",
                         quiet=quiet)


def read_document(path: Path, lang: str | None, *, encoding: str | None,
                  quiet: bool) -> tuple[str, str]:
    """The text of ``path`` and its language (given, or detected and said on stderr); any
    language: raw text is segmented with the tuned or the general rules (docs/segment.md)."""
    return read_text_and_lang(path, lang, encoding=encoding, quiet=quiet,
                              option="--src-lang/--tgt-lang")


def pair_cmd(
    src: Annotated[Path, typer.Argument(help="Source document (raw text, or one sentence per "
                                        "line with --presplit).")],
    tgt: Annotated[Path, typer.Argument(help="Target document, same form as SRC.")],
    *,
    src_lang: Annotated[str | None, typer.Option("--src-lang", "-s", help="Source language, "
                        "a BCP-47 tag (de, pt-BR, zh-TW, ...); detected when omitted.")] = None,
    tgt_lang: Annotated[str | None, typer.Option("--tgt-lang", "-t", help="Target language; "
                        "detected when omitted.")] = None,
    presplit: Annotated[bool, typer.Option("--presplit", help="Inputs already hold one "
                        "sentence per line; do not segment.")] = False,
    doc_id: Annotated[str | None, typer.Option("--doc-id", help="Document id written into "
                      "each record (default: the folder of files named by language, as in "
                      "corpora/<doc>/pt.txt, else SRC's name without extension).")] = None,
    fmt: FormatOpt = None,
    encoder: EncoderOpt = "e5",
    glossary: GlossaryOpt = None,
    max_bead: MaxBead = 5,
    refine: Refine = None,
    min_score: MinScore = None,
    types: Types = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    encoding: Encoding = None,
    output: Output = Path("-"),
    force: Force = False,
    quiet: Quiet = False,
) -> None:
    """Align the sentences of SRC and TGT (two versions of one document) into beads.

    A bead groups consecutive source sentences with consecutive target sentences
    (1-1, 1-2, 2-1, ... and 1-0/0-1 for sentences without counterpart), in order, with a
    score (higher is better; see docs/align.md). Raw documents are segmented with the
    project's splitter unless --presplit. Output goes to stdout unless -o is given.
    """
    from align.formats import check_destination, save_alignment
    from align.io import check_writable
    from align.pipeline import (
        AlignerSpec,
        DocumentPair,
        RecordFilter,
        align_document,
        default_doc_id,
        load_resources,
        parse_types,
    )

    keep = RecordFilter(min_score=min_score, types=parse_types(types))
    out_fmt = output_format(fmt, output, AlignFormat.tsv)
    check_destination(output, out_fmt.value)
    check_writable(output, force=force)
    spec = AlignerSpec(encoder=encoder, glossary=str(glossary) if glossary else None,
                       max_bead=max_bead, refine=refine, cache=not no_cache,
                       cache_dir=str(cache_dir) if cache_dir else None)
    resources = load_resources(spec)
    s_text, s_lang = read_document(src, src_lang, encoding=encoding,
                                   quiet=quiet)
    t_text, t_lang = read_document(tgt, tgt_lang, encoding=encoding,
                                   quiet=quiet)
    warn_uncovered(encoder, [s_lang, t_lang], quiet=quiet)
    pair = DocumentPair(doc_id or default_doc_id(src, tgt), s_lang, t_lang, src_path=str(src),
                        tgt_path=str(tgt), src_text=s_text, tgt_text=t_text, presplit=presplit)
    doc = align_document(pair, spec, resources, progress=not quiet)
    for warning in doc.warnings:
        info(warning, quiet=quiet)
    kept = [r for r in doc.records if keep(r)]
    save_alignment(output, out_fmt.value, kept)
    n_sent = doc.src_sentences + doc.tgt_sentences
    info(f"{doc.src_sentences} + {doc.tgt_sentences} sentences -> {len(doc.records)} beads "
         f"({len(kept)} written); encoder calls/sentence {doc.encode_calls / n_sent:.2f}",
         quiet=quiet)


def register(app: typer.Typer) -> None:
    app.command(name="pair", epilog=EXAMPLES)(pair_cmd)
