"""``align check`` reports: text, JSON, GitHub Actions annotations, JUnit XML and SARIF."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict

from align.check.model import CheckResult, Violation
from align.errors import InputError
from align.qa.rules import RULES

FORMATS: tuple[str, ...] = ("text", "json", "github", "junit", "sarif")


def _line(v: Violation) -> str:
    sev = "" if v.severity == "error" else f" ({v.severity})"
    msg = v.message()
    rule, _, rest = msg.partition(": ")
    return f"{v.file}:{v.line}: {rule}{sev}: {rest}"


def format_text(result: CheckResult) -> str:
    """``file:line: rule: what is wrong``, one violation per line; warnings say so
    (``file:line: rule (warning): ...``)."""
    return "".join(_line(v) + "\n" for v in result.violations)


def summary_line(result: CheckResult) -> str:
    n = len(result.violations)
    by_rule = Counter(v.rule for v in result.violations)
    parts = ", ".join(f"{by_rule[r]} {r}" for r in RULES if by_rule[r])
    warnings = sum(1 for v in result.violations if v.severity == "warning")
    warn = ""
    if warnings and result.fail_on != "warning":
        warn = f"; {warnings} warning{'s' if warnings != 1 else ''} (not failing)"
    base = f"; {result.baselined} accepted by the baseline" if result.baselined else ""
    return (
        f"{n} violation{'s' if n != 1 else ''}"
        + (f" ({parts})" if parts else "")
        + f" in {len(result.files)} file{'s' if len(result.files) != 1 else ''}, "
        f"{result.units} segments checked{warn}{base}"
    )


def _violation_dict(v: Violation) -> dict[str, object]:
    return dict(asdict(v), expected=list(v.expected), message=v.message())


def format_json(result: CheckResult, *, glossary: str | None = None) -> str:
    data = {
        "glossary": glossary,
        "summary": {
            "violations": len(result.violations),
            "errors": sum(1 for v in result.violations if v.severity == "error"),
            "warnings": sum(1 for v in result.violations if v.severity == "warning"),
            "failing": len(result.failing),
            "by_rule": {r: sum(1 for v in result.violations if v.rule == r) for r in result.rules},
            "baselined": result.baselined,
            "files": len(result.files),
            "segments": result.units,
            "term_hits": dict(sorted(result.hits.items())),
        },
        "rules": [
            {"id": r, "summary": RULES[r].summary} for r in result.rules
        ],
        "violations": [_violation_dict(v) for v in result.violations],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands (``::error file=..,line=..::message``; warnings
    as ``::warning``)."""
    out = []
    for v in result.violations:
        loc = f"file={_gh_escape(v.file, prop=True)}"
        if v.line:
            loc += f",line={v.line}"
        if v.column and v.side == "target":
            loc += f",col={v.column}"
        level = "error" if v.severity == "error" else "warning"
        out.append(
            f"::{level} {loc},title={_gh_escape('align check ' + v.rule, prop=True)}::"
            f"{_gh_escape(v.message())}\n"
        )
    return "".join(out)


def format_junit(result: CheckResult) -> str:
    """JUnit XML: one test case per checked file, failing when it has violations that
    fail the run (the others are listed in the case's ``system-out``)."""
    from xml.sax.saxutils import escape, quoteattr

    by_file: dict[str, list[Violation]] = {f: [] for f in result.files}
    for v in result.violations:
        by_file.setdefault(v.file, []).append(v)
    failing = {id(v) for v in result.failing}
    failures = sum(1 for vs in by_file.values() if any(id(v) in failing for v in vs))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="align check" tests="{len(by_file)}" failures="{failures}">',
        f'<testsuite name="align check" tests="{len(by_file)}" failures="{failures}" '
        'errors="0" skipped="0">',
    ]
    for f, vs in by_file.items():
        out.append(f'<testcase classname="align.check" name={quoteattr(f)}>')
        bad = [v for v in vs if id(v) in failing]
        rest = [v for v in vs if id(v) not in failing]
        if bad:
            body = "\n".join(_line(v) for v in bad)
            out.append(
                f'<failure type="terminology" message={quoteattr(f"{len(bad)} violations")}>'
                f"{escape(body)}</failure>"
            )
        if rest:
            out.append(f"<system-out>{escape(chr(10).join(_line(v) for v in rest))}</system-out>")
        out.append("</testcase>")
    out += ["</testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


def format_report(result: CheckResult, fmt: str, *, glossary: str | None = None) -> str:
    """Render ``result`` as ``text``, ``json``, ``github``, ``junit`` or ``sarif``."""
    if fmt == "text":
        return format_text(result)
    if fmt == "json":
        return format_json(result, glossary=glossary)
    if fmt == "github":
        return format_github(result)
    if fmt == "junit":
        return format_junit(result)
    if fmt == "sarif":
        from align.check.sarif import format_sarif

        return format_sarif(result, glossary=glossary)
    raise InputError(f"unknown report format {fmt!r}; choose one of: {', '.join(FORMATS)}")
