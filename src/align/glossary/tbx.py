"""TBX glossaries: TBX 2008 (``martif``/``termEntry``/``langSet``/``tig``) and TBX 2019
(``tbx``/``conceptEntry``/``langSec``/``termSec``), read and written without loss.

Every TBX-Basic data category is read into the model (:class:`~align.glossary.model.Entry`,
:class:`~align.glossary.model.LangTerms` fields; :data:`CATEGORIES`) and written back in
its element; an element the model has no field for (``transacGrp``, ``xref``, a
category of another dialect) is kept verbatim and written back where it was. Language
tags are written as the file had them. ``administrativeStatus`` maps onto the model's
statuses (:data:`STATUS_MAP`) and a value other than the default for that status
(``legalTerm-admn-sts``, ``supersededTerm-admn-sts``) is kept on the term.

Output is TBX-Basic (the 2019 DCA form, or 2008 with ``--to tbx2008``) with its header
declarations, plus two documented project extensions: ``<descrip
type="x-align-caseSensitive">yes</descrip>`` on a concept whose terms match case-sensitively
(``descrip type="caseSensitive"`` is read too), and ``<descrip type="x-align-match">exact
</descrip>`` on a concept whose terms match only as written (``Entry.match``).
"""

from __future__ import annotations

import copy
from typing import Any

from align.errors import InputError
from align.glossary._read import _bool, _claim_id, _match
from align.glossary.model import Entry, Field, LangTerms
from align.lang import normalize_lang
from align.xmlsafe import child
from align.xmlsafe import local_name as _local

#: TBX-Basic data categories and the element that carries each.
CATEGORIES: dict[str, str] = {
    "definition": "descrip", "context": "descrip", "subjectField": "descrip",
    "partOfSpeech": "termNote", "termType": "termNote", "administrativeStatus": "termNote",
    "grammaticalGender": "termNote", "geographicalUsage": "termNote",
    "termLocation": "termNote",
    "customerSubset": "admin", "projectSubset": "admin", "source": "admin",
    "note": "note",
}


def term_rank(name: str) -> tuple[int, int]:
    """Where a term field goes in a ``termSec``: the status, other termNotes, the rest,
    each in :data:`CATEGORIES` order (``xml`` last)."""
    cats = list(CATEGORIES)
    index = cats.index(name) if name in CATEGORIES else len(cats)
    if name == "administrativeStatus":
        return (0, index)
    return (1 if CATEGORIES.get(name) == "termNote" else 2, index)


def term_order(fields: list[Field] | tuple[Field, ...]) -> list[Field]:
    """Term fields in the one order every format reads and writes them (repeats of one
    category keep their order), so conversions give equal entries."""
    return sorted(fields, key=lambda f: term_rank(f[0]))


def is_category(name: str) -> bool:
    """Is ``name`` a field the model carries: a category, ``CATEGORY.source`` or ``xml``?"""
    base = name[:-7] if name.endswith(".source") else name
    return base in CATEGORIES or base == "xml"


#: The project extension for case-sensitive matching (a concept-level descrip type).
CASE_EXTENSION = "x-align-caseSensitive"
#: The project extension for the matching mode (``Entry.match``: lemma or exact).
MATCH_EXTENSION = "x-align-match"

#: administrativeStatus values (TBX-Basic picklist, compared without case and spaces)
#: -> the model's status. "preferred*" statuses (legal, regulated, standardized) make a
#: term preferred unless its language has a preferredTerm already; then it is allowed.
STATUS_MAP: dict[str, str] = {
    "preferredterm-admn-sts": "preferred", "preferred": "preferred",
    "legalterm-admn-sts": "preferred*", "regulatedterm-admn-sts": "preferred*",
    "standardizedterm-admn-sts": "preferred*",
    "admittedterm-admn-sts": "allowed", "admitted": "allowed", "allowed": "allowed",
    "deprecatedterm-admn-sts": "forbidden", "deprecated": "forbidden",
    "supersededterm-admn-sts": "forbidden", "superseded": "forbidden",
    "notrecommended": "forbidden", "forbidden": "forbidden",
}
_STATUS_NAMES = ("preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts",
                 "supersededTerm-admn-sts", "legalTerm-admn-sts", "regulatedTerm-admn-sts",
                 "standardizedTerm-admn-sts")
