"""Tabular glossaries: TSV, CSV (any delimiter) and ``.xlsx`` sheets, one row per concept.

Two header forms are read:

* **concept rows**: an ``entry`` column (the ids) and per language ``L``, ``L:allowed``,
  ``L:forbidden``, plus optional ``domain``, ``note``, ``case_sensitive`` and the data
  categories of TBX-Basic (:data:`align.glossary.tbx.CATEGORIES`): concept-level
  (``definition``, ``xml``, ...), language-level (``L:definition``, ``L:note``) and
  term-level (``L:partOfSpeech``, ``L:termType``, ``L:context``, ``L:source``,
  ``L:customerSubset``, ``L:administrativeStatus``, ``L:term.note``, ...; one value per
  term, ``|``-separated, in the order preferred, allowed..., forbidden...). A field
  column may repeat (two ``note`` columns: two notes).
* **a bilingual (or n-lingual) sheet**: every column is a language tag (``en  pt-BR``,
  the form DeepL and spreadsheets export). Each row is an entry whose id is made from its
  first term (``box-camera``; a hash when the term has no ASCII letters), the same id
  for the same row whatever its position.

The delimiter is sniffed from the header row (tab, comma or semicolon); ``.tsv`` files
treat quotes as text, the others use CSV quoting. A row with fewer or more cells than
the header, or a quote left open, is an error naming the line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Iterator

from align.errors import InputError
from align.glossary._read import _bool, _claim_id, _match, _split
from align.glossary.model import VARIANT_SEP, Entry, Field, LangTerms
from align.lang import normalize_lang

#: Concept-row columns that are not languages. The id column is ``entry`` (``id`` is
#: Indonesian).
_META_COLUMNS = ("entry", "domain", "note", "case_sensitive", "match")
#: Language-level fields (``L:definition``); every other ``L:X`` is term-level.
_LANG_LEVEL = ("definition", "note", "xml")
#: ``L:tag``: the language tag as the source file wrote it, when it differs from ``L``.
_TAG = "tag"


def _categories() -> dict[str, str]:
    from align.glossary.tbx import CATEGORIES

    return CATEGORIES


def _is_field(name: str) -> bool:
    from align.glossary.tbx import is_category

    return is_category(name)


def sniff_delimiter(line: str) -> str:
    """The delimiter of a header line: the most frequent of tab, comma and semicolon."""
    counts = {d: line.count(d) for d in ("\t", ",", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else "\t"


def _rows_text(text: str, name: str, delimiter: str | None, quoting: bool) -> Iterator[
        tuple[int, list[str]]]:
    if delimiter is None:
        first = next((ln for ln in text.splitlines() if ln.strip()
                      and not ln.lstrip().startswith("#")), "")
        delimiter = sniff_delimiter(first)
    if quoting:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    else:  # TSV: quotes are ordinary text
        reader = csv.reader(io.StringIO(text), delimiter=delimiter, quoting=csv.QUOTE_NONE)
    last = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            start = last + 1
            if "end of data" in str(exc):
                raise InputError(f"{name}:{start}: a quoted cell is never closed (it runs to "
                                 "the end of the file); close the quote or double it") from None
            raise InputError(f"{name}:{reader.line_num}: bad CSV quoting ({exc})") from None
        yield last + 1, row
        last = reader.line_num


def parse_table(text: str, name: str, delimiter: str | None = None, *,
                quoting: bool = True) -> tuple[list[Entry], dict[str, int]]:
    """Entries of a delimited sheet (``delimiter`` sniffed when None)."""
    return parse_rows(_rows_text(text, name, delimiter, quoting), name)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_xlsx(data: bytes, name: str) -> tuple[list[Entry], dict[str, int]]:
    """Entries of the first worksheet of an ``.xlsx`` workbook (openpyxl)."""
    try:
        import openpyxl
    except ImportError:
        raise InputError(f"{name}: reading .xlsx needs openpyxl: pip install openpyxl") from None
    from zipfile import BadZipFile

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputError(f"{name}: not a valid .xlsx workbook ({exc})") from None
    try:
        ws = wb.worksheets[0]
        rows = [(n, [_cell(v) for v in row]) for n, row in
                enumerate(ws.iter_rows(values_only=True), 1)]
    finally:
        wb.close()
    # Sheets pad short rows with empty cells and keep trailing empty columns: trim both.
    width = max((len(r) - next((k for k, v in enumerate(reversed(r)) if v.strip()), len(r))
                 for _, r in rows), default=0)
    return parse_rows(((n, (r + [""] * width)[:width]) for n, r in rows), name)


def _slug(term: str) -> str:
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_).strip("-").lower()
    if len(slug) < max(1, len(term.strip()) // 3):  # mostly non-Latin: a hash of the term
        slug = "t" + hashlib.sha1(term.encode("utf-8")).hexdigest()[:10]
    return slug


def _header_kind(h: str) -> tuple[str, str]:
    """(language or "", kind) of a header cell: kind is "", allowed, forbidden, a field,
    ``term.FIELD``, or for concept columns the column name itself."""
    if h in _META_COLUMNS or _is_field(h):
        return "", h
    lang, _, kind = h.partition(":")
    return lang, kind


def _check_header(header: list[str], where: str) -> dict[str, str]:
    """Validate the header; returns {header language as written: canonical tag}."""
    langs: dict[str, str] = {}
    for h in header:
        if not h:
            raise InputError(f"{where}: column '' (number {header.index(h) + 1}) has no name")
        lang, kind = _header_kind(h)
        if not lang:
            continue
        if kind not in ("", "allowed", "forbidden", _TAG) and not _is_field(
                kind[5:] if kind.startswith("term.") else kind):
            raise InputError(
                f"{where}: unknown column {h!r}; use LANG, LANG:allowed, LANG:forbidden or "
                "LANG:FIELD with a TBX-Basic data category (docs/glossary.md)")
        try:
            canon = normalize_lang(lang)
        except InputError as exc:
            if "entry" not in header:
                raise InputError(
                    f"{where}: header has no 'entry' column (the entry ids; 'id' is the "
                    f"Indonesian column), and {h!r} is not a language tag; name the columns "
                    "entry, en, pt-BR, ... or only with language tags") from None
            raise InputError(f"{where}: column {h!r}: {exc}") from None
        langs[lang] = canon
    terms_cols = [h for h in header if _header_kind(h)[1] in ("", "allowed", "forbidden")
                  and _header_kind(h)[0]] + [h for h in header if h in ("entry", "domain",
                                                                         "case_sensitive", "match")]
    dupes = sorted({h for h in terms_cols if terms_cols.count(h) > 1})
    if dupes:
        raise InputError(f"{where}: header names column {dupes[0]!r} twice")
    canon_cols: dict[str, str] = {}
    for lang, canon in langs.items():
        if canon in canon_cols and canon_cols[canon] != lang:
            raise InputError(f"{where}: columns {canon_cols[canon]!r} and {lang!r} are the same "
                             "language")
        canon_cols[canon] = lang
    for h in header:
        lang, kind = _header_kind(h)
        if lang and kind and lang not in header:
            raise InputError(f"{where}: column {h!r} without a {lang!r} column")
    if "entry" not in header:
        others = [h for h in header if not _header_kind(h)[0] and h != "entry"]
        if others or not langs:
            raise InputError(
                f"{where}: header has no 'entry' column (the entry ids; 'id' is the "
                f"Indonesian column), and {header[:4]!r} are not all language tags; name the "
                "columns entry, en, pt-BR, ... or only with language tags")
    return langs


def parse_rows(rows: Iterable[tuple[int, list[str]]], name: str
               ) -> tuple[list[Entry], dict[str, int]]:
    """Entries of ``(line, cells)`` rows whose first non-comment row is the header."""
    header: list[str] | None = None
    langs: dict[str, str] = {}
    entries: list[Entry] = []
    lines: dict[str, int] = {}
    for line, row in rows:
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        where = f"{name}:{line}"
        if header is None:
            header = [c.strip() for c in row]
            while header and not header[-1]:
                header.pop()  # trailing empty columns of a spreadsheet export
            langs = _check_header(header, where)
            continue
        if len(row) > len(header) and "".join(row[len(header):]).strip():
            raise InputError(f"{where}: {len(row)} cells but the header has {len(header)}")
        if len(row) < len(header):
            raise InputError(f"{where}: {len(row)} cells but the header has {len(header)}; "
                             "a delimiter is missing (or the row was cut short)")
        cells = [c.strip() for c in row[:len(header)]]
        entries.append(_entry(header, cells, langs, lines, line, where))
    if header is None:
        raise InputError(f"{name}: no header row; the first row must name the columns "
                         "(entry, en, en:allowed, ... or language tags)")
    return entries, lines


def _entry(header: list[str], cells: list[str], langs: dict[str, str],
           lines: dict[str, int], line: int, where: str) -> Entry:
    by_col: dict[str, list[str]] = {}
    for h, c in zip(header, cells, strict=True):
        by_col.setdefault(h, []).append(c)

    def one(col: str) -> str:
        return by_col.get(col, [""])[0]

    entry_id = one("entry")
    if "entry" in header and not entry_id:
        raise InputError(f"{where}: empty entry cell; every row needs an entry id")
    terms: dict[str, LangTerms] = {}
    for lang, canon in langs.items():
        pref = one(lang)
        allowed = _split(one(f"{lang}:allowed"))
        forb = _split(one(f"{lang}:forbidden"))
        if VARIANT_SEP in pref:
            raise InputError(f"{where}: {lang} cell has several terms {pref!r}; put the "
                             f"preferred one there and the others in {lang}:allowed")
        if not pref:
            if allowed or forb:
                raise InputError(f"{where}: empty {lang} cell but {lang} variants given; "
                                 f"fill in the preferred {lang} term")
            continue
        order = [pref, *allowed, *forb]
        lang_fields: list[Field] = []
        per_term: list[list[Field]] = [[] for _ in order]
        for h, c in zip(header, cells, strict=True):
            hl, kind = _header_kind(h)
            if hl != lang or kind in ("", "allowed", "forbidden", _TAG) or not c:
                continue
            field = kind[5:] if kind.startswith("term.") else kind
            if not kind.startswith("term.") and (field in _LANG_LEVEL or field.endswith(
                    ".source") and field[:-7] in _LANG_LEVEL):
                lang_fields.append((field, c))
                continue
            values = c.split(VARIANT_SEP)
            if len(values) > len(order):
                raise InputError(f"{where}: column {h!r} has {len(values)} values for "
                                 f"{len(order)} {lang} terms")
            for k, v in enumerate(values):
                if v.strip():
                    per_term[k].append((field, v.strip()))
        tag = one(f"{lang}:{_TAG}") or lang
        terms[canon] = LangTerms(
            pref, allowed, forb, tag=tag if tag != canon else None,
            fields=tuple(lang_fields),
            term_fields=tuple((t, tuple(_term_order(f))) for t, f in
                              zip(order, per_term, strict=True) if f))
    if "entry" not in header:
        first = next((lt.preferred for lt in terms.values()), "")
        if not first:
            raise InputError(f"{where}: the row has no term in any language")
        base = _slug(first)
        entry_id, n = base, 1
        while entry_id in lines:
            n += 1
            entry_id = f"{base}-{n}"
    _claim_id(lines, entry_id, line, where)
    notes = by_col.get("note", [])
    fields: list[Field] = [("note", v) for v in notes[1:] if v]
    for h, c in zip(header, cells, strict=True):
        if c and not _header_kind(h)[0] and h not in _META_COLUMNS:
            fields.append((h, c))
    return Entry(id=entry_id, terms=terms, note=(notes[0] if notes else "") or None,
                 domain=one("domain") or None,
                 case_sensitive=_bool(one("case_sensitive"), where), fields=tuple(fields),
                 match=_match(one("match"), where))


# --------------------------------------------------------------------------- writing


def _langs_in_order(entries: list[Entry]) -> list[str]:
    """The languages of ``entries`` in first-seen order (the order the file had)."""
    return list(dict.fromkeys(lang for e in entries for lang in e.terms))


def _column_counts(groups: Iterable[Iterable[Field]]) -> dict[str, int]:
    """How many columns each field name needs (the most repeats in one group)."""
    out: dict[str, int] = {}
    for fields in groups:
        seen: dict[str, int] = {}
        for k, _ in fields:
            seen[k] = seen.get(k, 0) + 1
        for k, n in seen.items():
            out[k] = max(out.get(k, 0), n)
    return out


def _nth(fields: Iterable[Field], key: str, n: int) -> str:
    vals = [v for k, v in fields if k == key]
    return vals[n] if n < len(vals) else ""


def _term_order(fields: list[Field]) -> list[Field]:
    from align.glossary.tbx import term_order

    return term_order(fields)


def _term_rank(key: str) -> tuple[int, int]:
    from align.glossary.tbx import term_rank

    return term_rank(key)


def _term_column(lang: str, key: str) -> str:
    cats = _categories()
    short = key in cats and key not in _LANG_LEVEL and key != "subjectField"
    return f"{lang}:{key}" if short else f"{lang}:term.{key}"


def table_rows(entries: list[Entry]) -> list[list[str]]:
    """The header and one row per concept, as :func:`dumps_table` writes them."""
    langs = _langs_in_order(entries)
    # The column of a language is its tag as written when every entry agrees on it.
    written: dict[str, str] = {}
    for lang in langs:
        tags = {e.terms[lang].tag or lang for e in entries if lang in e.terms}
        written[lang] = tags.pop() if len(tags) == 1 else lang
    concept = _column_counts(
        [e.fields + ((("note", e.note),) if e.note else ()) for e in entries])
    header = ["entry", "domain", "case_sensitive"]
    with_match = any(e.match for e in entries)  # the match column only when used
    if with_match:
        header.append("match")
    spec: list[tuple[str, str, str, int]] = []  # (level, lang, field, n) per extra column
    for lang in langs:
        col = written[lang]
        header += [col, f"{col}:allowed", f"{col}:forbidden"]
        lts = [e.terms[lang] for e in entries if lang in e.terms]
        if any((lt.tag or lang) != col for lt in lts):
            header.append(f"{col}:{_TAG}")
            spec.append(("tag", lang, _TAG, 0))
        for key, n in _column_counts(lt.fields for lt in lts).items():
            for k in range(n):
                header.append(f"{col}:{key}")
                spec.append(("lang", lang, key, k))
        per_term = _column_counts(f for lt in lts for _, f in lt.term_fields)
        for key, n in sorted(per_term.items(), key=lambda kv: _term_rank(kv[0])):
            for k in range(n):
                header.append(_term_column(col, key))
                spec.append(("term", lang, key, k))
    for key, n in concept.items():
        for k in range(n):
            header.append(key)
            spec.append(("concept", "", key, k))
    rows = [header]
    for e in entries:
        row = [e.id, e.domain or "", "yes" if e.case_sensitive else ""]
        if with_match:
            row.append(e.match or "")
        for lang in langs:
            lt = e.terms.get(lang)
            row += ([lt.preferred, VARIANT_SEP.join(lt.allowed), VARIANT_SEP.join(lt.forbidden)]
                    if lt else ["", "", ""])
            for level, slang, key, k in spec:
                if slang != lang:
                    continue
                if lt is None:
                    row.append("")
                elif level == "tag":
                    row.append(lt.tag or lang if (lt.tag or lang) != written[lang] else "")
                elif level == "lang":
                    row.append(_nth(lt.fields, key, k))
                else:
                    vals = [_nth(lt.fields_of(t), key, k) for t, _ in lt.all_terms()]
                    for v in vals:
                        if VARIANT_SEP in v:
                            raise InputError(f"entry {e.id!r}: cannot write {v!r} to a table: "
                                             f"term-level values may not contain {VARIANT_SEP!r}")
                    while vals and not vals[-1]:
                        vals.pop()
                    row.append(VARIANT_SEP.join(vals))
        concept_fields = ((("note", e.note),) if e.note else ()) + e.fields
        for level, _, key, k in spec:
            if level == "concept":
                row.append(_nth(concept_fields, key, k))
        rows.append(row)
    return rows


def dumps_table(entries: list[Entry], fmt: str) -> str:
    """Serialise ``entries`` as ``tsv`` or ``csv`` (one row per concept)."""
    rows = table_rows(entries)
    if fmt == "tsv":
        for r in rows:
            for cell in r:
                if "\t" in cell or "\n" in cell:
                    raise InputError(
                        f"cannot write {cell!r} to TSV: it contains a tab or newline; "
                        "write CSV instead")
        return "".join("\t".join(r) + "\n" for r in rows)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()
