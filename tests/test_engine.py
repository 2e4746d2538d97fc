"""The engine seam without Ray: manifests, the local engine, failures as rows, resuming.

Ray itself is tested in ``test_engine_ray.py`` (a real local instance, once per session).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPORA, ROOT, run_cli
from hypothesis import given
from hypothesis import strategies as st

from align.engine.state import OutputState
from align.errors import BackendUnavailable, InputError
from align.manifest import (
    ManifestEntry,
    corpus_manifest,
    iter_manifest,
    validate_manifest,
    write_manifest,
)
from align.recordio import find_record_files, read_records

FAST = ["--encoder", "none"]
DOC = "004-chatgpt-half-year"


def _pairs(tmp: Path, n: int = 3) -> list[dict[str, str]]:
    """``n`` small presplit-free document pairs (3 sentences each) under ``tmp``."""
    rows = []
    for i in range(n):
        (tmp / f"d{i}.en").write_text(
            f"Document {i} starts here. It has a second sentence. And a third one.\n",
            encoding="utf-8")
        (tmp / f"d{i}.pt").write_text(
            f"O documento {i} começa aqui. Tem uma segunda frase. E uma terceira.\n",
            encoding="utf-8")
        rows.append({"doc_id": f"d{i}", "src_lang": "en", "tgt_lang": "pt",
                     "source": f"d{i}.en", "target": f"d{i}.pt"})
    return rows


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def _records(out: Path) -> dict[tuple[str, str, str], list[tuple]]:
    """Every record under ``out`` grouped by pair, in bead order (any layout)."""
    got: dict[tuple[str, str, str], list[tuple]] = {}
    for f in find_record_files([out]):
        for r in read_records(f):
            got.setdefault((r.doc_id, r.src_lang, r.tgt_lang), []).append(
                (r.src_ids, r.tgt_ids, r.source, r.target, r.score, r.signature))
    return {k: sorted(v) for k, v in got.items()}


# --------------------------------------------------------------------------- manifests


GOOD = {"doc_id": "a", "src_lang": "en", "tgt_lang": "pt", "source": "a.en", "target": "a.pt"}


@pytest.mark.parametrize("row, words", [
    # each row breaks one rule of align.manifest.entry_from_dict
    ({k: v for k, v in GOOD.items() if k != "target"}, "missing 'target'"),
    ({**GOOD, "doc_id": ""}, "missing 'doc_id'"),
    ({**GOOD, "source": 3}, "'source' must be a string"),
    ({**GOOD, "src_lang": "english"}, "src_lang 'english' is not a BCP-47"),
    ({**GOOD, "tgt_lang": "en"}, "both 'en'"),
    ({**GOOD, "original": "xx-notatag-"}, "original 'xx-notatag-'"),
    ({**GOOD, "doc_id": "a\tb"}, "control character"),
])
def test_bad_manifest_rows_name_file_and_line(tmp_path: Path, row: dict, words: str) -> None:
    path = _write_jsonl(tmp_path / "m.jsonl", [GOOD | {"doc_id": "first"}, row])
    with pytest.raises(InputError) as err:
        validate_manifest(path)
    assert str(err.value).startswith(f"{path}:2: ") and words in str(err.value)


def test_manifest_not_json_and_duplicates(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(GOOD) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:2: not valid JSON"):
        validate_manifest(bad)
    dup = _write_jsonl(tmp_path / "dup.jsonl",
                       [GOOD, GOOD | {"doc_id": "b"}, GOOD | {"source": "other.en"}])
    with pytest.raises(InputError, match=r"dup.jsonl:3: document 'a' \(en-pt\) is listed "
                                         r"again \(first at line 1\)"):
        validate_manifest(dup)
    # the other direction is another pair
    assert validate_manifest(_write_jsonl(tmp_path / "ok.jsonl",
                                          [GOOD, GOOD | {"src_lang": "pt", "tgt_lang": "en"}])
                             ).pairs == 2
    with pytest.raises(InputError, match="lists no document pairs"):
        validate_manifest(_write_jsonl(tmp_path / "empty.jsonl", []))


def test_parquet_manifest_round_trip_and_row_errors(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    entries = [ManifestEntry("a", "en", "pt", "a.en", "a.pt", "en"),
               ManifestEntry("b", "en", "zh-Hant", "s3://bucket/b.en", "b.zh")]
    path = tmp_path / "m.parquet"
    assert write_manifest(path, entries) == 2
    assert [e for _, e in iter_manifest(path)] == entries
    info = validate_manifest(path)
    assert (info.pairs, info.base) == (2, str(tmp_path))
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"doc_id": ["a", "b"], "src_lang": ["en", "en"],
                             "tgt_lang": ["pt", "klingon!"], "source": ["x", "y"],
                             "target": ["x", "y"]}), tmp_path / "bad.parquet")
    with pytest.raises(InputError, match=r"bad.parquet:2: tgt_lang 'klingon!'"):
        validate_manifest(tmp_path / "bad.parquet")
    pq.write_table(pa.table({"doc_id": ["a"]}), tmp_path / "cols.parquet")
    with pytest.raises(InputError, match="no column 'src_lang'"):
        validate_manifest(tmp_path / "cols.parquet")


def test_write_manifest_from_a_corpus_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpora"
    shutil.copytree(CORPORA / DOC, corpus / DOC)
    path = tmp_path / "lists" / "pairs.jsonl"
    path.parent.mkdir()
    code, out, err = run_cli(["corpus", str(corpus), "--write-manifest", str(path)])
    assert code == 0 and out == "" and "wrote 1 pairs" in err
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert rows == [{"doc_id": DOC, "src_lang": "id", "tgt_lang": "en",
                     "source": f"../corpora/{DOC}/id.txt", "target": f"../corpora/{DOC}/en.txt",
                     "original": "id"}]
    assert run_cli(["corpus", str(corpus), "--write-manifest", str(path)])[0] == 2  # exists
    # the manifest's relative paths are read relative to the manifest
    assert [e.doc_id for e in corpus_manifest(corpus)] == [DOC]
    out_dir = tmp_path / "out"
    code, _, err = run_cli(["corpus", str(path), "--out", str(out_dir), *FAST])
    assert code == 0, err
    assert [p.name for p in out_dir.glob("part-*.parquet")]  # a manifest defaults to shards
    assert list(_records(out_dir)) == [(DOC, "id", "en")]


def test_uri_locations(tmp_path: Path) -> None:
    from align import uri

    assert uri.is_uri("s3://b/x") and uri.is_uri("hf://datasets/x") and not uri.is_uri("a/b")
    assert uri.resolve("x.txt", "s3://bucket/dir") == "s3://bucket/dir/x.txt"
    assert uri.resolve("gs://b/x", "/data") == "gs://b/x"
    assert uri.resolve("x.txt", str(tmp_path)) == str(tmp_path / "x.txt")
    assert uri.parent("s3://bucket/dir/m.jsonl") == "s3://bucket/dir"
    (tmp_path / "t.txt").write_text("Olá.\n", encoding="utf-8")
    assert uri.read_text(f"file://{tmp_path}/t.txt") == "Olá.\n"
    with pytest.raises(InputError, match="no such file"):
        uri.read_bytes(f"file://{tmp_path}/missing.txt")
    with pytest.raises(InputError, match="unknown protocol 'nosuch'"):
        uri.read_bytes("nosuch://x/y")
    try:
        import s3fs  # noqa: F401
    except ImportError:
        with pytest.raises(BackendUnavailable, match=r"s3:// needs s3fs: pip install s3fs"):
            uri.read_bytes("s3://bucket/x.txt")


def test_memory_uris_through_the_local_engine(tmp_path: Path) -> None:
    """fsspec URIs in a manifest: the in-memory filesystem stands in for s3:// or gs://."""
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    rows = _pairs(tmp_path, 2)
    for r in rows:
        for side in ("source", "target"):
            fs.pipe(f"/align-test/{r[side]}", (tmp_path / r[side]).read_bytes())
    manifest = _write_jsonl(tmp_path / "m.jsonl", [
        {**r, "source": f"memory://align-test/{r['source']}",
         "target": f"memory://align-test/{r['target']}"} for r in rows])
    code, _, err = run_cli(["corpus", str(manifest), "--out", str(tmp_path / "out"), *FAST])
    assert code == 0, err
    assert sorted(_records(tmp_path / "out")) == [("d0", "en", "pt"), ("d1", "en", "pt")]


