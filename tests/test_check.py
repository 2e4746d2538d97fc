"""`align check`: rules, planted violations, readers, report formats, baseline, exit codes."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPORA, GLOSSARIES
from conftest import run_cli as _invoke

from align.check import (
    Baseline,
    Document,
    Unit,
    check_document,
    check_documents,
    format_report,
    load_documents,
)
from align.errors import InputError
from align.glossary import load_glossary

PROJECT = GLOSSARIES / "align-terms.tsv"
BASELINE = GLOSSARIES / "align-terms.baseline.json"


@pytest.fixture(scope="module")
def glossary():  # type: ignore[no-untyped-def]
    return load_glossary(PROJECT)


# --------------------------------------------------------------------------- planted set

# (src_lang, tgt_lang, source, target, planted violations as {(rule, entry)}).
# Clean rows exercise the traps from issue 4 (plurals, SAMPLE vs SAM, script variants,
# full-width text); planted rows carry exactly the violations written next to them.
PLANTED: list[tuple[str, str, str, str, set[tuple[str, str]]]] = [
    # clean
    (
        "zh-Hant",
        "en",
        "通用大模型會把「槍機」形態的網絡攝影機直譯錯。",
        "A general-purpose large model mistranslates the box camera form of network cameras.",
        set(),
    ),
    (
        "zh-Hans",
        "en",
        "商汤和云从都发布了行业大模型。",
        "SenseTime and CloudWalk both released industry models.",
        set(),
    ),
    (
        "zh-Hans",
        "pt",
        "海康威视和宇视是传统安防企业。",
        "A Hikvision e a Uniview são empresas tradicionais de segurança.",
        set(),
    ),
    ("zh-Hans", "en", "SAM是一个大模型。", "SAM is a large model.", set()),
    (
        "ja",
        "en",
        "業界大規模モデルは汎用大規模モデルより安い。",
        "Industry models are cheaper than general-purpose large models.",
        set(),
    ),
    (
        "en",
        "pt",
        "The box cameras feed an industry model.",
        "As câmeras tipo caixa alimentam um modelo da indústria.",
        set(),
    ),
    (
        "en",
        "zh-Hant",
        "iFlytek and Mobvoi build edge computing products.",
        "科大訊飛和出門問問做邊緣計算產品。",
        set(),
    ),
    (
        "zh-Hans",
        "id",
        "虎嗅报道了零一万物和月之暗面。",
        "Huxiu melaporkan 01.AI dan Moonshot AI.",
        set(),
    ),
    ("en", "ja", "SenseTime released SenseNova.", "センスタイムはSenseNovaを発表した。", set()),
    (
        "en",
        "pt",
        "The SAMPLE shows a gunmetal camera.",
        "A AMOSTRA mostra uma câmera cinza.",
        set(),
    ),
    ("zh-Hans", "en", "大模型改变了行业。", "Large models changed the industry.", set()),
    ("zh-Hans", "en", "ＳＡＭ和行業大模型", "SAM and the industry model", set()),
    # planted
    ("zh-Hant", "en", "宇視的槍機", "Uniview's gun camera", {("forbidden-term", "box-camera")}),
    (
        "zh-Hans",
        "en",
        "行业大模型落地",
        "industrial model deployment",
        {("forbidden-term", "industry-large-model")},
    ),
    (
        "zh-Hans",
        "en",
        "商汤发布了日日新。",
        "Shangtang Technology released SenseNova.",
        {("forbidden-term", "sensetime")},
    ),
    (
        "zh-Hans",
        "en",
        "海康威视发布了新相机。",
        "Kangweishi launched a camera.",
        {("forbidden-term", "hikvision")},
    ),
    (
        "zh-Hans",
        "en",
        "云从科技发布了模型。",
        "The company released a model.",
        {("missing-term", "cloudwalk")},
    ),
    ("en", "pt", "Two box cameras.", "Duas câmeras de arma.", {("forbidden-term", "box-camera")}),
    ("ja", "en", "科大訊飛の発表", "HKUST Xunfei's announcement", {("forbidden-term", "iflytek")}),
    ("en", "id", "Huxiu reported it.", "Tiger Sniff melaporkannya.", {("forbidden-term", "huxiu")}),
    ("zh-Hans", "en", "ＳＡＭ模型", "The sam model", {("missing-term", "sam")}),
    ("zh-Hans", "en", "智谱和百川", "Zhipu Al and Baichuan", {("forbidden-term", "zhipu-ai")}),
    ("zh-Hans", "en", "钛媒体报道", "Titanium Media reported", {("forbidden-term", "tmtpost")}),
    (
        "en",
        "en",
        "no source term here",
        "Titanium Media and Tiger Sniff",  # target-only slips
        {("forbidden-term", "tmtpost"), ("forbidden-term", "huxiu")},
    ),
    ("zh-Hans", "en", "商汤、旷视和依图", "SenseTime, Megvii and Yitu Tech", set()),
    ("zh-Hans", "en", "商汤、旷视和依图", "SenseTime and Megvii", {("missing-term", "yitu")}),
]


# More planted rows: other target languages, inflected forbidden variants, and one
# document (rows sharing a doc name) for the consistency rule.
PLANTED_MORE: list[tuple[str, str, str, str, set[tuple[str, str]], str | None]] = [
    (
        "en",
        "ja",
        "The industry model is cheap.",
        "インダストリモデルは安い。",
        {("forbidden-term", "industry-large-model")},
        None,
    ),
    (
        "en",
        "pt",
        "Industry models are everywhere.",
        "Modelos industriais estão por toda parte.",
        {("forbidden-term", "industry-large-model")},
        None,
    ),
    ("en", "id", "01.AI and Baichuan", "Nol Satu Segalanya dan Baichuan", {("forbidden-term", "01-ai")}, None),
    ("zh-Hans", "ja", "依图发布了产品。", "Yituが製品を発表した。", set(), None),
    ("zh-Hant", "pt", "商湯的日日新", "O SenseNova da SenseTime", set(), None),
    ("ja", "en", "汎用大規模モデルと業界モデル", "general-purpose large models and industry models", set(), None),
    (
        "en",
        "ja",
        "Edge computing needs computing power.",
        "エッジコンピューティングには計算能力が必要だ。",
        set(),
        None,
    ),
    ("en", "zh-Hans", "Hikvision box cameras", "海康威视的枪机", set(), None),
    ("en", "zh-Hant", "Hikvision box cameras", "海康威視的槍機", set(), None),
    ("en", "pt", "machine-vision companies", "empresas de visão de máquina", set(), None),
    ("zh-Hans", "en", "行业大模型很重要。", "The industry model matters.", set(), "d1"),
    (
        "zh-Hans",
        "en",
        "行业大模型很便宜。",
        "The industry-specific model is cheap.",
        {("inconsistent-term", "industry-large-model")},
        "d1",
    ),
    ("zh-Hans", "en", "行业模型很便宜。", "The industry-specific model is cheap.", set(), "d1"),
]


def _evaluate(glossary) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    rows = [(*r, None) for r in PLANTED] + PLANTED_MORE
    planted: set[tuple[int, str, str]] = set()
    found: set[tuple[int, str, str]] = set()
    for i, (sl, tl, src, tgt, expected, doc_name) in enumerate(rows):
        planted |= {(i, rule, entry) for rule, entry in expected}
        if doc_name is not None:
            continue
        doc = Document(f"row{i}", [Unit(tgt=tgt, src=src, line=i + 1, doc=f"row{i}")], tl, sl)
        violations, _ = check_document(doc, glossary)
        found |= {(i, v.rule, v.entry_id) for v in violations}
    grouped: dict[tuple[str, str, str], list[int]] = {}
    for i, row in enumerate(rows):
        if row[5] is not None:
            grouped.setdefault((row[5], row[0], row[1]), []).append(i)
    for (name, sl, tl), idx in grouped.items():
        units = [Unit(tgt=rows[i][3], src=rows[i][2], line=i + 1, doc=name) for i in idx]
        violations, _ = check_document(Document(name, units, tl, sl), glossary)
        found |= {(v.line - 1, v.rule, v.entry_id) for v in violations}
    tp = len(planted & found)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(planted) if planted else 1.0
    return precision, recall, len(planted)


def test_planted_violations_precision_and_recall(glossary) -> None:  # type: ignore[no-untyped-def]
    precision, recall, n = _evaluate(glossary)
    print(f"planted set: {n} violations, precision {precision:.0%}, recall {recall:.0%}")
    assert n >= 18
    assert (precision, recall) == (1.0, 1.0)


def test_inconsistent_rendering_within_a_document(glossary) -> None:  # type: ignore[no-untyped-def]
    units = [
        Unit("The industry model matters.", "行业大模型很重要。", 1, "d"),
        Unit("The industry-specific model is cheap.", "行业大模型很便宜。", 2, "d"),
        Unit("Industry models again.", "行业大模型。", 3, "d"),
    ]
    violations, _ = check_document(Document("d.tsv", units, "en", "zh-Hans"), glossary)
    assert [(v.rule, v.line, v.found, v.expected) for v in violations] == [
        ("inconsistent-term", 2, "industry-specific model", ("industry model",))
    ]
    # a different document may choose the other rendering
    other = [Unit("The industry-specific model is cheap.", "行业大模型很便宜。", 1, "e")]
    assert check_document(Document("e.tsv", other, "en", "zh-Hans"), glossary)[0] == []


def test_monolingual_flags_forbidden_only(glossary) -> None:  # type: ignore[no-untyped-def]
    units = [
        Unit("Tiger Sniff says SenseTime and Shangtang Technology differ."),
        Unit("No glossary slips here, only Huxiu."),
    ]
    violations, stats = check_document(Document("d.txt", units, "en"), glossary)
    assert [(v.rule, v.entry_id, v.found, v.column) for v in violations] == [
        ("forbidden-term", "huxiu", "Tiger Sniff", 1),
        ("forbidden-term", "sensetime", "Shangtang Technology", 32),
    ]
    assert stats["preferred"] == 2 and stats["forbidden"] == 2


def test_seed_articles_monolingual_finds_the_real_slips(glossary) -> None:  # type: ignore[no-untyped-def]
    specs = [f"{lang}:{next((CORPORA / d / 'raw').glob('*.txt'))}" for d, lang in SEEDS]
    docs, _ = load_documents(specs)
    found = {(v.lang, v.found) for v in check_documents(docs, glossary).violations}
    # slips named in issue 4 plus ones read in the articles (pt, ja, id, zh-Hans, zh-Hant)
    for slip in [
        ("pt", "Shangtang Technology"),
        ("pt", "Yuncong Technology"),
        ("pt", "Kangweishi"),
        ("pt", "modelo industrial de grande escala"),
        ("id", "Tiger Sniff"),
        ("id", "HKUST Xunfei"),
        ("id", "Teknologi Yuncong"),
        ("id", "Keluar dan tanyakan"),
        ("id", "Wenxin Yiyan"),
        ("id", "Zhipu Al"),
        ("ja", "Titanium Media App"),
        ("ja", "Wenxinyiyan"),
        ("ja", "大型模型"),
        ("ja", "インダストリ モデル"),
        ("zh-Hans", "计算器视觉"),
        ("zh-Hant", "套用"),
    ]:
        assert slip in found, slip
    assert not any(v.found in ("SenseTime", "Huxiu", "Hikvision") for v in check_documents(docs, glossary).violations)


SEEDS = [
    ("000-ai-vision-large-models", "pt"),
    ("001-uniview-li-congting-interview", "zh-Hant"),
    ("002-ai-large-model-startups", "zh-Hans"),
    ("003-general-vs-industry-models", "ja"),
    ("004-chatgpt-half-year", "id"),
]


# --------------------------------------------------------------------------- readers


def _write_pairs(tmp: Path) -> dict[str, Path]:
    from translate.storage import po, tmx, xliff

    files = {}
    t = tmx.tmxfile(sourcelanguage="zh-Hant", targetlanguage="en")
    t.addsourceunit("宇視的槍機").target = "Uniview's gun camera"
    files["tmx"] = tmp / "a.tmx"
    files["tmx"].write_bytes(bytes(t))
    x = xliff.xlifffile(sourcelanguage="zh-Hans", targetlanguage="en")
    x.addsourceunit("行业大模型").target = "industrial model"
    files["xlf"] = tmp / "a.xlf"
    files["xlf"].write_bytes(bytes(x))
    p = po.pofile()
    p.addsourceunit("box camera").target = "câmera de arma"
    files["po"] = tmp / "a.po"
    files["po"].write_bytes(bytes(p))
    files["tsv"] = tmp / "a.tsv"
    files["tsv"].write_text("云从科技\tThe company\n\n商汤\tSenseTime\n", encoding="utf-8")
    files["jsonl"] = tmp / "a.jsonl"
    files["jsonl"].write_text(
        json.dumps(
            {"src": "虎嗅", "tgt": "Tiger Sniff", "src_lang": "zh-Hans", "tgt_lang": "en"},
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    return files


def test_every_pair_format(tmp_path: Path, glossary) -> None:  # type: ignore[no-untyped-def]
    f = _write_pairs(tmp_path)
    cases = [
        ("tmx", {}, ("forbidden-term", "box-camera")),
        ("xlf", {}, ("forbidden-term", "industry-large-model")),
        ("po", {"src_lang": "en", "tgt_lang": "pt"}, ("forbidden-term", "box-camera")),
        ("tsv", {"src_lang": "zh-Hans", "tgt_lang": "en"}, ("missing-term", "cloudwalk")),
        ("jsonl", {}, ("forbidden-term", "huxiu")),
    ]
    for kind, langs, expected in cases:
        docs, _ = load_documents([str(f[kind])], **langs)
        result = check_documents(docs, glossary)
        assert [(v.rule, v.entry_id) for v in result.violations] == [expected], kind
    docs, _ = load_documents([str(f["tsv"])], src_lang="zh-Hans", tgt_lang="en")
    assert [v.line for v in check_documents(docs, glossary).violations] == [1]
    # line numbers point at the unit in the file (TMX <tu>, PO entry)
    for kind, langs in (("tmx", {}), ("po", {"src_lang": "en", "tgt_lang": "pt"})):
        docs, _ = load_documents([str(f[kind])], **langs)
        (v,) = check_documents(docs, glossary).violations
        assert v.line > 1
        text = f[kind].read_text(encoding="utf-8").splitlines()
        assert ("<tu" in text[v.line - 1]) if kind == "tmx" else text[v.line - 1].startswith("msgid")


def test_parallel_files_and_line_mismatch(tmp_path: Path, glossary) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "zh-Hans.txt").write_text("海康威视\n商汤\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Kangweishi\nSenseTime\n", encoding="utf-8")
    docs, _ = load_documents([], source=str(tmp_path / "zh-Hans.txt"), target=str(tmp_path / "en.txt"))
    assert (docs[0].src_lang, docs[0].tgt_lang) == ("zh-Hans", "en")
    assert [(v.line, v.entry_id) for v in check_documents(docs, glossary).violations] == [(1, "hikvision")]
    (tmp_path / "en.txt").write_text("Kangweishi\n", encoding="utf-8")
    with pytest.raises(InputError, match="source has 2 lines but target has 1"):
        load_documents([], source=str(tmp_path / "zh-Hans.txt"), target=str(tmp_path / "en.txt"))


def test_directory_takes_pair_files_and_language_named_texts(tmp_path: Path) -> None:
    (tmp_path / "doc" / "raw").mkdir(parents=True)
    (tmp_path / "doc" / "pt.txt").write_text("A Shangtang Technology.\n", encoding="utf-8")
    (tmp_path / "doc" / "raw" / "x_123.txt").write_text("sem língua\n", encoding="utf-8")
    (tmp_path / ".hidden.tsv").write_text("a\tb\n", encoding="utf-8")
    docs, skipped = load_documents([str(tmp_path)])
    assert [(Path(d.path).name, d.tgt_lang) for d in docs] == [("pt.txt", "pt")]
    assert [p.name for p in skipped] == ["x_123.txt"]


@pytest.mark.parametrize(
    ("specs", "kwargs", "message"),
    [
        (["nope.tsv"], {}, "nope.tsv: no such file or directory"),
        (["{tmp}/a.tsv"], {}, "target language unknown; pass --tgt-lang"),
        (["{tmp}/plain.txt"], {}, "cannot tell the language of this document"),
        (["{tmp}/bad.jsonl"], {}, "bad.jsonl:1: not valid JSON"),
        (
            ["{tmp}/notab.tsv"],
            {"src_lang": "en", "tgt_lang": "pt"},
            "notab.tsv:1: expected source<TAB>target",
        ),
        ([], {}, "nothing to check"),
        (
            ["{tmp}/a.tsv"],
            {"src_lang": "klingon", "tgt_lang": "en"},
            "bad language tag 'klingon'",
        ),
    ],
)
def test_bad_inputs(tmp_path: Path, specs: list[str], kwargs: dict[str, str], message: str) -> None:
    (tmp_path / "a.tsv").write_text("x\ty\n", encoding="utf-8")
    (tmp_path / "plain.txt").write_text("hello\n", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    (tmp_path / "notab.tsv").write_text("no tab here\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_documents([s.format(tmp=tmp_path) for s in specs], **kwargs)
    assert message in str(exc.value) and "\n" not in str(exc.value)


# --------------------------------------------------------------------------- reports


def _result(glossary):  # type: ignore[no-untyped-def]
    units = [
        Unit("Uniview's gun camera", "宇視的槍機", 3, "a"),
        Unit("The company", "云从科技", 4, "a"),
    ]
    return check_documents([Document("a.tsv", units, "en", "zh-Hant")], glossary)


def test_text_report_format(glossary) -> None:  # type: ignore[no-untyped-def]
    text = format_report(_result(glossary), "text")
    assert text.splitlines() == [
        'a.tsv:3: forbidden-term: 槍機 -> "box camera" | "box-type camera", found "gun camera" (box-camera, en)',
        'a.tsv:4: missing-term: 云从科技 -> "CloudWalk" | "CloudWalk Technology", found none (cloudwalk, en)',
    ]


def test_json_github_junit_reports(glossary) -> None:  # type: ignore[no-untyped-def]
    result = _result(glossary)
    data = json.loads(format_report(result, "json", glossary="g.tsv"))
    assert data["summary"]["violations"] == 2
    by_rule = data["summary"]["by_rule"]
    assert {r: by_rule[r] for r in ("missing-term", "forbidden-term", "inconsistent-term")} == {
        "missing-term": 1,
        "forbidden-term": 1,
        "inconsistent-term": 0,
    }
    assert sum(by_rule.values()) == 2 and "number-mismatch" in by_rule  # every rule that ran
    assert data["violations"][0]["found"] == "gun camera"
    gh = format_report(result, "github").splitlines()
    assert gh[0].startswith("::error file=a.tsv,line=3,col=11,title=align check forbidden-term::")
    root = ET.fromstring(format_report(result, "junit"))
    assert root.get("failures") == "1"
    assert root.find("testsuite/testcase/failure") is not None


def test_baseline_accepts_known_violations_only(glossary, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = _result(glossary)
    path = tmp_path / "b.json"
    path.write_text(Baseline.from_violations(result.violations).dumps(), encoding="utf-8")
    assert Baseline.load(path).counts == Baseline.from_violations(result.violations).counts
    base = Baseline.from_violations(result.violations)
    new, accepted = base.filter(result.violations)
    assert (new, accepted) == ([], 2)
    # one more occurrence of the same slip is new: baselines count occurrences
    units = [Unit("Uniview's gun camera", "宇視的槍機", 9, "a")] * 2
    more = check_documents([Document("a.tsv", units, "en", "zh-Hant")], glossary, baseline=base)
    assert (len(more.violations), more.baselined) == (1, 1)


# --------------------------------------------------------------------------- CLI


def test_cli_exit_codes(tmp_path: Path) -> None:
    clean = tmp_path / "clean.tsv"
    clean.write_text("商汤\tSenseTime\n", encoding="utf-8")
    dirty = tmp_path / "dirty.tsv"
    dirty.write_text("商汤\tShangtang\n", encoding="utf-8")
    base = ["-g", str(PROJECT), "-s", "zh-Hans", "-t", "en"]
    code, out, err = _invoke(["check", str(clean), *base])
    assert (code, out) == (0, "") and "0 violations" in err
    code, out, err = _invoke(["check", str(dirty), *base])
    assert code == 1 and "dirty.tsv:1: forbidden-term" in out and "1 violation" in err
    code, out, err = _invoke(["check", str(dirty), *base, "--format", "yaml"])
    assert code == 2 and out == "" and "unknown --format 'yaml'" in err


def test_cli_bad_glossary_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "g.tsv"
    bad.write_text("entry\ten\ten:forbidden\na\tx\tx\n", encoding="utf-8")
    doc = tmp_path / "en.txt"
    doc.write_text("x\n", encoding="utf-8")
    report = tmp_path / "report.txt"
    code, out, err = _invoke(["check", str(doc), "-g", str(bad), "-o", str(report)])
    assert code == 2 and out == "" and "g.tsv:2:" in err
    assert not report.exists()


def test_cli_runtime_failure_is_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import align.check

    def boom(*args: object, **kwargs: object) -> None:
        raise align.errors.BackendError("matcher crashed")

    monkeypatch.setattr(align.check, "check_documents", boom)
    doc = tmp_path / "en.txt"
    doc.write_text("x\n", encoding="utf-8")
    code, out, err = _invoke(["check", str(doc), "-g", str(PROJECT)])
    assert code == 3 and "matcher crashed" in err


def test_cli_baseline_round_trip(tmp_path: Path) -> None:
    doc = tmp_path / "id.txt"
    doc.write_text("Tiger Sniff melaporkan.\n", encoding="utf-8")
    base = tmp_path / "base.json"
    args = ["check", str(doc), "-g", str(PROJECT), "--baseline", str(base)]
    code, _, _ = _invoke([*args, "--update-baseline"])
    assert code == 0 and json.loads(base.read_text())["violations"][0]["entry"] == "huxiu"
    code, out, err = _invoke(args)
    assert (code, out) == (0, "") and "1 accepted by the baseline" in err
    doc.write_text("Tiger Sniff melaporkan.\nHKUST Xunfei juga.\n", encoding="utf-8")
    code, out, _ = _invoke(args)
    assert code == 1 and len(out.splitlines()) == 1
    assert ":2: forbidden-term:" in out and "(iflytek, id)" in out


# The project's CI command (docs/check.md, .ci/run): the whole corpus, the four
# line-aligned seed/English pairs, the committed baseline.
CI_PAIRS = [(d, lang) for d, lang in SEEDS if d != "004-chatgpt-half-year"]  # 004 is not line-aligned
CI_ARGS = [
    "check",
    "corpora",
    "-g",
    "glossaries/align-terms.tsv",
    "--baseline",
    "glossaries/align-terms.baseline.json",
    *[a for d, lang in CI_PAIRS for a in ("--source", f"corpora/{d}/{lang}.txt", "--target", f"corpora/{d}/en.txt")],
]
REPORT_ARGS = [
    "check",
    "-g",
    "glossaries/align-terms.tsv",
    *[f"corpora/{d}/{lang}.txt" for d, lang in SEEDS],
]


def _strip_lines(report: str) -> list[str]:
    """Report lines without their line numbers (robust to edits that only move text)."""
    return sorted(re.sub(r"^([^:]+):\d+:", r"\1:", line) for line in report.splitlines())


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPORA.parent)


@pytest.mark.usefixtures("in_repo")
def test_ci_command_passes_on_the_committed_corpus() -> None:
    if not all((CORPORA / d / f"{lang}.txt").exists() for d, lang in SEEDS):
        pytest.skip("cleaned corpus files not present")
    code, out, err = _invoke(CI_ARGS)
    assert (code, out) == (0, ""), err
    assert "accepted by the baseline" in err
    # without the baseline, the accepted slips are reported (and some English ones)
    code, out, _ = _invoke(CI_ARGS[:4] + CI_ARGS[6:])
    assert code == 1 and "corpora/000-ai-vision-large-models/en.txt:" in out


@pytest.mark.usefixtures("in_repo")
def test_committed_report_is_current() -> None:
    if not all((CORPORA / d / f"{lang}.txt").exists() for d, lang in SEEDS):
        pytest.skip("cleaned corpus files not present")
    code, out, _ = _invoke(REPORT_ARGS)
    committed = (CORPORA.parent / "reports" / "glossary-check.txt").read_text(encoding="utf-8")
    assert code == 1
    assert _strip_lines(out) == _strip_lines(committed), "regenerate it (docs/check.md)"


def test_several_parallel_pairs_and_directory_walk(tmp_path: Path, glossary) -> None:  # type: ignore[no-untyped-def]
    for doc, src, tgt in [("a", "海康威视", "Kangweishi"), ("b", "商汤", "Shangtang")]:
        (tmp_path / doc).mkdir()
        (tmp_path / doc / "zh-Hans.txt").write_text(src + "\n", encoding="utf-8")
        (tmp_path / doc / "en.txt").write_text(tgt + "\n", encoding="utf-8")
    pairs = [(str(tmp_path / d / "zh-Hans.txt"), str(tmp_path / d / "en.txt")) for d in "ab"]
    docs, _ = load_documents([str(tmp_path)], parallel=pairs)
    # two pairs, plus the two sources on their own; the targets are not checked twice
    kinds = sorted((Path(d.path).parent.name, Path(d.path).name, d.monolingual) for d in docs)
    assert kinds == [
        ("a", "en.txt", False),
        ("a", "zh-Hans.txt", True),
        ("b", "en.txt", False),
        ("b", "zh-Hans.txt", True),
    ]
    found = sorted(v.entry_id for v in check_documents(docs, glossary).violations)
    assert found == ["hikvision", "sensetime"]


def test_cli_unpaired_source_is_usage_error(tmp_path: Path) -> None:
    f = tmp_path / "en.txt"
    f.write_text("x\n", encoding="utf-8")
    code, out, err = _invoke(["check", "-g", str(PROJECT), "--source", str(f)])
    assert code == 2 and "1 --source but 0 --target" in err


def test_pre_commit_hooks_file() -> None:
    import re

    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((CORPORA.parent / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["align-check"]["entry"].startswith("align check")
    assert hooks["align-glossary-validate"]["entry"] == "align glossary validate"
    check_files = re.compile(hooks["align-check"]["files"])
    # which paths pre-commit would hand to `align check` (relative, as pre-commit passes them)
    for path, taken in [
        ("corpora/002-ai-large-model-startups/zh-Hans.txt", True),
        ("build/pairs.tmx", True),
        ("docs/check.md", False),
        ("corpora/000-ai-vision-large-models/raw/000_8e528c8422b53a25.txt", False),
    ]:
        assert bool(check_files.search(path)) is taken, path
    validate = hooks["align-glossary-validate"]
    assert re.search(validate["files"], "glossaries/align-terms.tsv")
    assert re.search(validate["exclude"], "glossaries/align-terms.baseline.json")


def test_cli_bad_input_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "zh-Hans.txt").write_text("商汤\n海康威视\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Shangtang\n", encoding="utf-8")
    report = tmp_path / "report.json"
    base = tmp_path / "base.json"
    code, out, err = _invoke(
        [
            "check",
            "-g",
            str(PROJECT),
            "--source",
            str(tmp_path / "zh-Hans.txt"),
            "--target",
            str(tmp_path / "en.txt"),
            "--format",
            "json",
            "-o",
            str(report),
        ]
    )
    assert code == 2 and out == "" and "source has 2 lines but target has 1" in err
    assert len(err.strip().splitlines()) == 1
    code, _, _ = _invoke(
        [
            "check",
            "-g",
            str(PROJECT),
            str(tmp_path / "nope.tsv"),
            "--baseline",
            str(base),
            "--update-baseline",
        ]
    )
    assert code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en.txt", "zh-Hans.txt"]


def test_baseline_notes_survive_update(tmp_path) -> None:
    from align.check import Baseline

    key = ("a.txt", "forbidden-term", "huxiu", "en", "tiger sniff", "")
    base = Baseline(Counter({key: 2}), {key: "quoted on purpose"})
    path = tmp_path / "b.json"
    path.write_text(base.dumps(), encoding="utf-8")
    loaded = Baseline.load(path)
    assert loaded.counts == base.counts and loaded.notes == {key: "quoted on purpose"}
    assert json.loads(path.read_text())["violations"][0]["note"] == "quoted on purpose"


def test_reads_align_pair_jsonl_output(tmp_path: Path) -> None:
    # `align pair --format jsonl` keeps ids in src/tgt and the texts in source/target.
    from align.check import read_jsonl_pairs

    path = tmp_path / "pt-en.jsonl"
    path.write_text(
        json.dumps({"src": [0, 1], "tgt": [0], "kind": "2-1", "score": 0.9,
                    "source": "A Shangtang Technology cresceu.", "target": "Shangtang grew."}) + "\n",
        encoding="utf-8",
    )
    units, _, _ = read_jsonl_pairs(path)
    assert [(u.src, u.tgt) for u in units] == [("A Shangtang Technology cresceu.", "Shangtang grew.")]
