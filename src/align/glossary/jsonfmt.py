"""JSON glossaries: ``{"entries": [{"id": ..., "terms": {"en": {"preferred": ...}}}]}``."""

from __future__ import annotations

import json
from typing import Any

from align.errors import InputError
from align.glossary._read import _claim_id, _match
from align.glossary.model import Entry, LangTerms
from align.lang import normalize_lang


def parse_json(text: str, name: str) -> tuple[list[Entry], dict[str, int]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    items = data.get("entries") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError(f'{name}: expected {{"entries": [...]}} or a list of entries')
    entries: list[Entry] = []
    lines: dict[str, int] = {}
    for i, item in enumerate(items):
        entry_id = str(item.get("id", "")) if isinstance(item, dict) else ""
        line = _json_line(text, entry_id) if entry_id else 0
        where = f"{name}:{line}" if line else f"{name}: entry #{i + 1}"
        if not isinstance(item, dict) or not entry_id:
            raise InputError(f'{where}: every entry needs an "id" and "terms"')
        _claim_id(lines, entry_id, line, where)
        raw_terms = item.get("terms")
        if not isinstance(raw_terms, dict):
            raise InputError(f'{where}: entry {entry_id!r}: "terms" must be an object')
        terms: dict[str, LangTerms] = {}
        for raw_lang, lt in raw_terms.items():
            try:
                lang = normalize_lang(raw_lang)
            except InputError:
                raise InputError(
                    f"{where}: entry {entry_id!r}: unknown language tag {raw_lang!r}"
                ) from None
            if isinstance(lt, str):
                lt = {"preferred": lt}
            if not isinstance(lt, dict) or not isinstance(lt.get("preferred", ""), str):
                raise InputError(
                    f"{where}: entry {entry_id!r}: {raw_lang} must be a string "
                    'or {"preferred": ..., "allowed": [...], "forbidden": [...]}'
                )
            allowed, forb = lt.get("allowed", []), lt.get("forbidden", [])
            if not all(
                isinstance(x, list) and all(isinstance(s, str) for s in x) for x in (allowed, forb)
            ):
                raise InputError(
                    f"{where}: entry {entry_id!r}: {raw_lang} allowed/forbidden "
                    "must be lists of strings"
                )
            terms[lang] = LangTerms(lt.get("preferred", ""), tuple(allowed), tuple(forb))
        case = item.get("case_sensitive", False)
        if not isinstance(case, bool):
            raise InputError(f"{where}: entry {entry_id!r}: case_sensitive must be true/false")
        match = item.get("match")
        if match is not None and not isinstance(match, str):
            raise InputError(f'{where}: entry {entry_id!r}: "match" must be "lemma" or "exact"')
        entries.append(
            Entry(
                entry_id,
                terms,
                note=item.get("note"),
                domain=item.get("domain"),
                case_sensitive=case,
                match=_match(match or "", f"{where}: entry {entry_id!r}"),
            )
        )
    return entries, lines


def _json_line(text: str, entry_id: str) -> int:
    idx = text.find(json.dumps(entry_id, ensure_ascii=False))
    if idx < 0:
        idx = text.find(json.dumps(entry_id))
    return text.count("\n", 0, idx) + 1 if idx >= 0 else 0




def dumps_json(entries: list[Entry]) -> str:
    """Serialise ``entries`` as the JSON glossary format."""
    items = []
    for e in entries:
        item: dict[str, Any] = {"id": e.id}
        if e.domain:
            item["domain"] = e.domain
        if e.note:
            item["note"] = e.note
        if e.case_sensitive:
            item["case_sensitive"] = True
        if e.match:
            item["match"] = e.match
        item["terms"] = {
            lang: {
                k: v
                for k, v in (
                    ("preferred", lt.preferred),
                    ("allowed", list(lt.allowed)),
                    ("forbidden", list(lt.forbidden)),
                )
                if v
            }
            for lang, lt in e.terms.items()
        }
        items.append(item)
    return json.dumps({"entries": items}, ensure_ascii=False, indent=1) + "\n"
