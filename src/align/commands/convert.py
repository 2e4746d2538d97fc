"""`align convert`: Simplified <-> Traditional Chinese with glossary overrides."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from align.commands._common import Encoding, Force, Output, Quiet, read_text_and_lang

EXAMPLES = """Examples:

  align convert corpora/002-ai-large-model-startups/zh-Hans.txt --to zh-Hant -o zh-Hant.txt

  align convert interview.txt --from zh-Hant --to zh-Hans --glossary glossaries/align-terms.tsv
"""


def convert_cmd(
    file: Annotated[Path, typer.Argument(help="Chinese text to convert ('-' for stdin).")],
    *,
    to: Annotated[str, typer.Option("--to", help="Target script: zh-Hans or zh-Hant.")],
    from_: Annotated[
        str | None, typer.Option("--from", help="Source script; detected when omitted.")
    ] = None,
    glossary: Annotated[
        Path | None, typer.Option(help="Glossary whose terms override OpenCC's rendering.")
    ] = None,
    output: Output = Path("-"),
    encoding: Encoding = None,
    force: Force = False,
    quiet: Quiet = False,
) -> None:
    """Convert between Simplified and Traditional Chinese (OpenCC s2twp / tw2sp).

    Glossary terms found in the text keep the glossary's rendering in the target script,
    e.g. 枪机 -> 槍機 and 行业大模型 -> 行業大模型 exactly as listed.
    """
    from align.io import atomic_write, check_writable
    from align.lang import normalize_lang
    from align.script import convert_script

    check_writable(output, force=force)
    text, src = read_text_and_lang(file, from_, encoding=encoding, quiet=quiet, option="--from")
    gloss = None
    if glossary is not None:
        from align.glossary import load_glossary

        gloss = load_glossary(glossary)
    result = convert_script(text, src, normalize_lang(to, where="--to"), glossary=gloss)
    with atomic_write(output) as fh:
        fh.write(result)


def register(app: typer.Typer) -> None:
    app.command(name="convert", epilog=EXAMPLES)(convert_cmd)