#: The value written for each model status when the file gave none of its own.
STATUS_VALUE = {"preferred": "preferredTerm-admn-sts", "allowed": "admittedTerm-admn-sts",
                "forbidden": "deprecatedTerm-admn-sts"}

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_RNG = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
        "TBXcoreStructV03_TBX-Basic_integrated.rng")
_SCH = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
        "TBX-Basic_DCA.sch")


def _text(el: Any) -> str:
    return "".join(el.itertext()).strip()


def _verbatim(el: Any) -> str:
    """``el`` as XML text, without namespaces (it is written back into TBX of either age)."""
    from lxml import etree

    c = copy.deepcopy(el)
    c.tail = None
    for node in c.iter():
        if isinstance(node.tag, str) and node.tag.startswith("{"):
            node.tag = _local(node.tag)
        if len(node) and node.text is not None and not node.text.strip():
            node.text = None  # indentation, not data
        if node is not c and node.tail is not None and not node.tail.strip():
            node.tail = None
    etree.cleanup_namespaces(c)
    return str(etree.tostring(c, encoding="unicode", with_tail=False))


def _simple(el: Any, allowed_attrs: tuple[str, ...] = ("type",)) -> bool:
    """Plain text content and no attributes beyond ``allowed_attrs``: fits a field."""
    return len(el) == 0 and all(a in allowed_attrs for a in el.attrib)


def _field(el: Any) -> Field | None:
    """``el`` as a (category, value) field, or None when it needs keeping verbatim."""
    name, kind = _local(el.tag), el.get("type")
    if name == "note" and _simple(el, ()):
        return ("note", _text(el))
    if name in ("descrip", "termNote", "admin") and kind and CATEGORIES.get(kind) == name \
            and _simple(el):
        return (kind, _text(el))
    if name in CATEGORIES and name != "note" and _simple(el, ()):  # DCT style: <basic:termType>
        return (name, _text(el))
    return None


def _fields(children: list[Any]) -> list[Field]:
    out: list[Field] = []
    for c in children:
        if not isinstance(c.tag, str):
            continue  # comments and processing instructions are not data
        f = _field(c)
        if f is not None:
            out.append(f)
            continue
        if _local(c.tag) == "descripGrp" and not c.attrib:
            parts = [x for x in c if isinstance(x.tag, str)]
            head = _field(parts[0]) if parts else None
            rest = [_field(x) for x in parts[1:]]
            if head is not None and CATEGORIES.get(head[0]) == "descrip" and all(
                    r is not None and r[0] == "source" for r in rest):
                out.append(head)
                out += [(f"{head[0]}.source", r[1]) for r in rest if r is not None]
                continue
        out.append(("xml", _verbatim(c)))
    return out


def _lang_attr(el: Any, where: str) -> tuple[str, str]:
    raw = el.get(XML_LANG) or el.get("lang") or ""
    try:
        return normalize_lang(raw), raw
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None


def parse_tbx(data: bytes, name: str) -> tuple[list[Entry], dict[str, int]]:
    from align.xmlsafe import parse_xml

    root = parse_xml(data, name, what="TBX")
    entries: list[Entry] = []
    lines: dict[str, int] = {}
    concepts = [el for el in root.iter() if _local(el.tag) in ("termEntry", "conceptEntry")]
    if not concepts:
        raise InputError(f"{name}: no termEntry or conceptEntry elements; is this TBX?")
    for ce in concepts:
        entries.append(_concept(ce, name, lines))
    return entries, lines


