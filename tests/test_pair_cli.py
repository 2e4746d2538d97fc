"""CLI tests for `align pair`, `align corpus` and `align eval` (typer CliRunner, real small files)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli import app

runner = CliRunner()


class Result:
    """What the console entry point would give: exit code, stdout, stderr."""

    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr


def invoke(args: list[str]) -> Result:
    """Run the app like ``align.cli.main`` does: an AlignError becomes one line and its code."""
    from align.errors import AlignError

    r = runner.invoke(app, args)
    if isinstance(r.exception, AlignError):
        return Result(r.exception.exit_code, r.stdout, r.stderr + f"align: error: {r.exception}\n")
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return Result(r.exit_code, r.stdout, r.stderr)

SRC = ["Alice paid 120 dollars in 2019.", "Bob bought 3 cars.",
       "Carol flew to Lisbon in 2021.", "Dave read 7 books."]
TGT = ["Alice pagou 120 dólares em 2019.", "Bob comprou 3 carros.",
       "Carol voou para Lisboa em 2021.", "Dave leu 7 livros."]


@pytest.fixture
def pair_files(tmp_path: Path) -> tuple[Path, Path]:
    s, t = tmp_path / "a.en", tmp_path / "a.pt"
    s.write_text("\n".join(SRC) + "\n", encoding="utf-8")
    t.write_text("\n".join(TGT) + "\n", encoding="utf-8")
    return s, t


def _pair(*args: str) -> Result:
    return invoke(["pair", *args, "--encoder", "hash", "--no-cache"])


def test_pair_tsv_on_stdout(pair_files: tuple[Path, Path]) -> None:
    s, t = pair_files
    r = _pair(str(s), str(t), "--presplit", "-s", "en", "-t", "pt-BR")
    assert r.exit_code == 0, r.stderr
    rows = [line.split("\t") for line in r.stdout.splitlines()]
    assert [row[3] for row in rows] == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]"]
    assert rows[0][0] == SRC[0] and rows[0][1] == TGT[0]
    assert "encoder calls/sentence 1.00" in r.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "beads", "tmx"])
def test_pair_formats(pair_files: tuple[Path, Path], tmp_path: Path, fmt: str) -> None:
    s, t = pair_files
    out = tmp_path / f"out.{fmt}"
    r = _pair(str(s), str(t), "--presplit", "-s", "en", "-t", "pt", "--format", fmt,
              "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert r.stdout == ""
    text = out.read_text(encoding="utf-8")
    if fmt == "jsonl":
        from align.records import RECORD_FIELDS

        recs = [json.loads(x) for x in text.splitlines()]
        assert all(tuple(r) == RECORD_FIELDS for r in recs)  # the one record, keys in order
        assert recs[2]["source"] == SRC[2] and recs[2]["bead"] == "1-1"
        assert (recs[2]["doc_id"], recs[2]["src_lang"], recs[2]["tgt_lang"]) == ("a", "en", "pt")
        assert recs[2]["src_ids"] == [2] and recs[2]["tgt_ids"] == [2]
        assert recs[2]["signature"].startswith("version:align-") and "segmenter:presplit" in recs[2]["signature"]
    elif fmt == "beads":
        assert text.splitlines()[0] == "[0]:[0]"
    else:
        assert "<tmx" in text and "Lisboa" in text and 'xml:lang="pt"' in text
    # a second run refuses to overwrite
    again = _pair(str(s), str(t), "--presplit", "-s", "en", "-t", "pt", "--format", fmt,
                  "-o", str(out))
    assert again.exit_code == 2 and "--force" in again.stderr


def test_pair_filters(pair_files: tuple[Path, Path]) -> None:
    s, t = pair_files
    r = _pair(str(s), str(t), "--presplit", "-s", "en", "-t", "pt", "--types", "2-1",
              "--format", "beads")
    assert r.exit_code == 0 and r.stdout == ""
    r = _pair(str(s), str(t), "--presplit", "-s", "en", "-t", "pt", "--min-score", "99")
    assert r.exit_code == 0 and r.stdout == ""
    r = _pair(str(s), str(t), "--presplit", "-s", "en", "-t", "pt", "--types", "one-one")
    assert r.exit_code == 2 and "bad bead type" in r.stderr


def test_pair_segments_raw_documents() -> None:
    root = Path(__file__).parent.parent / "corpora" / "000-ai-vision-large-models"
    if not (root / "en.txt").exists():
        pytest.skip("corpus document not present")
    r = _pair(str(root / "pt.txt"), str(root / "en.txt"), "--format", "beads")
    assert r.exit_code == 0, r.stderr
    assert "detected language pt" in r.stderr and "detected language en" in r.stderr
    assert r.stdout.splitlines()[0].startswith("[0")


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (b"", [], "file is empty"),
        (b"\x00\x01\x02binary\x00", [], "binary"),
        (None, ["--encoder", "nope"], "unknown encoder"),
        (None, ["-s", "en!"], "bad language tag 'en!'"),
        (None, ["-s", ""], "bad language tag ''"),
    ],
)
def test_pair_bad_input_exit_2(pair_files: tuple[Path, Path], tmp_path: Path,
                               content: bytes | None, extra: list[str], message: str) -> None:
    s, t = pair_files
    if content is not None:
        t = tmp_path / "bad.txt"
        t.write_bytes(content)
    r = invoke(["pair", str(s), str(t), "--presplit", "--no-cache", "-s", "en",
                            "-t", "pt", *extra] if "-s" not in extra else
                      ["pair", str(s), str(t), "--presplit", "--no-cache", *extra])
    assert r.exit_code == 2, r.stdout
    assert message in r.stderr
    assert "Traceback" not in r.stderr + r.stdout


def test_pair_takes_any_language_presplit_or_raw(tmp_path: Path) -> None:
    de, fr = tmp_path / "a.de", tmp_path / "a.fr"
    de.write_text("Die Expedition erreichte Zermatt.\nEs regnete.\n", encoding="utf-8")
    fr.write_text("L'expédition atteignit Zermatt.\nIl pleuvait.\n", encoding="utf-8")
    r = _pair(str(de), str(fr), "--presplit", "-s", "de", "-t", "fr", "--format", "tmx")
    assert r.exit_code == 0, r.stderr
    assert 'xml:lang="de"' in r.stdout and 'xml:lang="fr"' in r.stdout
    # raw documents are segmented in any language (issue 12): two lines, two sentences each
    de.write_text("Die Expedition erreichte Zermatt. Es regnete.\nDr. Meier kam spät.\n",
                  encoding="utf-8")
    fr.write_text("L'expédition atteignit Zermatt. Il pleuvait.\nM. Meier arriva tard.\n",
                  encoding="utf-8")
    r = _pair(str(de), str(fr), "-s", "de", "-t", "fr", "--format", "jsonl")
    assert r.exit_code == 0, r.stderr
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    # three sentences a side ("Dr." and "M." are abbreviations, not sentence ends)
    assert sorted(i for rec in recs for i in rec["src_ids"]) == [0, 1, 2]
    assert sorted(j for rec in recs for j in rec["tgt_ids"]) == [0, 1, 2]
    assert recs[-1]["source"].endswith("Dr. Meier kam spät.")


def test_pair_detects_german_and_french_without_tags(tmp_path: Path) -> None:
    """Without -s/-t, German is named as German, pre-split or raw (issue 12)."""
    de, fr = tmp_path / "a.de", tmp_path / "a.fr"
    de.write_text("Die Expedition erreichte am Abend das Dorf Zermatt.\n"
                  "Es regnete die ganze Nacht, und niemand konnte schlafen.\n", encoding="utf-8")
    fr.write_text("L'expédition atteignit le village de Zermatt le soir.\n"
                  "Il plut toute la nuit et personne ne put dormir.\n", encoding="utf-8")
    r = _pair(str(de), str(fr), "--presplit", "--format", "tmx")
    assert r.exit_code == 0, r.stderr
    assert "detected language de" in r.stderr and "detected language fr" in r.stderr
    assert 'xml:lang="de"' in r.stdout and 'xml:lang="fr"' in r.stdout
    r = _pair(str(de), str(fr), "--format", "tmx")
    assert r.exit_code == 0, r.stderr
    assert 'xml:lang="de"' in r.stdout and "Il plut toute la nuit" in r.stdout


def test_pair_one_side_much_longer(pair_files: tuple[Path, Path], tmp_path: Path) -> None:
    s, _ = pair_files
    t = tmp_path / "long.pt"
    t.write_text("\n".join(TGT * 5) + "\n", encoding="utf-8")
    r = _pair(str(s), str(t), "--presplit", "-s", "en", "-t", "pt", "--format", "beads")
    assert r.exit_code == 0
    assert "warning" in r.stderr
    assert len([x for x in r.stdout.splitlines() if x]) >= 4


def test_eval_prints_strict_and_lax(tmp_path: Path) -> None:
    g, t = tmp_path / "gold", tmp_path / "test"
    g.mkdir()
    t.mkdir()
    (g / "001.align").write_text("[0]:[0]\n[1,2]:[1]\n", encoding="utf-8")
    (t / "001.beads").write_text("[0]:[0]\n[1]:[1]\n[2]:[]\n", encoding="utf-8")
    r = invoke(["eval", str(g), str(t), "--json"])
    assert r.exit_code == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["precision_strict"] == pytest.approx(1 / 3)
    assert d["recall_strict"] == pytest.approx(1 / 2)
    assert d["per_type_recall"]["2-1"] == {"found": 0, "total": 1}
    r = invoke(["eval", str(g / "001.align"), str(t / "001.beads")])
    assert r.exit_code == 0 and "F1" in r.stdout
    (t / "001.beads").write_text("[0]-[0]\n", encoding="utf-8")
    r = invoke(["eval", str(g), str(t)])
    assert r.exit_code == 2 and "001.beads:1: not a bead" in r.stderr


def test_corpus_aligns_every_pair(tmp_path: Path) -> None:
    src_root = Path(__file__).parent.parent / "corpora"
    doc = src_root / "004-chatgpt-half-year"
    if not (doc / "en.txt").exists():
        pytest.skip("corpus document not present")
    corpus = tmp_path / "corpora"
    for name in ("004-chatgpt-half-year", "000-ai-vision-large-models"):
        shutil.copytree(src_root / name, corpus / name)
    out = tmp_path / "out"
    args = ["corpus", str(corpus), "--out", str(out), "--encoder", "hash", "--no-cache",
            "--format", "beads", "-q"]
    r = invoke(args)
    assert r.exit_code == 0, r.stderr
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.beads"))
    assert files == ["000-ai-vision-large-models/pt-en.beads", "004-chatgpt-half-year/id-en.beads"]
    first = {f: (out / f).read_text() for f in files}
    # two worker processes, overwriting: same files, same content
    r = invoke([*args, "--jobs", "2", "--force"])
    assert r.exit_code == 0, r.stderr
    assert {f: (out / f).read_text() for f in files} == first
    # issue 17: a third run into the same folder skips what it holds
    r = invoke([a for a in args if a != "-q"])
    assert r.exit_code == 0 and "2 pairs: 0 aligned, 2 skipped" in r.stderr


def test_language_the_encoder_does_not_cover_gives_a_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # USE multilingual v3 was not trained on Indonesian: warn, do not fail
    from align.commands.pair import warn_uncovered

    warn_uncovered("use", ["en", "id"], quiet=False)
    err = capsys.readouterr().err
    assert "'use' was not trained on 'id'" in err and "'en'" not in err
    warn_uncovered("e5+use", ["pt", "de", "fr"], quiet=False)
    assert capsys.readouterr().err == ""
    warn_uncovered("use", ["id"], quiet=True)
    assert capsys.readouterr().err == ""
