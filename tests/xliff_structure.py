"""Structure checks for XLIFF 1.2 and 2.0 outputs (no PyPI package ships the OASIS XSDs).

The rules are those of the XLIFF 1.2 strict schema and the XLIFF 2.0 core schema that an
``align translate`` output can break: element order in a unit, state and
state-qualifier values, where inline codes may appear and what they may contain, inline
code ids matching the source's, and no DOCTYPE. :func:`problems` returns a list of
messages (empty when the file passes).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"

STATES_12 = {"final", "needs-adaptation", "needs-l10n", "needs-review-adaptation",
             "needs-review-l10n", "needs-review-translation", "needs-translation", "new",
             "signed-off", "translated"}
QUALIFIERS_12 = {"exact-match", "fuzzy-match", "id-match", "leveraged-glossary",
                 "leveraged-inherited", "leveraged-mt", "leveraged-repository", "leveraged-tm",
                 "mt-suggestion", "rejected-grammar", "rejected-inaccurate", "rejected-length",
                 "rejected-spelling", "tm-suggestion"}
INLINE_12 = {"g": "mixed", "x": "empty", "bx": "empty", "ex": "empty", "ph": "code",
             "bpt": "code", "ept": "code", "it": "code", "mrk": "mixed"}
AFTER_TARGET_12 = {"context-group", "count-group", "prop-group", "note", "alt-trans",
                   "bin-unit"}
STATES_20 = {"initial", "translated", "reviewed", "final"}
INLINE_20 = {"pc": "mixed", "mrk": "mixed", "ph": "empty", "sc": "empty", "ec": "empty",
             "sm": "empty", "em": "empty", "cp": "empty"}


def _local(el: Any) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _codes(el: Any, inline: dict[str, str]) -> list[tuple[str, str | None]]:
    """The inline codes under ``el`` in document order: (name, id)."""
    return [(_local(c), c.get("id") or c.get("startRef")) for c in el.iter()
            if c is not el and _local(c) in inline]


def _check_inline(el: Any, inline: dict[str, str], where: str, out: list[str]) -> None:
    for child in el:
        name = _local(child)
        if name not in inline:
            out.append(f"{where}: <{name}> is not allowed in <{_local(el)}>")
            continue
        kind = inline[name]
        if kind == "empty" and (len(child) or (child.text or "").strip()):
            out.append(f"{where}: <{name}> must be empty")
        elif kind == "code" and any(_local(c) != "sub" for c in child):
            out.append(f"{where}: <{name}> may contain only text and <sub>")
        elif kind == "mixed":
            _check_inline(child, inline, where, out)


def problems(data: bytes) -> list[str]:
    out: list[str] = []
    if b"<!DOCTYPE" in data:
        out.append("output has a DOCTYPE")
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    ns = etree.QName(root).namespace
    if ns == NS12:
        _xliff12(root, out)
    elif ns == NS20:
        _xliff20(root, out)
    else:
        out.append(f"unknown XLIFF namespace {ns!r}")
    return out


def _xliff12(root: Any, out: list[str]) -> None:
    if root.get("version") != "1.2":
        out.append("xliff version is not 1.2")
    for f in root:
        if _local(f) != "file":
            continue
        for attr in ("original", "source-language", "datatype"):
            if not f.get(attr):
                out.append(f"file: missing {attr}")
        names = [_local(c) for c in f if isinstance(c.tag, str)]
        if names not in (["body"], ["header", "body"]):
            out.append(f"file: children {names}")
        for tu in f.iter(f"{{{NS12}}}trans-unit"):
            where = f"trans-unit {tu.get('id')!r}"
            if not tu.get("id"):
                out.append(f"{where}: no id")
            if tu.get("approved") not in (None, "yes", "no"):
                out.append(f"{where}: approved={tu.get('approved')!r}")
            kids = [_local(c) for c in tu if isinstance(c.tag, str)]
            if not kids or kids[0] != "source":
                out.append(f"{where}: first child is not <source>: {kids}")
            rest = kids[1:]
            if rest[:1] == ["seg-source"]:
                rest = rest[1:]
            if rest[:1] == ["target"]:
                rest = rest[1:]
            bad = [k for k in rest if k not in AFTER_TARGET_12]
            if bad:
                out.append(f"{where}: children out of order: {kids}")
            source = tu.find(f"{{{NS12}}}source")
            target = tu.find(f"{{{NS12}}}target")
            if source is not None:
                _check_inline(source, INLINE_12, where + " source", out)
            if target is not None:
                _check_inline(target, INLINE_12, where + " target", out)
                state, qual = target.get("state"), target.get("state-qualifier")
                if state is not None and state not in STATES_12 and not state.startswith("x-"):
                    out.append(f"{where}: state={state!r}")
                if qual is not None and qual not in QUALIFIERS_12 and not qual.startswith("x-"):
                    out.append(f"{where}: state-qualifier={qual!r}")
                if source is not None and (target.text or len(target)):
                    src_ids = {i for _, i in _codes(source, INLINE_12)}
                    for name, i in _codes(target, INLINE_12):
                        if i not in src_ids:
                            out.append(f"{where}: target <{name} id={i!r}> not in the source")


def _xliff20(root: Any, out: list[str]) -> None:
    if not (root.get("version") or "").startswith("2."):
        out.append("xliff version is not 2.x")
    if not root.get("srcLang"):
        out.append("xliff: no srcLang")
    has_target = any(True for _ in root.iter(f"{{{NS20}}}target"))
    if has_target and not root.get("trgLang"):
        out.append("xliff: targets but no trgLang")
    for f in root:
        if _local(f) != "file":
            continue
        if not f.get("id"):
            out.append("file: no id")
        ids = [u.get("id") for u in f.iter(f"{{{NS20}}}unit")]
        if len(ids) != len(set(ids)) or None in ids:
            out.append(f"file: unit ids missing or repeated: {ids}")
        for unit in f.iter(f"{{{NS20}}}unit"):
            for seg in unit:
                if _local(seg) not in ("segment", "ignorable"):
                    continue
                where = f"unit {unit.get('id')!r} {_local(seg)} {seg.get('id')!r}"
                kids = [_local(c) for c in seg if isinstance(c.tag, str)]
                if kids not in (["source"], ["source", "target"]):
                    out.append(f"{where}: children {kids}")
                state = seg.get("state")
                if state is not None and state not in STATES_20:
                    out.append(f"{where}: state={state!r}")
                if seg.get("subState") is not None and state is None:
                    out.append(f"{where}: subState without state")
                source = seg.find(f"{{{NS20}}}source")
                target = seg.find(f"{{{NS20}}}target")
                for el in (source, target):
                    if el is not None:
                        _check_inline(el, INLINE_20, where, out)
                if source is not None and target is not None and (target.text or len(target)):
                    if sorted(_codes(source, INLINE_20), key=str) != sorted(
                            _codes(target, INLINE_20), key=str):
                        out.append(f"{where}: target inline codes differ from the source's")