# --------------------------------------------------------------------------- failures


def test_failing_pairs_become_error_rows_and_the_rest_is_aligned(tmp_path: Path) -> None:
    rows = _pairs(tmp_path, 3)
    (tmp_path / "bin.pt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.pt").write_text("  \n", encoding="utf-8")
    (tmp_path / "long.pt").write_text("Uma frase muito longa. " * 400, encoding="utf-8")
    (tmp_path / "latin1.pt").write_bytes("Ol\xe1, \xe9 isto.\n".encode("latin-1") + b"\xff\xfe\x81")
    broken = {"bin": "bin.pt", "empty": "empty.pt", "long": "long.pt",
              "missing": "no-such.pt", "latin1": "latin1.pt"}
    rows += [{"doc_id": k, "src_lang": "en", "tgt_lang": "pt", "source": "d0.en",
              "target": v} for k, v in broken.items()]
    manifest = _write_jsonl(tmp_path / "m.jsonl", rows)
    out = tmp_path / "out"
    code, _, err = run_cli(["corpus", str(manifest), "--out", str(out), *FAST, "--batch-size", "2"])
    assert code == 2, err
    assert "8 pairs: 3 aligned, 0 skipped (already done), 5 failed" in err
    errors = [json.loads(line) for line in
              (out / ".align" / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    reasons = {e["doc_id"]: e["reason"] for e in errors}
    assert "binary" in reasons["bin"]
    assert "empty" in reasons["empty"]
    assert "times longer" in reasons["long"]
    assert "no such file" in reasons["missing"]
    assert "cannot decode" in reasons["latin1"] and "--encoding" in reasons["latin1"]
    assert set(_records(out)) >= {("d0", "en", "pt"), ("d1", "en", "pt"), ("d2", "en", "pt")}
    assert not set(_records(out)) & {(k, "en", "pt") for k in reasons}
    assert all(e["error"] == "InputError" for e in errors)
    # the last line of stderr says where every failure is
    assert f"{out}/.align/errors.jsonl" in err.strip().splitlines()[-1]


def test_a_run_that_produces_nothing_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.en").write_bytes(b"\x00\x00")
    manifest = _write_jsonl(tmp_path / "m.jsonl", [GOOD | {"source": "a.en", "target": "a.en"}])
    out = tmp_path / "new" / "out"
    code, _, err = run_cli(["corpus", str(manifest), "--out", str(out), "-q", *FAST])
    assert code == 2 and "1 of 1 pairs failed" in err
    assert not (tmp_path / "new").exists()


# --------------------------------------------------------------------------- resuming


def test_rerun_skips_done_pairs_and_replaces_changed_ones(tmp_path: Path) -> None:
    rows = _pairs(tmp_path, 4)
    manifest = _write_jsonl(tmp_path / "m.jsonl", rows)
    out = tmp_path / "out"
    args = ["corpus", str(manifest), "--out", str(out), *FAST, "--batch-size", "3"]
    code, _, err = run_cli(args)
    assert code == 0 and "4 pairs: 4 aligned, 0 skipped" in err
    first = _records(out)
    code, _, err = run_cli(args)
    assert code == 0 and "4 pairs: 0 aligned, 4 skipped" in err
    assert _records(out) == first
    # one input changes: only that pair is aligned again; its old records are gone
    (tmp_path / "d2.pt").write_text("O documento dois mudou. Só tem duas frases.\n",
                                    encoding="utf-8")
    code, _, err = run_cli(args)
    assert code == 0 and "4 pairs: 1 aligned, 3 skipped" in err and "1 pairs aligned again" in err
    now = _records(out)
    assert {k: v for k, v in now.items() if k[0] != "d2"} == \
        {k: v for k, v in first.items() if k[0] != "d2"}
    assert [r[3] for r in now[("d2", "en", "pt")]] == ["O documento dois mudou.",
                                                       "Só tem duas frases."]
    # other settings are other keys: everything is aligned again, nothing duplicated
    code, _, err = run_cli([*args, "--min-score", "-100"])
    assert code == 0 and "4 pairs: 4 aligned, 0 skipped" in err
    assert _records(out) == now
    # --force starts over
    code, _, err = run_cli([*args, "--force"])
    assert code == 0 and "4 pairs: 4 aligned, 0 skipped" in err
    assert _records(out) == now


def test_interrupted_batch_leaves_nothing_behind(tmp_path: Path) -> None:
    """A records part without its completion marker (the run died between the two) is
    removed by the next run, which aligns that batch again."""
    manifest = _write_jsonl(tmp_path / "m.jsonl", _pairs(tmp_path, 4))
    out = tmp_path / "out"
    args = ["corpus", str(manifest), "--out", str(out), *FAST, "--batch-size", "2"]
    assert run_cli(args)[0] == 0
    expected = _records(out)
    state = OutputState(out)
    lost = state.status_files()[0]
    lost.unlink()  # as if the run had died before writing this batch's marker
    (out / ".part-x.parquet.123.tmp").write_bytes(b"half a file")
    code, _, err = run_cli(args)
    assert code == 0 and "4 pairs: 2 aligned, 2 skipped" in err
    assert _records(out) == expected
    assert not list(out.glob(".*.tmp"))


def test_killed_local_run_resumes_without_redoing_finished_pairs(tmp_path: Path) -> None:
    n = 40
    manifest = _write_jsonl(tmp_path / "m.jsonl", _pairs(tmp_path, n))
    out = tmp_path / "out"
    args = ["corpus", str(manifest), "--out", str(out), *FAST, "--batch-size", "2", "-q"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "align", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    state = OutputState(out)
    deadline = time.monotonic() + 120
    while len(state.status_files()) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = len(state.done_index())
    assert done_before >= 4
    code, _, err = run_cli(args[:-1])
    assert code == 0, err
    if done_before < n:  # else the run finished before the kill: nothing left to resume
        assert f"{n} pairs: {n - done_before} aligned, {done_before} skipped" in err
    got = _records(out)
    assert sorted(got) == sorted((f"d{i}", "en", "pt") for i in range(n))
    assert all(len(v) == 3 for v in got.values())  # each pair once, not twice


def test_local_pool_gives_the_same_records_as_one_process(tmp_path: Path) -> None:
    manifest = _write_jsonl(tmp_path / "m.jsonl", _pairs(tmp_path, 6))
    for jobs in ("1", "2"):
        code, _, err = run_cli(["corpus", str(manifest), "--out", str(tmp_path / jobs), *FAST,
                                "--jobs", jobs, "--batch-size", "2", "-q"])
        assert code == 0, err
    assert _records(tmp_path / "1") == _records(tmp_path / "2")


# --------------------------------------------------------------------------- the seam


def test_engine_options_are_checked(tmp_path: Path) -> None:
    manifest = _write_jsonl(tmp_path / "m.jsonl", _pairs(tmp_path, 1))
    out = str(tmp_path / "out")
    for extra, words in ((["--engine", "spark"], "unknown engine 'spark'"),
                         (["--address", "auto"], "--address needs --engine ray"),
                         (["--layout", "heap"], "unknown --layout 'heap'"),
                         (["--format", "tmx"], "--format tmx needs --layout pairs")):
        code, _, err = run_cli(["corpus", str(manifest), "--out", out, *FAST, *extra])
        assert code == 2 and words in err, (extra, err)
    assert run_cli(["corpus", str(manifest), *FAST])[0] == 2  # no --out
    code, _, err = run_cli(["corpus", str(tmp_path / "nope.txt"), "--out", out, *FAST])
    assert code == 2 and "not a manifest" in err


def test_ray_missing_gives_the_install_command(tmp_path: Path) -> None:
    code = ("import sys; sys.modules['ray'] = None\n"
            "from align.engine import get_engine\n"
            "get_engine('ray')\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "BackendUnavailable: --engine ray needs Ray Data: pip install 'align[ray]'" in res.stderr
    manifest = _write_jsonl(tmp_path / "m.jsonl", _pairs(tmp_path, 1))
    cli = ("import sys; sys.modules['ray'] = None\n"
           "from align.cli import main\n"
           f"sys.argv = ['align', 'corpus', {str(manifest)!r}, '--out', {str(tmp_path / 'o')!r},"
           " '--engine', 'ray', '--encoder', 'none']\n"
           "main()\n")
    res = subprocess.run([sys.executable, "-c", cli], capture_output=True, text=True, env=env)
    assert res.returncode == 1
    assert res.stderr.strip() == ("align: error: --engine ray needs Ray Data: "
                                  "pip install 'align[ray]'")


def test_importing_the_seam_imports_no_engine() -> None:
    code = ("import sys, align.cli, align.engine, align.engine.local, align.engine.run, "
            "align.manifest, align.uri; "
            "print(sorted({'ray', 'pyarrow', 'fsspec', 'datasets'} & set(sys.modules)))")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env)
    assert out.stdout.strip() == "[]"


def test_done_index_keeps_identities_ending_in_nul_bytes() -> None:
    """numpy's "S16" items lose their trailing NUL bytes; two pairs of 200 were aligned
    again on every re-run before this was handled."""
    np = pytest.importorskip("numpy")
    from align.engine.work import DoneIndex

    idents = [b"\x01" * 15 + b"\x00", b"\x02" * 14 + b"\x00\x00", b"\x03" * 16]
    keys = [b"\x00" * 16, b"k" * 15 + b"\x00", b"\x07" * 16]
    index = DoneIndex(np.array(idents, dtype="S16"), np.array(keys, dtype="S16"))
    assert [index.lookup(i) for i in idents] == keys
    assert index.lookup(b"\x01" * 15 + b"\x01") is None and index.lookup(b"\x01" * 15) is None


# --------------------------------------------------------------------------- publish


def _dataset(folder: Path) -> dict[str, object]:
    """Every config's rows (shards in order), the card and the TMX files of a build."""
    pq = pytest.importorskip("pyarrow.parquet")
    got: dict[str, object] = {"README.md": (folder / "README.md").read_text(encoding="utf-8")}
    for cfg in sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name != "tmx"):
        got[cfg] = [row for shard in sorted((folder / cfg).glob("train-*.parquet"))
                    for row in pq.read_table(shard).to_pylist()]
    for tmx in sorted((folder / "tmx").glob("*.tmx")):
        got[tmx.name] = tmx.read_bytes()
    return got


def test_publish_on_an_engine_builds_the_local_dataset(tmp_path: Path) -> None:
    pytest.importorskip("datasets")
    from align.engine.local import LocalEngine
    from align.engine.publish import build_dataset_on
    from align.publish import build_dataset, collect_aligned

    manifest = _write_jsonl(tmp_path / "m.jsonl", _pairs(tmp_path, 5))
    out = tmp_path / "aligned"
    assert run_cli(["corpus", str(manifest), "--out", str(out), *FAST, "--batch-size", "2",
                    "-q"])[0] == 0
    # one more file holds document d0 the other way round: the same config (en-pt), so its
    # rows are numbered on from the first file's, as the local build does
    (out / "extra").mkdir()
    code, _, err = run_cli(["pair", str(tmp_path / "d0.pt"), str(tmp_path / "d0.en"), "-s", "pt",
                            "-t", "en", "--doc-id", "d0", *FAST, "-o",
                            str(out / "extra" / "d0.pt-en.jsonl")])
    assert code == 0, err
    local = build_dataset(collect_aligned([out]), tmp_path / "local")
    engine = build_dataset_on(LocalEngine(jobs=1), [out], tmp_path / "engine")
    assert engine.configs == local.configs == {"en-pt": 18}
    want = _dataset(tmp_path / "local")
    assert _dataset(tmp_path / "engine") == want
    ids = [row["id"] for row in want["en-pt"]]  # type: ignore[union-attr]
    assert len(set(ids)) == len(ids) and "d0-en-pt-00005" in ids
    code, _, err = run_cli(["publish", str(out), "--out", str(tmp_path / "pool"), "--jobs", "2"])
    assert code == 0, err
    assert _dataset(tmp_path / "pool") == want
    # a document pair in two files is refused, naming both
    shutil.copy(out / "extra" / "d0.pt-en.jsonl", out / "extra" / "again.jsonl")
    with pytest.raises(InputError) as local_err:
        build_dataset(collect_aligned([out]), tmp_path / "dup")
    with pytest.raises(InputError) as engine_err:
        build_dataset_on(LocalEngine(), [out], tmp_path / "dup")
    assert str(engine_err.value) == str(local_err.value)
    assert "d0.pt-en.jsonl: holds document d0 (pt-en) again, already read from" in str(
        engine_err.value) and "again.jsonl" in str(engine_err.value)


def test_check_on_an_engine_gives_the_same_report(tmp_path: Path) -> None:
    from conftest import GLOSSARIES

    base = ["check", str(CORPORA), "-g", str(GLOSSARIES / "align-terms.tsv"), "--format", "json"]
    code, want, err = run_cli(base)
    assert code in (0, 1), err
    code2, got, err2 = run_cli([*base, "--jobs", "2"])
    assert (code2, got) == (code, want), err2
    report = json.loads(got)  # a real report, not an empty one
    assert report["summary"]["files"] == 12 and report["violations"]
    # run-wide consistency compares documents with each other: not split over workers
    code, _, err = run_cli([*base, "--jobs", "2", "--consistency", "run"])
    assert code == 2 and "--consistency run" in err and "--engine local" in err


# --------------------------------------------------------------------------- properties

_ids = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\t\x00"),
               min_size=1, max_size=20).filter(str.strip)
_entries = st.lists(st.builds(ManifestEntry, _ids, st.sampled_from(["en", "pt-BR", "zh-Hant"]),
                              st.sampled_from(["ja", "id"]), _ids, _ids,
                              st.sampled_from([None, "en", "ja"])),
                    min_size=1, max_size=8, unique_by=lambda e: e.ident)


@given(_entries)
def test_manifests_round_trip_any_unicode(entries: list[ManifestEntry]) -> None:
    import tempfile

    pytest.importorskip("pyarrow")
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("m.jsonl", "m.parquet"):
            path = Path(tmp) / name
            write_manifest(path, entries)
            assert [e for _, e in iter_manifest(path)] == entries
            assert validate_manifest(path).pairs == len(entries)


@given(st.binary(max_size=64), st.binary(max_size=64), st.binary(max_size=64))
def test_pair_keys_separate_their_parts(a: bytes, b: bytes, c: bytes) -> None:
    """The key hashes each part with its length: moving bytes from one text to the other
    never gives the same key."""
    from align.engine.work import pair_key

    ident = b"\x00" * 16
    if a + b != b"" and (a, b) != (a + b[:1], b[1:]):
        assert pair_key("s", ident, a, b) != pair_key("s", ident, a + b[:1], b[1:])
    assert pair_key("s", ident, a, b) == pair_key("s", ident, a, b)
    assert pair_key("s", ident, a, b) != pair_key("t", ident, a, b)
    assert len(pair_key("s", ident, a, c)) == 16
