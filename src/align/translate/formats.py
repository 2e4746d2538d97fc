"""Translation inputs and outputs: parse a document into segments, render translations back.

Formats (``--format``; guessed from the file extension when omitted):

* ``text``  (``.txt``, ``.md``, stdin): a document, segmented with
  :func:`align.segment.segment_document`. Headings and list items keep their markdown
  prefix, table rows are translated cell by cell, sentences of one paragraph are joined
  again with a space (nothing for Chinese and Japanese), blank lines are kept.
* ``lines``: one segment per line; blank lines stay blank.
* ``jsonl`` (``.jsonl``): one object per line, the text in ``--field`` (default
  ``text``); the output is the same objects with a ``translation`` key added.
* ``xliff`` (``.xlf``, ``.xliff``; 1.2 and 2.0), ``po`` (``.po``, ``.pot``) and ``tmx``
  (``.tmx``): the units without a target are translated and their targets written,
  marked as machine output; existing targets are kept (unless ``overwrite``, and never
  human-approved ones), inline codes survive as placeholders, and everything else in
  the file comes out as it came in (:mod:`align.bilingual`).

Nothing here reads or writes files: :func:`parse` takes the decoded text and returns a
:class:`Parsed` whose :meth:`~Parsed.render` gives the output text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from align.errors import ConfigError, InputError
from align.io import iter_jsonl, suffix_of
from align.lang import is_cjk

FORMATS: tuple[str, ...] = ("text", "lines", "jsonl", "xliff", "po", "tmx")
_EXT = {".txt": "text", ".md": "text", ".jsonl": "jsonl", ".tmx": "tmx", ".xlf": "xliff",
        ".xliff": "xliff", ".po": "po", ".pot": "po"}
_TABLE_SEP = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def detect_format(path: str | Path, fmt: str | None = None) -> str:
    """The format named by ``fmt``, else the one implied by ``path``'s extension."""
    if fmt:
        if fmt not in FORMATS:
            raise ConfigError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        return fmt
    return _EXT.get(suffix_of(path), "text")


@dataclass
class Parsed:
    """Segments to translate, and how to put their translations back in the input's shape."""

    fmt: str
    segments: list[str]
    _render: Callable[[Sequence[str], Callable[[list[str]], list[str]] | None], str]
    #: Lines for the user (stderr): targets kept, inline codes put back. ``render`` adds.
    messages: list[str] = field(default_factory=list)
    #: A segment (or its translation) as people should read it: inline-code placeholders
    #: of bilingual formats taken out. Identity for the other formats.
    plain: Callable[[str], str] = field(default=lambda s: s)

    def render(self, translations: Sequence[str], *,
               retranslate: Callable[[list[str]], list[str]] | None = None) -> str:
        """The output text. Bilingual formats use ``retranslate`` (texts -> translations,
        same order; the backend) to put words back inside inline codes it emptied."""
        if len(translations) != len(self.segments):
            raise ValueError(f"{len(translations)} translations for {len(self.segments)} segments")
        return self._render(translations, retranslate)


def parse(text: str | bytes, fmt: str, *, src: str, tgt: str, field: str = "text",
          name: str = "-", tgt_tag: str | None = None, overwrite: bool = False,
          family: str | None = None, mt_label: str = "align") -> Parsed:
    """Split ``text`` (the content of file ``name``) in format ``fmt`` into segments.

    ``text`` may be the file's bytes for xliff, po and tmx (they name their encoding).

    Bilingual formats (xliff, po, tmx) also take: ``tgt_tag``, the target tag to write
    where the file has none (default ``tgt``); ``overwrite``, replace existing targets
    that are not human-approved; ``family``, the placeholder family for inline codes
    (the backend's best, :func:`align.translate.placeholders.families_of`); ``mt_label``,
    the backend signature recorded where the format has room for it (TMX).
    """
    if isinstance(text, bytes) and fmt not in ("tmx", "xliff", "po"):
        raise ConfigError(f"format {fmt!r} needs decoded text, not bytes")
    if fmt == "text":
        assert isinstance(text, str)
        return _parse_text(text, src, tgt)
    if fmt == "lines":
        assert isinstance(text, str)
        return _parse_lines(text)
    if fmt == "jsonl":
        assert isinstance(text, str)
        return _parse_jsonl(text, field, name)
    if fmt in ("tmx", "xliff", "po"):
        from align.translate.placeholders import DEFAULT_FAMILIES

        return _parse_store(text, fmt, src, tgt, name, tgt_tag=tgt_tag or tgt,
                            overwrite=overwrite, family=family or DEFAULT_FAMILIES[0],
                            mt_label=mt_label)
    raise ConfigError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def _parse_lines(text: str) -> Parsed:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    keep = [i for i, line in enumerate(lines) if line.strip()]

    def render(tr: Sequence[str], _retranslate: object = None) -> str:
        out = list(lines)
        for i, t in zip(keep, tr, strict=True):
            out[i] = t.replace("\n", " ")
        return "\n".join(out) + "\n"

    return Parsed("lines", [lines[i].strip() for i in keep], render)


