"""Issue 12 acceptance: languages and regional variants kept through every command.

A corpus folder with pt-BR, pt-PT, de and ko versions beside en aligns all four pairs;
TMX and the published dataset keep pt-BR / pt-PT; a glossary with pt-BR, pt-PT and de
columns validates and checks each file against its own column; bad tags exit 2 with one
line naming the file and line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from align.cli import app
from align.errors import AlignError

runner = CliRunner()

# Written for these tests: one short article in five languages (two Portuguese variants).
VERSIONS = {
    "en": "The bus leaves at eight. Maria takes it every morning.\nShe works at the museum.\n",
    "pt-BR": "O ônibus sai às oito. Maria o pega toda manhã.\nEla trabalha no museu.\n",
    "pt-PT": "O autocarro parte às oito. A Maria apanha-o todas as manhãs.\n"
             "Ela trabalha no museu.\n",
    "de": "Der Bus fährt um acht. Maria nimmt ihn jeden Morgen.\nSie arbeitet im Museum.\n",
    "ko": "버스는 여덟 시에 떠난다. 마리아는 매일 아침 그것을 탄다.\n그녀는 박물관에서 일한다.\n",
}


def invoke(args: list[str]) -> tuple[int, str, str]:
    """Run the app as ``align.cli.main`` does: an AlignError is one line and its code."""
    r = runner.invoke(app, args)
    if isinstance(r.exception, AlignError):
        return r.exception.exit_code, r.stdout, r.stderr + f"align: error: {r.exception}\n"
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    doc = tmp_path / "corpora" / "bus"
    doc.mkdir(parents=True)
    for lang, text in VERSIONS.items():
        (doc / f"{lang}.txt").write_text(text, encoding="utf-8")
    return tmp_path / "corpora"


def test_corpus_aligns_every_variant_and_tmx_keeps_tags(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "aligned"
    # no meta.json: the original language comes from --original
    code, _, err = invoke(["corpus", str(corpus), "--out", str(out), "--original", "en",
                           "--format", "tmx", "--encoder", "none", "--no-cache", "-q"])
    assert code == 0, err
    files = sorted(p.name for p in (out / "bus").iterdir())
    assert files == ["en-de.tmx", "en-ko.tmx", "en-pt-BR.tmx", "en-pt-PT.tmx"]
    br = (out / "bus" / "en-pt-BR.tmx").read_text(encoding="utf-8")
    pt = (out / "bus" / "en-pt-PT.tmx").read_text(encoding="utf-8")
    assert 'xml:lang="pt-BR"' in br and "ônibus" in br
    assert 'xml:lang="pt-PT"' in pt and "autocarro" in pt
    assert 'xml:lang="ko"' in (out / "bus" / "en-ko.tmx").read_text(encoding="utf-8")


def test_corpus_without_meta_or_original_names_the_folder(corpus: Path, tmp_path: Path) -> None:
    code, _, err = invoke(["corpus", str(corpus), "--out", str(tmp_path / "o"), "--encoder",
                           "none"])
    assert code == 2 and "bus/meta.json: missing" in err


def test_two_files_for_one_tag_are_an_error_naming_both(corpus: Path, tmp_path: Path) -> None:
    (corpus / "bus" / "pt_BR.txt").write_text(VERSIONS["pt-BR"], encoding="utf-8")
    code, _, err = invoke(["corpus", str(corpus), "--out", str(tmp_path / "o"), "--original",
                           "en", "--encoder", "none"])
    assert code == 2
    assert "'pt-BR.txt' and 'pt_BR.txt' are both language 'pt-BR'" in err
    assert len(err.strip().splitlines()) == 1


def test_published_dataset_keeps_variants(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("datasets")
    from align.publish import build_dataset, collect_aligned

    out = tmp_path / "aligned"
    code, _, err = invoke(["corpus", str(corpus), "--out", str(out), "--original", "en",
                           "--format", "jsonl", "--encoder", "none", "--no-cache", "-q"])
    assert code == 0, err
    pairs = collect_aligned([out])
    assert {(p.src_lang, p.tgt_lang) for p in pairs} == {
        ("en", "de"), ("en", "ko"), ("en", "pt-BR"), ("en", "pt-PT")}
    result = build_dataset(pairs, tmp_path / "ds", name="bus")
    assert sorted(result.configs) == ["en-de", "en-ko", "en-pt-BR", "en-pt-PT"]
    card = (tmp_path / "ds" / "README.md").read_text(encoding="utf-8")
    header = card.split("---")[1]
    # the hub wants ISO codes in language:, configs keep the variants
    assert "- pt\n" in header and "pt-BR" not in header.split("configs:")[0]
    assert "config_name: en-pt-BR" in header and "config_name: en-pt-PT" in header
    tmx = (tmp_path / "ds" / "tmx" / "en-pt-PT.tmx").read_text(encoding="utf-8")
    assert 'xml:lang="pt-PT"' in tmx


GLOSSARY = (
    "entry\tpt-BR\tpt-BR:forbidden\tpt-PT\tpt-PT:forbidden\tde\ten\n"
    "bus\tônibus\tautocarro\tautocarro\tônibus\tBus\tbus\n"
    "museum\tmuseu\t\tmuseu\t\tMuseum\tmuseum\n"
)


def test_glossary_with_variant_columns_checks_each_file_against_its_column(
        corpus: Path, tmp_path: Path) -> None:
    gloss = tmp_path / "g.tsv"
    gloss.write_text(GLOSSARY, encoding="utf-8")
    code, out, err = invoke(["glossary", "validate", str(gloss)])
    assert code == 0, err
    doc = corpus / "bus"
    # as written, every file uses its own variant's term: no violation
    code, out, err = invoke(["check", str(doc), "-g", str(gloss), "--format", "json"])
    assert code == 0, out + err
    # a pt-PT word in the pt-BR file is a violation of the pt-BR column only
    (doc / "pt-BR.txt").write_text("O autocarro sai às oito.\n", encoding="utf-8")
    code, out, err = invoke(["check", str(doc), "-g", str(gloss), "--format", "json"])
    assert code == 1, err
    found = json.loads(out)["violations"]
    assert [(Path(v["file"]).name, v["lang"], v["found"]) for v in found] == [
        ("pt-BR.txt", "pt-BR", "autocarro")]


def test_glossary_show_names_the_fallback(tmp_path: Path) -> None:
    gloss = tmp_path / "g.tsv"
    gloss.write_text("entry\tpt\tpt-PT\nbus\tônibus\tautocarro\n", encoding="utf-8")
    code, out, _ = invoke(["glossary", "show", str(gloss), "--lang", "pt-BR"])
    assert code == 0 and out == "bus\tpt-BR (from pt)\tônibus\n"
    code, out, _ = invoke(["glossary", "show", str(gloss), "--lang", "pt-PT"])
    assert code == 0 and out == "bus\tpt-PT\tautocarro\n"
    code, out, _ = invoke(["glossary", "show", str(gloss), "--find", "o ônibus", "--lang",
                           "pt_BR"])
    assert code == 0 and out.startswith("2-8\tpreferred\tônibus")


@pytest.mark.parametrize(
    ("header", "where"),
    [("entry\ten\txx-!!\n", "g.tsv:1: column 'xx-!!'"), ("entry\ten\t\tde\n", "g.tsv:1: column ''"),
     ("# terms\nentry\ten\tpt-BR:allowed\n", "g.tsv:2: column 'pt-BR:allowed' without")],
)
def test_bad_glossary_tags_exit_2_with_file_and_line(tmp_path: Path, header: str,
                                                     where: str) -> None:
    gloss = tmp_path / "g.tsv"
    gloss.write_text(header + "a\tbus\tx\ty\n", encoding="utf-8")
    code, out, err = invoke(["glossary", "validate", str(gloss)])
    assert code == 2 and out == ""
    assert where in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("tag", ["xx-!!", "", "english"])
def test_bad_lang_options_exit_2(tmp_path: Path, tag: str) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(VERSIONS["de"], encoding="utf-8")
    code, out, err = invoke(["segment", str(doc), "--lang", tag])
    assert code == 2 and out == ""
    assert f"--lang: bad language tag {tag!r}" in err and len(err.strip().splitlines()) == 1


def test_korean_english_raw_pair_end_to_end(corpus: Path) -> None:
    doc = corpus / "bus"
    code, out, err = invoke(["pair", str(doc / "ko.txt"), str(doc / "en.txt"), "--encoder",
                             "none", "--no-cache", "--format", "jsonl"])
    assert code == 0, err
    assert "detected language ko" in err and "detected language en" in err
    recs = [json.loads(line) for line in out.splitlines()]
    assert sorted(i for r in recs for i in r["src_ids"]) == [0, 1, 2]  # three Korean sentences
    assert sorted(j for r in recs for j in r["tgt_ids"]) == [0, 1, 2]


# ------------------------------------------------------------ bounded segments


def test_a_5_mb_line_is_cut_into_bounded_chunks() -> None:
    from align.segment import MAX_SEGMENT_CHARS, segment_document, split_sentences

    line = "x" * 7 + " " + ("palavra " * 650_000)  # ~5 MB, no punctuation at all
    out = split_sentences(line, "pt")
    assert max(map(len, out)) <= MAX_SEGMENT_CHARS and len(out) > 2000
    assert "".join(out).replace(" ", "") == line.replace(" ", "")
    cjk = "字" * 10_000  # no whitespace: cut at the cap
    assert [len(s.text) for s in segment_document(cjk, "zh-Hans")] == [2000] * 5


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .,\u0301\u3000字"), max_size=300),
       st.integers(min_value=3, max_value=40))
def test_bounded_keeps_every_character_in_order(text: str, cap: int) -> None:
    from align.segment import bounded

    chunks = bounded(text, cap)
    assert all(0 < len(c) <= cap for c in chunks)
    assert "".join(chunks).split() == [] or "".join("".join(chunks).split()) == "".join(
        text.split())
