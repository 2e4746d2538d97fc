"""Commands that read line by line give what reading whole gives (issue 15 item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPORA, run_cli

from align.commands import segment as segment_cmd
from align.score import read_systems, score_files, score_systems, segment_scores
from align.segment import segment_document

DOCS = sorted(CORPORA.glob("*/*.txt"))


@pytest.mark.parametrize("path", DOCS, ids=lambda p: f"{p.parent.name[:3]}-{p.stem}")
def test_segment_blocks_equal_the_whole_document(path: Path, monkeypatch: pytest.MonkeyPatch
                                                 ) -> None:
    from align.detect import detect_language

    text = path.read_text(encoding="utf-8")
    lang = detect_language(text)
    monkeypatch.setattr(segment_cmd, "BLOCK_LINES", 7)  # many blocks, cut anywhere
    streamed = list(segment_cmd.iter_segments(text.split("\n"), lang))
    whole = segment_document(text, lang)
    assert [(s.text, s.index, s.line, s.kind, s.meta) for s in streamed] == [
        (s.text, s.index, s.line, s.kind, s.meta) for s in whole]


def _system(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("metrics", ["bleu,chrf", "chrf++,ter"])
def test_score_files_equals_score_systems(tmp_path: Path, metrics: str) -> None:
    ref_lines = [x for x in (CORPORA / "004-chatgpt-half-year" / "en.txt").read_text(
        encoding="utf-8").splitlines() if x.strip()][:60]
    ref = _system(tmp_path, "ref.en", ref_lines)
    hyp_a = _system(tmp_path, "a.en", [" ".join(x.split()[:-1]) for x in ref_lines])
    hyp_b = _system(tmp_path, "b.en", [x.replace("the", "a") for x in ref_lines])
    refs, named, _ = read_systems([ref], [hyp_a, hyp_b])
    whole = score_systems(named, refs, metrics=metrics, tgt_lang="en")
    records: list[dict[str, object]] = []
    streamed = score_files([ref], [hyp_a, hyp_b], metrics=metrics, tgt_lang="en", chunk_lines=13,
                           on_segments=lambda name, recs: records.extend(recs))
    assert streamed.to_dict() == whole.to_dict()
    expected = list(segment_scores(named, refs, metrics=metrics, tgt_lang="en"))
    by_system = sorted(records, key=lambda r: (str(r["system"]), int(str(r["line"]))))
    assert by_system == sorted(expected, key=lambda r: (r["system"], r["line"]))


def test_score_files_line_count_mismatch_names_both_files(tmp_path: Path) -> None:
    from align.errors import InputError

    ref = _system(tmp_path, "ref.en", [f"line {i}" for i in range(30)])
    hyp = _system(tmp_path, "hyp.en", [f"line {i}" for i in range(27)])
    with pytest.raises(InputError, match=rf"{ref} has 30 lines but {hyp} has 27"):
        score_files([ref], [hyp], chunk_lines=10)


def test_score_cli_segments_keep_system_order(tmp_path: Path) -> None:
    ref = _system(tmp_path, "ref.en", [f"The cat {i} sat." for i in range(5)])
    b = _system(tmp_path, "b.en", [f"The cat {i} sat." for i in range(5)])
    a = _system(tmp_path, "a.en", [f"A dog {i} sat." for i in range(5)])
    out = tmp_path / "seg.jsonl"
    code, _, err = run_cli(["score", str(b), str(a), "-r", str(ref), "--segments", str(out), "-q"])
    assert code == 0, err
    import json

    systems = [json.loads(x)["system"] for x in out.read_text().splitlines()]
    assert systems == ["b"] * 5 + ["a"] * 5
