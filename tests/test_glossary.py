"""Glossary model, formats, validation and the matching engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import GLOSSARIES
from conftest import run_cli as _invoke
from hypothesis import given
from hypothesis import strategies as st

from align.errors import InputError
from align.glossary import (
    Entry,
    Glossary,
    LangTerms,
    TermMatcher,
    dumps,
    fold,
    inflections,
    load_glossary,
    write_glossary,
)
from align.glossary.fold import _t2s_table

PROJECT = GLOSSARIES / "align-terms.tsv"


def _glossary() -> Glossary:
    return Glossary.from_entries(
        [
            Entry(
                "box-camera",
                {
                    "en": LangTerms("box camera", ("box-type camera",), ("gun camera",)),
                    "zh-Hans": LangTerms("枪机"),
                    "zh-Hant": LangTerms("槍機"),
                    "pt": LangTerms("câmera tipo caixa", (), ("câmera de arma",)),
                },
            ),
            Entry(
                "industry-model",
                {
                    "en": LangTerms(
                        "industry model", ("industry-specific model",), ("industrial model",)
                    ),
                    "zh-Hans": LangTerms("行业大模型"),
                    "zh-Hant": LangTerms("行業大模型"),
                    "ja": LangTerms("業界大規模モデル", ("業界モデル",), ("インダストリーモデル",)),
                    "pt": LangTerms("modelo da indústria", (), ("modelo industrial",)),
                },
            ),
            Entry(
                "large-model",
                {
                    "en": LangTerms("large model"),
                    "zh-Hans": LangTerms("大模型"),
                    "ja": LangTerms("大規模モデル"),
                },
            ),
            Entry("sam", {"en": LangTerms("SAM")}, case_sensitive=True),
            Entry("computer", {"ja": LangTerms("コンピューター")}),
            Entry(
                "yoshinoya",
                {"zh-Hans": LangTerms("𠮷野家"), "ja": LangTerms("𠮷野家", ("吉野家",))},
            ),
        ]
    )


# --------------------------------------------------------------------------- matching

# (lang, text, expected [(surface, entry, status)]); expectations written from the issue
# text (issue 4, point 2) and checked by hand against the glossary above.
MATCH_CASES = [
    # longest match wins: 行业大模型 over 大模型
    (
        "zh-Hans",
        "行业大模型和大模型",
        [("行业大模型", "industry-model", "preferred"), ("大模型", "large-model", "preferred")],
    ),
    # Simplified and Traditional match each other, offsets stay in the original text
    ("zh-Hans", "行業大模型", [("行業大模型", "industry-model", "preferred")]),
    (
        "zh-Hant",
        "通用模型把槍機和枪机",
        [("槍機", "box-camera", "preferred"), ("枪机", "box-camera", "preferred")],
    ),
    # Latin word boundaries: SAM not inside SAMPLE; case-sensitive entry
    ("en", "SAMPLE and SAM and sam", [("SAM", "sam", "preferred")]),
    ("en", "a gunmetal camera", []),
    # case and full-width folding; English plurals
    (
        "en",
        "Box Cameras, not GUN CAMERAS",
        [("Box Cameras", "box-camera", "preferred"), ("GUN CAMERAS", "box-camera", "forbidden")],
    ),
    ("en", "ｂｏｘ ｃａｍｅｒａ", [("ｂｏｘ ｃａｍｅｒａ", "box-camera", "preferred")]),
    ("en", "industrial models", [("industrial models", "industry-model", "forbidden")]),
    (
        "en",
        "an industry-specific model",
        [("industry-specific model", "industry-model", "allowed")],
    ),
    # Portuguese plurals of the words before the preposition
    (
        "pt",
        "modelos da indústria e modelos industriais",
        [
            ("modelos da indústria", "industry-model", "preferred"),
            ("modelos industriais", "industry-model", "forbidden"),
        ],
    ),
    ("pt", "câmeras tipo caixa", [("câmeras tipo caixa", "box-camera", "preferred")]),
    # Japanese long-vowel marks
    (
        "ja",
        "コンピュータとインダストリモデル",
        [
            ("コンピュータ", "computer", "preferred"),
            ("インダストリモデル", "industry-model", "forbidden"),
        ],
    ),
    ("ja", "業界大規模モデル", [("業界大規模モデル", "industry-model", "preferred")]),
    # characters beyond the BMP (U+20BB7) keep offsets right in CJK matchers
    (
        "ja",
        "𠮷野家と吉野家の𠮷",
        [("𠮷野家", "yoshinoya", "preferred"), ("吉野家", "yoshinoya", "allowed")],
    ),
    (
        "zh-Hans",
        "𠀀行业大模型𠮷野家",
        [("行业大模型", "industry-model", "preferred"), ("𠮷野家", "yoshinoya", "preferred")],
    ),
]


@pytest.mark.parametrize(("lang", "text", "expected"), MATCH_CASES)
def test_matcher_cases(lang: str, text: str, expected: list[tuple[str, str, str]]) -> None:
    hits = _glossary().find(text, lang)
    assert [(h.surface, h.entry_id, h.status) for h in hits] == expected
    for h in hits:
        assert text[h.start : h.end] == h.surface


def test_hit_carries_glossary_term_not_surface() -> None:
    (hit,) = _glossary().find("two box cameras", "en")
    assert hit.term == "box camera" and hit.surface == "box cameras"
    assert (hit.start, hit.end, hit.lang) == (4, 15, "en")


def test_matcher_cached_and_language_normalised() -> None:
    g = _glossary()
    assert g.matcher("zh_cn") is g.matcher("zh-CN")
    assert g.matcher("pt_BR") is g.matcher("pt-br")


def test_t2s_table_is_one_to_one() -> None:
    # folding must never change lengths, or offsets would point at the wrong characters
    table = _t2s_table()
    assert table[ord("槍")] == "枪" and table[ord("業")] == "业"
    assert all(len(v) == 1 for v in table.values())


def test_fold_keeps_length_on_tricky_input() -> None:
    text = "İstanbul ß ＡＢＣ 槍機 ｶﾞ \u3000x"
    assert len(fold(text, "zh-Hant")) == len(text)
    assert len(fold(text, "en")) == len(text)


@pytest.mark.parametrize(
    ("term", "lang", "expected"),
    [
        ("box camera", "en", ["box cameras"]),
        ("industry", "en", ["industries"]),
        ("SAM", "en", ["SAMs"]),  # acronyms take a plain -s (GPUs, APIs, SAMs)
        ("modelo da indústria", "pt", ["modelos da indústria"]),
        ("modelo industrial", "pt", ["modelos industriais", "modelos industrial"]),
        ("câmera de arma", "pt", ["câmeras de arma"]),
        ("インダストリーモデル", "ja", ["インダストリモデル"]),
        ("サーバ", "ja", ["サーバー"]),  # never サバ (a different word)
        ("チタニウム・メディア", "ja", ["チタニウム メディア", "チタニウムメディア"]),
        ("行业大模型", "zh-Hans", []),
    ("model besar", "id", ["model-model besar"]),
    ("SenseTime", "id", []),
    ],
)
def test_inflections(term: str, lang: str, expected: list[str]) -> None:
    assert inflections(term, lang) == expected


def _texts() -> st.SearchStrategy[str]:
    pieces = st.sampled_from(
        [
            "box camera",
            "gun cameras",
            "SAM",
            "SAMPLE",
            "行业大模型",
            "大模型",
            "槍機",
            " ",
            "x",
            "industrial model",
            "ー",
            "Ａ",
            "𠮷野家",
            "𠮷",
            "吉野家",
            "\U00020000",
        ]
    )
    return st.lists(st.one_of(pieces, st.text(max_size=3)), max_size=12).map("".join)


@given(_texts(), st.sampled_from(["en", "zh-Hans", "zh-Hant", "ja", "pt"]))
def test_hits_in_bounds_non_overlapping_and_match_their_term(text: str, lang: str) -> None:
    g = _glossary()
    hits = g.find(text, lang)
    last = 0
    for h in hits:
        assert 0 <= last <= h.start < h.end <= len(text)
        assert h.surface == text[h.start : h.end]
        # the surface is the glossary term or one of its generated inflections, folded
        forms = {fold(f, lang) for f in [h.term, *inflections(h.term, lang)]}
        assert fold(h.surface, lang) in forms
        last = h.end


# --------------------------------------------------------------------------- formats


def test_project_glossary_loads_and_covers_all_languages() -> None:
    g = load_glossary(PROJECT)
    assert len(g) >= 60
    # every concept in all six languages, except the Chinese-only conversion-slip entry
    six = {"en", "zh-Hans", "zh-Hant", "ja", "pt", "id"}
    assert [e.id for e in g.entries if set(e.terms) != six] == ["application"]
    for needed in (
        "box-camera",
        "industry-large-model",
        "sensetime",
        "cloudwalk",
        "hikvision",
        "huxiu",
        "iflytek",
        "tmtpost",
        "mobvoi",
        "zhipu-ai",
        "baichuan",
        "01-ai",
        "minimax",
        "moonshot-ai",
        "modelbest",
        "ernie-bot",
        "tongyi-qianwen",
        "pangu",
        "sensenova",
        "megvii",
        "yitu",
        "uniview",
        "edge-computing",
        "computing-power",
        "multimodal",
        "generative-ai",
        "small-model",
    ):
        g.get(needed)
    assert "gun camera" in g.get("box-camera").terms["en"].forbidden
    assert g.find("Shangtang Technology", "pt")[0].entry_id == "sensetime"


@pytest.mark.parametrize("fmt", ["tsv", "csv", "json", "tbx", "tbx2008"])
def test_round_trip_every_format(tmp_path: Path, fmt: str) -> None:
    g = load_glossary(PROJECT)
    ext = "tbx" if fmt.startswith("tbx") else fmt
    path = tmp_path / f"g.{ext}"
    write_glossary(g, path, fmt=fmt)
    back = load_glossary(path)
    assert back.entries == g.entries


TBX_2008 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="box-camera">
  <descrip type="subjectField">surveillance</descrip>
  <langSet xml:lang="en">
    <tig><term>box camera</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>box-type camera</term>
      <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
    <tig><term>gun camera</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
  </langSet>
  <langSet xml:lang="zh-TW"><tig><term>槍機</term></tig></langSet>
</termEntry>
</body></text></martif>
"""

