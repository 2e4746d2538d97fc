"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

Force = Annotated[bool, typer.Option("--force", "-f", help="Overwrite existing output files.")]
Quiet = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress or messages on stderr (data still on stdout).")
]
Encoding = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        help="Input encoding (utf-8, utf-16, gb18030, big5, shift_jis, ...); detected when omitted.",
    ),
]
Output = Annotated[
    Path, typer.Option("--output", "-o", help="Output file; '-' (the default) is stdout.")
]


def info(message: str, *, quiet: bool = False) -> None:
    """A message for the user on stderr (never stdout, which carries data)."""
    if not quiet:
        typer.echo(message, err=True)
