"""JSON glossaries: ``{"entries": [{"id": ..., "terms": {"en": {"preferred": ...}}}]}``.

Besides ``preferred``/``allowed``/``forbidden``, an entry may carry ``fields`` (a list of
``[name, value]`` pairs: TBX-Basic data categories, see docs/glossary.md) and a language
``tag`` (as the source file wrote it), ``fields`` and ``term_fields`` (``{term: [[name,
value], ...]}``), so a TBX converts to JSON and back without loss.
"""

from __future__ import annotations

import json
from typing import Any

from align.errors import InputError
from align.glossary._read import _claim_id, _match
from align.glossary.model import Entry, Field, LangTerms
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
            lang = normalize_lang(raw_lang, where=f"{where}: entry {entry_id!r}")
            if lang in terms:
                raise InputError(f"{where}: entry {entry_id!r}: two term sets for language "
                                 f"{lang!r}; keep one")
            if isinstance(lt, str):
                lt = {"preferred": lt}
            if not isinstance(lt, dict) or not isinstance(lt.get("preferred", ""), str):
                raise InputError(
                    f"{where}: entry {entry_id!r}: {raw_lang} must be a string "
                    'or {"preferred": ..., "allowed": [...], "forbidden": [...]}'
                )
            allowed, forb = lt.get("allowed", []), lt.get("forbidden", [])
            lfields = _fields(lt.get("fields", []), f"{where}: entry {entry_id!r}: {raw_lang}")
            tfields = lt.get("term_fields", {})
            if not isinstance(tfields, dict):
                raise InputError(f"{where}: entry {entry_id!r}: {raw_lang} term_fields must be "
                                 "an object {term: [[name, value], ...]}")
            from align.glossary.tbx import term_order

            term_fields = tuple(
                (str(t), tuple(term_order(_fields(f, f"{where}: entry {entry_id!r}: "
                                                     f"{raw_lang} {t!r}"))))
                for t, f in tfields.items())
            tag = lt.get("tag")
            if tag is not None and not isinstance(tag, str):
                raise InputError(f"{where}: entry {entry_id!r}: {raw_lang} tag must be a string")
            if not all(
                isinstance(x, list) and all(isinstance(s, str) for s in x) for x in (allowed, forb)
            ):
                raise InputError(
                    f"{where}: entry {entry_id!r}: {raw_lang} allowed/forbidden "
                    "must be lists of strings"
                )
            terms[lang] = LangTerms(lt.get("preferred", ""), tuple(allowed), tuple(forb),
                                    tag=tag or (raw_lang if raw_lang != lang else None),
                                    fields=lfields, term_fields=term_fields)
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
                fields=_fields(item.get("fields", []), f"{where}: entry {entry_id!r}"),
            )
        )
    return entries, lines


def _fields(raw: Any, where: str) -> tuple[Field, ...]:
    from align.glossary.tbx import is_category

    if not isinstance(raw, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
            for p in raw):
        raise InputError(f"{where}: fields must be a list of [name, value] string pairs")
    for name, _ in raw:
        if not is_category(name):
            raise InputError(f"{where}: {name!r} is not a TBX-Basic data category "
                             "(docs/glossary.md)")
    return tuple((str(k), str(v)) for k, v in raw)


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
        if e.fields:
            item["fields"] = [list(f) for f in e.fields]
        item["terms"] = {
            lang: {
                k: v
                for k, v in (
                    ("preferred", lt.preferred),
                    ("allowed", list(lt.allowed)),
                    ("forbidden", list(lt.forbidden)),
                    ("tag", lt.tag),
                    ("fields", [list(f) for f in lt.fields]),
                    ("term_fields", {t: [list(f) for f in fs] for t, fs in lt.term_fields}),
                )
                if v
            }
            for lang, lt in e.terms.items()
        }
        items.append(item)
    return json.dumps({"entries": items}, ensure_ascii=False, indent=1) + "\n"
