"""`align clean`: remove page furniture from a scraped article, keep its byline as metadata."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from align.commands._common import Encoding, Force, Output, Quiet, info

EXAMPLES = """Examples:

  align clean corpora/000-ai-vision-large-models/raw/000_8e528c8422b53a25.txt -o pt.txt --report

  align clean page.txt --rules my_rules.yaml --json-report removed.json > page.clean.txt
"""

_SHOW = 100  # characters of a removed line shown by --report


def _short(text: str) -> str:
    return text if len(text) <= _SHOW else text[: _SHOW - 1] + "…"


def clean_cmd(
    file: Annotated[
        Path, typer.Argument(help="Scraped page, one paragraph per line ('-' = stdin).")
    ],
    *,
    output: Output = Path("-"),
    rules: Annotated[
        Path | None,
        typer.Option("--rules", "-r", help="YAML rules file; extends the default rules."),
    ] = None,
    replace_rules: Annotated[
        bool,
        typer.Option("--replace-rules", help="Use only the --rules file, not the default rules."),
    ] = False,
    report: Annotated[
        bool,
        typer.Option("--report", help="Print every removed or moved line with its rule on stderr."),
    ] = False,
    json_report: Annotated[
        Path | None,
        typer.Option("--json-report", help="Write removed/moved lines and metadata as JSON."),
    ] = None,
    encoding: Encoding = None,
    force: Force = False,
    quiet: Quiet = False,
) -> None:
    """Remove page furniture from a scraped article and print the cleaned text.

    Drops share/comment widgets, disclaimers, language menus, QR-code and trading
    promos, breadcrumbs, image credits and everything after the footer marker ("Ver
    original", "原文表示", "Lihat Asli"). Byline lines (source, author, date) are taken
    out of the body into the metadata. When the page repeats the article after its
    footer (a wrapped-around page), the repeated paragraphs are dropped and the title
    and any paragraph missing from the body are put back in place.

    Output: one paragraph per line, paragraphs separated by one blank line, markdown
    table rows one per line. Only whitespace changes inside a kept paragraph. A summary
    of what was removed goes to stderr; --report lists every line.
    """
    from align.clean import clean_text, default_rules, load_rules
    from align.errors import ConfigError
    from align.io import atomic_write, check_writable, read_text

    if replace_rules and rules is None:
        raise ConfigError("--replace-rules needs --rules FILE (the rules to use instead)")
    if json_report is not None and str(json_report) == str(output):
        raise ConfigError(f"--json-report and --output are the same ({json_report}); "
                          "send the text or the report to a file")
    check_writable(output, force=force)
    if json_report is not None:
        check_writable(json_report, force=force)
    rule_set = load_rules(rules, replace=replace_rules) if rules else default_rules()
    result = clean_text(read_text(file, encoding=encoding), rules=rule_set)

    with atomic_write(output) as fh:
        fh.write(result.text)
    if json_report is not None:
        with atomic_write(json_report) as fh:
            fh.write(json.dumps({"file": str(file), "rules": list(rule_set.sources),
                                 **result.report()}, ensure_ascii=False, indent=2) + "\n")

    if report:
        for r in result.removed:
            info(f"  {file}:{r.line}: [{r.rule}] {_short(r.text)}", quiet=quiet)
        for m in result.moved:
            where = "to the front" if m.after is None else f"after line {m.after}"
            info(f"  {file}:{m.line}: [moved {where}] {_short(m.text)}", quiet=quiet)
    counts = ", ".join(f"{rule} {n}" for rule, n in result.counts().items()) or "nothing"
    info(f"align clean: {file}: {len(result.paragraphs)} paragraphs kept; "
         f"{len(result.removed)} lines removed ({counts}); {len(result.moved)} moved back",
         quiet=quiet)
    found = {k: v for k, v in result.metadata.items() if v}
    if found:
        info("align clean: metadata: " + "; ".join(f"{k}: {v}" for k, v in found.items()),
             quiet=quiet)


def register(app: typer.Typer) -> None:
    app.command(name="clean", epilog=EXAMPLES)(clean_cmd)