def _parse_text(text: str, src: str, tgt: str) -> Parsed:
    from align.segment import segment_document

    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    segments: list[str] = []
    # per source line: list of pieces, each a literal string or an index into segments
    layout: dict[int, list[str | int]] = {}
    prefix: dict[int, str] = {}
    for seg in segment_document(text, src):
        line = (seg.line or 1) - 1
        pieces = layout.setdefault(line, [])
        if seg.kind == "table_row":
            if _TABLE_SEP.match(seg.text.strip()):
                pieces.append(seg.text)
                continue
            for cell in re.split(r"(\|)", seg.text):
                if cell.strip() and cell != "|":
                    lead = cell[: len(cell) - len(cell.lstrip())]
                    trail = cell[len(cell.rstrip()):]
                    pieces += [lead, len(segments), trail]
                    segments.append(cell.strip())
                else:
                    pieces.append(cell)
            continue
        if pieces and isinstance(pieces[-1], int):
            pieces.append("" if is_cjk(tgt) else " ")
        pieces.append(len(segments))
        segments.append(seg.text)
        if seg.meta.get("prefix"):
            prefix.setdefault(line, seg.meta["prefix"])

    def render(tr: Sequence[str], _retranslate: object = None) -> str:
        out = []
        for i, original in enumerate(lines):
            if i not in layout:
                out.append(original)
                continue
            body = "".join(tr[p] if isinstance(p, int) else p for p in layout[i])
            out.append(prefix.get(i, "") + body)
        return "\n".join(out) + "\n"

    return Parsed("text", segments, render)


def _parse_jsonl(text: str, field: str, name: str) -> Parsed:
    rows: list[dict[str, object] | None] = []
    segments: list[str] = []
    for n, obj in iter_jsonl(text, name=name):
        if not isinstance(obj.get(field), str):
            raise InputError(f"{name}:{n}: expected an object with a string {field!r} field; "
                             "pick the field with --field")
        rows.append(obj)
        segments.append(str(obj[field]))

    def render(tr: Sequence[str], _retranslate: object = None) -> str:
        out = []
        for obj, t in zip(rows, tr, strict=True):
            out.append(json.dumps({**(obj or {}), "translation": t}, ensure_ascii=False))
        return "\n".join(out) + "\n"

    return Parsed("jsonl", segments, render)


def _parse_store(text: str | bytes, fmt: str, src: str, tgt: str, name: str, *, tgt_tag: str,
                 overwrite: bool, family: str, mt_label: str) -> Parsed:
    from align.bilingual import load_store

    store = load_store(text, name, fmt)
    plan = store.plan(src, tgt, tgt_tag=tgt_tag, overwrite=overwrite, family=family,
                      mt_label=mt_label)
    mt = [j for j in plan.jobs if j.needs_mt]
    messages = []
    if not plan.jobs:
        messages.append(f"{name}: nothing to translate ({plan.kept_protected + plan.kept_existing}"
                        f" unit(s) have a target, {plan.skipped} have no {src} source text or "
                        "are marked translate=no)")
    if plan.kept_protected or plan.kept_existing:
        messages.append(
            f"{name}: kept {plan.kept_protected + plan.kept_existing} existing target(s) "
            f"({plan.kept_protected} approved or final, never overwritten; "
            f"{plan.kept_existing} other, replaced only with --overwrite)")

    def render(tr: Sequence[str], retranslate: Callable[[list[str]], list[str]] | None = None
               ) -> str:
        from align.bilingual import apply_translations

        filled = apply_translations(plan, tr, retranslate=retranslate)
        repaired = [f"{job.unit_id or '?'} (line {job.line})" for job in filled.repaired]
        if repaired:
            shown = ", ".join(repaired[:5]) + (", ..." if len(repaired) > 5 else "")
            messages.append(f"{name}: inline codes dropped, moved or emptied by the MT in "
                            f"{len(repaired)} unit(s), put back in source order: {shown}")
        return store.dumps().decode("utf-8")

    from align.translate.placeholders import strip_codes

    return Parsed(fmt, [j.text for j in mt], render, messages,
                  plain=lambda s: strip_codes(s, family))
