"""align.pipeline: one document pair -> AlignedRecords, the same for pair, corpus and the build."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from conftest import CORPORA
from hypothesis import given
from hypothesis import strategies as st

from align.errors import ConfigError, InputError
from align.pipeline import (
    AlignerSpec,
    AlignJob,
    DocumentPair,
    RecordFilter,
    align_document,
    align_job,
    default_doc_id,
    parse_types,
    run_job,
)
from align.recordio import read_records
from align.records import AlignedRecord
from align.segment import SEGMENTER_SIGNATURE

FAST = AlignerSpec(encoder="hash", cache=False)
EN = ["Alice paid 120 dollars in 2019.", "Bob bought 3 cars.", "Carol flew to Lisbon in 2021."]
PT = ["Alice pagou 120 dólares em 2019.", "Bob comprou 3 carros.", "Carol voou para Lisboa em 2021."]


def _pair(**kw: object) -> DocumentPair:
    base: dict[str, object] = {"doc_id": "d", "src_lang": "en", "tgt_lang": "pt",
                               "src_text": "\n".join(EN) + "\n", "tgt_text": "\n".join(PT) + "\n",
                               "presplit": True}
    base.update(kw)
    return DocumentPair(**base)  # type: ignore[arg-type]


def test_records_carry_document_languages_texts_and_signature() -> None:
    doc = align_document(_pair(), FAST)
    assert [(r.src_ids, r.tgt_ids) for r in doc.records] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    conf = doc.records[1].confidence
    assert conf is not None and 0.0 <= conf <= 1.0  # calibrated P(bead is correct)
    assert doc.records[1] == AlignedRecord("d", "en", "pt", (1,), (1,), EN[1], PT[1],
                                           doc.records[1].score, conf, doc.signature)
    sig = dict(part.split(":", 1) for part in doc.signature.split("|"))
    assert sig["version"].startswith("align-") and sig["segmenter"] == "presplit"
    assert sig["encoder"].startswith("hash:") and sig["glossary"] == "none"
    assert sig["max_bead"] == "7"  # the aligner settings follow
    assert (doc.src_sentences, doc.tgt_sentences, doc.warnings) == (3, 3, [])


def test_paths_and_texts_give_the_same_records(tmp_path: Path) -> None:
    s, t = tmp_path / "a.en", tmp_path / "a.pt"
    s.write_text("\n".join(EN) + "\n", encoding="utf-8")
    t.write_text("\n".join(PT) + "\n", encoding="utf-8")
    by_path = align_document(_pair(src_text=None, tgt_text=None, src_path=str(s),
                                   tgt_path=str(t)), FAST)
    assert by_path.records == align_document(_pair(), FAST).records


def test_raw_documents_are_segmented_and_cjk_joined_without_space() -> None:
    doc_dir = CORPORA / "002-ai-large-model-startups"
    pair = DocumentPair("002", "zh-Hans", "en", src_path=str(doc_dir / "zh-Hans.txt"),
                        tgt_path=str(doc_dir / "en.txt"))
    doc = align_document(pair, AlignerSpec(encoder="none", cache=False))
    assert f"segmenter:{SEGMENTER_SIGNATURE}" in doc.signature and "encoder:none" in doc.signature
    multi = next(r for r in doc.records if len(r.src_ids) > 1)
    from align.segment import segment_document

    sents = [s.text for s in segment_document(doc_dir.joinpath("zh-Hans.txt").read_text("utf-8"),
                                              "zh-Hans")]
    assert multi.source == "".join(sents[i] for i in multi.src_ids)
    en_multi = next((r for r in doc.records if len(r.tgt_ids) > 1), None)
    if en_multi is not None:
        assert "  " not in en_multi.target and en_multi.target.count(" ") >= 1


@given(st.lists(st.sampled_from(EN + PT + ["x", "Ok.", "12 34"]), min_size=1, max_size=12),
       st.lists(st.sampled_from(EN + PT + ["y", "Sim.", "56"]), min_size=1, max_size=12))
def test_every_sentence_is_in_exactly_one_record_in_order(src: list[str], tgt: list[str]) -> None:
    pair = DocumentPair("d", "en", "pt", src_text="\n".join(src) + "\n",
                        tgt_text="\n".join(tgt) + "\n", presplit=True)
    recs = align_document(pair, FAST).records
    assert [i for r in recs for i in r.src_ids] == list(range(len(src)))
    assert [j for r in recs for j in r.tgt_ids] == list(range(len(tgt)))
    assert all(r.source == " ".join(src[i] for i in r.src_ids) for r in recs)


def test_empty_side_and_ratio_warning() -> None:
    with pytest.raises(InputError, match=r"^d \(pt\): no sentences to align"):
        align_document(_pair(tgt_text=""), FAST)
    doc = align_document(_pair(tgt_text="\n".join(PT * 4) + "\n"), FAST)
    assert len(doc.warnings) == 1 and "3 sentences but" in doc.warnings[0]


def test_record_filter() -> None:
    recs = [AlignedRecord("d", "en", "pt", (0,), (0,), "a", "b", 0.5, 0.9),
            AlignedRecord("d", "en", "pt", (1, 2), (1,), "a", "b", 0.1, 0.2),
            AlignedRecord("d", "en", "pt", (3,), (), "a", "", 0.0, None)]
    assert [r.bead for r in recs if RecordFilter()(r)] == ["1-1", "2-1", "1-0"]
    assert [r.bead for r in recs if RecordFilter(min_score=0.1)(r)] == ["1-1", "2-1"]
    assert [r.bead for r in recs if RecordFilter(types=parse_types("2-1,1-0"))(r)] == ["2-1", "1-0"]
    assert [r.bead for r in recs if RecordFilter(min_confidence=0.5)(r)] == ["1-1"]


@pytest.mark.parametrize("bad", ["one-one", "0-0", "1-", ",", "1-1,x"])
def test_parse_types_rejects(bad: str) -> None:
    with pytest.raises(ConfigError, match="bad bead type"):
        parse_types(bad)


@pytest.mark.parametrize(
    ("src", "expected"),
    [("corpora/002-ai-large-model-startups/zh-Hans.txt", "002-ai-large-model-startups"),
     ("report.pt.txt", "report"), ("a.en", "a"), ("doc.txt", "doc"), ("-", "stdin")],
)
def test_default_doc_id(src: str, expected: str) -> None:
    assert default_doc_id(src, "-") == expected


def test_a_job_is_plain_data_and_run_job_writes_its_file(tmp_path: Path) -> None:
    job = AlignJob(_pair(), FAST, out=str(tmp_path / "d" / "en-pt.jsonl"), fmt="jsonl",
                   keep=RecordFilter(types=frozenset({"1-1"})))
    clone = pickle.loads(pickle.dumps(job))  # what a worker process or a Ray task receives
    assert clone == job
    summary = run_job(clone)
    assert (summary.beads, summary.written, summary.src_sentences) == (3, 3, 3)
    assert list(read_records(tmp_path / "d" / "en-pt.jsonl")) == align_job(job).records


def test_glossary_goes_into_the_signature(tmp_path: Path) -> None:
    gloss = tmp_path / "g.tsv"
    gloss.write_text("entry\ten\tpt\ncar\tcar\tcarro\n", encoding="utf-8")
    doc = align_document(_pair(), AlignerSpec(encoder="none", cache=False, glossary=str(gloss)))
    assert "glossary:g.tsv@" in doc.signature
