"""End to end: each command's output is the next one's input, with no flag beyond the paths
and the glossary (the model-free ``hash`` encoder keeps it fast).

* ``align pair`` JSONL -> ``align check`` -> ``align publish`` -> ``datasets.load_dataset``
* ``align corpus`` output -> ``align eval`` against the corpus' own gold
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import CORPORA, GLOSSARIES, run_cli

FAST = ["--encoder", "hash", "--no-cache"]
DOCS = ("000-ai-vision-large-models", "004-chatgpt-half-year")


def _load(folder: Path, config: str, cache: Path):  # type: ignore[no-untyped-def]
    datasets = pytest.importorskip("datasets")
    return datasets.load_dataset(str(folder), config, split="train", cache_dir=str(cache))


def test_publish_accepts_pair_jsonl(tmp_path: Path) -> None:
    """The report: `align publish doc.en-pt.jsonl` refused pair's own JSONL ("record needs
    doc_id, src_lang and tgt_lang")."""
    s, t = tmp_path / "doc.en", tmp_path / "doc.pt"
    s.write_text("Alice paid 120 dollars in 2019.\nBob bought 3 cars.\n", encoding="utf-8")
    t.write_text("Alice pagou 120 dólares em 2019.\nBob comprou 3 carros.\n", encoding="utf-8")
    aligned = tmp_path / "doc.en-pt.jsonl"
    code, _, err = run_cli(["pair", str(s), str(t), "--presplit", "-s", "en", "-t", "pt",
                            "--format", "jsonl", "-o", str(aligned), *FAST])
    assert code == 0, err
    code, _, err = run_cli(["publish", str(aligned), "--out", str(tmp_path / "ds")])
    assert code == 0, err
    rows = _load(tmp_path / "ds", "en-pt", tmp_path / "cache")
    assert rows[1]["translation"] == {"en": "Bob bought 3 cars.", "pt": "Bob comprou 3 carros."}
    assert set(rows["doc_id"]) == {"doc"}


def test_publish_accepts_earlier_pair_jsonl_named_after_its_languages(tmp_path: Path) -> None:
    # JSONL written by align pair before the shared record: no doc_id, no languages
    old = tmp_path / "doc.en-pt.jsonl"
    old.write_text(json.dumps({"src": [0], "tgt": [0], "kind": "1-1", "score": 0.3,
                               "source": "Hello.", "target": "Olá."}) + "\n", encoding="utf-8")
    code, _, err = run_cli(["publish", str(old), "--out", str(tmp_path / "ds")])
    assert code == 0, err
    rows = _load(tmp_path / "ds", "en-pt", tmp_path / "cache")
    assert rows[0]["translation"] == {"en": "Hello.", "pt": "Olá."}
    assert rows[0]["doc_id"] == "doc" and rows[0]["bead"] == "1-1"


def test_pair_jsonl_check_publish_load_dataset(tmp_path: Path) -> None:
    doc = CORPORA / DOCS[0]
    aligned = tmp_path / "pt-en.jsonl"
    # languages detected, format from the file name, doc id from the corpus folder
    code, _, err = run_cli(["pair", str(doc / "pt.txt"), str(doc / "en.txt"), "-o", str(aligned),
                            *FAST])
    assert code == 0, err
    records = [json.loads(line) for line in aligned.read_text(encoding="utf-8").splitlines()]
    assert {(r["doc_id"], r["src_lang"], r["tgt_lang"]) for r in records} == {(DOCS[0], "pt", "en")}
    assert "segmenter:" in records[0]["signature"] and "encoder:hash" in records[0]["signature"]
    # check takes the languages from the records: no --src-lang/--tgt-lang
    code, report, err = run_cli(["check", str(aligned), "-g", str(GLOSSARIES / "align-terms.tsv")])
    assert code in (0, 1), err  # 1: violations found (the seed translations keep their slips)
    assert "language unknown" not in err
    assert "in 1 file" in err and "segments checked" in err
    assert all(line.startswith(str(aligned)) for line in report.splitlines())
    code, _, err = run_cli(["publish", str(aligned), "--out", str(tmp_path / "ds")])
    assert code == 0, err
    rows = _load(tmp_path / "ds", "en-pt", tmp_path / "cache")
    both_sides = [r for r in records if r["source"] and r["target"]]
    assert rows.num_rows == len(both_sides)
    assert rows[0]["translation"] == {"pt": both_sides[0]["source"], "en": both_sides[0]["target"]}


