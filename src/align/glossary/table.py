"""TSV / CSV glossaries: one row per concept, one column per language and status."""

from __future__ import annotations

import csv
import io

from align.errors import InputError
from align.glossary._read import _bool, _claim_id, _match, _split
from align.glossary.model import VARIANT_SEP, Entry, LangTerms
from align.lang import normalize_lang


def parse_table(text: str, name: str, delimiter: str) -> tuple[list[Entry], dict[str, int]]:
    header: list[str] | None = None
    entries: list[Entry] = []
    lines: dict[str, int] = {}
    line = 0
    if delimiter == "\t":  # TSV: quotes are ordinary text
        reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    else:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for row in reader:
        line = reader.line_num
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [c.strip() for c in row]
            _check_header(header, f"{name}:{line}")
            continue
        where = f"{name}:{line}"
        if len(row) > len(header) and "".join(row[len(header) :]).strip():
            raise InputError(f"{where}: {len(row)} cells but the header has {len(header)}")
        cells = dict(zip(header, [c.strip() for c in row], strict=False))
        entry_id = cells.get("entry", "")
        if not entry_id:
            raise InputError(f"{where}: empty entry cell; every row needs an entry id")
        _claim_id(lines, entry_id, line, where)
        terms: dict[str, LangTerms] = {}
        for lang in _header_langs(header):
            pref = cells.get(lang, "")
            allowed = _split(cells.get(f"{lang}:allowed", ""))
            forb = _split(cells.get(f"{lang}:forbidden", ""))
            if VARIANT_SEP in pref:
                raise InputError(
                    f"{where}: {lang} cell has several terms {pref!r}; put "
                    f"the preferred one there and the others in {lang}:allowed"
                )
            if not pref:
                if allowed or forb:
                    raise InputError(
                        f"{where}: empty {lang} cell but {lang} variants given; "
                        f"fill in the preferred {lang} term"
                    )
                continue
            terms[lang] = LangTerms(pref, allowed, forb)
        entries.append(
            Entry(
                id=entry_id,
                terms=terms,
                note=cells.get("note") or None,
                domain=cells.get("domain") or None,
                case_sensitive=_bool(cells.get("case_sensitive", ""), where),
                match=_match(cells.get("match", ""), where),
            )
        )
    if header is None:
        raise InputError(
            f"{name}: no header row; the first row must name the columns "
            "(entry, en, en:allowed, ...)"
        )
    return entries, lines


#: Non-language columns. The entry id column is ``entry`` because ``id`` is Indonesian.
_META_COLUMNS = ("entry", "domain", "note", "case_sensitive", "match")


def _header_langs(header: list[str]) -> list[str]:
    return [h for h in header if h not in _META_COLUMNS and ":" not in h]


def _check_header(header: list[str], where: str) -> None:
    if "entry" not in header:
        raise InputError(
            f"{where}: header has no 'entry' column (the entry ids; 'id' is the "
            f"Indonesian column), got {header[:4]!r}"
        )
    dupes = {h for h in header if header.count(h) > 1}
    if dupes:
        raise InputError(f"{where}: header names column {sorted(dupes)[0]!r} twice")
    for h in header:
        if h in _META_COLUMNS:
            continue
        lang, _, kind = h.partition(":")
        if kind not in ("", "allowed", "forbidden"):
            raise InputError(
                f"{where}: unknown column {h!r}; use LANG, LANG:allowed or LANG:forbidden"
            )
        try:
            canon = normalize_lang(lang)
        except InputError:
            raise InputError(f"{where}: column {h!r}: unknown language tag {lang!r}") from None
        if canon != lang:
            raise InputError(f"{where}: column {h!r}: write the language tag as {canon!r}")
        if kind and lang not in header:
            raise InputError(f"{where}: column {h!r} without a {lang!r} column")



def _langs_in_order(entries: list[Entry]) -> list[str]:
    from align.lang import SUPPORTED

    present = {lang for e in entries for lang in e.terms}
    return [lang for lang in SUPPORTED if lang in present] + sorted(present - set(SUPPORTED))


def dumps_table(entries: list[Entry], fmt: str) -> str:
    """Serialise ``entries`` as ``tsv`` or ``csv`` (one row per concept)."""
    langs = _langs_in_order(entries)
    header = ["entry", "domain", "case_sensitive"]
    with_match = any(e.match for e in entries)
    if with_match:
        header.append("match")
    for lang in langs:
        header += [lang, f"{lang}:allowed", f"{lang}:forbidden"]
    header.append("note")
    rows = [header]
    for e in entries:
        row = [e.id, e.domain or "", "yes" if e.case_sensitive else ""]
        if with_match:
            row.append(e.match or "")
        for lang in langs:
            lt = e.terms.get(lang)
            row += (
                [lt.preferred, VARIANT_SEP.join(lt.allowed), VARIANT_SEP.join(lt.forbidden)]
                if lt
                else ["", "", ""]
            )
        row.append(e.note or "")
        rows.append(row)
    if fmt == "tsv":
        for r in rows:
            for cell in r:
                if "\t" in cell or "\n" in cell:
                    raise InputError(
                        f"cannot write {cell!r} to TSV: it contains a tab or newline"
                    )
        return "".join("\t".join(r) + "\n" for r in rows)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()
