"""`align glossary validate|convert|show`: check, convert and inspect glossaries."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from align.commands._common import Encoding, Force, Quiet, info

glossary_app = typer.Typer(
    help="Validate, convert and inspect glossaries (TSV/CSV/XLSX, TBX 2008/2019, JSON).",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Require = Annotated[
    str | None,
    typer.Option(
        "--require", help="Comma-separated languages every entry must have (e.g. en,zh-Hans)."
    ),
]

VALIDATE_EXAMPLES = """Examples:

  align glossary validate glossaries/align-terms.tsv

  align glossary validate glossaries/align-terms.tsv --require en,zh-Hans,zh-Hant
"""

CONVERT_EXAMPLES = """Examples:

  align glossary convert glossaries/align-terms.tsv build/align-terms.tbx

  align glossary convert terms.tbx terms.json --force
"""

SHOW_EXAMPLES = """Examples:

  align glossary show glossaries/align-terms.tsv --entry box-camera

  align glossary show glossaries/align-terms.tsv --find "Yuncong Technology lançou" --lang pt
"""


def _require(value: str | None) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else []


def validate_cmd(
    glossaries: Annotated[
        list[Path], typer.Argument(help="Glossary files (.tsv, .csv, .xlsx, .tbx, .json).")
    ],
    *,
    require: Require = None,
    encoding: Encoding = None,
    quiet: Quiet = False,
) -> None:
    """Check glossaries: exit 0 when all are well formed, 2 with `file:line: problem` when not.

    Checks unique well-formed ids, known language tags, a preferred term wherever variants
    are given, no term both accepted and forbidden in one language, and (with --require)
    that every entry has the named languages. Stops at the first problem.
    """
    from align.glossary import load_glossary

    for path in glossaries:
        g = load_glossary(path, required=_require(require), encoding=encoding)
        info(f"{path}: OK, {len(g)} entries in {', '.join(g.languages)}", quiet=quiet)


def convert_cmd(
    src: Annotated[Path, typer.Argument(help="Glossary to read (.tsv, .csv, .xlsx, .tbx, .json).")],
    dest: Annotated[Path, typer.Argument(help="File to write; '-' is stdout (needs --to).")],
    *,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Output format: tsv, csv, json, tbx (TBX 2019) or tbx2008; "
            "default from DEST's extension.",
        ),
    ] = None,
    encoding: Encoding = None,
    force: Force = False,
    quiet: Quiet = False,
) -> None:
    """Convert a glossary between TSV/CSV (and XLSX in), TBX (2019 or 2008) and JSON.

    Every TBX-Basic data category (definitions, part of speech, contexts, sources,
    statuses, locales as written...) survives the conversion. The input is validated
    first; nothing is written when it is malformed.
    """
    from align.errors import ConfigError
    from align.glossary import FORMATS, dumps, format_of, load_glossary
    from align.io import atomic_write, check_writable

    if to is not None and to not in FORMATS:
        raise ConfigError(f"unknown glossary format {to!r}; choose one of: {', '.join(FORMATS)}")
    if to is None and str(dest) == "-":
        raise ConfigError("writing to stdout: say which format with --to")
    fmt = to or format_of(dest)
    check_writable(dest, force=force)
    g = load_glossary(src, encoding=encoding)
    text = dumps(g, fmt)
    with atomic_write(dest) as fh:
        fh.write(text)
    info(f"wrote {len(g)} entries to {dest} ({fmt})", quiet=quiet)


def show_cmd(
    glossary: Annotated[Path, typer.Argument(help="Glossary file (.tsv, .csv, .xlsx, .tbx, .json).")],
    *,
    entry: Annotated[
        str | None, typer.Option("--entry", "-e", help="Show only this entry id.")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", help="Show the terms that apply to text in "
                                 "this language (a pt column serves pt-BR; see docs/glossary.md).")
    ] = None,
    find: Annotated[
        str | None,
        typer.Option("--find", help="Instead, print the term hits in this text (needs --lang)."),
    ] = None,
    encoding: Encoding = None,
) -> None:
    """Print a glossary's entries (one line per entry and language), or the hits in a text.

    Lines read `id  lang  preferred  [allowed: ...]  [forbidden: ...]`. With --lang, each
    entry shows the column that serves text in that language, `pt-BR (from pt)` when it
    falls back to a wider one. With --find TEXT --lang L, prints
    `start-end  status  surface  (entry, term)` for each hit instead.
    """
    from align.errors import ConfigError, InputError
    from align.glossary import load_glossary
    from align.lang import normalize_lang

    g = load_glossary(glossary, encoding=encoding)
    lang = normalize_lang(lang, where="--lang") if lang else None
    if find is not None:
        if lang is None:
            raise ConfigError("--find needs --lang (the language of the text)")
        for h in g.find(find, lang):
            typer.echo(f"{h.start}-{h.end}\t{h.status}\t{h.surface}\t({h.entry_id}, {h.term})")
        return
    entries = g.entries
    if entry is not None:
        try:
            entries = [g.get(entry)]
        except KeyError:
            raise InputError(
                f"{glossary}: no entry {entry!r}; list them with `align glossary show {glossary}`"
            ) from None
    for e in entries:
        shown = list(e.terms.items())
        if lang:  # the column serving ``lang`` (most specific first), as matching uses it
            shown = [(c, e.terms[c]) for c in e.columns_for(lang)[:1]]
        for code, lt in shown:
            label = code if not lang or code == lang else f"{lang} (from {code})"
            parts = [e.id, label, lt.preferred]
            if lt.allowed:
                parts.append("allowed: " + " | ".join(lt.allowed))
            if lt.forbidden:
                parts.append("forbidden: " + " | ".join(lt.forbidden))
            typer.echo("\t".join(parts))


glossary_app.command(name="validate", epilog=VALIDATE_EXAMPLES)(validate_cmd)
glossary_app.command(name="convert", epilog=CONVERT_EXAMPLES)(convert_cmd)
glossary_app.command(name="show", epilog=SHOW_EXAMPLES)(show_cmd)


def register(app: typer.Typer) -> None:
    app.add_typer(glossary_app, name="glossary")
