"""``align segment``: split a document into sentences, headings, list items and table rows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from align.commands._common import Encoding, Force, Output, Quiet, info

if TYPE_CHECKING:
    from align.records import Segment

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
    split into sentences. Without --lang the language is detected (from the first
    64,000 characters) and named on stderr. FILE is read line by line, so its size is
    not limited.
    """
    import json
    from itertools import chain

    from align.commands._common import resolve_lang
    from align.io import atomic_write, check_writable, iter_lines
    from align.lang import normalize_lang

    check_writable(output, force=force)
    if lang is not None:  # cheap checks first: a bad --lang before reading anything
        normalize_lang(lang, where="--lang")
    lines = iter_lines(file, encoding=encoding)
    head = _head(lines, DETECT_CHARS)
    canon = resolve_lang(file, "\n".join(head), lang, quiet=quiet)
    n = 0
    with atomic_write(output) as fh:
        for seg in iter_segments(chain(head, lines), canon):
            if fmt is SegmentFormat.txt:
                fh.write(seg.text + "\n")
            else:
                record = {"index": seg.index, "line": seg.line, "kind": seg.kind, "text": seg.text}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    if str(output) != "-":
        info(f"{output}: {n} segments ({canon})", quiet=quiet)


#: Characters language detection looks at when --lang is not given.
DETECT_CHARS = 64_000
#: Lines segmented at a time: memory stays bounded whatever the file's size.
BLOCK_LINES = 2_000


def _head(lines: Iterator[str], chars: int) -> list[str]:
    """The first lines of ``lines`` (consumed), up to about ``chars`` characters."""
    head: list[str] = []
    size = 0
    for line in lines:
        head.append(line)
        size += len(line) + 1
        if size >= chars:
            break
    return head


def iter_segments(lines: Iterable[str], lang: str) -> Iterator[Segment]:
    """:func:`align.segment.segment_document` over ``lines``, a block at a time.

    The same segments with the same ``index``, ``line`` and ``meta["paragraph"]`` as
    segmenting the whole text at once: a line is a paragraph, and nothing crosses lines.
    """
    import dataclasses
    from itertools import islice

    from align.segment import segment_document

    it = iter(lines)
    index = line = paragraph = 0
    while block := list(islice(it, BLOCK_LINES)):
        for seg in segment_document("\n".join(block), lang):
            meta = dict(seg.meta)
            if "paragraph" in meta:
                meta["paragraph"] = str(int(meta["paragraph"]) + paragraph)
            yield dataclasses.replace(seg, index=index, line=(seg.line or 0) + line, meta=meta)
            index += 1
        line += len(block)
        paragraph += sum(1 for x in block if x.strip())


def register(app: typer.Typer) -> None:
    app.command(name="segment", epilog=EXAMPLES)(segment_cmd)