def test_corpus_output_eval_against_corpus_gold(tmp_path: Path) -> None:
    corpus = tmp_path / "corpora"
    for name in DOCS:
        shutil.copytree(CORPORA / name, corpus / name)
    out = tmp_path / "out"
    code, _, err = run_cli(["corpus", str(corpus), "--out", str(out), "-q", *FAST])
    assert code == 0, err
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                     if p.is_file() and ".align" not in p.parts)  # the hidden run state
    assert written == [f"{DOCS[0]}/pt-en.jsonl", f"{DOCS[1]}/id-en.jsonl"]
    code, text, err = run_cli(["eval", str(corpus), str(out), "--json"])
    assert code == 0, err
    d = json.loads(text)
    assert [f["file"] for f in d["per_file"]] == [f"{DOCS[0]}/pt-en", f"{DOCS[1]}/id-en"]
    assert 0.3 < d["f1_lax"] <= 1.0
    code, table, err = run_cli(["eval", str(corpus), str(out)])
    assert code == 0 and f"{DOCS[1]}/id-en" in table


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_corpus_failure_leaves_no_empty_out_folder(tmp_path: Path, jobs: str) -> None:
    """The report: `align corpus` exits 2 but leaves an empty --out folder behind."""
    corpus = tmp_path / "corpora"
    shutil.copytree(CORPORA / DOCS[1], corpus / DOCS[1])
    (corpus / DOCS[1] / "en.txt").write_bytes(b"\x00\x01binary")
    out = tmp_path / "new" / "out"
    code, _, err = run_cli(["corpus", str(corpus), "--out", str(out), "-q", "--jobs", jobs, *FAST])
    assert code == 2
    assert "binary" in err
    assert not out.exists() and not out.parent.exists()
    # an --out folder that was there before the run stays
    out.mkdir(parents=True)
    code, _, _ = run_cli(["corpus", str(corpus), "--out", str(out), "-q", *FAST])
    assert code == 2 and out.is_dir() and not any(out.iterdir())


def test_corpus_rerun_skips_finished_outputs_and_refuses_foreign_ones(tmp_path: Path) -> None:
    corpus = tmp_path / "corpora"
    shutil.copytree(CORPORA / DOCS[1], corpus / DOCS[1])
    out = tmp_path / "out"
    assert run_cli(["corpus", str(corpus), "--out", str(out), "-q", *FAST])[0] == 0
    target = out / DOCS[1] / "id-en.jsonl"
    before = target.read_bytes()
    # issue 17: a second run into the same folder skips what it holds (same inputs, settings)
    code, _, err = run_cli(["corpus", str(corpus), "--out", str(out), *FAST])
    assert code == 0, err
    assert "0 aligned, 1 skipped" in err
    assert target.read_bytes() == before
    # files no align run recorded (no .align/ state) are not overwritten without --force
    shutil.rmtree(out / ".align")
    code, _, err = run_cli(["corpus", str(corpus), "--out", str(out), "-q", *FAST])
    assert code == 2 and "--force" in err and str(target) in err
    assert target.read_bytes() == before
    assert run_cli(["corpus", str(corpus), "--out", str(out), "-q", "--force", *FAST])[0] == 0
    assert target.read_bytes() == before  # same inputs, same records


def test_pair_parquet_and_tmx_outputs_feed_publish(tmp_path: Path) -> None:
    doc = CORPORA / DOCS[1]
    for suffix in ("parquet", "tmx"):
        out = tmp_path / f"{suffix}-run" / f"id-en.{suffix}"
        out.parent.mkdir()
        code, _, err = run_cli(["pair", str(doc / "id.txt"), str(doc / "en.txt"), "-o", str(out),
                                "-s", "id", "-t", "en", *FAST])
        assert code == 0, err
        code, _, err = run_cli(["publish", str(out), "--out", str(tmp_path / f"ds-{suffix}")])
        assert code == 0, err
        rows = _load(tmp_path / f"ds-{suffix}", "en-id", tmp_path / "cache")
        assert rows.num_rows > 100 and set(rows["doc_id"]) == {DOCS[1]}
    code, _, err = run_cli(["pair", str(doc / "id.txt"), str(doc / "en.txt"), "--format", "parquet",
                            "-s", "id", "-t", "en", *FAST])
    assert code == 2 and "Parquet is binary" in err
