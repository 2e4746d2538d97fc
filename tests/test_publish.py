"""`align publish`: the built folder round-trips through datasets.load_dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from align.cli import app
from align.errors import InputError, OutputExistsError, PublishError  # noqa: F401
from align.publish import build_dataset, config_name, load_built, push
from align.recordio import read_records
from align.records import AlignedRecord

datasets = pytest.importorskip("datasets")

# Real sentence pairs from the seed corpus (pt original, zh-Hant original, English versions).
PT_EN = [
    ("Um mês depois, a empresa começou a alocar recursos para desenvolver um grande modelo visual.",
     "A month later, the company began allocating resources to develop a large vision model.", 0.91, "1-1"),
    ("Percurso técnico", "The technical route", 0.80, "1-1"),
    ("SAM é um modelo de segmentação de imagem para cenas gerais. Foi lançado pela Meta em abril deste ano.",
     "SAM, an image segmentation model for general scenes, was released by Meta in April.", 0.88, "2-1"),
]
ZH_EN = [("大模型只是技術升級而不是革命。", "Large models are a technology upgrade, not a revolution.", 0.93, "1-1")]


def _write_jsonl(path: Path, rows: list[tuple[str, str, float, str]]) -> None:
    """Records as align corpus writes them: no doc_id or languages (the path gives them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    i = j = 0
    with path.open("w", encoding="utf-8") as fh:
        for src, tgt, score, bead in rows:
            m, n = map(int, bead.split("-"))
            fh.write(json.dumps({"src_ids": list(range(i, i + m)), "tgt_ids": list(range(j, j + n)),
                                 "source": src, "target": tgt, "bead": bead, "score": score},
                                ensure_ascii=False) + "\n")
            i, j = i + m, j + n
        # a 1-0 bead has no target text and is not a dataset row
        fh.write(json.dumps({"src_ids": [i], "tgt_ids": [], "source": "qrCode", "target": "",
                             "score": 0.0, "bead": "1-0"}) + "\n")


@pytest.fixture()
def aligned(tmp_path: Path) -> Path:
    root = tmp_path / "aligned"
    _write_jsonl(root / "000-ai-vision-large-models" / "pt-en.jsonl", PT_EN)
    _write_jsonl(root / "001-uniview-li-congting-interview" / "zh-Hant-en.jsonl", ZH_EN)
    return root


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("pt", "en", "en-pt"), ("en", "zh-Hant", "en-zh-Hant"), ("zh-Hant", "zh-Hans", "zh-Hans-zh-Hant")],
)
def test_config_name(a: str, b: str, expected: str) -> None:
    assert config_name(a, b) == expected


def test_reads_doc_and_langs_from_path(aligned: Path) -> None:
    recs = list(read_records(aligned / "001-uniview-li-congting-interview" / "zh-Hant-en.jsonl"))
    assert recs[0] == AlignedRecord("001-uniview-li-congting-interview", "zh-Hant", "en", (0,), (0,),
                                    ZH_EN[0][0], ZH_EN[0][1], ZH_EN[0][2])
    assert recs[0].bead == "1-1" and recs[1].bead == "1-0"


def test_round_trip(tmp_path: Path, aligned: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "dataset"
    result = runner.invoke(app, ["publish", str(aligned), "--out", str(out), "--name", "Seed corpus"])
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "README.md",
        "en-pt/train-00000-of-00001.parquet",
        "en-zh-Hant/train-00000-of-00001.parquet",
        "tmx/en-pt.tmx",
        "tmx/en-zh-Hant.tmx",
    ]
    ds = load_built(out, "en-pt")
    assert [(r["translation"]["pt"], r["translation"]["en"], r["bead"]) for r in ds] == [
        (s, t, b) for s, t, _, b in PT_EN
    ]
    assert ds[0]["doc_id"] == "000-ai-vision-large-models"
    assert ds[2]["score"] == pytest.approx(0.88)
    assert len({r["id"] for r in ds}) == len(ds)
    zh = load_built(out, "en-zh-Hant")
    assert zh[0]["translation"] == {"en": ZH_EN[0][1], "zh-Hant": ZH_EN[0][0]}


def test_card_yaml(tmp_path: Path, aligned: Path) -> None:
    from align.publish import collect_aligned

    build_dataset(collect_aligned([aligned]), tmp_path / "ds", license="cc-by-4.0")
    card = (tmp_path / "ds" / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n")
    header = yaml.safe_load(card.split("---\n")[1])
    assert header["multilinguality"] == "translation"
    assert header["task_categories"] == ["translation"]
    assert header["language"] == ["en", "pt", "zh"]
    assert header["license"] == "cc-by-4.0"
    assert header["size_categories"] == ["n<1K"]
    assert [c["config_name"] for c in header["configs"]] == ["en-pt", "en-zh-Hant"]
    assert header["configs"][0]["data_files"] == [{"split": "train", "path": "en-pt/train-*.parquet"}]


def test_existing_output_needs_force_and_stays_intact(tmp_path: Path, aligned: Path) -> None:
    from align.publish import collect_aligned

    pairs = list(collect_aligned([aligned]))
    out = tmp_path / "ds"
    build_dataset(pairs, out)
    before = (out / "README.md").read_text()
    with pytest.raises(OutputExistsError):
        build_dataset(pairs[:1], out)
    assert (out / "README.md").read_text() == before
    build_dataset(pairs[:1], out, force=True)
    assert load_built(out, "en-pt").num_rows == 1
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())  # no temp folders left


