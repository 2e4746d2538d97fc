"""align.clean and `align clean`: furniture removal, metadata, wrap-around, user rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import CORPORA, ROOT
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from align.clean import (
    AFTER_FOOTER,
    DUPLICATE,
    CleanResult,
    clean_text,
    default_rules,
    load_rules,
)
from align.cli import app
from align.errors import InputError
from align.io import read_text

runner = CliRunner()

# doc id -> cleaned version language (from the brief's corpus layout).
DOCS = {
    "000-ai-vision-large-models": "pt",
    "001-uniview-li-congting-interview": "zh-Hant",
    "002-ai-large-model-startups": "zh-Hans",
    "003-general-vs-industry-models": "ja",
    "004-chatgpt-half-year": "id",
}


def raw_path(doc: str) -> Path:
    (path,) = (CORPORA / doc / "raw").iterdir()
    return path


_CACHE: dict[str, CleanResult] = {}


def cleaned(doc: str) -> CleanResult:
    if doc not in _CACHE:
        _CACHE[doc] = clean_text(read_text(raw_path(doc)))
    return _CACHE[doc]


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_committed_text_is_exactly_what_clean_produces(doc: str) -> None:
    committed = (CORPORA / doc / f"{DOCS[doc]}.txt").read_bytes()
    assert cleaned(doc).text.encode("utf-8") == committed


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_output_format(doc: str) -> None:
    text = cleaned(doc).text
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\n\n\n" not in text
    assert not re.search(r"[ \t]+$", text, flags=re.M), "trailing whitespace"
    assert not re.search(r"^[ \t]", text, flags=re.M), "leading whitespace"
    for block in text.rstrip("\n").split("\n\n"):
        if "\n" in block:  # only a markdown table spans several lines
            assert all(line.startswith("|") for line in block.split("\n")), block[:80]


# (doc, furniture line as it appears in the raw file): read off the top and bottom of
# each raw page. None of these may survive as a line of the cleaned text.
FURNITURE = [
    ("000-ai-vision-large-models", "Fonte: Observador Econômico"),
    ("000-ai-vision-large-models", "Autor: Shen Yiran"),
    ("000-ai-vision-large-models", "Fonte da imagem: Gerada por Unbounded AI"),
    ("000-ai-vision-large-models", "Ver original"),
    ("000-ai-vision-large-models", "Recompensa"),
    ("000-ai-vision-large-models", "Comentário"),
    ("000-ai-vision-large-models", "Compartilhar"),
    ("000-ai-vision-large-models", "0/400"),
    ("000-ai-vision-large-models", "Sem comentários"),
    ("000-ai-vision-large-models", "Marcar"),
    ("000-ai-vision-large-models",
     "Faça trade de criptomoedas em qualquer lugar e a qualquer hora"),
    ("000-ai-vision-large-models", "qrCode"),
    ("000-ai-vision-large-models", "Escaneie o código para baixar o app da Gate"),
    ("000-ai-vision-large-models", "Comunidade"),
    ("000-ai-vision-large-models", "Português (Brasil)"),
    ("000-ai-vision-large-models", "简体中文"),
    ("000-ai-vision-large-models", "Українська"),
    ("001-uniview-li-congting-interview", "當前位置: 華文世界 > 科技"),
    ("001-uniview-li-congting-interview", "2024-05-09科技"),
    ("002-ai-large-model-startups", "本文来自微信公众号“AI芯天下”,作者/方文三。"),
    ("003-general-vs-industry-models", "出典: チタンメディア"),
    ("003-general-vs-industry-models", "著者: 秦従輝"),
    ("003-general-vs-industry-models", "画像ソース: Unbounded AI によって生成"),
    ("003-general-vs-industry-models", "画像クレジット @Gartner"),
    ("003-general-vs-industry-models", "原文表示"),
    ("003-general-vs-industry-models", "報酬"),
    ("003-general-vs-industry-models", "コメント"),
    ("003-general-vs-industry-models", "共有"),
    ("003-general-vs-industry-models", "コメントなし"),
    ("003-general-vs-industry-models", "いつでもどこでも暗号資産取引"),
    ("003-general-vs-industry-models", "スキャンしてGateアプリをダウンロード"),
    ("003-general-vs-industry-models", "コミュニティ"),
    ("003-general-vs-industry-models", "日本語"),
    ("004-chatgpt-half-year", "Lihat Asli"),
]
# Long furniture checked as substrings (they must not occur anywhere).
FURNITURE_SUBSTRINGS = [
    ("000-ai-vision-large-models", "Esta página pode conter conteúdo de terceiros"),
    ("001-uniview-li-congting-interview", "本文系觀察者網獨家稿件"),
    ("001-uniview-li-congting-interview", "當前位置"),
    ("003-general-vs-industry-models", "This page may contain third-party content"),
    ("004-chatgpt-half-year", "Halaman ini mungkin berisi konten pihak ketiga"),
    ("000-ai-vision-large-models", "•"),
    ("003-general-vs-industry-models", "•"),
]


@pytest.mark.parametrize(("doc", "line"), FURNITURE)
def test_furniture_line_is_gone(doc: str, line: str) -> None:
    lines = [x.lstrip("• ").strip() for x in read_text(raw_path(doc)).split("\n")]
    assert line in lines, "table row is wrong: the raw page does not have this line"
    assert line not in cleaned(doc).text.split("\n")


@pytest.mark.parametrize(("doc", "needle"), FURNITURE_SUBSTRINGS)
def test_furniture_text_is_gone(doc: str, needle: str) -> None:
    assert needle in read_text(raw_path(doc))
    assert needle not in cleaned(doc).text


# (doc, first paragraph, last paragraph) of the article body, read off the raw pages
# (the last one is the line just before the footer or the closing notice).
CONTENT = [
    ("000-ai-vision-large-models", "O grande modelo de IA revolucionará a IA",
     "Feng Junlan disse que o custo do consumo de tecnologia é muito menor do que o valor"),
    ("001-uniview-li-congting-interview",
     "李聰廷:小模型技術是中國企業率先匯入裝備中,大模型也不會例外",
     "對於算力高度集中的數據中心套用場景,能算一體也許是個發展方向"),
    ("002-ai-large-model-startups",
     "ChatGPT热潮涌动,正处于冷静期的人工智能投资和产业布局迎来小阳春。",
     "部分资料参考:极客公园"),
    ("003-general-vs-industry-models",
     "汎用大型モデルの実用化はまだ初期、生成AIは始まったばかり",
     "業界は生成 AI に向けて急いでいますが、これは人工知能、さらには人間の発展にとっても"
     "決して悪いことではありません。"),
    ("004-chatgpt-half-year",
     "ChatGPT telah meledak dalam enam bulan terakhir: uang panas, raksasa, dan pengawasan",
     "Dalam setengah tahun, gelombang panas AI melonjak."),
]


@pytest.mark.parametrize(("doc", "first", "last"), CONTENT)
def test_real_content_is_kept(doc: str, first: str, last: str) -> None:
    paragraphs = cleaned(doc).paragraphs
    assert paragraphs[0] == first
    assert paragraphs[-1].startswith(last)
    assert sum(p.startswith(last) for p in paragraphs) == 1


def test_body_paragraphs_all_kept() -> None:
    # Every line of 000 between the image credit (line 7) and "Ver original" (line 123)
    # is article text: all of them must be kept, in order.
    raw = read_text(raw_path("000-ai-vision-large-models")).split("\n")
    body = [x for x in raw[8:122] if x.strip()]
    assert cleaned("000-ai-vision-large-models").paragraphs[1:] == body


def test_indonesian_wraparound_is_undone() -> None:
    result = cleaned("004-chatgpt-half-year")
    paras = result.paragraphs
    title = "ChatGPT telah meledak dalam enam bulan terakhir: uang panas, raksasa, dan pengawasan"
    assert paras[0] == title
    assert paras[1].startswith("Setelah setengah tahun pembaptisan AI")
    assert result.metadata["title"] == title
    # the body appears once: its first and last paragraphs are not repeated
    assert sum(p.startswith("Setelah setengah tahun pembaptisan AI") for p in paras) == 1
    lines = result.text.split("\n")
    # three tables with the same header, each once, one row per line
    assert lines.count("| Jenis Perusahaan | Perusahaan | Tanggal Pendirian | Model Besar dan "
                       "Produk Terkait |") == 3
    assert lines.count("| Perusahaan internet | Baidu | 2012 | Wenxin Yiyan | Terdaftar |") == 1
    assert lines.count("| Nol Satu Segalanya | 2023 | Tidak Ada | Investasi Ekuitas | |") == 1
    assert not any(len(x) > 300 and x.startswith("| | |") for x in lines), "a flattened table"
    # The repeat after the footer has one table the body lacks (raw line 212); it is put
    # back after the paragraph it follows there, one row per line.
    assert lines.count("| Alibaba | 23 | 36,25% | 100% | 5 |") == 1
    at = lines.index("| Alibaba | 23 | 36,25% | 100% | 5 |")
    assert lines[at - 5].startswith("Taruhan raksasa pada AI sudah dimulai")
    assert lines[at + 4].startswith("Investasi tiga perusahaan Internet besar")
    # moved: the title (line 163) to the front, the table (212) after line 78
    assert [(m.line, m.after) for m in result.moved] == [(163, None), (212, 78)]
    # 131 lines follow the title; all but the table repeat the body (diff of the copies)
    assert result.counts()[DUPLICATE] == 130


# (doc, title, source, author, date): the byline lines of each raw page.
METADATA = [
    ("000-ai-vision-large-models", "O grande modelo de IA revolucionará a IA",
     "Observador Econômico", "Shen Yiran", None),
    ("001-uniview-li-congting-interview",
     "李聰廷:小模型技術是中國企業率先匯入裝備中,大模型也不會例外", "觀察者網", None, "2024-05-09"),
    # 002 has no title line: its first paragraph is a sentence, not a title.
    ("002-ai-large-model-startups", None, "AI芯天下", "方文三", None),
    ("003-general-vs-industry-models", "汎用大型モデルの実用化はまだ初期、生成AIは始まったばかり",
     "チタンメディア", "秦従輝", None),
    ("004-chatgpt-half-year",
     "ChatGPT telah meledak dalam enam bulan terakhir: uang panas, raksasa, dan pengawasan",
     None, None, None),
]


@pytest.mark.parametrize(("doc", "title", "source", "author", "date"), METADATA)
def test_metadata(doc: str, title: str | None, source: str | None, author: str | None,
                  date: str | None) -> None:
    meta = cleaned(doc).metadata
    assert (meta["title"], meta["source"], meta["author"], meta["date"]) == (
        title, source, author, date)


# (doc, raw line, rule): lines looked up in the raw files.
REMOVALS = [
    ("000-ai-vision-large-models", 3, "source"),
    ("000-ai-vision-large-models", 7, "image-credit"),
    ("000-ai-vision-large-models", 123, "view-original"),
    ("000-ai-vision-large-models", 124, "disclaimer"),
    ("000-ai-vision-large-models", 129, "comment-counter"),
    ("000-ai-vision-large-models", 133, "qr-code"),
    ("000-ai-vision-large-models", 137, "language-menu"),
    ("001-uniview-li-congting-interview", 1, "breadcrumb"),
    ("001-uniview-li-congting-interview", 5, "date-stamp"),
    ("001-uniview-li-congting-interview", 52, "source-notice"),
    ("002-ai-large-model-startups", 1, "wechat-byline"),
    ("003-general-vs-industry-models", 39, "image-credit"),
    ("003-general-vs-industry-models", 87, "trading-promo"),
    ("004-chatgpt-half-year", 161, "view-original"),
    ("004-chatgpt-half-year", 164, DUPLICATE),
]


@pytest.mark.parametrize(("doc", "line", "rule"), REMOVALS)
def test_removal_report(doc: str, line: int, rule: str) -> None:
    raw_lines = read_text(raw_path(doc)).split("\n")
    found = {r.line: r for r in cleaned(doc).removed}
    assert found[line].rule == rule
    assert found[line].text == raw_lines[line - 1].strip()


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_every_raw_line_is_kept_or_accounted_for(doc: str) -> None:
    result = cleaned(doc)
    raw_lines = read_text(raw_path(doc)).split("\n")
    removed = {r.line for r in result.removed}
    kept_keys = {"".join(x.split()) for x in result.text.split("\n")}
    kept_keys.add("".join(result.text.split()))
    for number, line in enumerate(raw_lines, 1):
        if not line.strip() or number in removed:
            continue
        key = "".join(line.split())
        # a kept line is in the output, whole or (a flattened table) split into rows
        assert key in kept_keys or key.replace("|", "") in "".join(kept_keys).replace("|", "")


# ----------------------------------------------------------------- synthetic cases

def test_wraparound_rule_is_general() -> None:
    page = "\n".join([
        "B1 first body paragraph here.", "B2 second paragraph here.", "B3 third one here.",
        "B4 last paragraph of the body.", "Ver original", "Esta página pode conter conteúdo de "
        "terceiros, ...", "The Title", "O1 an opening paragraph the body lacks.",
        "B1 first body paragraph here.", "B2 second paragraph here.", "X1 only in the copy.",
        "B3 third one here.", "B4 last paragraph of the body.",
    ])
    result = clean_text(page)
    assert result.paragraphs == [
        "The Title", "O1 an opening paragraph the body lacks.", "B1 first body paragraph here.",
        "B2 second paragraph here.", "X1 only in the copy.", "B3 third one here.",
        "B4 last paragraph of the body.",
    ]
    assert result.metadata["title"] == "The Title"
    assert [(m.line, m.after) for m in result.moved] == [(7, None), (8, None), (11, 2)]
    assert [r.rule for r in result.removed] == [
        "view-original", "disclaimer", DUPLICATE, DUPLICATE, DUPLICATE, DUPLICATE]


def test_text_after_footer_without_repeat_is_cut() -> None:
    page = "Title\nBody one.\nBody two.\nLihat Asli\nSome promo nobody knows\nAnother line"
    result = clean_text(page)
    assert result.paragraphs == ["Title", "Body one.", "Body two."]
    assert [(r.line, r.rule) for r in result.removed] == [
        (4, "view-original"), (5, AFTER_FOOTER), (6, AFTER_FOOTER)]


def test_whitespace_only_normalisation() -> None:
    page = "\ufeff  Título  \r\n\r\n\tUm  parágrafo\t com espaços.  \r\n\n\n\nOutro.\n"
    assert clean_text(page).text == "Título\n\nUm parágrafo com espaços.\n\nOutro.\n"


# (flattened line, rows): the first case has the layout of raw 004 line 212, where the
# row after the separator shares its pipe with it; the second gives each row its pipes.
FLAT_TABLES = [
    ("| | | | | | --- | --- | --- | --- | Nome|Ano|Valor|Nota| | A | 1 | 2,5% | x | "
     "| B | 2 | 3% | y |",
     ["| | | | |", "| --- | --- | --- | --- |", "| Nome|Ano|Valor|Nota |", "| A | 1 | 2,5% | x |",
      "| B | 2 | 3% | y |"]),
    ("| a | b | | --- | --- | | x | y | | z | w |",
     ["| a | b |", "| --- | --- |", "| x | y |", "| z | w |"]),
]


@pytest.mark.parametrize(("flat", "rows"), FLAT_TABLES)
def test_flattened_table_is_split_into_rows(flat: str, rows: list[str]) -> None:
    result = clean_text(f"Title\n{flat}\nAfter.")
    assert result.text == "Title\n\n" + "\n".join(rows) + "\n\nAfter.\n"


def test_ambiguous_flattened_table_is_left_alone() -> None:
    # header of 4 cells under a 5-column separator: row boundaries are ambiguous
    flat = "| | | | | | | --- | --- | --- | --- | --- | | A | B | C | D | | x | 1 | 2 | 3 | 4 |"
    assert clean_text(flat).paragraphs == [flat]


def test_title_needs_to_look_like_one() -> None:
    assert clean_text("Uma frase que termina com ponto.\nOutra.").metadata["title"] is None
    assert clean_text("Um título sem ponto\nTexto.").metadata["title"] == "Um título sem ponto"
    title = "谁拖了中国ChatGPT的后腿?"
    assert clean_text(f"{title}\n正文。").metadata["title"] == title


def test_empty_and_furniture_only_input() -> None:
    assert clean_text("").text == ""
    result = clean_text("qrCode\n0/400\n")
    assert result.text == "" and len(result.removed) == 2


# ----------------------------------------------------------------- rules files

def test_user_rules_extend_the_defaults(tmp_path: Path) -> None:
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text(
        "drop:\n"
        "  newsletter: 'Assine (?:a|nossa) newsletter.*'\n"
        "  qr-code:\n"
        "    - 'Leia o QR code.*'\n"
        "metadata:\n"
        "  editor: 'Edição\\s*:\\s*(?P<author>.+)'\n",
        encoding="utf-8",
    )
    rules = load_rules(rules_file)
    page = ("Título\nEdição: Maria\nTexto do artigo.\nAssine a newsletter grátis\n"
            "Leia o QR code para baixar\nqrCode\nComunidade\n")
    result = clean_text(page, rules=rules)
    assert result.paragraphs == ["Título", "Texto do artigo."]
    assert [(r.line, r.rule) for r in result.removed] == [
        (2, "editor"), (4, "newsletter"), (5, "qr-code"), (6, "qr-code"), (7, "community")]
    assert result.metadata["author"] == "Maria"
    # the default rules are untouched
    assert clean_text(page).paragraphs == [
        "Título", "Edição: Maria", "Texto do artigo.", "Assine a newsletter grátis",
        "Leia o QR code para baixar"]
    # replacing instead of extending: the default rules no longer apply
    only = load_rules(rules_file, replace=True)
    assert clean_text(page, rules=only).paragraphs == ["Título", "Texto do artigo.", "qrCode",
                                                      "Comunidade"]


def test_replace_defaults_in_file(tmp_path: Path) -> None:
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text("replace_defaults: true\nfooter:\n  end: '-- fim --'\n", "utf-8")
    rules = load_rules(rules_file)
    assert rules.names() == ["footer:end"]
    assert clean_text("A\nqrCode\n-- fim --\nB", rules=rules).paragraphs == ["A", "qrCode"]


# (rules file text, line of the error, words in the message): each a mistake a user makes.
BAD_RULES = [
    ("drop:\n  ok: 'fine'\n  broken: '(unclosed'\n", 3, "bad regular expression"),
    ("drop:\n  x:\n    - 'a'\n    - '[z-a]'\n", 4, "bad regular expression"),
    ("dorp:\n  x: 'a'\n", 1, "unknown key 'dorp'"),
    ("metadata:\n  by: 'Por (.+)'\n", 2, "named groups"),
    ("metadata:\n  by: 'Por (?P<autor>.+)'\n", 2, "unknown: autor"),
    ("drop:\n  x: ''\n", 2, "non-empty"),
    ("drop: [a, b]\n", 1, "must map rule names"),
    ("drop:\n  x: 'a'\n  - b\n", 3, "not valid YAML"),
    ("- just\n- a list\n", 1, "expected a mapping"),
    ("version: 2\n", 1, "unsupported rules version"),
    ("drop:\n  'bad name!': 'a'\n", 2, "rule name"),
]


@pytest.mark.parametrize(("text", "line", "words"), BAD_RULES)
def test_bad_rules_file(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_rules(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert words in message
    assert "\n" not in message


def test_missing_or_empty_rules_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_rules(tmp_path / "nope.yaml")
    (tmp_path / "empty.yaml").write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        load_rules(tmp_path / "empty.yaml")


def test_default_rules_marked_seen_match_a_raw_line() -> None:
    # Patterns commented "# seen" in the default rules claim to match a seed page line.
    rules = default_rules()
    assert {"footer:view-original", "drop:language-menu", "metadata:source"} <= set(rules.names())
    source = (ROOT / "src" / "align" / "data" / "clean_rules.yaml").read_text("utf-8")
    seen = [m.group(1) for m in re.finditer(r"^\s*- '(.*)'\s*# seen", source, flags=re.M)]
    assert len(seen) >= 20
    raw_lines = {" ".join(x.split()) for doc in DOCS for x in read_text(raw_path(doc)).split("\n")}
    for pattern in seen:
        assert any(re.fullmatch(pattern, x) for x in raw_lines), pattern


# ----------------------------------------------------------------- properties

_line = st.one_of(
    st.text(alphabet="abc XYZ.。|-:\t\u00a0", max_size=30),
    st.sampled_from(["0/400", "qrCode", "Ver original", "Autor: Ana", "| --- | --- |", "abc."]),
)


@given(st.lists(_line, max_size=25))
def test_clean_only_drops_moves_and_rewhitespaces_lines(lines: list[str]) -> None:
    page = "\n".join(lines)
    result = clean_text(page)
    inputs = {" ".join(x.split()) for x in lines}
    text = result.text
    assert text == "" or (text.endswith("\n") and "\n\n\n" not in text)
    for out_line in text.split("\n"):
        assert out_line == out_line.strip()
        if out_line and not out_line.startswith("|"):
            assert out_line in inputs
    # cleaning is idempotent
    assert clean_text(text).text == text


# ----------------------------------------------------------------- CLI

def test_cli_prints_clean_text_and_summary() -> None:
    doc = "003-general-vs-industry-models"
    result = runner.invoke(app, ["clean", str(raw_path(doc))])
    assert result.exit_code == 0, result.output
    assert result.stdout == (CORPORA / doc / "ja.txt").read_text(encoding="utf-8")
    assert "lines removed" in result.stderr and "language-menu 14" in result.stderr
    assert "[qr-code]" not in result.stderr  # only with --report


def test_cli_report_and_json_report(tmp_path: Path) -> None:
    doc = "000-ai-vision-large-models"
    out, rep = tmp_path / "pt.txt", tmp_path / "report.json"
    result = runner.invoke(app, ["clean", str(raw_path(doc)), "-o", str(out), "--report",
                                 "--json-report", str(rep)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == (CORPORA / doc / "pt.txt").read_text("utf-8")
    assert f"{raw_path(doc)}:133: [qr-code] qrCode" in result.stderr
    data = json.loads(rep.read_text(encoding="utf-8"))
    assert data["metadata"]["author"] == "Shen Yiran"
    assert {"line": 123, "rule": "view-original", "text": "Ver original"} in data["removed"]
    assert data["counts"]["language-menu"] == 14


def test_cli_quiet_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("keep me", encoding="utf-8")
    path = str(raw_path("002-ai-large-model-startups"))
    result = runner.invoke(app, ["clean", path, "-o", str(out)])
    assert result.exit_code == 2 and out.read_text(encoding="utf-8") == "keep me"
    assert "--force" in result.stderr
    result = runner.invoke(app, ["clean", path, "-o", str(out), "--force", "--quiet"])
    assert result.exit_code == 0 and result.stderr == ""
    assert out.read_text(encoding="utf-8").startswith("ChatGPT热潮涌动")


def test_cli_user_rules(tmp_path: Path) -> None:
    rules = tmp_path / "r.yaml"
    rules.write_text("drop:\n  heading: '结尾[:：]'\n", encoding="utf-8")
    path = str(raw_path("002-ai-large-model-startups"))
    result = runner.invoke(app, ["clean", path, "--rules", str(rules), "--report"])
    assert result.exit_code == 0
    assert "结尾:" not in result.stdout.split("\n")
    assert ":53: [heading] 结尾:" in result.stderr
    assert "[wechat-byline]" in result.stderr  # the defaults still apply


def test_cli_bad_rules_is_usage_error(tmp_path: Path) -> None:
    rules = tmp_path / "r.yaml"
    rules.write_text("drop:\n  x: '(['\n", encoding="utf-8")
    result = runner.invoke(app, ["clean", str(raw_path("002-ai-large-model-startups")),
                                 "--rules", str(rules)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"align: error: {rules}:2: ")
    assert result.stdout == ""


def test_cli_replace_rules_needs_rules() -> None:
    result = runner.invoke(app, ["clean", str(raw_path("002-ai-large-model-startups")),
                                 "--replace-rules"])
    assert result.exit_code == 2
    assert "--replace-rules needs --rules" in result.stderr
