"""The Ray engine on a real local Ray instance (``ray_cluster``: 2 CPUs, started once per
session, shut down at its end; these tests skip when Ray is not installed).

Checked: Ray gives the same records as the local engine (bundled corpus; a few hundred
NTREX document pairs), a broken pair is reported while the others are aligned, a second
run skips what is done, a killed Ray run resumes without redoing finished pairs, and the
output loads with ``datasets`` and publishes.
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
from conftest import CORPORA, GLOSSARIES, ROOT, load_script, run_cli
from test_engine import _dataset

from align.engine.state import OutputState
from align.recordio import find_record_files, read_records

pytestmark = pytest.mark.usefixtures("ray_cluster")


def _records(out: Path) -> dict[tuple[str, str, str], list[tuple]]:
    got: dict[tuple[str, str, str], list[tuple]] = {}
    for f in find_record_files([out]):
        for r in read_records(f):
            got.setdefault((r.doc_id, r.src_lang, r.tgt_lang), []).append(
                (r.src_ids, r.tgt_ids, r.source, r.target, r.score, r.confidence, r.signature))
    return {k: sorted(v) for k, v in got.items()}


def test_ray_gives_the_local_engines_files_on_the_bundled_corpus(tmp_path: Path) -> None:
    fast = ["--encoder", "hash", "--no-cache", "-q"]
    code, _, err = run_cli(["corpus", str(CORPORA), "--out", str(tmp_path / "local"), *fast])
    assert code == 0, err
    # more actors than the instance has CPUs for: the pool starts with 2 and never waits
    code, _, err = run_cli(["corpus", str(CORPORA), "--out", str(tmp_path / "ray"), *fast,
                            "--engine", "ray", "--jobs", "3", "--batch-size", "2"])
    assert code == 0, err
    local = {p.relative_to(tmp_path / "local"): p.read_bytes()
             for p in (tmp_path / "local").glob("*/*.jsonl") if ".align" not in p.parts}
    ray = {p.relative_to(tmp_path / "ray"): p.read_bytes()
           for p in (tmp_path / "ray").glob("*/*.jsonl") if ".align" not in p.parts}
    assert len(local) == 7 and ray == local
    # align check over many files: each document checked by a Ray actor, the same report
    check = ["check", str(CORPORA), "-g", str(GLOSSARIES / "align-terms.tsv"), "--format", "json"]
    code, want, err = run_cli(check)
    assert code in (0, 1), err
    assert run_cli([*check, "--engine", "ray"])[:2] == (code, want)


@pytest.mark.bench
def test_ray_on_ntrex_pairs_same_records_broken_pair_reported_rerun_skips(
        bench_dir: Path, tmp_path: Path) -> None:
    scale = load_script("scale_corpus")
    n = 200
    manifest = scale.make_corpus(bench_dir / "ntrex", tmp_path / "data", n, max_parts=1)
    # one deliberately broken pair: its target is binary
    (tmp_path / "data" / "broken.pt").write_bytes(b"\x00\x01\x02 not text")
    with manifest.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"doc_id": "broken", "src_lang": "en", "tgt_lang": "pt",
                             "source": "docs/ntrex-00000/en.txt", "target": "broken.pt"}) + "\n")
    fast = ["--encoder", "none"]
    code, _, err_local = run_cli(["corpus", str(manifest), "--out", str(tmp_path / "local"),
                                  *fast])
    assert code == 2, err_local
    out = tmp_path / "ray"
    code, _, err = run_cli(["corpus", str(manifest), "--out", str(out), *fast,
                            "--engine", "ray", "--jobs", "2"])
    assert code == 2, err
    assert f"{n + 1} pairs: {n} aligned, 0 skipped (already done), 1 failed" in err
    assert "failed: broken (en-pt): " in err and "binary" in err
    assert "on ray, 2 actors x 1 CPU" in err
    got = _records(out)
    assert len(got) == n and ("broken", "en", "pt") not in got
    assert got == _records(tmp_path / "local")
    errors = (out / ".align" / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["doc_id"] for line in errors] == ["broken"]
    # the second run skips every finished pair (the broken one is tried again)
    code, _, err = run_cli(["corpus", str(manifest), "--out", str(out), *fast,
                            "--engine", "ray", "--jobs", "2"])
    assert code == 2 and f"{n + 1} pairs: 0 aligned, {n} skipped (already done), 1 failed" in err
    assert _records(out) == got
    # the parts load with datasets and publish (records streamed, never all in memory)
    datasets = pytest.importorskip("datasets")
    ds = datasets.load_dataset("parquet", data_dir=str(out), split="train",
                               cache_dir=str(tmp_path / "cache"))
    assert ds.num_rows == sum(map(len, got.values()))
    assert set(ds.column_names) >= {"doc_id", "src_lang", "tgt_lang", "source", "target", "bead"}
    code, _, err = run_cli(["publish", str(out), "--out", str(tmp_path / "dataset")])
    assert code == 0, err
    # the same dataset, each Parquet part read and written into shards by a Ray actor
    code, _, err = run_cli(["publish", str(out), "--out", str(tmp_path / "dataset-ray"),
                            "--engine", "ray"])
    assert code == 0, err
    assert _dataset(tmp_path / "dataset-ray") == _dataset(tmp_path / "dataset")


def test_killed_ray_run_resumes_without_redoing_finished_pairs(ray_cluster: str,
                                                               tmp_path: Path) -> None:
    n = 60
    rows = []
    for i in range(n):
        (tmp_path / f"d{i}.en").write_text(f"Text {i} begins. It goes on. It ends.\n",
                                           encoding="utf-8")
        (tmp_path / f"d{i}.pt").write_text(f"O texto {i} começa. Continua. Acaba.\n",
                                           encoding="utf-8")
        rows.append({"doc_id": f"d{i}", "src_lang": "en", "tgt_lang": "pt",
                     "source": f"d{i}.en", "target": f"d{i}.pt"})
    manifest = tmp_path / "m.jsonl"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    args = ["corpus", str(manifest), "--out", str(out), "--encoder", "none", "--engine", "ray",
            "--jobs", "2", "--batch-size", "2"]
    # a driver of its own on the session's Ray instance, killed in the middle of its run
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "align", *args, "--address", ray_cluster,
                             "-q"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    state = OutputState(out)
    deadline = time.monotonic() + 180
    while len(state.status_files()) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    _, stderr = proc.communicate()
    assert proc.returncode in (-signal.SIGKILL, 0), stderr.decode()
    # the killed driver's actors may finish the batch they hold before Ray reaps them:
    # count what is done once nothing has changed for a second
    done_before, still = len(state.done_index()), time.monotonic()
    while time.monotonic() - still < 1.0 and time.monotonic() < deadline + 30:
        time.sleep(0.1)
        now = len(state.done_index())
        if now != done_before:
            done_before, still = now, time.monotonic()
    assert done_before >= 4
    code, _, err = run_cli(args)
    assert code == 0, err
    if done_before < n:  # else that run finished before the kill
        assert f"{n} pairs: {n - done_before} aligned, {done_before} skipped" in err
    got = _records(out)
    assert sorted(got) == sorted((f"d{i}", "en", "pt") for i in range(n))
    assert all(len(v) == 3 for v in got.values())  # nothing written twice
    shutil.rmtree(out)
