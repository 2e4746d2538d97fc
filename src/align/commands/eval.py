"""``align eval``: strict and lax precision/recall/F1 of alignments against gold beads."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from align.commands._common import Quiet, info

EXAMPLES = (
    "Examples:\n\n"
    "  align eval corpora out            (align corpus output against corpora/<doc>/gold/)\n\n"
    "  align eval gold/doc.en-ja.beads vecalign.out --src doc.en --tgt doc.ja\n\n"
    "  align eval ../shared/bench/text+berg/gold out/tb --lenient-gold --json"
)


def eval_cmd(
    gold: Annotated[Path, typer.Argument(help="Gold alignment: a bead file ([0,1]:[2] per line) "
                                         "or records file, or a folder of them (a corpus: "
                                         "<doc>/gold/<src>-<tgt>.beads).")],
    test: Annotated[Path, typer.Argument(help="Test alignment: a file, or a folder whose files "
                                         "pair with GOLD's by relative path without the "
                                         "extension (align corpus output: <doc>/<src>-<tgt>.jsonl).")],
    *,
    src: Annotated[Path | None, typer.Option("--src", help="Source sentences, one per line "
                   "(a file, or a folder of files named like the beads): ids must fall "
                   "inside it.")] = None,
    tgt: Annotated[Path | None, typer.Option("--tgt", help="Target sentences, like --src.")] = None,
    lenient_gold: Annotated[bool, typer.Option("--lenient-gold", help="Accept gold beads that "
                            "cross, skip ids or repeat a sentence (Text+Berg's published gold "
                            "does); test files are always checked.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of "
                                          "the table.")] = False,
    quiet: Quiet = False,
) -> None:
    """Score alignments against gold beads: strict and lax P/R/F1 per file and pooled,
    recall per bead type.

    Files pair by their full relative path without the extension (a 'gold' folder is left
    out), so doc.en-ja and doc.en-pt are two pairs; a gold file without a test file, or two
    files that pair alike, exit 2 naming them. Both sides are validated first: empty files,
    negative or out-of-range ids, a sentence in two beads and beads out of order exit 2
    naming the file and line.

    Same definition as Vecalign's score.py and Bertalign's eval.py: precision over all
    test beads, recall over gold beads without 1-0/0-1; strict = identical bead, lax =
    overlapping source and target; counts pooled over files.
    """
    import json

    from align.evaluate import evaluate_files

    report = evaluate_files(gold, test, src=src, tgt=tgt, lenient_gold=lenient_gold)
    for note in report.notes:
        info(f"warning: {note}", quiet=quiet)
    if report.unscored:
        shown = ", ".join(map(str, report.unscored[:3]))
        more = f" and {len(report.unscored) - 3} more" if len(report.unscored) > 3 else ""
        info(f"{len(report.unscored)} test file(s) have no gold and are not scored: "
             f"{shown}{more}", quiet=quiet)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        typer.echo(report.format())
    info(f"{len(report.files)} file pair(s), {sum(f.counts.gold for f in report.files)} gold "
         "beads", quiet=quiet)


def register(app: typer.Typer) -> None:
    app.command(name="eval", epilog=EXAMPLES)(eval_cmd)
