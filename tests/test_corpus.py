"""align.corpus (meta.json, discovery, pairs) and scripts/build_corpus.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import ModuleType

import pytest
from conftest import CORPORA, load_script

from align.clean import clean_text
from align.corpus import (
    CorpusDocument,
    format_meta,
    load_corpus,
    load_document,
    read_meta,
    refresh_meta,
)
from align.errors import InputError
from align.io import read_text
from align.segment import SEGMENTER_SIGNATURE, segment_document

# (doc id, original language, source as printed on the page): from the seeds README
# and the raw pages' bylines.
DOCS = [
    ("000-ai-vision-large-models", "pt", "Observador Econômico"),
    ("001-uniview-li-congting-interview", "zh-Hant", "觀察者網"),
    ("002-ai-large-model-startups", "zh-Hans", "AI芯天下"),
    ("003-general-vs-industry-models", "ja", "チタンメディア"),
    ("004-chatgpt-half-year", "id", None),
]


@pytest.fixture(scope="module")
def corpus() -> dict[str, CorpusDocument]:
    return {d.id: d for d in load_corpus(CORPORA)}


def test_corpus_ids_sorted(corpus: dict[str, CorpusDocument]) -> None:
    assert list(corpus) == [d for d, _, _ in DOCS]
    assert [d.id for d in load_corpus(CORPORA)] == sorted(corpus)


@pytest.mark.parametrize(("doc", "lang", "byline_source"), DOCS)
def test_document(corpus: dict[str, CorpusDocument], doc: str, lang: str,
                  byline_source: str | None) -> None:
    d = corpus[doc]
    assert d.original_language == lang
    assert d.versions[lang] == CORPORA / doc / f"{lang}.txt"
    assert d.title and d.title == (d.meta["title"] or doc)
    version = d.meta["versions"][lang]
    assert set(version) >= {"file", "title", "provenance", "raw"}
    assert (d.path / version["raw"]).is_file() and version["raw"].startswith("raw/")
    assert version["byline"]["source"] == byline_source
    assert set(d.meta) >= {"id", "title", "source", "author", "date", "original_language", "url",
                           "versions"}
    assert d.meta["source"], "every document names its source"
    # every other version present pairs with the original
    others = sorted(v for v in d.versions if v != lang)
    assert d.parallel_pairs() == [(lang, o) for o in others]


@pytest.mark.parametrize(("doc", "lang", "_source"), DOCS)
def test_meta_json_is_what_the_code_generates(doc: str, lang: str, _source: str) -> None:
    # meta.json is a fixed point of refresh_meta over the cleaned raw page: nothing in it
    # that comes from the page was typed by hand.
    path = CORPORA / doc / "meta.json"
    meta = read_meta(path)
    raw = meta["versions"][lang]["raw"]
    result = clean_text(read_text(CORPORA / doc / raw))
    regenerated = refresh_meta(meta, lang, result.metadata, raw=raw)
    assert regenerated == json.loads(path.read_text(encoding="utf-8"))


def test_refresh_meta_fills_and_keeps() -> None:
    meta = {"id": "x", "original_language": "pt", "source": "Curated Name",
            "versions": {"pt": {"provenance": "p", "raw": "raw/a.txt"},
                         "en": {"file": "en.txt", "provenance": "human"}}}
    got = refresh_meta(meta, "pt", {"title": "T", "source": "Page Name", "author": "A",
                                       "date": None}, raw="raw/a.txt")
    assert got["title"] == "T" and got["author"] == "A" and got["date"] is None
    assert got["source"] == "Curated Name"  # hand-curated wins over the page's wording
    assert got["versions"]["pt"] == {"provenance": "p", "raw": "raw/a.txt", "file": "pt.txt",
                                     "title": "T",
                                     "byline": {"source": "Page Name", "author": "A"}}
    assert got["versions"]["en"] == {"file": "en.txt", "provenance": "human"}
    assert meta["versions"]["pt"] == {"provenance": "p", "raw": "raw/a.txt"}  # not mutated
    text = format_meta(got)
    assert text.endswith("}\n") and list(json.loads(text)) == [
        "id", "title", "source", "author", "date", "original_language", "url", "versions"]


def _doc(tmp_path: Path, meta: object, files: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "corpora" / "007-test"
    folder.mkdir(parents=True)
    (folder / "meta.json").write_text(
        meta if isinstance(meta, str) else json.dumps(meta), encoding="utf-8")
    for name, text in (files or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_version_files_are_discovered(tmp_path: Path) -> None:
    folder = _doc(tmp_path, {"id": "007-test", "original_language": "pt-BR",
                             "versions": {"pt": {"file": "pt.txt"}}},
                  {"pt.txt": "Olá.\n", "zh-CN.txt": "你好。\n", "en.txt": "Hi.\n",
                   "notes.txt": "not a version\n"})
    (folder / "raw").mkdir()
    (folder / "raw" / "page.txt").write_text("raw\n", encoding="utf-8")
    doc = load_document(folder)
    assert doc.original_language == "pt-BR"  # tags keep their region (issue 12)
    assert doc.versions == {"en": folder / "en.txt", "pt": folder / "pt.txt",
                            "zh-CN": folder / "zh-CN.txt"}
    # the only Portuguese version is the original's, though tagged without region
    assert doc.parallel_pairs() == [("pt", "en"), ("pt", "zh-CN")]
    assert doc.title == "007-test"  # no title anywhere: the id
    assert doc.text("zh_cn") == "你好。\n"
    assert doc.gold_path("pt_BR", "en") == folder / "gold" / "pt-BR-en.beads"
    assert load_corpus(tmp_path / "corpora") == [doc]


# (meta.json text, words of the error): each a mistake made when adding an article.
BAD_META = [
    ('{"id": "007-test", "original_language": "pt",', "invalid JSON"),
    ('["a list"]', "expected a JSON object"),
    ('{"id": "008-other", "original_language": "pt"}', "does not match its folder name"),
    ('{"original_language": "pt"}', "no 'id'; set it to the folder's name, \"id\": \"007-test\""),
    ('{"id": "007-test"}', "original_language is missing"),
    ('{"id": "007-test", "original_language": "klingon"}', "bad language tag 'klingon'"),
    ('{"id": "007-test", "original_language": ""}', "bad language tag ''"),
    ('{"id": "007-test", "original_language": "pt", "versions": []}', "versions must be an object"),
    ('{"id": "007-test", "original_language": "pt", "versions": {"pt": {"file": "pt.txt"}}}',
     "file 'pt.txt' not found"),
    ('{"id": "007-test", "original_language": "pt", "versions": {"xx-!!": {}}}',
     "versions: bad language tag 'xx-!!'"),
]


@pytest.mark.parametrize(("text", "words"), BAD_META)
def test_bad_meta_json(tmp_path: Path, text: str, words: str) -> None:
    folder = _doc(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_corpus(folder.parent)
    assert str(info.value).startswith(str(folder / "meta.json"))
    assert words in str(info.value)


def test_folder_without_meta_json(tmp_path: Path) -> None:
    (tmp_path / "010-new").mkdir()
    (tmp_path / "_scratch").mkdir()  # skipped: starts with "_"
    with pytest.raises(InputError, match="010-new/meta.json: missing"):
        load_corpus(tmp_path)


# ----------------------------------------------------------------- the build script

def _script() -> ModuleType:
    return load_script("build_corpus")


def test_build_corpus_checks_and_segments(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    build = _script()
    assert [name for name, _ in build.STEPS][:5] == ["find", "clean", "convert", "load", "segment"]
    code = build.main(["--out", str(tmp_path / "build"), "--no-progress", "--until", "summary"])
    out, err = capsys.readouterr()
    assert code == 0, err
    table = {tuple(line.split()[:2]): line.split()[2:] for line in out.splitlines()[1:-1]}
    expected = {}
    for doc in load_corpus(CORPORA):
        for lang, path in doc.versions.items():
            rows = (tmp_path / "build" / "segments" / doc.id / f"{lang}.jsonl").read_text(
                "utf-8").splitlines()
            text = read_text(path)
            segments = segment_document(text, lang)
            assert [json.loads(r)["text"] for r in rows] == [s.text for s in segments]
            role = "original" if lang == doc.original_language else "version"
            paragraphs = sum(1 for line in text.split("\n") if line.strip())
            expected[(doc.id, lang)] = [role, str(paragraphs), str(len(segments))]
    assert table == expected
    assert out.splitlines()[0].split() == ["doc", "lang", "role", "paragraphs", "segments"]


def test_build_corpus_refuses_hand_edits_and_updates(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    build = _script()
    corpora = tmp_path / "corpora"
    doc = "002-ai-large-model-startups"
    shutil.copytree(CORPORA / doc, corpora / doc)
    target = corpora / doc / "zh-Hans.txt"
    lines = target.read_text("utf-8").split("\n")
    lines[4] = lines[4] + "(hand edit)"
    target.write_text("\n".join(lines), encoding="utf-8")
    args = ["--corpora", str(corpora), "--out", str(tmp_path / "build"), "--no-progress",
            "--until", "summary"]
    assert build.main(args) == 1
    err = capsys.readouterr().err
    assert "corpora/002-ai-large-model-startups/zh-Hans.txt:5: differs" in err
    assert build.main([*args, "--update"]) == 0
    assert target.read_text("utf-8") == (CORPORA / "002-ai-large-model-startups" /
                                         "zh-Hans.txt").read_text("utf-8")
    assert build.main(args) == 0
    # meta.json: a page-derived field edited by hand is refused, a re-indent is not
    meta_path = corpora / doc / "meta.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    meta_path.write_text(json.dumps(meta, indent=4, ensure_ascii=True), encoding="utf-8")
    assert build.main(args) == 0
    meta["versions"]["zh-Hans"]["byline"]["author"] = "someone else"
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    assert build.main(args) == 1
    assert "meta.json" in capsys.readouterr().err


def test_build_corpus_aligns_checks_and_publishes(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    # The whole pipeline on one document, with the model-free encoder to stay fast.
    from align.publish import load_built
    from align.recordio import read_records

    build = _script()
    doc = "002-ai-large-model-startups"
    out = tmp_path / "build"
    assert build.main(["--out", str(out), "--no-progress", "--only", doc, "--encoder", "none"]) == 0
    printed = capsys.readouterr().out
    assert "alignment vs gold (1 pairs)" in printed
    assert "glossary check of aligned pairs:" in printed
    for pair in ("zh-Hans-en", "zh-Hans-zh-Hant"):
        # one records file per pair (what check, eval and publish read), nothing else
        assert sorted(p.name for p in (out / "aligned" / doc).iterdir()) == [
            "zh-Hans-en.jsonl", "zh-Hans-zh-Hant.jsonl"]
        records = list(read_records(out / "aligned" / doc / f"{pair}.jsonl"))
        assert {(r.doc_id, r.src_lang) for r in records} == {(doc, "zh-Hans")}
        assert "encoder:none" in records[0].signature and "glossary:align-terms.tsv@" in records[0].signature
        rows = load_built(out / "dataset", "en-zh-Hans" if pair.endswith("en") else pair)
        assert rows.num_rows == sum(1 for r in records if r.source and r.target)  # no 1-0 / 0-1 rows
        assert set(rows["doc_id"]) == {doc}
    card = (out / "dataset" / "README.md").read_text(encoding="utf-8")
    assert "## How it was aligned" in card and "## How it was checked" in card
    assert "against hand-checked gold" in card
    assert "Run signature" in card and f"segmenter:{SEGMENTER_SIGNATURE}" in card
