"""``align segment``: split a document into sentences, headings, list items and table rows."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from align.commands._common import Encoding, Force, Output, Quiet, info, read_text_and_lang

EXAMPLES = (
    "Examples:\n\n"
    "  align segment corpora/002-ai-large-model-startups/raw/002_85a40033ff6c602f.txt "
    "--lang zh-CN\n\n"
    "  align segment corpora/004-chatgpt-half-year/raw/004_67ad61fc97f67223.txt "
    "--format jsonl -o 004.id.jsonl"
)

Lang = Annotated[
    str | None,
    typer.Option("--lang", "-l", help="Language, a BCP-47 tag (de, pt-BR, zh-TW, ko, ...). "
                 "Detected when omitted."),
]


class SegmentFormat(StrEnum):
    """Output formats of ``align segment``."""

    txt = "txt"
    jsonl = "jsonl"


Format = Annotated[
    SegmentFormat,
    typer.Option("--format", help="txt: one segment per line; jsonl: objects with index, "
                 "line, kind, text."),
]


def segment_cmd(
    file: Annotated[Path, typer.Argument(help="Text file to segment ('-' for stdin).")],
    *,
    lang: Lang = None,
    encoding: Encoding = None,
    fmt: Format = SegmentFormat.txt,
    output: Output = Path("-"),
    force: Force = False,
    quiet: Quiet = False,
) -> None:
    """Split FILE into sentences; headings, list items and table rows stay whole.

    Each line of FILE is a paragraph. Markdown headings (#), whole **bold** lines and
    short unpunctuated lines are headings; "- ", "* ", "• ", "1. " start list items;
    "| a | b |" lines are table rows (separator rows are dropped). Everything else is
    split into sentences. Without --lang the language is detected and named on stderr.
    """
    import json

    from align.io import atomic_write, check_writable
    from align.segment import segment_document

    check_writable(output, force=force)
    text, canon = read_text_and_lang(file, lang, encoding=encoding, quiet=quiet)
    segments = segment_document(text, canon)
    with atomic_write(output) as fh:
        for seg in segments:
            if fmt is SegmentFormat.txt:
                fh.write(seg.text + "\n")
            else:
                record = {"index": seg.index, "line": seg.line, "kind": seg.kind, "text": seg.text}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    if str(output) != "-":
        info(f"{output}: {len(segments)} segments ({canon})", quiet=quiet)


def register(app: typer.Typer) -> None:
    app.command(name="segment", epilog=EXAMPLES)(segment_cmd)
