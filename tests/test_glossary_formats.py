"""Glossary formats without loss (issue 13 item 2) and strict tabular input (issue 15 item 7).

``tests/data/interchange/tbx-basic-2019.tbx`` and ``tbx-basic-2008.tbx`` are written by
hand with every TBX-Basic data category: definition (with its source), partOfSpeech,
note (concept, language and term level), context, source, subjectField, customerSubset,
termType, all seven administrativeStatus values, regional locales, a transacGrp and an
xref the model has no field for.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from align.errors import InputError
from align.glossary import Entry, LangTerms, dumps, load_glossary
from align.glossary.tbx import CATEGORIES

DATA = Path(__file__).parent / "data" / "interchange"
TBX19 = DATA / "tbx-basic-2019.tbx"
TBX08 = DATA / "tbx-basic-2008.tbx"
TBX_NS = "{urn:iso:std:iso:30042:ed-2}"


def _convert(src: Path, dest: Path, *extra: str) -> None:
    from conftest import run_cli

    code, _, stderr = run_cli(["glossary", "convert", str(src), str(dest), "--force", *extra])
    assert code == 0, stderr


def _categories(data: bytes) -> list[tuple[str, str | None, str]]:
    """Every data category element in a TBX file: (element, type, text), sorted."""
    root = etree.fromstring(data)
    out = []
    for el in root.iter():
        name = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if name in ("descrip", "termNote", "admin", "note", "transac", "transacNote", "date",
                    "xref", "term") and not any(
                    etree.QName(a).localname in ("martifHeader", "tbxHeader")
                    for a in el.iterancestors()):
            out.append((name, el.get("type"), "".join(el.itertext()).strip()))
    return sorted(out)


def _langs(data: bytes) -> list[str]:
    root = etree.fromstring(data)
    return sorted(el.get("{http://www.w3.org/XML/1998/namespace}lang") for el in root.iter()
                  if isinstance(el.tag, str) and etree.QName(el).localname in ("langSec",
                                                                               "langSet"))


@pytest.mark.parametrize("sample", [TBX19, TBX08], ids=["tbx2019", "tbx2008"])
@pytest.mark.parametrize("via", ["tbx", "tbx2008", "tsv", "csv", "json"])
def test_convert_round_trips_every_tbx_basic_category(sample: Path, via: str,
                                                      tmp_path: Path) -> None:
    middle = tmp_path / f"middle.{via if via != 'tbx2008' else 'tbx'}"
    _convert(sample, middle, "--to", via)
    back = tmp_path / "back.tbx"
    _convert(middle, back, "--to", "tbx")
    # the model: every entry, term, status and field
    assert load_glossary(back).entries == load_glossary(sample).entries
    # the file: every data category element with its value, and the locales as written
    assert _categories(back.read_bytes()) == _categories(sample.read_bytes())
    assert _langs(back.read_bytes()) == _langs(sample.read_bytes())


def test_every_tbx_basic_category_is_in_the_sample() -> None:
    found = {t or n for n, t, _ in _categories(TBX19.read_bytes())}
    assert set(CATEGORIES) <= found | {"grammaticalGender", "geographicalUsage",
                                       "termLocation", "projectSubset"}
    statuses = {v for n, t, v in _categories(TBX19.read_bytes()) if t == "administrativeStatus"}
    assert {s.split("Term")[0] for s in statuses} == {
        "preferred", "admitted", "deprecated", "superseded", "legal", "regulated",
        "standardized"}


def test_statuses_map_onto_the_model_and_keep_their_value() -> None:
    g = load_glossary(TBX19)
    lgpd = g.get("c-lgpd")
    pt = next(lt for k, lt in lgpd.terms.items() if k.startswith("pt"))  # pt-BR (or pt)
    en = lgpd.terms["en"]
    assert pt.preferred == "Lei Geral de Proteção de Dados" and pt.allowed == ("LGPD",)
    assert ("administrativeStatus", "legalTerm-admn-sts") in pt.fields_of(pt.preferred)
    # regulated and standardized: the first is preferred, the second allowed
    assert en.preferred == "General Data Protection Law" and en.allowed == ("Brazilian GDPR",)
    box = next(lt for k, lt in g.get("c-box-camera").terms.items() if k.startswith("en"))
    assert box.forbidden == ("gun camera", "bullet-style box camera")  # deprecated, superseded
    assert box.tag == "en-US" or "en-US" in g.languages
    assert [h.status for h in g.find("a bullet-style box camera", "en-US")] == ["forbidden"]


def test_tbx_output_is_tbx_basic_with_header_declarations() -> None:
    g = load_glossary(TBX19)
    out = dumps(g, "tbx")
    assert "<!DOCTYPE" not in out
    assert '<?xml-model href="' in out and "TBX-Basic_integrated.rng" in out
    assert "TBX-Basic_DCA.sch" in out
    root = etree.fromstring(out.encode("utf-8"))
    assert root.tag == f"{TBX_NS}tbx" and root.get("type") == "TBX-Basic"
    assert root.get("style") == "dca"
    types = {el.get("type") for el in root.iter() if el.get("type") and el is not root}
    assert 'type="caseSensitive"' not in out
    allowed = set(CATEGORIES) | {"x-align-caseSensitive", "transactionType", "responsibility",
                                 "xGraphic"}
    assert types <= allowed, types - allowed
    old = dumps(g, "tbx2008")
    assert "<!DOCTYPE" not in old and '<p type="XCSURI">TBXBasicXCSV02.xcs</p>' in old
    assert '<martif type="TBX-Basic"' in old


def test_case_sensitive_round_trips_through_the_extension() -> None:
    g = load_glossary(TBX19)
    assert g.get("c-sam").case_sensitive
    assert not g.find("sample", "en") and g.find("SAM", "en")
    assert '<descrip type="x-align-caseSensitive">yes</descrip>' in dumps(g, "tbx")


def test_legacy_case_sensitive_descrip_is_read(tmp_path: Path) -> None:
    path = tmp_path / "old.tbx"
    path.write_text(TBX19.read_text(encoding="utf-8").replace("x-align-caseSensitive",
                                                              "caseSensitive"), encoding="utf-8")
    assert load_glossary(path).get("c-sam").case_sensitive


# -- TBX hostile input (issue 15 item 7) --------------------------------------------------


@pytest.mark.parametrize(("doc", "message"), [
    ('<!DOCTYPE martif SYSTEM "x.dtd"><martif><text><body><termEntry id="a"><langSet '
     'xml:lang="en"><tig><term>&xxe;</term></tig></langSet></termEntry></body></text></martif>',
     r"g\.tbx:1: undefined entity reference &xxe;"),
    ('<martif><text><body><termEntry id="a"><langSet xml:lang="en"><tig><term>&xxe;</term>'
     "</tig></langSet></termEntry></body></text></martif>",
     r"g\.tbx:1: not well-formed XML \(Entity 'xxe' not defined"),
    ('<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
     '<martif><text><body><termEntry id="a"><langSet xml:lang="en"><tig><term>&xxe;</term>'
     "</tig></langSet></termEntry></body></text></martif>",
     r"g\.tbx:1: the DOCTYPE declares entity 'xxe'"),
    ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
     '<martif><text><body><termEntry id="a"><langSet xml:lang="en"><tig><term>&b;</term>'
     "</tig></langSet></termEntry></body></text></martif>",
     r"g\.tbx:1: the DOCTYPE declares entity 'a'"),
])
def test_entity_tricks_in_tbx_are_refused(tmp_path: Path, doc: str, message: str) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(doc, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_glossary(path)


# -- tabular input --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "text"), [
    ("deepl.tsv", "en\tpt-BR\nbox camera\tcâmera caixa\nedge computing\tcomputação de borda\n"),
    ("sheet.csv", "en;pt-BR\nbox camera;câmera caixa\nedge computing;computação de borda\n"),
    ("sheet2.csv", 'en,pt-BR\n"box camera","câmera caixa"\nedge computing,computação de borda\n'),
    ("semi.tsv", "en;pt-BR\nbox camera;câmera caixa\nedge computing;computação de borda\n"),
])
def test_bilingual_sheet_with_language_header(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    g = load_glossary(path)
    assert [e.id for e in g.entries] == ["box-camera", "edge-computing"]
    assert g.get("box-camera").terms["en"].preferred == "box camera"
    pt = next(k for k in g.get("box-camera").terms if k.startswith("pt"))
    assert g.get("box-camera").terms[pt].preferred == "câmera caixa"
    assert [h.entry_id for h in g.find("a câmera caixa nova", "pt-BR")] == ["box-camera"]


def test_bilingual_sheet_ids_are_deterministic_and_unique(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("en\tja\ncamera\tカメラ\nCamera\tキャメラ\n\tモデル\n", encoding="utf-8")
    ids = [e.id for e in load_glossary(path).entries]
    assert ids[:2] == ["camera", "camera-2"] and ids[2].startswith("t") and len(set(ids)) == 3
    path.write_text("ja\tja:allowed\nモデル\t\n", encoding="utf-8")
    assert [e.id for e in load_glossary(path).entries] == ids[2:]  # same term, same id


def test_xlsx_sheet(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["en", "pt-BR", None])
    ws.append(["box camera", "câmera caixa", None])
    ws.append(["industry model", "modelo da indústria"])
    ws.append([2024, "dois mil"])
    path = tmp_path / "terms.xlsx"
    wb.save(path)
    g = load_glossary(path)
    assert [e.id for e in g.entries] == ["box-camera", "industry-model", "2024"]
    assert g.get("2024").terms["en"].preferred == "2024"


def test_xlsx_short_row_names_the_row(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["entry", "en", "pt"])
    ws.append(["a", "box camera", "câmera caixa"])
    ws.append(["b", "x|y", "z"])
    path = tmp_path / "terms.xlsx"
    wb.save(path)
    with pytest.raises(InputError, match=r"terms\.xlsx:3: en cell has several terms"):
        load_glossary(path)


@pytest.mark.parametrize(("name", "text", "message"), [
    # issue 15 item 7: fewer cells than the header used to be accepted
    ("short.tsv", "entry\ten\tpt\nbox-camera\tbox camera\n", r"short\.tsv:2: 2 cells but the "
     r"header has 3"),
    ("short.csv", "entry,en,pt\nbox-camera,box camera,câmera caixa\nsam,SAM\n",
     r"short\.csv:3: 2 cells but the header has 3"),
    # issue 15 item 7: an unterminated quote swallowed the rest of the file
    ("quote.csv", 'entry,en,pt\nbox-camera,"box camera,câmera caixa\nsam,SAM,SAM\n',
     r"quote\.csv:2: a quoted cell is never closed"),
    ("junk.csv", 'entry,en\na,"x"y\n', r"junk\.csv:2: bad CSV quoting"),
    ("nolang.tsv", "term\ttranslation\nbox camera\tcâmera caixa\n",
     r"nolang\.tsv:1: header has no 'entry' column"),
    ("twice.tsv", "en\ten\na\tb\n", r"twice\.tsv:1: header names column 'en' twice"),
    ("blank.tsv", "entry\ten\t\tpt\na\tb\t\tc\n", r"blank\.tsv:1: column '' \(number 3\)"),
    ("field.tsv", "entry\ten\ten:colour\na\tb\tred\n", r"field\.tsv:1: unknown column 'en:colour'"),
    ("values.tsv", "entry\ten\ten:partOfSpeech\na\tb\tnoun|verb\n",
     r"values\.tsv:2: column 'en:partOfSpeech' has 2 values for 1 en terms"),
])
def test_bad_tables_are_refused_with_file_and_line(tmp_path: Path, name: str, text: str,
                                                   message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_glossary(path)


def test_table_term_fields_line_up_with_terms(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("entry\ten\ten:allowed\ten:forbidden\ten:partOfSpeech\ten:term.note\t"
                    "en:definition\tdefinition\n"
                    "box\tbox camera\tbox-type camera\tgun camera\tnoun||noun\t|ok|bad\t"
                    "A camera.\tA fixed camera.\n", encoding="utf-8")
    e = load_glossary(path).get("box")
    lt = e.terms["en"]
    assert lt.fields_of("box camera") == (("partOfSpeech", "noun"),)
    assert lt.fields_of("box-type camera") == (("note", "ok"),)
    assert lt.fields_of("gun camera") == (("partOfSpeech", "noun"), ("note", "bad"))
    assert lt.fields == (("definition", "A camera."),)
    assert e.fields == (("definition", "A fixed camera."),)
    tsv = dumps(load_glossary(path), "tsv")
    again = tmp_path / "again.tsv"
    again.write_text(tsv, encoding="utf-8")
    assert load_glossary(again).entries == load_glossary(path).entries


def test_model_defaults_keep_the_old_api() -> None:
    e = Entry("a", {"en": LangTerms("x", ("y",))}, note="n", domain="d")
    assert e.fields == () and e.terms["en"].fields_of("x") == ()
    assert list(e.terms["en"].all_terms()) == [("x", "preferred"), ("y", "allowed")]
    rows = list(csv.reader(io.StringIO(dumps(load_glossary_from([e]), "csv"))))
    assert rows[0][:4] == ["entry", "domain", "case_sensitive", "en"]


def load_glossary_from(entries: list[Entry]):  # type: ignore[no-untyped-def]
    from align.glossary import Glossary

    return Glossary.from_entries(entries)


# -- property: every format holds what the model holds -------------------------------------

_VALUE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                               blacklist_characters="|\t\n\r"), min_size=1, max_size=12
                 ).map(str.strip).filter(bool)
_TERM_FIELDS = ("partOfSpeech", "termType", "context", "source", "customerSubset", "note")


@st.composite
def _entries(draw: st.DrawFn) -> list[Entry]:
    from align.glossary.tbx import term_order

    counter = iter(range(10_000))
    entries = []
    for n in range(draw(st.integers(1, 4))):
        terms = {}
        for lang in draw(st.lists(st.sampled_from(["en", "pt", "ja"]), min_size=1,
                                  max_size=3, unique=True)):
            names = [f"term{next(counter)}" for _ in range(draw(st.integers(1, 4)))]
            k = draw(st.integers(0, len(names) - 1))
            allowed, forb = tuple(names[1:1 + k]), tuple(names[1 + k:])
            status_fields = {t: (("administrativeStatus", "supersededTerm-admn-sts"),)
                             for t in forb if draw(st.booleans())}
            tf = []
            for t in names:
                fields = [(draw(st.sampled_from(_TERM_FIELDS)), draw(_VALUE))
                          for _ in range(draw(st.integers(0, 2)))]
                fields = term_order(list(status_fields.get(t, ())) + fields)
                if fields:
                    tf.append((t, tuple(fields)))
            lfields: tuple[tuple[str, str], ...] = ()
            if draw(st.booleans()):
                lfields = (("definition", draw(_VALUE)), ("definition.source", draw(_VALUE)))
            terms[lang] = LangTerms(names[0], allowed, forb, fields=lfields,
                                    term_fields=tuple(tf))
        entries.append(Entry(f"e{n}", terms, note=draw(st.none() | _VALUE),
                             domain=draw(st.none() | _VALUE),
                             case_sensitive=draw(st.booleans()),
                             fields=(("definition", draw(_VALUE)),) if draw(st.booleans())
                             else ()))
    return entries


@given(_entries(), st.sampled_from(["tsv", "csv", "json", "tbx", "tbx2008"]))
def test_every_format_round_trips_the_model(entries: list[Entry], fmt: str) -> None:
    import tempfile

    from align.glossary import Glossary

    text = dumps(Glossary.from_entries(entries), fmt)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"g.{'tbx' if fmt == 'tbx2008' else fmt}"
        path.write_text(text, encoding="utf-8")
        assert load_glossary(path).entries == entries