def _concept(ce: Any, name: str, lines: dict[str, int]) -> Entry:
    where = f"{name}:{ce.sourceline}"
    entry_id = ce.get("id") or ""
    if not entry_id:
        raise InputError(f"{where}: {_local(ce.tag)} without an id attribute")
    _claim_id(lines, entry_id, ce.sourceline, where)
    sections = [c for c in ce if _local(c.tag) in ("langSet", "langSec")]
    aux = [c for c in ce if _local(c.tag) not in ("langSet", "langSec")]
    case = match = ""
    for c in list(aux):  # the project extensions (and the legacy caseSensitive descrip)
        if _local(c.tag) == "descrip" and c.get("type") in (CASE_EXTENSION, "caseSensitive"):
            case = _text(c)
            aux.remove(c)
        elif _local(c.tag) == "descrip" and c.get("type") == MATCH_EXTENSION:
            match = _text(c)
            aux.remove(c)
    domain = note = None
    fields: list[Field] = []
    for key, value in _fields(aux):
        if key == "subjectField" and domain is None:
            domain = value
        elif key == "note" and note is None:
            note = value
        else:
            fields.append((key, value))
    terms: dict[str, LangTerms] = {}
    for ls in sections:
        lang, lt = _lang_section(ls, name, entry_id)
        if lang in terms:
            raise InputError(f"{name}:{ls.sourceline}: {entry_id!r} has two {lang} language "
                             "sections")
        terms[lang] = lt
    return Entry(entry_id, terms, note=note, domain=domain,
                 case_sensitive=_bool(case, where), fields=tuple(fields),
                 match=_match(match, where))


def _lang_section(ls: Any, name: str, entry_id: str) -> tuple[str, LangTerms]:
    lwhere = f"{name}:{ls.sourceline}"
    lang, raw = _lang_attr(ls, lwhere)
    groups = [c for c in ls if _local(c.tag) in ("tig", "ntig", "termSec")]
    found: list[tuple[str, str, list[Field]]] = []  # term, status, fields
    for ts in groups:
        kids = [c for c in ts if isinstance(c.tag, str)]
        if _local(ts.tag) == "ntig":  # TBX 2008: <ntig><termGrp><term/><termNote/>...
            flat = []
            for c in kids:
                flat += [x for x in c if isinstance(x.tag, str)] if _local(c.tag) == "termGrp" \
                    else [c]
            kids = flat
        term_el = child(kids, "term")
        term = _text(term_el) if term_el is not None else ""
        if not term:
            raise InputError(f"{name}:{ts.sourceline}: empty <term> in {lang} of {entry_id!r}")
        status = "allowed?"  # no status given: the first such term is preferred
        tfields: list[Field] = []
        rest = []
        for c in kids:
            if c is term_el:
                continue
            if _local(c.tag) in ("termNote", "descrip") and c.get("type") in (
                    "administrativeStatus", "normativeAuthorization"):
                value = _text(c)
                mapped = STATUS_MAP.get(value.lower().replace(" ", ""))
                if mapped is None:
                    raise InputError(
                        f"{name}:{c.sourceline}: unknown administrativeStatus {value!r}; use "
                        "one of: " + ", ".join(_STATUS_NAMES))
                status = mapped
                if value != STATUS_VALUE.get(mapped, ""):
                    tfields.append(("administrativeStatus", value))
                continue
            rest.append(c)
        tfields += _fields(rest)
        found.append((term, status, term_order(tfields)))
    pref = [t for t, s, _ in found if s == "preferred"]
    if len(pref) > 1:
        raise InputError(f"{lwhere}: {entry_id!r} has {len(pref)} preferred {lang} terms "
                         f"{pref!r}; mark one preferred, the others admitted")
    if not pref:  # a legal/regulated/standardized term, else the first unmarked one
        cand = next((t for t, s, _ in found if s == "preferred*"), None) or next(
            (t for t, s, _ in found if s == "allowed?"), None)
        if cand is None:
            raise InputError(f"{lwhere}: {entry_id!r} has {lang} terms but none is preferred "
                             "or admitted")
        pref = [cand]
    allowed = tuple(t for t, s, _ in found if s != "forbidden" and t != pref[0])
    forbidden = tuple(t for t, s, _ in found if s == "forbidden")
    term_fields = tuple((t, tuple(f)) for t, _, f in found if f)
    lang_fields = _fields([c for c in ls if _local(c.tag) not in ("tig", "ntig", "termSec")])
    return lang, LangTerms(pref[0], allowed, forbidden, tag=raw if raw != lang else None,
                           fields=tuple(lang_fields), term_fields=term_fields)


