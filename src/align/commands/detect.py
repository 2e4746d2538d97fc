"""``align detect``: name the language of each file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from align.commands._common import Encoding, detect_lang_of

EXAMPLES = (
    "Examples:\n\n"
    "  align detect corpora/*/raw/*.txt\n\n"
    "  align detect notes.txt --encoding gb18030"
)


def detect_cmd(
    files: Annotated[list[Path], typer.Argument(help="Text files ('-' for stdin).")],
    *,
    encoding: Encoding = None,
) -> None:
    """Print FILE<TAB>LANG for each file, LANG a BCP-47 tag (de, ko, pt, zh-Hant, ...).

    Detection is offline: script counts (kana means Japanese, Hangul Korean; Simplified
    vs Traditional Chinese by OpenCC) and lingua's 75 languages (Malay left out: it reads
    as Indonesian). No region is guessed: Portuguese is pt; pass --lang pt-PT to the
    other commands for a regional variant. The first unreadable or letterless file
    stops the run with exit code 2.
    """
    from align.io import read_text

    for file in files:
        typer.echo(f"{file}\t{detect_lang_of(file, read_text(file, encoding=encoding))}")


def register(app: typer.Typer) -> None:
    app.command(name="detect", epilog=EXAMPLES)(detect_cmd)