TBX_2019 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<text><body>
<conceptEntry id="industry-model">
  <langSec xml:lang="en">
    <termSec><term>industry model</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
    <termSec><term>industrial model</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
  </langSec>
  <langSec xml:lang="ja"><termSec><term>業界大規模モデル</term></termSec></langSec>
</conceptEntry>
</body></text></tbx>
"""


def test_read_tbx_2008_and_2019(tmp_path: Path) -> None:
    (tmp_path / "a.tbx").write_text(TBX_2008, encoding="utf-8")
    (tmp_path / "b.tbx").write_text(TBX_2019, encoding="utf-8")
    a = load_glossary(tmp_path / "a.tbx").get("box-camera")
    assert a.terms["en"] == LangTerms("box camera", ("box-type camera",), ("gun camera",))
    # xml:lang="zh-TW" is kept as zh-TW (issue 12); it serves zh-TW text
    assert a.terms["zh-TW"].preferred == "槍機" and a.domain == "surveillance"
    assert a.terms_for("zh-Hant-TW") == a.terms["zh-TW"] and a.terms_for("zh-CN") is None
    b = load_glossary(tmp_path / "b.tbx").get("industry-model")
    assert b.terms["en"].forbidden == ("industrial model",)
    assert b.terms["ja"].preferred == "業界大規模モデル"


HEADER = "entry\ten\ten:allowed\ten:forbidden\tzh-Hans\n"

# (file body after the header, expected message fragment); line numbers count the header.
BAD_TSV = [
    ("a\tbox camera\t\t\t枪机\na\tcamera\t\t\t机\n", "g.tsv:3: duplicate entry id 'a'"),
    (
        "a\tbox camera\t\tbox camera\t枪机\n",
        "g.tsv:2: entry 'a': en term 'box camera' is forbidden",
    ),
    ("a\t\tbox-type camera\t\t枪机\n", "g.tsv:2: empty en cell but en variants given"),
    ("\tbox camera\t\t\t\n", "g.tsv:2: empty entry cell"),
    ("a b\tbox camera\t\t\t\n", "g.tsv:2: bad entry id 'a b'"),
    (
        "a\tbox camera\t\t\t\nb\tgun camera\t\t\t\nc\tx\t\tgun camera\t\n",
        "g.tsv:4: entry 'c': en term 'gun camera' is forbidden here but accepted in entry 'b'",
    ),
]


@pytest.mark.parametrize(("body", "message"), BAD_TSV)
def test_bad_tsv_is_an_input_error_with_file_and_line(
    tmp_path: Path, body: str, message: str
) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_glossary(path)
    assert message in str(exc.value)
    assert "\n" not in str(exc.value)


def test_unknown_language_column(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("entry\ten\txx-Klingon\na\tbox camera\tqapla\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"g\.tsv:1: column 'xx-Klingon': bad language tag "
                       r"'xx-Klingon' \(not in the IANA"):
        load_glossary(path)


def test_required_language_missing(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(HEADER + "a\tbox camera\t\t\t\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"g\.tsv:2: entry 'a' has no zh-Hans term"):
        load_glossary(path, required=["zh-Hans"])


def test_bad_json_and_tbx(tmp_path: Path) -> None:
    j = tmp_path / "g.json"
    j.write_text(json.dumps({"entries": [{"id": "a", "terms": {"xx-!!": "x"}}]}), encoding="utf-8")
    with pytest.raises(InputError, match=r"g\.json:1: entry 'a': bad language tag 'xx-!!'"):
        load_glossary(j)
    t = tmp_path / "g.tbx"
    t.write_text(
        "<martif><text><body><termEntry id='a'>\n<langSet xml:lang='en'>", encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"g\.tbx:2: not well-formed XML"):
        load_glossary(t)
    t.write_text(TBX_2008.replace("preferredTerm-admn-sts", "bestTerm"), encoding="utf-8")
    with pytest.raises(InputError, match=r"g\.tbx:7: unknown administrativeStatus 'bestTerm'"):
        load_glossary(t)


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "g.ods"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="unknown glossary format"):
        load_glossary(path)


def test_dumps_tsv_has_entry_column_first() -> None:
    text = dumps(_glossary(), "tsv")
    assert text.splitlines()[0].startswith("entry\tdomain\tcase_sensitive\ten\t")


def test_matcher_without_terms_finds_nothing() -> None:
    assert TermMatcher([], "en").find("box camera") == []


# --------------------------------------------------------------------------- CLI


def test_cli_validate_ok_and_bad(tmp_path: Path) -> None:
    code, out, err = _invoke(["glossary", "validate", str(PROJECT)])
    assert code == 0 and out == "" and "OK" in err
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + "a\tx\t\t\t\na\ty\t\t\t\n", encoding="utf-8")
    code, out, err = _invoke(["glossary", "validate", str(bad)])
    assert code == 2 and out == "" and "bad.tsv:3: duplicate entry id" in err


def test_cli_convert_writes_nothing_on_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + "a\tx\t\tx\t\n", encoding="utf-8")
    dest = tmp_path / "out.tbx"
    code, _, _ = _invoke(["glossary", "convert", str(bad), str(dest)])
    assert code == 2 and not dest.exists() and list(tmp_path.iterdir()) == [bad]
    code, _, err = _invoke(["glossary", "convert", str(PROJECT), str(dest)])
    assert code == 0 and load_glossary(dest).entries == load_glossary(PROJECT).entries
    code, _, err = _invoke(["glossary", "convert", str(PROJECT), str(dest)])
    assert code == 2 and "--force" in err


def test_cli_show_and_find() -> None:
    code, out, _ = _invoke(
        ["glossary", "show", str(PROJECT), "--entry", "box-camera", "--lang", "en"]
    )
    assert code == 0 and out.startswith("box-camera\ten\tbox camera\t") and "gun camera" in out
    code, out, _ = _invoke(
        ["glossary", "show", str(PROJECT), "--find", "A Yuncong Technology lançou", "--lang", "pt"]
    )
    assert (
        code == 0
        and out == "2-20\tforbidden\tYuncong Technology\t(cloudwalk, Yuncong Technology)\n"
    )


def test_tsv_quotes_are_text_and_csv_quotes_are_quoting(tmp_path: Path) -> None:
    tsv = tmp_path / "g.tsv"
    tsv.write_text('entry\ten\nquote\t"Daily New" model\nnext\tbox camera\n', encoding="utf-8")
    g = load_glossary(tsv)
    assert g.get("quote").terms["en"].preferred == '"Daily New" model'
    assert g.get("next").terms["en"].preferred == "box camera"
    csv_path = tmp_path / "g.csv"
    csv_path.write_text(
        'entry,en,en:allowed\na,"box camera, fixed",box-type camera\n', encoding="utf-8"
    )
    assert load_glossary(csv_path).get("a").terms["en"].preferred == "box camera, fixed"