# --------------------------------------------------------------------------- writing


def _write_fields(fields: tuple[Field, ...] | list[Field], where: str) -> list[str]:
    from xml.sax.saxutils import escape, quoteattr

    out: list[str] = []
    i = 0
    while i < len(fields):
        key, value = fields[i]
        sources = []
        while i + 1 < len(fields) and fields[i + 1][0] == f"{key}.source":
            sources.append(fields[i + 1][1])
            i += 1
        i += 1
        if key == "xml":
            out.append(value)
            continue
        el = CATEGORIES.get(key)
        if el is None:
            if key.endswith(".source") and CATEGORIES.get(key[:-7]) == "descrip":
                el, key = "admin", "source"  # a source whose field went missing
            else:
                raise InputError(f"{where}: {key!r} is not a TBX-Basic data category; use one "
                                 f"of: {', '.join(CATEGORIES)}")
        text = "<note>" + escape(value) + "</note>" if el == "note" else (
            f"<{el} type={quoteattr(key)}>{escape(value)}</{el}>")
        if sources:
            text = "<descripGrp>" + text + "".join(
                f'<admin type="source">{escape(s)}</admin>' for s in sources) + "</descripGrp>"
        out.append(text)
    return out


def dumps_tbx(entries: list[Entry], *, v2008: bool) -> str:
    from xml.sax.saxutils import escape, quoteattr

    concept, lang_el, term_el = (
        ("termEntry", "langSet", "tig") if v2008 else ("conceptEntry", "langSec", "termSec")
    )
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    if v2008:
        out.append(
            '<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc>'
            "<p>written by align</p></sourceDesc></fileDesc><encodingDesc>"
            '<p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc></martifHeader><text><body>'
        )
    else:
        out.append(f'<?xml-model href="{_RNG}" type="application/xml" '
                   'schematypens="http://relaxng.org/ns/structure/1.0"?>')
        out.append(f'<?xml-model href="{_SCH}" type="application/xml" '
                   'schematypens="http://purl.oclc.org/dsdl/schematron"?>')
        out.append(
            '<tbx type="TBX-Basic" style="dca" xml:lang="en" '
            'xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc><sourceDesc>'
            "<p>written by align</p></sourceDesc></fileDesc></tbxHeader><text><body>"
        )
    for e in entries:
        where = f"entry {e.id!r}"
        out.append(f"<{concept} id={quoteattr(e.id)}>")
        if e.domain:
            out.append(f'<descrip type="subjectField">{escape(e.domain)}</descrip>')
        out += _write_fields(e.fields, where)
        if e.note:
            out.append(f"<note>{escape(e.note)}</note>")
        if e.case_sensitive:
            out.append(f'<descrip type="{CASE_EXTENSION}">yes</descrip>')
        if e.match:
            out.append(f'<descrip type="{MATCH_EXTENSION}">{escape(e.match)}</descrip>')
        for lang, lt in e.terms.items():
            out.append(f"<{lang_el} xml:lang={quoteattr(lt.tag or lang)}>")
            out += _write_fields(lt.fields, f"{where} {lang}")
            for term, status in lt.all_terms():
                fields = lt.fields_of(term)
                value = next((v for k, v in fields if k == "administrativeStatus"),
                             STATUS_VALUE[status])
                rest = [f for f in term_order(fields) if f[0] != "administrativeStatus"]
                out.append(f"<{term_el}><term>{escape(term)}</term>"
                           f'<termNote type="administrativeStatus">{escape(value)}</termNote>'
                           + "".join(_write_fields(rest, where)) + f"</{term_el}>")
            out.append(f"</{lang_el}>")
        out.append(f"</{concept}>")
    out.append("</body></text></martif>" if v2008 else "</body></text></tbx>")
    return "\n".join(out) + "\n"
