"""``align pair``: align the sentences of two versions of one document."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from align.commands._common import Encoding, Force, Output, Quiet, info, read_text_and_lang
from align.formats import AlignFormat

if TYPE_CHECKING:
    from align.records import Bead

EXAMPLES = (
    "Examples:\n\n"
    "  align pair corpora/002-ai-large-model-startups/zh-Hans.txt "
    "corpora/002-ai-large-model-startups/en.txt --src-lang zh-CN --tgt-lang en\n\n"
    "  align pair zh.lines en.lines --presplit --format beads --encoder none -o out.beads"
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
FormatOpt = Annotated[
    AlignFormat,
    typer.Option("--format", help="tsv: source, target, score, bead; jsonl: one object per "
                 "bead; tmx: TMX 1.4 (1-0/0-1 beads left out); beads: [0,1]:[2] per line."),
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


def parse_types(types: str | None) -> set[str] | None:
    """``'1-1, 1-2'`` -> ``{'1-1', '1-2'}``; raises ConfigError on a malformed type."""
    if types is None:
        return None
    import re

    from align.errors import ConfigError

    out = {t.strip() for t in types.split(",") if t.strip()}
    bad = [t for t in out if not re.fullmatch(r"\d+-\d+", t) or t == "0-0"]
    if bad or not out:
        raise ConfigError(f"bad bead type(s) {', '.join(sorted(bad)) or types!r}; "
                          "use e.g. --types 1-1,1-2,2-1")
    return out


def filter_beads(beads: list[Bead], *, min_score: float | None,
                 types: set[str] | None) -> list[Bead]:
    """Beads passing ``--min-score`` and ``--types``."""
    return [b for b in beads
            if (min_score is None or b.score >= min_score)
            and (types is None or b.kind in types)]


def make_encoder(spec: str, *, cache: bool, cache_dir: Path | None) -> Any:
    """The encoder for ``--encoder`` (``None`` for ``none``); loads no model yet."""
    from align.embed import get_encoder

    return get_encoder(spec, cache=cache, cache_dir=cache_dir)


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


def read_sentences(path: Path, lang: str | None, *, presplit: bool, encoding: str | None,
                   quiet: bool) -> tuple[list[str], str]:
    """Sentences of ``path`` (one per line with ``presplit``) and its language.

    Pre-split input may be in any language the encoder knows (``--src-lang de``); raw
    documents need one that align can segment.
    """
    from align.errors import InputError

    try:
        text, lang = read_text_and_lang(path, lang, encoding=encoding, quiet=quiet,
                                        option="--src-lang/--tgt-lang", any_language=presplit)
    except InputError as exc:
        if "unsupported language" not in str(exc):
            raise
        raise InputError(f"{exc}. To align another language, split {path} into one "
                         "sentence per line yourself and pass --presplit") from None
    if presplit:
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return lines, lang
    from align.segment import segment_document

    return [s.text for s in segment_document(text, lang)], lang


def load_glossary_opt(path: Path | None) -> Any:
    if path is None:
        return None
    from align.glossary import load_glossary

    return load_glossary(path)


def pair_cmd(
    src: Annotated[Path, typer.Argument(help="Source document (raw text, or one sentence per "
                                        "line with --presplit).")],
    tgt: Annotated[Path, typer.Argument(help="Target document, same form as SRC.")],
    *,
    src_lang: Annotated[str | None, typer.Option("--src-lang", "-s", help="Source language "
                        "(en, pt, id, ja, zh-Hans, zh-Hant; zh-CN, zh-TW, pt-BR accepted); "
                        "detected when omitted.")] = None,
    tgt_lang: Annotated[str | None, typer.Option("--tgt-lang", "-t", help="Target language; "
                        "detected when omitted.")] = None,
    presplit: Annotated[bool, typer.Option("--presplit", help="Inputs already hold one "
                        "sentence per line; do not segment.")] = False,
    fmt: FormatOpt = AlignFormat.tsv,
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
    from dataclasses import replace

    from align.aligner import AlignConfig, Aligner
    from align.errors import InputError
    from align.formats import write_alignment
    from align.io import atomic_write, check_writable

    wanted = parse_types(types)
    check_writable(output, force=force)
    enc = make_encoder(encoder, cache=not no_cache, cache_dir=cache_dir)
    gloss = load_glossary_opt(glossary)
    s_sents, s_lang = read_sentences(src, src_lang, presplit=presplit, encoding=encoding,
                                     quiet=quiet)
    t_sents, t_lang = read_sentences(tgt, tgt_lang, presplit=presplit, encoding=encoding,
                                     quiet=quiet)
    if not s_sents or not t_sents:
        empty = src if not s_sents else tgt
        raise InputError(f"{empty}: no sentences to align")
    ratio = max(len(s_sents), len(t_sents)) / min(len(s_sents), len(t_sents))
    if ratio > 3:
        info(f"warning: {src} has {len(s_sents)} sentences but {tgt} has {len(t_sents)}; "
             "are they versions of the same document? Unmatched sentences become 1-0/0-1 "
             "beads", quiet=quiet)
    warn_uncovered(encoder, [s_lang, t_lang], quiet=quiet)
    cfg = AlignConfig(max_bead=max_bead)
    if refine is not None:
        cfg = replace(cfg, refine_budget=refine)
    aligner = Aligner(enc, cfg, glossary=gloss, progress=not quiet)
    beads = aligner.align(s_sents, t_sents, src_lang=s_lang, tgt_lang=t_lang)
    kept = filter_beads(beads, min_score=min_score, types=wanted)
    with atomic_write(output) as fh:
        write_alignment(fh, fmt.value, kept, s_sents, t_sents, src_lang=s_lang, tgt_lang=t_lang)
    n_sent = len(s_sents) + len(t_sents)
    info(f"{len(s_sents)} + {len(t_sents)} sentences -> {len(beads)} beads "
         f"({len(kept)} written); encoder calls/sentence {aligner.encode_calls / n_sent:.2f}",
         quiet=quiet)


def register(app: typer.Typer) -> None:
    app.command(name="pair", epilog=EXAMPLES)(pair_cmd)