def test_push_offline_keeps_build(tmp_path: Path, aligned: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    out = tmp_path / "ds"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = runner.invoke(app, ["publish", str(aligned), "-o", str(out), "--push", "org/name"])
    assert result.exit_code == 1
    assert "align: error: HF_HUB_OFFLINE is set" in result.stderr
    assert "local build" in result.stderr
    assert (out / "README.md").exists()


def test_push_without_token(tmp_path: Path, aligned: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from align.publish import collect_aligned

    build_dataset(collect_aligned([aligned]), tmp_path / "ds")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))  # no stored token there
    with pytest.raises(PublishError, match="not logged in"):
        push(tmp_path / "ds", "org/name")
    with pytest.raises(InputError, match="ORG/NAME"):
        push(tmp_path / "ds", "just-a-name")


@pytest.mark.parametrize(
    ("line", "message"),
    [("not json", "not valid JSON"), ('{"source": "a"}', "'source' and 'target'"), ("[1]", "JSON object")],
)
def test_bad_input_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "doc" / "pt-en.jsonl"
    path.parent.mkdir()
    path.write_text('{"source": "a", "target": "b"}\n' + line + "\n")
    with pytest.raises(InputError, match=message) as info:
        list(read_records(path))
    assert f"{path}:2:" in str(info.value)


def test_load_built_reads_the_files_on_disk_not_a_stale_cache(tmp_path: Path, aligned: Path) -> None:
    # Two builds in folders with the same name: the datasets cache must not mix them up.
    from align.publish import collect_aligned

    pairs = list(collect_aligned([aligned]))
    first, second = tmp_path / "a" / "dataset", tmp_path / "b" / "dataset"
    first.parent.mkdir()
    second.parent.mkdir()
    build_dataset(pairs, first)
    assert load_built(first, "en-pt").num_rows == 3
    build_dataset(pairs[:1], second)
    assert load_built(second, "en-pt").num_rows == 1


def _rec(doc: str, i: int, src: str, tgt: str, confidence: float | None = None) -> AlignedRecord:
    return AlignedRecord(doc, "pt", "en", (i,), (i,), src, tgt, 0.5, confidence, "version:align-x|k:1")


def test_confidence_column_only_when_the_records_carry_one(tmp_path: Path) -> None:
    plain = [_rec("d", 0, "Olá.", "Hello.")]
    build_dataset(plain, tmp_path / "a")
    assert "confidence" not in load_built(tmp_path / "a", "en-pt").column_names
    assert "`confidence`" not in (tmp_path / "a" / "README.md").read_text(encoding="utf-8")
    calibrated = [_rec("d", 0, "Olá.", "Hello.", 0.93), _rec("d", 1, "Tchau.", "Bye.")]
    build_dataset(calibrated, tmp_path / "b")
    rows = load_built(tmp_path / "b", "en-pt")
    assert rows["confidence"][0] == pytest.approx(0.93) and rows["confidence"][1] is None
    card = (tmp_path / "b" / "README.md").read_text(encoding="utf-8")
    assert "`confidence` (the estimated probability that the bead is a correct alignment" in card
    assert "- `version:align-x|k:1`" in card  # the run signature


def test_publishes_tmx_and_refuses_one_document_pair_twice(tmp_path: Path) -> None:
    from align.recordio import tmx_bytes, write_jsonl

    recs = [_rec("doc", 0, "Olá.", "Hello.", 0.8), _rec("doc", 1, "Tchau.", "Bye.")]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "pt-en.tmx").write_bytes(tmx_bytes(recs))
    code = CliRunner().invoke(app, ["publish", str(folder), "--out", str(tmp_path / "ds")])
    assert code.exit_code == 0, code.output
    rows = load_built(tmp_path / "ds", "en-pt")
    assert rows["translation"] == [{"en": "Hello.", "pt": "Olá."}, {"en": "Bye.", "pt": "Tchau."}]
    assert rows["bead"] == ["1-1", "1-1"] and set(rows["doc_id"]) == {"doc"}
    with (folder / "pt-en.jsonl").open("w", encoding="utf-8") as fh:
        write_jsonl(fh, recs)
    result = CliRunner().invoke(app, ["publish", str(folder), "--out", str(tmp_path / "ds2")])
    assert result.exit_code == 2
    assert "pt-en.tmx: holds document doc (pt-en) again, already read from" in result.stderr
    assert not (tmp_path / "ds2").exists()
