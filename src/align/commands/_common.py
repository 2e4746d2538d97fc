"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from align.errors import InputError

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


def detect_lang_of(path: object, text: str, *, hint: str = "") -> str:
    """The detected language of ``text`` (read from ``path``); errors name the file."""
    from align.detect import detect_language

    try:
        return detect_language(text)
    except InputError as exc:
        raise InputError(f"{path}: {exc}" + (f"; {hint}" if hint else "")) from None


def read_text_and_lang(
    path: Path, lang: str | None, *, encoding: str | None, quiet: bool, option: str = "--lang",
    any_language: bool = False,
) -> tuple[str, str]:
    """Read ``path`` and give its language: ``lang`` normalised, or detected (said on stderr).

    ``any_language`` accepts a language align cannot segment or detect (``de``, ``fr``):
    for input that is already split into sentences.
    """
    from align.io import read_text

    text = read_text(path, encoding=encoding)
    return text, resolve_lang(path, text, lang, quiet=quiet, option=option,
                              any_language=any_language)


def resolve_lang(
    path: object, text: str, lang: str | None, *, quiet: bool, option: str = "--lang",
    any_language: bool = False,
) -> str:
    """``lang`` normalised, or the language detected in ``text`` (read from ``path``; said
    on stderr). ``text`` may be the head of a file that is streamed."""
    from align.lang import SUPPORTED, normalize_lang

    if lang is not None:
        if any_language and not re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", lang):
            raise InputError(f"{option}: {lang!r} is not a language tag such as de or pt-BR")
        return normalize_lang(lang, supported_only=not any_language)
    found = detect_lang_of(path, text, hint=f"pass {option}")
    if not any_language and found not in SUPPORTED:
        raise InputError(f"{path}: unsupported language {found!r} (detected); supported: "
                         f"{', '.join(SUPPORTED)}; pass {option} if the detection is wrong")
    info(f"{path}: detected language {found} (pass {option} to override)", quiet=quiet)
    return found
