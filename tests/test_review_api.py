"""``align review``: loading, the JSON API (Starlette's TestClient), saves, log, exports, CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from review_data import GLOSSARY, make_build

from align.errors import InputError
from align.review.load import load_pair_docs
from align.review.session import ReviewSession
from align.review.store import ReviewStore

pytest.importorskip("starlette", reason="align[review] is not installed")
pytest.importorskip("httpx", reason="Starlette's TestClient needs httpx (align[review])")

from starlette.testclient import TestClient  # noqa: E402

from align.review.server import create_app  # noqa: E402

PT = "000-ai-vision-large-models/pt-en"
ZH = "001-uniview-li-congting-interview/zh-Hant-en"


@pytest.fixture(scope="module")
def glossary():
    from align.glossary import load_glossary

    return load_glossary(GLOSSARY)


@pytest.fixture()
def build(tmp_path: Path) -> Path:
    return make_build(tmp_path / "build")


def client(aligned: Path, glossary=None, *, out: Path | None = None, token=None, reviewer="ana"):
    docs = load_pair_docs([aligned])
    store = ReviewStore(out or aligned.parent / "review", reviewer=reviewer)
    session = ReviewSession(docs, glossary=glossary, store=store)
    app = create_app(session, token=token, reviewer=reviewer, export_dir=store.root / "export")
    return TestClient(app), session, store


def test_documents_are_listed_with_counts(build, glossary):
    c, session, _ = client(build, glossary)
    docs = c.get("/api/docs").json()
    assert [d["key"] for d in docs] == [PT, ZH]
    pt = docs[0]
    assert pt["beads"] == 106 and pt["reviewed"] == 0
    assert pt["findings"] == len(session.findings(session.pairs[0])) > 0


def test_a_document_shows_sentences_beads_and_findings_in_place(build, glossary):
    c, _, _ = client(build, glossary)
    view = c.get("/api/docs/1").json()
    assert view["key"] == ZH and view["sep"] == {"src": "", "tgt": " "}
    assert view["scale"]["by"] == "score"  # no confidence in this pair
    # every sentence of both sides appears once, in order, as the invariant says
    assert [s for b in view["beads"] for s in b["src"]] == list(range(len(view["src"])))
    assert [t for b in view["beads"] for t in b["tgt"]] == list(range(len(view["tgt"])))
    found = {f["rule"] for f in view["findings"]}
    assert "forbidden-term" in found
    for f in view["findings"]:
        if f["sent"] is None:
            continue
        text = view[f["side"]][f["sent"]][f["start"]:f["end"]]
        # the highlighted span is the offending (or missing term's source) surface
        assert text == (f["found"] if f["rule"] != "missing-term" else f["source_term"])
        assert f["sent"] in view["beads"][f["bead"]][f["side"]]
    gun = next(f for f in view["findings"] if f["found"] == "gun camera")
    assert "box camera" in gun["expected"]


def test_confidence_colours_when_present(build):
    c, _, _ = client(build)
    view = c.get("/api/docs/0").json()
    assert view["scale"] == {"by": "confidence", "low": 0.5, "mid": 0.8}
    assert all(isinstance(b["conf"], float) for b in view["beads"])


def test_an_edit_is_saved_at_once_with_a_log_entry(build, glossary):
    c, _, store = client(build, glossary)
    view = c.get("/api/docs/0").json()
    b1, b2 = view["beads"][1], view["beads"][2]
    r = c.post("/api/docs/0/edit", json={"op": "merge", "bead": 1, "version": 0})
    assert r.status_code == 200, r.text
    res = r.json()
    assert res["start"] == 1 and res["deleted"] == 2 and res["version"] == 1 and res["can_undo"]
    assert res["beads"] == [{"src": b1["src"] + b2["src"], "tgt": b1["tgt"] + b2["tgt"],
                             "status": "edited", "score": None, "conf": None, "gold": None}]
    beads = (store.root / "beads" / "000-ai-vision-large-models" / "pt-en.beads").read_text().splitlines()
    assert len(beads) == 105
    assert beads[1] == "[" + ",".join(map(str, b1["src"] + b2["src"])) + "]:[" + ",".join(
        map(str, b1["tgt"] + b2["tgt"])) + "]"
    log = [json.loads(x) for x in store.log_path.read_text().splitlines()]
    assert log[-1]["reviewer"] == "ana" and log[-1]["doc"] == PT and log[-1]["op"] == "merge"
    assert log[-1]["time"].endswith("+00:00") and len(log[-1]["before"]) == 2
    # undo and redo are edits too, saved and logged
    r = c.post("/api/docs/0/edit", json={"op": "undo", "version": 1}).json()
    assert r["deleted"] == 1 and len(r["beads"]) == 2 and r["can_redo"]
    assert len((store.root / "beads" / "000-ai-vision-large-models" / "pt-en.beads").read_text().splitlines()) == 106
    r = c.post("/api/docs/0/edit", json={"op": "redo", "version": 2}).json()
    assert r["version"] == 3 and not r["can_redo"]
    assert [e["action"] for e in map(json.loads, store.log_path.read_text().splitlines())] == ["edit", "undo", "redo"]


def test_findings_follow_the_edited_beads(build, glossary):
    c, _, _ = client(build, glossary)
    view = c.get("/api/docs/1").json()
    gun = next(f for f in view["findings"] if f["found"] == "gun camera")
    bead = gun["bead"]
    r = c.post("/api/docs/1/edit", json={"op": "unalign", "bead": bead, "version": 0}).json()
    assert "findings" not in r  # judged again when the page asks, so the edit shows first
    after = c.get("/api/docs/1/findings").json()
    assert after["version"] == 1
    beads = c.get("/api/docs/1").json()["beads"]
    moved = next(f for f in after["findings"] if f["found"] == "gun camera")
    # the forbidden term now sits in a 0-1 bead of its own target sentence
    assert beads[moved["bead"]]["src"] == [] and beads[moved["bead"]]["tgt"] == [gun["sent"]]
    for f in after["findings"]:
        if f["sent"] is not None:
            assert f["sent"] in beads[f["bead"]][f["side"]]
    # a source term left without any target is missing now
    assert len(after["findings"]) >= len(view["findings"])


def test_the_server_rejects_an_edit_that_breaks_the_invariant(build):
    c, _, store = client(build)
    # bead 3 claims source sentence 1 again: that sentence would appear twice
    r = c.post("/api/docs/0/edit", json={"op": "replace", "start": 3, "end": 4,
                                         "beads": [[[1], [2]]], "version": 0})
    assert r.status_code == 422
    assert "source sentence 1 would appear twice" in r.json()["error"]
    r = c.post("/api/docs/0/edit", json={"op": "split", "bead": 0, "src_at": 1, "tgt_at": 1})
    assert r.status_code == 422 and "empty bead" in r.json()["error"]
    # nothing was written, nothing changed
    assert not (store.root / "beads").exists() and not store.log_path.exists()
    assert c.get("/api/docs/0").json()["version"] == 0


def test_a_failed_save_changes_nothing(build, tmp_path, monkeypatch):
    c, session, store = client(build, out=tmp_path / "review")
    assert c.post("/api/docs/0/edit", json={"op": "accept", "bead": 0}).status_code == 200

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device", str(store.root / "state"))

    monkeypatch.setattr(store, "save", disk_full)
    r = c.post("/api/docs/0/edit", json={"op": "merge", "bead": 3})
    assert r.status_code == 500 and "No space left on device" in r.json()["error"]
    # neither the page's state nor the undo history moved: the next edit starts from version 1
    assert session.pairs[0].version == 1 and len(session.pairs[0].beads) == 106
    assert len(session.pairs[0].undo) == 1
    assert len(store.log_path.read_text().splitlines()) == 1


def test_a_stale_page_cannot_overwrite_a_newer_edit(build):
    c, _, _ = client(build)
    assert c.post("/api/docs/0/edit", json={"op": "accept", "bead": 0, "version": 0}).status_code == 200
    r = c.post("/api/docs/0/edit", json={"op": "accept", "bead": 5, "version": 0})
    assert r.status_code == 409 and "out of date" in r.json()["error"]


def test_a_closed_tab_or_a_restart_loses_nothing(build, glossary):
    c, _, store = client(build, glossary)
    c.post("/api/docs/1/edit", json={"op": "unalign", "bead": 4})
    c.post("/api/docs/1/edit", json={"op": "accept", "bead": 0})
    before = c.get("/api/docs/1").json()
    c2, _, _ = client(build, glossary, out=store.root)  # a new server over the same folder
    after = c2.get("/api/docs/1").json()
    assert after["beads"] == before["beads"] and after["version"] == 2 and after["can_undo"]
    assert c2.get("/api/docs").json()[1]["reviewed"] == before["counts"]["reviewed"]
    assert c2.post("/api/docs/1/edit", json={"op": "undo", "version": 2}).status_code == 200


def test_a_saved_review_of_other_sentences_is_not_applied(build, tmp_path):
    _, session, store = client(build)
    session.edit(0, {"op": "accept", "bead": 0})
    seg = build.parent / "segments" / "000-ai-vision-large-models" / "pt.jsonl"
    lines = seg.read_text().splitlines()
    first = json.loads(lines[0])
    first["text"] = "Outro título"
    seg.write_text("\n".join([json.dumps(first, ensure_ascii=False), *lines[1:]]) + "\n")
    rec_file = build / "000-ai-vision-large-models" / "pt-en.jsonl"
    recs = rec_file.read_text().splitlines()
    r0 = json.loads(recs[0])
    r0["source"] = "Outro título"
    rec_file.write_text("\n".join([json.dumps(r0, ensure_ascii=False), *recs[1:]]) + "\n")
    with pytest.raises(InputError, match="saved review is for other sentences.*--restart"):
        ReviewSession(load_pair_docs([build]), store=ReviewStore(store.root, reviewer="x"))
    fresh = ReviewSession(load_pair_docs([build]), store=ReviewStore(store.root, reviewer="x"), restart=True)
    assert fresh.pairs[0].version == 0


def test_access_token_is_checked_on_every_api_call(build):
    c, _, _ = client(build, token="s3cret")
    assert c.get("/").status_code == 200  # the page itself holds no data
    assert c.get("/api/docs").status_code == 401
    assert c.get("/api/docs/0", headers={"X-Align-Token": "nope"}).status_code == 401
    assert c.post("/api/docs/0/edit", json={"op": "accept", "bead": 0}).status_code == 401
    ok = c.get("/api/docs", headers={"X-Align-Token": "s3cret"})
    assert ok.status_code == 200 and len(ok.json()) == 2


def test_only_json_posts_and_only_local_host_names(build):
    docs = load_pair_docs([build])
    session = ReviewSession(docs, store=ReviewStore(build.parent / "r", reviewer="a"))
    c = TestClient(create_app(session, allowed_hosts=["127.0.0.1", "localhost"]),
                   base_url="http://127.0.0.1:8765")
    assert c.get("/api/docs").status_code == 200
    # a form post (what another web site can send without asking) is refused
    r = c.post("/api/docs/0/edit", content="op=accept&bead=0",
               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415
    # DNS rebinding: a foreign host name is refused
    assert c.get("/api/docs", headers={"Host": "evil.example:8765"}).status_code == 400


def test_export_records_and_gold(build, tmp_path):
    from conftest import run_cli

    _, session, store = client(build)
    session.edit(0, {"op": "merge", "bead": 1})
    session.edit(0, {"op": "accept", "bead": 0})
    rec_dir, gold_dir = tmp_path / "records", tmp_path / "gold"
    code, _, err = run_cli(["review", str(build), "--out", str(store.root),
                            "--export-records", str(rec_dir), "--export-gold", str(gold_dir)])
    assert code == 0, err
    assert "not reviewed yet" in err
    # records: the one record schema, readable as review input again (and by align publish)
    again = load_pair_docs([rec_dir], segments=build.parent / "segments")
    assert [b.key for b in again[0].beads] == [b.key for b in session.pairs[0].beads]
    first = json.loads((rec_dir / "000-ai-vision-large-models" / "pt-en.jsonl").read_text().splitlines()[0])
    assert first["confidence"] == 1.0 and first["signature"].endswith("review:align-review")
    # gold: align eval scores it 1.000 against itself
    gold = gold_dir / "000-ai-vision-large-models" / "pt-en.beads"
    code, out, _ = run_cli(["eval", str(gold), str(gold), "--json"])
    assert code == 0
    score = json.loads(out)
    assert score["f1_strict"] == 1.0 and score["f1_lax"] == 1.0
    code, out, _ = run_cli(["eval", str(gold_dir / "000-ai-vision-large-models"),
                            str(gold_dir / "000-ai-vision-large-models"), "--json"])
    assert json.loads(out)["f1_strict"] == 1.0
    # exports never overwrite without --force
    code, _, err = run_cli(["review", str(build), "--out", str(store.root), "--export-gold", str(gold_dir)])
    assert code == 2 and "--force" in err


def test_export_from_the_page_writes_into_the_review_folder(build):
    c, _, store = client(build)
    r = c.post("/api/export", json={})
    assert r.status_code == 200 and r.json()["files"] == 4
    assert (store.root / "export" / "gold" / "000-ai-vision-large-models" / "pt-en.beads").is_file()


def test_gold_marks_beads_that_differ(build):
    from align.review.load import load_pair_docs as load

    docs = load([build], gold=Path(__file__).resolve().parent.parent / "corpora")
    session = ReviewSession(docs)
    view = session.doc_view(0)
    assert view["gold_f1"] == 1.0 and all(b["gold"] is True for b in view["beads"])
    session.readonly = False
    session.edit(0, {"op": "merge", "bead": 0})
    assert session.doc_view(0)["beads"][0]["gold"] is False


def test_static_export_is_one_file_without_external_references(build, tmp_path):
    from conftest import run_cli

    out = tmp_path / "report.html"
    code, _, err = run_cli(["review", str(build), "-g", str(GLOSSARY), "--export", str(out)])
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert 'src="static/' not in html and 'href="static/' not in html
    assert "http://" not in html.split("<script id=\"align-data\"")[0].replace("http://www.w3.org", "")
    data = html.split('<script id="align-data" type="application/json">')[1].split("</script>")[0]
    payload = json.loads(data)
    assert [d["key"] for d in payload["docs"]] == [PT, ZH]
    assert payload["views"][1]["findings"]
    # a static export never writes a review folder
    assert not (build.parent / "aligned-review").exists()
    code, _, err = run_cli(["review", str(build), "--export", str(out)])
    assert code == 2 and "--force" in err


def test_sentences_come_from_the_records_when_no_segments_are_around(tmp_path):
    aligned = make_build(tmp_path / "b", docs=(("000-ai-vision-large-models", "pt", "en"),))
    lone = tmp_path / "lone" / "000-ai-vision-large-models"
    lone.mkdir(parents=True)
    (lone / "pt-en.jsonl").write_text((aligned / "000-ai-vision-large-models" / "pt-en.jsonl").read_text())
    docs = load_pair_docs([lone / "pt-en.jsonl"])
    with_segments = load_pair_docs([aligned])
    assert docs[0].sentences_from == "the records"
    assert docs[0].src == with_segments[0].src and docs[0].tgt == with_segments[0].tgt


@pytest.mark.parametrize("damage, message", [
    (lambda recs: recs[:3] + recs[4:], "sentence 4 .* missing"),
    (lambda recs: [recs[1], recs[0], *recs[2:]], "out of order|twice"),
    (lambda recs: [{**recs[0], "target": "Something else"}, *recs[1:]], r"pt-en.jsonl:1: the target text differs"),
    (lambda recs: [{**recs[0], "src_ids": [], "tgt_ids": []}, *recs[1:]], "no sentence ids"),
])
def test_bad_alignment_input_is_one_clear_error(tmp_path, damage, message):
    aligned = make_build(tmp_path / "b", docs=(("000-ai-vision-large-models", "pt", "en"),))
    f = aligned / "000-ai-vision-large-models" / "pt-en.jsonl"
    recs = [json.loads(x) for x in f.read_text().splitlines()]
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in damage(recs)))
    with pytest.raises(InputError, match=message):
        load_pair_docs([aligned])


def test_cli_errors(tmp_path):
    from conftest import run_cli

    code, _, err = run_cli(["review", str(tmp_path / "nope")])
    assert code == 2 and "no such file or folder" in err
    (tmp_path / "empty").mkdir()
    code, _, err = run_cli(["review", str(tmp_path / "empty")])
    assert code == 2 and "no aligned .jsonl files" in err


def test_review_folder_refuses_a_foreign_folder(build, tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not a review folder"):
        ReviewStore(tmp_path / "busy", reviewer="a")


def _start(args: list[str], tmp: Path) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "align", "review", *args, "--no-browser", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp)
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    assert url.startswith("http://"), (url, proc.stderr.read() if proc.poll() is not None else "")
    return proc, url


def test_the_server_starts_prints_its_url_and_stops_cleanly_on_ctrl_c(build, tmp_path):
    import httpx

    proc, url = _start([str(build)], tmp_path)
    try:
        assert url.startswith("http://127.0.0.1:") and "token" not in url
        for _ in range(50):
            try:
                r = httpx.get(url + "api/docs", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert r.status_code == 200 and len(r.json()) == 2
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "stopped" in err and "Traceback" not in err


def test_another_host_needs_the_printed_token_and_warns(build, tmp_path):
    import httpx

    proc, url = _start([str(build), "--host", "0.0.0.0"], tmp_path)
    try:
        assert "?token=" in url
        token = url.split("?token=")[1]
        base = url.split("?")[0].replace("0.0.0.0", "127.0.0.1")
        for _ in range(50):
            try:
                denied = httpx.get(base + "api/docs", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert denied.status_code == 401
        assert httpx.get(base + "api/docs", headers={"X-Align-Token": token}).status_code == 200
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "warning: listening on 0.0.0.0" in err


def test_startup_does_not_import_the_web_stack():
    code = ("import sys, align.cli; print(sorted({'starlette', 'uvicorn', 'httpx', 'playwright'} "
            "& set(sys.modules)))")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "[]"
