"""SARIF 2.1.0 output for ``align check``, so GitHub code scanning shows findings inline.

One run, tool ``align`` with every rule that ran as a ``reportingDescriptor`` (id, short
description, default level), one result per violation: rule id and index, level
(``error``/``warning``), the message, the location (file as a URI relative to the
checked-out repository, line, and the 1-based columns of the offending span counted in
Unicode code points) and a ``partialFingerprints`` entry made from the baseline key, so
code scanning follows a finding across edits the way the baseline does. The source and
target segment texts travel in the result's ``properties``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from align import __version__
from align.check.model import CheckResult, Violation
from align.qa.rules import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
HELP = "https://example.invalid/align/docs/check.md#rules"


def _uri(path: str) -> tuple[str, bool]:
    """(URI, relative?): a repository-relative path stays relative (``%SRCROOT%``)."""
    p = PurePosixPath(path)
    if p.is_absolute():
        return "file://" + quote(str(p)), False
    return quote(str(p)), True


def _result(v: Violation, index: dict[str, int]) -> dict[str, Any]:
    uri, relative = _uri(v.file)
    artifact: dict[str, Any] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = "%SRCROOT%"
    location: dict[str, Any] = {"artifactLocation": artifact}
    if v.line > 0:
        region: dict[str, Any] = {"startLine": v.line}
        if v.column > 0 and v.side == "target":
            region["startColumn"] = v.column
            if v.end_column > v.column:
                region["endColumn"] = v.end_column
        if v.found:
            region["snippet"] = {"text": v.found}
        location["region"] = region
    key = "\x1f".join(v.key())
    props: dict[str, Any] = {"severity": v.severity, "side": v.side, "target": v.target_text}
    if v.source_text is not None:
        props["source"] = v.source_text
    if v.entry_id:
        props["entry"] = v.entry_id
        props["expected"] = list(v.expected)
    if v.lang:
        props["lang"] = v.lang
    return {
        "ruleId": v.rule,
        "ruleIndex": index[v.rule],
        "level": "error" if v.severity == "error" else "warning",
        "message": {"text": v.message()},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {
            "alignFinding/v1": hashlib.sha256(key.encode()).hexdigest()[:32]
        },
        "properties": props,
    }


def sarif_log(result: CheckResult, *, glossary: str | None = None) -> dict[str, Any]:
    """The SARIF 2.1.0 log of ``result`` as a JSON-ready dict."""
    rules = list(result.rules) or list(RULES)
    for v in result.violations:  # a rule found but not listed (should not happen)
        if v.rule not in rules:
            rules.append(v.rule)
    index = {r: i for i, r in enumerate(rules)}
    descriptors = [
        {
            "id": r,
            "name": "".join(w.capitalize() for w in r.split("-")),
            "shortDescription": {"text": RULES[r].summary if r in RULES else r},
            "helpUri": HELP,
            "defaultConfiguration": {
                "level": "error" if (RULES[r].severity if r in RULES else "error") == "error"
                else "warning"
            },
        }
        for r in rules
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "align",
                "version": __version__,
                "informationUri": "https://example.invalid/align",
                "rules": descriptors,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [_result(v, index) for v in result.violations],
        "properties": {
            "files": len(result.files),
            "segments": result.units,
            "baselined": result.baselined,
            "glossary": glossary,
        },
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def format_sarif(result: CheckResult, *, glossary: str | None = None) -> str:
    return json.dumps(sarif_log(result, glossary=glossary), ensure_ascii=False, indent=1) + "\n"
