"""TBX glossaries: TBX 2008 (``termEntry/langSet/tig``) and TBX 2019 (``conceptEntry/langSec/termSec``)."""

from __future__ import annotations

from typing import Any

from align.errors import InputError
from align.glossary._read import _bool, _claim_id, _match
from align.glossary.model import Entry, LangTerms
from align.lang import normalize_lang


def _lang_attr(el: Any, where: str) -> str:
    raw = el.get("{http://www.w3.org/XML/1998/namespace}lang") or el.get("lang") or ""
    try:
        return normalize_lang(raw)
    except InputError:
        raise InputError(f"{where}: unknown language tag {raw!r}") from None


_TBX_STATUS = {
    "preferredterm-admn-sts": "preferred",
    "preferred": "preferred",
    "admittedterm-admn-sts": "allowed",
    "admitted": "allowed",
    "allowed": "allowed",
    "deprecatedterm-admn-sts": "forbidden",
    "deprecated": "forbidden",
    "supersededterm-admn-sts": "forbidden",
    "superseded": "forbidden",
    "notrecommended": "forbidden",
    "forbidden": "forbidden",
}


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_tbx(data: bytes, name: str) -> tuple[list[Entry], dict[str, int]]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 0
        raise InputError(f"{name}:{line}: not well-formed XML ({exc.msg})") from None
    entries: list[Entry] = []
    lines: dict[str, int] = {}
    concepts = [el for el in root.iter() if _local(el.tag) in ("termEntry", "conceptEntry")]
    if not concepts:
        raise InputError(f"{name}: no termEntry or conceptEntry elements; is this TBX?")
    for ce in concepts:
        where = f"{name}:{ce.sourceline}"
        entry_id = ce.get("id") or ""
        if not entry_id:
            raise InputError(f"{where}: {_local(ce.tag)} without an id attribute")
        _claim_id(lines, entry_id, ce.sourceline, where)
        meta: dict[str, str] = {}
        for d in ce:
            if _local(d.tag) in ("descrip", "note", "descripGrp"):
                kind = d.get("type") or _local(d.tag)
                text = "".join(d.itertext()).strip()
                if kind in ("subjectField", "domain"):
                    meta["domain"] = text
                elif kind in ("definition", "note"):
                    meta.setdefault("note", text)
                elif kind == "caseSensitive":
                    meta["case"] = text
                elif kind == "x-align-match":  # project extension (docs/glossary.md)
                    meta["match"] = text
        terms: dict[str, LangTerms] = {}
        for ls in ce:
            if _local(ls.tag) not in ("langSet", "langSec"):
                continue
            lwhere = f"{name}:{ls.sourceline}"
            lang = _lang_attr(ls, lwhere)
            pref: list[str] = []
            allowed: list[str] = []
            forb: list[str] = []
            for ts in ls:
                if _local(ts.tag) not in ("tig", "ntig", "termSec"):
                    continue
                term_el = next((t for t in ts.iter() if _local(t.tag) == "term"), None)
                term = "".join(term_el.itertext()).strip() if term_el is not None else ""
                if not term:
                    raise InputError(
                        f"{name}:{ts.sourceline}: empty <term> in {lang} of {entry_id!r}"
                    )
                status = "allowed"
                for t in ts.iter():
                    if _local(t.tag) in ("termNote", "descrip") and t.get("type") in (
                        "administrativeStatus",
                        "normativeAuthorization",
                    ):
                        value = "".join(t.itertext()).strip()
                        mapped = _TBX_STATUS.get(value.lower().replace(" ", ""))
                        if mapped is None:
                            raise InputError(
                                f"{name}:{t.sourceline}: unknown administrativeStatus {value!r}; "
                                "use preferredTerm-admn-sts, admittedTerm-admn-sts or "
                                "deprecatedTerm-admn-sts"
                            )
                        status = mapped
                {"preferred": pref, "allowed": allowed, "forbidden": forb}[status].append(term)
            if len(pref) > 1:
                raise InputError(
                    f"{lwhere}: {entry_id!r} has {len(pref)} preferred {lang} "
                    f"terms {pref!r}; mark one preferred, the others admitted"
                )
            if not pref:
                if not allowed:
                    raise InputError(
                        f"{lwhere}: {entry_id!r} has {lang} terms but none is preferred or admitted"
                    )
                pref = [allowed.pop(0)]  # TBX without statuses: the first term is preferred
            if lang in terms:
                raise InputError(f"{lwhere}: {entry_id!r} has two {lang} language sections")
            terms[lang] = LangTerms(pref[0], tuple(allowed), tuple(forb))
        entries.append(
            Entry(
                entry_id,
                terms,
                note=meta.get("note"),
                domain=meta.get("domain"),
                case_sensitive=_bool(meta.get("case", ""), where),
                match=_match(meta.get("match", ""), where),
            )
        )
    return entries, lines



def dumps_tbx(entries: list[Entry], *, v2008: bool) -> str:
    from xml.sax.saxutils import escape, quoteattr

    status_value = {
        "preferred": "preferredTerm-admn-sts",
        "allowed": "admittedTerm-admn-sts",
        "forbidden": "deprecatedTerm-admn-sts",
    }
    concept, lang_el, term_el = (
        ("termEntry", "langSet", "tig") if v2008 else ("conceptEntry", "langSec", "termSec")
    )
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    if v2008:
        out.append(
            '<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc>'
            "<p>written by align</p></sourceDesc></fileDesc></martifHeader><text><body>"
        )
    else:
        out.append(
            '<tbx type="TBX-Basic" style="dca" xml:lang="en" '
            'xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc>'
            "<p>written by align</p></sourceDesc></fileDesc></tbxHeader><text><body>"
        )
    for e in entries:
        out.append(f"<{concept} id={quoteattr(e.id)}>")
        if e.domain:
            out.append(f'<descrip type="subjectField">{escape(e.domain)}</descrip>')
        if e.note:
            out.append(f'<descrip type="definition">{escape(e.note)}</descrip>')
        if e.case_sensitive:
            out.append('<descrip type="caseSensitive">yes</descrip>')
        if e.match:
            out.append(f'<descrip type="x-align-match">{escape(e.match)}</descrip>')
        for lang, lt in e.terms.items():
            out.append(f"<{lang_el} xml:lang={quoteattr(lang)}>")
            for term, status in lt.all_terms():
                out.append(
                    f"<{term_el}><term>{escape(term)}</term>"
                    f'<termNote type="administrativeStatus">{status_value[status]}'
                    f"</termNote></{term_el}>"
                )
            out.append(f"</{lang_el}>")
        out.append(f"</{concept}>")
    out.append("</body></text></martif>" if v2008 else "</body></text></tbx>")
    return "\n".join(out) + "\n"

