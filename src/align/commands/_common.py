"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from align.errors import InputError

Force = Annotated[bool, typer.Option("--force", "-f", help="Overwrite existing output files.")]


def _quiet_library(quiet: bool) -> bool:
    """``--quiet`` also silences the library's warnings (``align.*`` loggers, such as the
    embedding cache's); errors still print."""
    import logging

    logging.getLogger("align").setLevel(logging.ERROR if quiet else logging.WARNING)
    return quiet


Quiet = Annotated[
    bool, typer.Option("--quiet", "-q", callback=_quiet_library,
                       help="No progress or messages on stderr (data still on stdout).")
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


def detect_lang_of(path: object, text: str, *, hint: str = "") -> str:
    """The detected language of ``text`` (read from ``path``); errors name the file."""
    from align.detect import detect_language

    try:
        return detect_language(text)
    except InputError as exc:
        raise InputError(f"{path}: {exc}" + (f"; {hint}" if hint else "")) from None


def read_text_and_lang(
    path: Path, lang: str | None, *, encoding: str | None, quiet: bool, option: str = "--lang",
) -> tuple[str, str]:
    """Read ``path`` and give its language: ``lang`` canonicalised, or detected (said on
    stderr). A bare ``zh`` gets its script from the text (``zh-Hant``)."""
    from align.io import read_text

    text = read_text(path, encoding=encoding)
    return text, resolve_lang(path, text, lang, quiet=quiet, option=option)


def resolve_lang(path: object, text: str, lang: str | None, *, quiet: bool,
                 option: str = "--lang") -> str:
    """:func:`read_text_and_lang` for text already read (``text`` may be the head of a
    file that is streamed, as ``align segment`` does)."""
    from align.lang import normalize_lang

    if lang is not None:
        canon = normalize_lang(lang, where=option)
        if canon == "zh":
            from align.detect import resolve_script

            canon = resolve_script(canon, text)
            info(f"{path}: {lang} read as {canon} (script detected; pass zh-Hans or zh-Hant "
                 "to override)", quiet=quiet)
        return canon
    found = detect_lang_of(path, text, hint=f"pass {option}")
    info(f"{path}: detected language {found} (pass {option} to override)", quiet=quiet)
    return found
