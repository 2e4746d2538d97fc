"""``align eval``: strict and lax precision/recall/F1 of alignments against gold beads."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from align.commands._common import Quiet, info

EXAMPLES = (
    "Examples:\n\n"
    "  align eval ../shared/bench/text+berg/gold/001 out/001.beads\n\n"
    "  align eval ../shared/bench/mac-dev/gold out/mac --json"
)


def _pairs(gold: Path, test: Path) -> list[tuple[Path, Path]]:
    from align.errors import InputError

    if gold.is_dir() != test.is_dir():
        raise InputError(f"{gold} and {test}: give two files or two folders")
    if not gold.is_dir():
        return [(gold, test)]
    def stem(p: Path) -> str:
        return p.name.split(".")[0]
    g = {stem(p): p for p in sorted(gold.iterdir()) if p.is_file() and not p.name.startswith(".")}
    t = {stem(p): p for p in sorted(test.iterdir()) if p.is_file() and not p.name.startswith(".")}
    missing = sorted(set(g) - set(t))
    if missing:
        raise InputError(f"{test}: no test file for gold {', '.join(missing[:5])} "
                         "(files are paired by name up to the first '.')")
    if not g:
        raise InputError(f"{gold}: no gold files")
    return [(g[k], t[k]) for k in sorted(g)]


def eval_cmd(
    gold: Annotated[Path, typer.Argument(help="Gold beads ([0,1]:[2] per line): a file or a "
                                         "folder of files.")],
    test: Annotated[Path, typer.Argument(help="Test beads: a file, or a folder with files of "
                                         "the same names (extensions ignored).")],
    *,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of "
                                          "the table.")] = False,
    quiet: Quiet = False,
) -> None:
    """Score alignments against gold beads: strict and lax P/R/F1, recall per bead type.

    Counts are pooled over files (TEST against GOLD, file by file, in order).

    Same definition as Vecalign's score.py and Bertalign's eval.py: precision over all
    test beads, recall over gold beads without 1-0/0-1; strict = identical bead, lax =
    overlapping source and target.
    """
    import json

    from align.evaluate import read_beads, score_alignments

    pairs = _pairs(gold, test)
    golds = [read_beads(g) for g, _ in pairs]
    tests = [read_beads(t) for _, t in pairs]
    score = score_alignments(golds, tests)
    if as_json:
        typer.echo(json.dumps(score.as_dict(), ensure_ascii=False))
    else:
        typer.echo(score.format())
    info(f"{len(pairs)} file pair(s), {sum(map(len, golds))} gold beads", quiet=quiet)


def register(app: typer.Typer) -> None:
    app.command(name="eval", epilog=EXAMPLES)(eval_cmd)
