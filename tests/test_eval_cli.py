"""`align eval` on real folder layouts: pairing by relative path, nested corpus output,
records files, the Vecalign ``:cost`` suffix, per-file results and input validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

GOLD_JA = "[0]:[0]\n[1]:[1]\n[2,3]:[2]\n[4]:[3]\n[5]:[4]\n"
# en-ja test: one 2-1 bead split in two -> strict P 4/6, R 3/5 (F1 0.727), lax 1.0
TEST_JA = "[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[]\n[4]:[3]\n[5]:[4]\n"
GOLD_PT = "[0]:[0]\n[1]:[1]\n[2]:[2]\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _eval(*args: str) -> tuple[int, str, str]:
    return run_cli(["eval", *args])


def test_files_that_share_a_name_up_to_the_first_dot_are_never_merged(tmp_path: Path) -> None:
    """The report: doc.en-ja and doc.en-pt paired "up to the first dot" became one pair
    scoring 1.000, while en-ja alone scores below 1."""
    gold, test = tmp_path / "gold", tmp_path / "test"
    _write(gold / "doc.en-ja.beads", GOLD_JA)
    _write(gold / "doc.en-pt.beads", GOLD_PT)
    _write(test / "doc.en-ja.beads", TEST_JA)
    _write(test / "doc.en-pt.beads", GOLD_PT)
    code, alone, err = _eval(str(gold / "doc.en-ja.beads"), str(test / "doc.en-ja.beads"), "--json")
    assert code == 0, err
    alone_f1 = json.loads(alone)["f1_strict"]
    assert alone_f1 < 0.8
    code, out, err = _eval(str(gold), str(test), "--json")
    assert code == 0, err
    d = json.loads(out)
    assert d["files"] == 2
    per_file = {f["file"]: f for f in d["per_file"]}
    assert set(per_file) == {"doc.en-ja", "doc.en-pt"}
    assert per_file["doc.en-ja"]["f1_strict"] == pytest.approx(alone_f1)
    assert per_file["doc.en-pt"]["f1_strict"] == 1.0
    assert d["f1_strict"] < 1.0
    # the table names each file too
    code, table, _ = _eval(str(gold), str(test))
    assert code == 0
    assert "doc.en-ja" in table and "doc.en-pt" in table


def test_reads_nested_corpus_output_and_records(tmp_path: Path) -> None:
    # corpus gold lives in <doc>/gold/<src>-<tgt>.beads; align corpus writes <doc>/<src>-<tgt>.jsonl
    corpus, out = tmp_path / "corpora", tmp_path / "out"
    _write(corpus / "001-a" / "gold" / "en-ja.beads", GOLD_JA)
    _write(corpus / "001-a" / "meta.json", "{}")
    _write(corpus / "001-a" / "en.txt", "text\n")
    _write(corpus / "002-b" / "gold" / "en-pt.beads", GOLD_PT)
    records = [
        {"doc_id": "001-a", "src_lang": "en", "tgt_lang": "ja", "src_ids": s, "tgt_ids": t,
         "source": "x", "target": "y", "bead": f"{len(s)}-{len(t)}", "score": 0.5}
        for s, t in [([0], [0]), ([1], [1]), ([2], [2]), ([3], []), ([4], [3]), ([5], [4])]
    ]
    _write(out / "001-a" / "en-ja.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    _write(out / "002-b" / "en-pt.beads", GOLD_PT)
    code, text, err = _eval(str(corpus), str(out), "--json")
    assert code == 0, err
    d = json.loads(text)
    assert {f["file"] for f in d["per_file"]} == {"001-a/en-ja", "002-b/en-pt"}
    ja = next(f for f in d["per_file"] if f["file"] == "001-a/en-ja")
    assert ja["precision_strict"] == pytest.approx(4 / 6)


def test_test_files_without_gold_are_named_not_scored(tmp_path: Path) -> None:
    gold, test = tmp_path / "gold", tmp_path / "test"
    _write(gold / "a" / "gold" / "en-pt.beads", GOLD_PT)
    _write(test / "a" / "en-pt.beads", GOLD_PT)
    _write(test / "a" / "zh-Hans-zh-Hant.beads", GOLD_PT)  # corpus output with no gold
    code, out, err = _eval(str(gold), str(test))
    assert code == 0, err
    assert "zh-Hans-zh-Hant.beads" in err and "no gold" in err


def test_gold_without_a_partner_exits_2_naming_it(tmp_path: Path) -> None:
    gold, test = tmp_path / "gold", tmp_path / "test"
    _write(gold / "a.beads", GOLD_PT)
    _write(gold / "b.beads", GOLD_PT)
    _write(test / "a.beads", GOLD_PT)
    code, _, err = _eval(str(gold), str(test))
    assert code == 2
    assert "b.beads" in err and "no test file" in err


def test_ambiguous_pairing_exits_2_naming_both_files(tmp_path: Path) -> None:
    gold, test = tmp_path / "gold", tmp_path / "test"
    _write(gold / "doc" / "en-pt.beads", GOLD_PT)
    _write(test / "doc" / "en-pt.beads", GOLD_PT)
    _write(test / "doc" / "en-pt.jsonl", json.dumps(
        {"doc_id": "doc", "src_lang": "en", "tgt_lang": "pt", "src_ids": [0], "tgt_ids": [0],
         "source": "a", "target": "b"}) + "\n")
    code, _, err = _eval(str(gold), str(test))
    assert code == 2
    assert "ambiguous" in err and "en-pt.beads" in err and "en-pt.jsonl" in err


def test_vecalign_cost_suffix_is_accepted(tmp_path: Path) -> None:
    gold = _write(tmp_path / "gold.beads", GOLD_PT)
    test = _write(tmp_path / "vecalign.out", "[0]:[0]:0.123\n[1]:[1]:0.05\n[2]:[2]:-0.2\n")
    code, out, err = _eval(str(gold), str(test), "--json")
    assert code == 0, err
    assert json.loads(out)["f1_strict"] == 1.0


@pytest.mark.parametrize(
    ("test", "message"),
    [
        ("", "no beads"),
        ("[0]:[0]\n[-1]:[1]\n", ":2: negative sentence id"),
        ("[0]:[0]\n[0]:[1]\n", ":2: source sentence 0 is already in line 1"),
        ("[0]:[0]\n[1]:[0]\n", ":2: target sentence 0 is already in line 1"),
        ("[1]:[1]\n[0]:[0]\n", ":2: out of order"),
        ("[0,2]:[0]\n", ":1: source ids [0, 2] are not consecutive"),
        ("[0]:[0]\n[1]:[1]\n[2]:[2]\n[0]:[0]\n[1]:[1]\n[2]:[2]\n", ":4: source sentence 0 is already"),
    ],
)
def test_invalid_test_files_exit_2_naming_file_and_line(tmp_path: Path, test: str,
                                                         message: str) -> None:
    gold = _write(tmp_path / "gold.beads", GOLD_PT)
    bad = _write(tmp_path / "test.beads", test)
    code, out, err = _eval(str(gold), str(bad))
    assert code == 2, out
    assert f"{bad}" in err and message in err
    assert "Traceback" not in err
    # the same checks apply to the gold side
    code, _, err = _eval(str(bad), str(gold))
    assert code == 2 and str(bad) in err and message in err


def test_repeated_gold_beads_never_score_one(tmp_path: Path) -> None:
    from align.evaluate import parse_beads, score_alignments

    gold = parse_beads(GOLD_PT)
    # even without validation, a repeated bead is a false positive
    assert score_alignments([gold], [gold + gold]).precision_strict == pytest.approx(0.5)


def test_ids_are_checked_against_the_sentence_counts(tmp_path: Path) -> None:
    gold = _write(tmp_path / "gold.beads", GOLD_PT)
    test = _write(tmp_path / "test.beads", "[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[]\n")
    src = _write(tmp_path / "src.txt", "a\nb\nc\n")
    tgt = _write(tmp_path / "tgt.txt", "A\nB\nC\n")
    code, _, err = _eval(str(gold), str(test), "--src", str(src), "--tgt", str(tgt))
    assert code == 2
    assert f"{test}:4: source sentence 3 is out of range" in err and "3 sentences" in err
    code, _, err = _eval(str(gold), str(gold), "--src", str(src), "--tgt", str(tgt))
    assert code == 0, err


def test_corpus_gold_segmentation_pin_gives_the_counts(tmp_path: Path) -> None:
    gold = _write(tmp_path / "corpora" / "d" / "gold" / "en-pt.beads", GOLD_PT)
    _write(gold.with_name("en-pt.segmentation.json"),
           json.dumps({"src": {"segments": 3}, "tgt": {"segments": 3}}))
    _write(tmp_path / "out" / "d" / "en-pt.beads", "[0]:[0]\n[1]:[1]\n[2]:[2,3]\n")
    code, _, err = _eval(str(tmp_path / "corpora"), str(tmp_path / "out"))
    assert code == 2
    assert "target sentence 3 is out of range" in err


def test_lenient_gold_accepts_crossing_links_but_never_a_bad_test(tmp_path: Path) -> None:
    # Text+Berg's published gold has crossing, non-consecutive links: [51]:[50, 55]
    gold = _write(tmp_path / "gold", "[0]:[0]\n[1]:[1, 3]\n[]:[2]\n[2]:[4]\n")
    test = _write(tmp_path / "test.beads", "[0]:[0]\n[1]:[1]\n[]:[2]\n[]:[3]\n[2]:[4]\n")
    code, _, err = _eval(str(gold), str(test))
    assert code == 2 and "not consecutive" in err
    code, out, err = _eval(str(gold), str(test), "--lenient-gold", "--json")
    assert code == 0, err
    assert "--lenient-gold" in err  # says what it accepted
    assert json.loads(out)["files"] == 1
    code, _, err = _eval(str(test), str(gold), "--lenient-gold")
    assert code == 2
