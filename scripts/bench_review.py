"""Benchmark ``align review`` in headless Chromium: time to first paint and to the next bead.

Two synthetic reviews, made here (seeded) in a temporary folder, with the project glossary
so that findings are computed as in real use:

* one document pair of 5,000 beads (about 5,700 sentences a side);
* a corpus of 500 document pairs of 100 beads each.

For each: server start-up (reading, findings), the page's first beads on screen (ms since
navigation; median of 3 loads), the next bead (``j``: keydown to the next frame; median
of 60), a page turn (``PageDown``), an edit round trip (merge then undo: keydown until the
page shows the saved version), and for the corpus a switch to the next document (``J``).
Writes the ``Review`` section of BENCHMARKS.md.

``--screenshots DIR --aligned ALIGNED`` instead takes the screenshots for docs/review.md
from a real build (``build/aligned`` after ``scripts/build_corpus.py``).

Needs align[review], playwright and a Chromium (``/usr/bin/chromium``; ALIGN_CHROMIUM).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _benchmarks import ROOT, md_table, update_section  # noqa: E402

CHROMIUM = os.environ.get("ALIGN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

WORDS = ("the model aligns every sentence of the document with its translation while reviewers "
         "check terms such as industry model, box camera and large model before they publish "
         "corpus data for machine translation engineers").split()
PALAVRAS = ("o modelo alinha cada frase do documento com a sua tradução enquanto revisores "
            "verificam termos como modelo de indústria, câmera tipo caixa e grande modelo antes "
            "de publicar dados do corpus para engenheiros de tradução automática").split()
KINDS = [(1, 1)] * 14 + [(2, 1), (1, 2), (1, 0), (0, 1), (2, 2)]


def _sentence(rng: random.Random, words: list[str]) -> str:
    n = rng.randint(6, 24)
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."


def make_doc(folder: Path, doc_id: str, beads: int, rng: random.Random) -> None:
    """``aligned/<doc>/pt-en.jsonl`` records and ``segments/<doc>/{pt,en}.jsonl``."""
    src: list[str] = []
    tgt: list[str] = []
    lines = []
    for _ in range(beads):
        a, b = rng.choice(KINDS)
        s_ids = list(range(len(src), len(src) + a))
        t_ids = list(range(len(tgt), len(tgt) + b))
        src += [_sentence(rng, PALAVRAS) for _ in range(a)]
        tgt += [_sentence(rng, WORDS) for _ in range(b)]
        lines.append(json.dumps({
            "doc_id": doc_id, "src_lang": "pt", "tgt_lang": "en", "src_ids": s_ids, "tgt_ids": t_ids,
            "source": " ".join(src[i] for i in s_ids), "target": " ".join(tgt[i] for i in t_ids),
            "bead": f"{a}-{b}", "score": round(rng.random(), 4),
            "confidence": round(rng.random(), 4), "signature": "bench:review"}, ensure_ascii=False))
    (folder / "aligned" / doc_id).mkdir(parents=True, exist_ok=True)
    (folder / "aligned" / doc_id / "pt-en.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for lang, sents in (("pt", src), ("en", tgt)):
        (folder / "segments" / doc_id).mkdir(parents=True, exist_ok=True)
        (folder / "segments" / doc_id / f"{lang}.jsonl").write_text(
            "".join(json.dumps({"index": i, "text": t}, ensure_ascii=False) + "\n"
                    for i, t in enumerate(sents)), encoding="utf-8")


def _session(aligned: Path, out: Path):  # type: ignore[no-untyped-def]
    from align.glossary import load_glossary
    from align.review.load import load_pair_docs
    from align.review.session import ReviewSession
    from align.review.store import ReviewStore

    t0 = time.perf_counter()
    session = ReviewSession(load_pair_docs([aligned]), glossary=load_glossary(ROOT / "glossaries" / "align-terms.tsv"),
                            store=ReviewStore(out, reviewer="bench"))
    for p in session.pairs:
        session.findings(p)
    return session, time.perf_counter() - t0


def _browser(p):  # type: ignore[no-untyped-def]
    return p.chromium.launch_persistent_context(
        tempfile.mkdtemp(prefix="align-bench-chromium-"), executable_path=CHROMIUM, headless=True,
        args=ARGS, viewport={"width": 1400, "height": 900})


def measure(name: str, aligned: Path, out: Path, ctx, *, switch_docs: bool) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from align.review.server import ServerThread, create_app

    session, startup = _session(aligned, out)
    beads = sum(len(p.beads) for p in session.pairs)
    row: dict[str, object] = {"review": name, "docs": len(session.pairs), "beads": beads,
                              "startup_s": startup}
    with ServerThread(create_app(session, reviewer="bench")) as url:
        page = ctx.new_page()
        paints = []
        page.goto(url)
        for i in range(3):
            if i:
                page.reload()
            page.wait_for_selector("body[data-ready='1']", timeout=60000)
            paints.append(page.evaluate("window.alignTiming.firstRows"))
        row["first_paint_ms"] = statistics.median(paints)
        page.evaluate("window.alignTiming.nav = []")
        for _ in range(60):
            page.keyboard.press("j")
        page.wait_for_timeout(200)
        row["next_bead_ms"] = statistics.median(page.evaluate("window.alignTiming.nav"))
        if len(session.pairs[0].beads) > 100:  # more than one page of beads
            page.evaluate("window.alignTiming.nav = []")
            for _ in range(5):
                page.keyboard.press("PageDown")
                page.wait_for_timeout(50)
            page.wait_for_timeout(200)
            row["page_turn_ms"] = statistics.median(page.evaluate("window.alignTiming.nav"))
        page.keyboard.press("Home")  # the first bead: it has a next one to merge with
        edits = []
        version = int(page.get_attribute("body", "data-version") or 0)
        for i in range(6):
            t0 = time.perf_counter()
            page.keyboard.press("m" if i % 2 == 0 else "z")
            version += 1
            page.wait_for_selector(f"body[data-version='{version}']", timeout=30000)
            edits.append((time.perf_counter() - t0) * 1000)
        row["edit_ms"] = statistics.median(edits)
        if switch_docs:
            switches = []
            for i in range(5):
                t0 = time.perf_counter()
                page.keyboard.press("J")
                page.wait_for_selector(f"body[data-doc='{i + 1}']", timeout=30000)
                switches.append((time.perf_counter() - t0) * 1000)
            row["next_doc_ms"] = statistics.median(switches)
        page.close()
    return row


def screenshots(aligned: Path, folder: Path) -> None:
    """The main view, the review queue and a glossary finding, as small PNGs."""
    from playwright.sync_api import sync_playwright

    from align.review.server import ServerThread, create_app

    tmp = Path(tempfile.mkdtemp(prefix="align-shots-"))
    session, _ = _session(aligned, tmp / "aligned-review")
    folder.mkdir(parents=True, exist_ok=True)
    with ServerThread(create_app(session, reviewer="docs")) as url, sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            tempfile.mkdtemp(prefix="align-bench-chromium-"), executable_path=CHROMIUM, headless=True,
            args=ARGS, viewport={"width": 1280, "height": 720}, device_scale_factor=1)
        page = ctx.new_page()
        page.goto(url)
        page.wait_for_selector("body[data-ready='1']")
        for _ in range(3):
            page.keyboard.press("j")
        page.screenshot(path=str(folder / "review-main.png"))
        page.keyboard.press("q")
        page.wait_for_timeout(200)
        page.screenshot(path=str(folder / "review-queue.png"))
        page.keyboard.press("q")
        key = next((i for i, p_ in enumerate(session.pairs) if "zh-Hant-en" in p_.doc.key), 1)
        page.goto(url + f"#doc={session.pairs[key].doc.key}")
        page.reload()
        page.wait_for_selector("body[data-ready='1']")
        page.keyboard.press("f")
        page.keyboard.press("j")
        page.keyboard.press("s")  # split mode on the bead with the forbidden term
        page.locator("mark.f-forbidden-term").first.hover()
        page.wait_for_timeout(300)
        page.screenshot(path=str(folder / "review-findings.png"))
        ctx.close()
    shutil.rmtree(tmp, ignore_errors=True)
    try:  # a 256-colour palette keeps the committed PNGs small
        from PIL import Image

        for f in folder.glob("review-*.png"):
            Image.open(f).convert("RGB").quantize(256).save(f, optimize=True)
    except ImportError:
        pass
    for f in sorted(folder.glob("review-*.png")):
        print(f"wrote {f} ({f.stat().st_size // 1024} KiB)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--beads", type=int, default=5000, help="beads of the long document (default 5000)")
    ap.add_argument("--docs", type=int, default=500, help="documents of the corpus (default 500)")
    ap.add_argument("--doc-beads", type=int, default=100, help="beads per corpus document (default 100)")
    ap.add_argument("--no-write", action="store_true", help="print, do not update BENCHMARKS.md")
    ap.add_argument("--screenshots", type=Path, help="take the docs screenshots into this folder")
    ap.add_argument("--aligned", type=Path, default=ROOT / "build" / "aligned",
                    help="the build to screenshot (default build/aligned)")
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).is_file():
        print(f"bench_review: no Chromium at {CHROMIUM}", file=sys.stderr)
        return 1
    if args.screenshots:
        screenshots(args.aligned, args.screenshots)
        return 0
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="align-bench-review-"))
    rng = random.Random(18)
    try:
        make_doc(tmp / "long", "long-document", args.beads, rng)
        for i in range(args.docs):
            make_doc(tmp / "corpus", f"doc-{i:04d}", args.doc_beads, rng)
        rows = []
        with sync_playwright() as p:
            ctx = _browser(p)
            rows.append(measure(f"1 document, {args.beads:,} beads", tmp / "long" / "aligned",
                                tmp / "long-review", ctx, switch_docs=False))
            rows.append(measure(f"{args.docs} documents x {args.doc_beads} beads",
                                tmp / "corpus" / "aligned", tmp / "corpus-review", ctx, switch_docs=True))
            ctx.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    headers = ["review", "server start (s)", "first beads on screen (ms)", "next bead (ms)",
               "page turn (ms)", "edit saved and shown (ms)", "next document (ms)"]
    table = [[r["review"], f"{r['startup_s']:.2f}", f"{r['first_paint_ms']:.0f}", f"{r['next_bead_ms']:.1f}",
              f"{r['page_turn_ms']:.1f}" if "page_turn_ms" in r else "-", f"{r['edit_ms']:.0f}",
              f"{r['next_doc_ms']:.0f}" if "next_doc_ms" in r else "-"] for r in rows]
    body = (md_table(headers, table) + "\n"
            "Headless Chromium (Debian) driven by Playwright, the server in the same process. "
            "Synthetic pt-en documents with the project glossary (findings computed). Server "
            "start: reading the records and segments and judging every bead. First beads on "
            "screen: ms from navigation start to the frame after the first page of 100 beads is "
            "drawn (median of 3 loads; the whole document is sent once). Next bead: `j`, keydown "
            "to the next frame (median of 60). Page turn: `PageDown` (draws the next 100 beads; "
            "a corpus document fits on one page). Edit: `m` / `z` until the page shows the saved "
            "version (state and bead file written and synced, log appended; the glossary "
            "findings of the document follow in a second request; median of 6). Next document: "
            "`J` until the new document is shown.\n")
    print(body)
    if not args.no_write:
        update_section("Review (`align review`)", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
