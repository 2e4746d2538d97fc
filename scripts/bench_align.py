#!/usr/bin/env python3
"""Sentence-alignment benchmark: strict/lax P/R/F1, calibration, speed, linear scaling.

Datasets (read from ../shared/bench, never copied): MAC-Dev zh-en, Text+Berg de-fr, and
NTREX-128 sets built here for en against zh-CN, zh-TW, ja, pt-BR and id: per document,
a random 20% of adjacent target lines are merged into one line and 3% of target lines
are dropped (fixed seed), so the gold beads are known; the project's own hand-checked
golds (corpora/*/gold); and two long zh-en texts (MAC-Dev chapters and NTREX documents
end to end, about 5,000 and 10,000 sentences).

Methods: `e5` (default aligner), `none` (length + lexical evidence, no model), our own
Gale-Church baseline, optionally `e5+use` (--ensemble), plus an ablation of each kind
of evidence on MAC-Dev and Text+Berg (cached embeddings). The e5 rows are timed cold
(no embedding cache). Every set gets strict recall per gold bead type and the expected
calibration error of the beads' confidence, with a reliability diagram written to
reports/calibration/. The long texts also get the alignment stage's time and peak
memory at both sizes, and their ratio.

Tuning discipline: the aligner's defaults were tuned on the first half of the MAC-Dev
files (001-003) and of Text+Berg (001-003); all files are reported here.

    python scripts/bench_align.py            # everything, writes BENCHMARKS.md
    python scripts/bench_align.py --quick    # a subset, prints only
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("OMP_NUM_THREADS", "2")

sys.path.insert(0, str(Path(__file__).parent))
from _benchmarks import BENCH, ROOT, md_table, update_section  # noqa: E402

from align import calibration  # noqa: E402
from align.aligner import AlignConfig, Aligner  # noqa: E402
from align.embed import get_encoder  # noqa: E402
from align.embed.base import Encoder  # noqa: E402
from align.evaluate import AlignmentScore, read_beads, score_alignments  # noqa: E402
from align.io import atomic_write  # noqa: E402
from align.records import Bead  # noqa: E402

Doc = tuple[str, list[str], list[str], list]  # id, src, tgt, gold

NTREX_PAIRS = [("zho-CN", "zh-Hans"), ("zho-TW", "zh-Hant"), ("jpn", "ja"), ("por-BR", "pt"),
               ("ind", "id")]
SEED = 13


def load_gold_set(name: str, src: str, tgt: str, limit: int | None) -> list[Doc]:
    root = BENCH / name
    docs = []
    for f in sorted((root / "gold").iterdir())[:limit]:
        stem = f.name.split(".")[0]
        s = (root / src / stem).read_text(encoding="utf-8").splitlines()
        t = (root / tgt / stem).read_text(encoding="utf-8").splitlines()
        docs.append((stem, s, t, read_beads(f)))
    return docs


def build_ntrex(code: str, lang: str, limit: int | None) -> list[Doc]:
    """en -> ``code`` documents with 20% adjacent target merges and 3% target drops."""
    root = BENCH / "ntrex"
    ids = (root / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    eng = (root / "eng.txt").read_text(encoding="utf-8").splitlines()
    other = (root / f"{code}.txt").read_text(encoding="utf-8").splitlines()
    joiner = "" if lang.startswith(("zh", "ja")) else " "
    rng = random.Random(f"{SEED}-{code}")
    by_doc: dict[str, list[int]] = {}
    for k, d in enumerate(ids):
        by_doc.setdefault(d, []).append(k)
    docs = []
    for d, rows in list(by_doc.items())[:limit]:
        src = [eng[k] for k in rows]
        tgt: list[str] = []
        gold: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
        k = 0
        while k < len(rows):
            if rng.random() < 0.03:  # dropped target line -> 1-0 bead
                gold.append(((k,), ()))
                k += 1
                continue
            if k + 1 < len(rows) and rng.random() < 0.2:  # two lines merged -> 2-1 bead
                tgt.append(joiner.join([other[rows[k]], other[rows[k + 1]]]))
                gold.append(((k, k + 1), (len(tgt) - 1,)))
                k += 2
                continue
            tgt.append(other[rows[k]])
            gold.append(((k,), (len(tgt) - 1,)))
            k += 1
        docs.append((d, src, tgt, gold))
    return docs


def flip(docs: list[Doc]) -> list[Doc]:
    """The same documents with source and target swapped."""
    return [(d, t, s, [(b, a) for a, b in gold]) for d, s, t, gold in docs]


def concatenate(name: str, docs: list[Doc]) -> Doc:
    """One long document made of several, end to end (gold beads shifted)."""
    src: list[str] = []
    tgt: list[str] = []
    gold = []
    for _, s, t, g in docs:
        gold.extend((tuple(i + len(src) for i in a), tuple(j + len(tgt) for j in b))
                    for a, b in g)
        src.extend(s)
        tgt.extend(t)
    return (name, src, tgt, gold)


def build_long() -> dict[str, Doc]:
    """Two long zh-en texts: all MAC-Dev chapters followed by NTREX documents (zh-Hans,
    then zh-Hant; built as above, then swapped to zh -> en) up to about 5,000 and 10,000
    sentences (both sides counted); the 10k text starts with the 5k one."""
    parts = load_gold_set("mac-dev", "zh", "en", None)
    parts += flip(build_ntrex("zho-CN", "zh-Hans", None)) + flip(build_ntrex("zho-TW", "zh-Hant",
                                                                                None))
    out = {}
    for size in (5000, 10000):
        chosen, total = [], 0
        for doc in parts:
            if total >= size:
                break
            chosen.append(doc)
            total += len(doc[1]) + len(doc[2])
        out[f"{size // 1000}k"] = concatenate(f"long-{size // 1000}k", chosen)
    return out


class MemoryEncoder:
    """Vectors computed once by another encoder, served from memory (a sweep re-reads them
    hundreds of times; the long-text timing measures the aligner, not the cache)."""

    def __init__(self, inner: Encoder, texts: Sequence[str]) -> None:
        unique = list(dict.fromkeys(texts))
        vecs = inner.encode(unique)
        self.name = inner.name
        self._inner_signature = inner.signature()
        self._rows = {t: i for i, t in enumerate(unique)}
        self._vecs = np.asarray(vecs, dtype=np.float32)

    def encode(self, texts: Sequence[str], **_: object) -> np.ndarray:
        return self._vecs[[self._rows[t] for t in texts]]

    def signature(self) -> str:
        return self._inner_signature


def load_project_gold() -> list[tuple[str, str, str, Doc]]:
    """The project's own hand-checked golds: ``(doc id, src lang, tgt lang, document)``
    for each ``corpora/<doc>/gold/<src>-<tgt>.beads``, over align's own segmentation."""
    from align.corpus import load_corpus
    from align.segment import segment_document

    out = []
    for doc in load_corpus(ROOT / "corpora"):
        for src_lang, tgt_lang in doc.parallel_pairs():
            gold = ROOT / "corpora" / doc.id / "gold" / f"{src_lang}-{tgt_lang}.beads"
            if gold.exists():
                src = [s.text for s in segment_document(doc.text(src_lang), src_lang)]
                tgt = [s.text for s in segment_document(doc.text(tgt_lang), tgt_lang)]
                out.append((doc.id, src_lang, tgt_lang, (doc.id, src, tgt, read_beads(gold))))
    return out


@dataclass
class Run:
    """One aligner over one set: its beads and what it cost."""

    tests: list[list[Bead]]
    secs: float
    cpu: float  # process CPU seconds (less sensitive than wall time to a shared machine)
    sents: int
    calls: int
    score: AlignmentScore
    ece: float | None
    conf: np.ndarray
    correct: np.ndarray


def evaluate(docs: list[Doc], encoder: Any, config: AlignConfig, *, langs: tuple[str, str] |
             None = None, glossary: Any = None, groups: list[list[int]] | None = None) -> Run:
    """Align every document (all of a set in one call, so the learned lexicon is pooled
    over the set, as in one ``align corpus`` run; ``groups``: one call per group)."""
    groups = groups or [list(range(len(docs)))]
    tests: list[list[Bead]] = [[] for _ in docs]
    calls = 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    for group in groups:
        aligner = Aligner(encoder, config, glossary=glossary)
        lang = langs[group[0]] if isinstance(langs, list) else langs
        kw = dict(src_lang=lang[0], tgt_lang=lang[1]) if lang else {}
        for k, beads in zip(group, aligner.align_many([docs[k][1:3] for k in group], **kw),
                            strict=True):
            tests[k] = beads
        calls += aligner.encode_calls
    secs = time.perf_counter() - t0
    cpu = time.process_time() - c0
    gold = [g for *_, g in docs]
    conf, correct = [], []
    for g, found in zip(gold, tests, strict=True):
        truth = {(tuple(a), tuple(b)) for a, b in g}
        for b in found:
            if b.confidence is not None:
                conf.append(b.confidence)
                correct.append(float((b.src, b.tgt) in truth))
    p, y = np.array(conf), np.array(correct)
    ece = calibration.expected_calibration_error(p, y) if len(p) else None
    return Run(tests, secs, cpu, sum(len(s) + len(t) for _, s, t, _ in docs), calls,
               score_alignments(gold, tests), ece, p, y)


def row(method: str, r: Run) -> list:
    s = r.score
    return [method, f"{s.precision_strict:.3f}", f"{s.recall_strict:.3f}", f"{s.f1_strict:.3f}",
            f"{s.precision_lax:.3f}", f"{s.recall_lax:.3f}", f"{s.f1_lax:.3f}",
            "" if r.ece is None else f"{r.ece:.3f}", f"{r.secs:.1f}", f"{r.cpu:.1f}",
            f"{r.sents / max(r.secs, 1e-9):.0f}", f"{r.calls / r.sents:.2f}"]


HEAD = ["method", "P strict", "R strict", "F1 strict", "P lax", "R lax", "F1 lax", "ECE",
        "seconds", "CPU seconds", "sents/s", "enc calls/sent"]
TYPE_ORDER = ["1-1", "1-2", "2-1", "2-2", "1-3", "3-1", "2-3", "3-2", "1-4", "4-1", "1-5", "5-1",
              "1-6", "6-1", "2-4", "4-2", "3-3", "1-0", "0-1"]


def type_recall(runs: dict[str, Run]) -> str:
    """Strict recall per gold bead type (found/total) for each method."""
    kinds = sorted({k for r in runs.values() for k in r.score.per_type},
                   key=lambda k: (TYPE_ORDER.index(k) if k in TYPE_ORDER else 99, k))
    rows = [[m] + [f"{r.score.per_type.get(k, (0, 0))[0]}/{r.score.per_type.get(k, (0, 0))[1]}"
                   for k in kinds] for m, r in runs.items()]
    return md_table(["gold bead type", *kinds], rows)


def reliability_png(r: Run, title: str, path: Path) -> None:
    """A reliability diagram (accuracy against confidence, per bin) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = calibration.reliability(r.conf, r.correct, bins=10)
    fig, ax = plt.subplots(figsize=(4, 4), dpi=100)
    mids = [(lo + hi) / 2 for lo, hi, *_ in table]
    acc = [a if c else np.nan for _, _, c, _, a in table]
    counts = [c for _, _, c, _, _ in table]
    ax.bar(mids, acc, width=0.09, color="#4c72b0", label="accuracy")
    ax.plot([0, 1], [0, 1], "--", color="grey", label="perfect calibration")
    for x, a, c in zip(mids, acc, counts, strict=True):
        if c:
            ax.text(x, min(a + 0.02, 0.97), str(c), ha="center", fontsize=6)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence")
    ax.set_ylabel("share of beads correct (strict)")
    ax.set_title(f"{title}\nECE {r.ece:.3f}, {len(r.conf)} beads", fontsize=8)
    ax.legend(loc="upper left", fontsize=7)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path, binary=True) as fh:
        fig.savefig(fh, format="png")
    plt.close(fig)


def slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-").replace("--", "-")


def long_scaling(docs: dict[str, Doc], encoder: Any, config: AlignConfig) -> tuple[str, dict]:
    """Time (median of 3) and peak traced memory of the alignment stage on the long texts
    (embeddings from the cache and the dictionary loaded beforehand, so only the aligner
    is measured), and the 10k/5k ratios."""
    import tracemalloc

    out = {}
    for size, (_, src, tgt, gold) in docs.items():
        memory = MemoryEncoder(encoder, [*src, *tgt])  # vectors in memory: time the aligner
        Aligner(memory, config).align(src[:50], tgt[:50])  # loads the dictionary
        walls, cpus = [], []
        for _ in range(3):
            c0, t0 = time.process_time(), time.perf_counter()
            beads = Aligner(memory, config).align(src, tgt)
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        tracemalloc.start()
        Aligner(memory, config).align(src, tgt)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        out[size] = (len(src), len(tgt), float(np.median(walls)), float(np.median(cpus)), peak,
                     score_alignments([gold], [beads]))
    rows = [[size, f"{n} + {m}", f"{sc.f1_strict:.3f}", f"{sc.f1_lax:.3f}", f"{wall:.1f}",
             f"{cpu:.1f}", f"{peak / 2**20:.0f}"]
            for size, (n, m, wall, cpu, peak, sc) in out.items()]
    (_, _, w5, c5, m5, _), (_, _, w10, c10, m10, _) = out["5k"], out["10k"]
    n5, n10 = sum(out["5k"][:2]), sum(out["10k"][:2])
    text = (md_table(["text", "sentences (zh + en)", "F1 strict", "F1 lax",
                      "seconds (median of 3)", "CPU seconds (median of 3)",
                      "peak memory MiB (tracemalloc)"], rows)
            + f"\n10k / 5k: sentences x{n10 / n5:.2f}, CPU time **x{c10 / c5:.2f}** (wall "
            f"x{w10 / w5:.2f}), peak memory **x{m10 / m5:.2f}** (target <= 2.1).\n")
    return text, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a subset; print, do not write")
    ap.add_argument("--ensemble", action="store_true", help="also run e5+use")
    args = ap.parse_args(argv)
    if not BENCH.is_dir():
        print(f"benchmark data not found at {BENCH}", file=sys.stderr)
        return 2
    from align.glossary import load_glossary

    lim = 2 if args.quick else None
    nlim = 8 if args.quick else None
    sets: dict[str, list[Doc]] = {
        "MAC-Dev zh-en": load_gold_set("mac-dev", "zh", "en", lim),
        "Text+Berg de-fr": load_gold_set("text+berg", "de", "fr", lim),
    }
    langs: dict[str, Any] = {}
    for code, lang in NTREX_PAIRS:
        sets[f"NTREX en-{lang} (built)"] = build_ntrex(code, lang, nlim)
        langs[f"NTREX en-{lang} (built)"] = ("en", lang)
    project = load_project_gold()
    sets["project gold"] = [d for *_, d in project]
    langs["project gold"] = [(s, t) for _, s, t, _ in project]
    longs = build_long()
    if not args.quick:
        sets["long-text 5k zh-en"] = [longs["5k"]]
        sets["long-text 10k zh-en"] = [longs["10k"]]
    glossary = load_glossary(ROOT / "glossaries" / "align-terms.tsv")
    cfg = AlignConfig()
    png_dir = ROOT / "reports" / "calibration"
    body = [
        "Strict/lax precision, recall and F1 as in Vecalign's score.py (pooled over files). "
        "The MAC-Dev and Text+Berg e5 rows are timed cold: every sentence is embedded (a fresh, "
        f"empty cache) on this machine's {os.environ.get('OMP_NUM_THREADS')} threads; the other "
        "sets read the shared embedding cache. Each set is aligned "
        "in one `Aligner.align_many` call, as one `align corpus` run would (the learned "
        "lexicon is pooled over the set's documents). Defaults tuned on MAC-Dev 001-003 and "
        "Text+Berg 001-003; all files reported. NTREX sets: 20% adjacent target merges, 3% "
        f"target drops, seed {SEED}. Project gold: the hand-checked beads of `corpora/` (five "
        "pairs, align's own segmentation, the project glossary as evidence). Long texts: all "
        "MAC-Dev chapters followed by NTREX zh-Hans, then zh-Hant documents (swapped to "
        "zh -> en), cut at about 5,000 and 10,000 sentences (both sides), aligned as one "
        "document each. ECE: expected calibration error of the beads' `confidence` "
        "(10 bins; the calibrator was fitted on MAC-Dev 001-003 and Text+Berg 001-003 by "
        "`scripts/fit_calibration.py`); reliability diagrams in `reports/calibration/`.\n",
        f"Aligner configuration: `{cfg.signature()}`\n",
    ]
    total_sents = total_secs = total_cpu = 0.0
    summary_rows = []
    for name, docs in sets.items():
        kw: dict[str, Any] = {"langs": langs.get(name)}
        if name == "project gold":
            kw["glossary"] = glossary
            kw["groups"] = [[k] for k in range(len(docs))]
        runs: dict[str, Run] = {}
        cold = name.startswith(("MAC", "Text"))
        # the short literary sets are timed cold (a fresh, empty cache: every sentence is
        # embedded); the others read the shared embedding cache (their accuracy is the point)
        tmp = tempfile.mkdtemp(prefix="align-bench-cache-") if cold else None
        enc = get_encoder("e5", cache=True, cache_dir=tmp)
        runs["e5 (default)"] = r = evaluate(docs, enc, cfg, **kw)
        if cold:
            total_sents += r.sents
            total_secs += r.secs
            total_cpu += r.cpu
        if args.ensemble and name.startswith(("MAC", "Text")):
            runs["e5+use"] = evaluate(docs, get_encoder("e5+use"), cfg, **kw)
        runs["none (no model)"] = evaluate(docs, None, cfg, **kw)
        runs["Gale-Church (ours)"] = evaluate(docs, None, replace(cfg, mode="gale-church"), **kw)
        table = md_table(HEAD, [row(m, x) for m, x in runs.items()])
        types = type_recall({m: x for m, x in runs.items() if not m.startswith("Gale")})
        text = f"### {name} ({len(docs)} documents)\n\n{table}\nStrict recall per gold bead type:\n\n{types}"
        print(f"\n{text}", flush=True)
        body.append(text)
        for method in ("e5 (default)", "none (no model)"):
            if runs[method].ece is not None and not args.quick:
                reliability_png(runs[method], f"{name}, {method}",
                                png_dir / f"{slug(name)}-{slug(method.split()[0])}.png")
        summary_rows.append([name, f"{runs['e5 (default)'].score.f1_strict:.3f}",
                             f"{runs['e5 (default)'].score.f1_lax:.3f}",
                             f"{runs['e5 (default)'].ece:.3f}",
                             f"{runs['none (no model)'].score.f1_strict:.3f}",
                             f"{runs['none (no model)'].ece:.3f}"])
        if cold:
            warm = get_encoder("e5", cache=True, cache_dir=tmp)
            body.append(ablation(name, docs, warm, cfg))
    body.insert(2, "Summary (e5 default and the no-model aligner; ECE of the confidence):\n\n"
                + md_table(["set", "e5 F1 strict", "e5 F1 lax", "e5 ECE", "none F1 strict",
                            "none ECE"], summary_rows))
    if not args.quick:
        warm = get_encoder("e5", cache=True)
        text, _ = long_scaling(longs, warm, cfg)
        print(f"\nLong texts, alignment stage:\n\n{text}", flush=True)
        body.append("### Long texts: linear time and memory\n\nThe alignment stage alone "
                    "(embeddings computed beforehand and served from memory; the CC-CEDICT "
                    "dictionary loaded beforehand), the same configuration:\n\n" + text)
    speed = total_sents / total_secs
    summary = (f"End to end with e5, cold cache, MAC-Dev and Text+Berg: {total_sents:.0f} "
               f"sentences in {total_secs:.1f} s = **{speed:.0f} sentences/s** "
               f"({total_cpu:.1f} CPU seconds: {total_cpu / total_sents * 1000:.1f} ms per "
               "sentence; the wall time depends on what else the machine runs).\n")
    print(summary)
    body.insert(2, summary)
    if not args.quick:
        update_section("Sentence alignment", "\n".join(body), script="bench_align.py")
    return 0


def ablation(name: str, docs: list[Doc], encoder: Any, cfg: AlignConfig) -> str:
    """Strict/lax F1 with one channel or feature changed at a time (cached embeddings)."""
    mac = name.startswith("MAC")
    variants: list[tuple[str, dict[str, Any]]] = [
        ("embedding only (no length, dictionary, cognates, learned lexicon, numbers, Latin "
         "tokens, punctuation)",
         dict(length_weight=0.0, number_weight=0.0, latin_weight=0.0, punct_weight=0.0,
              dictionary_weight=0.0, cognate_weight=0.0, learned_weight=0.0)),
        ("- learned lexicon", dict(learned_weight=0.0)),
    ]
    if mac:
        variants += [("- dictionary (CC-CEDICT; zh-en only)", dict(dictionary_weight=0.0)),
                     ("- dictionary - learned lexicon",
                      dict(dictionary_weight=0.0, learned_weight=0.0))]
    else:
        variants += [("- cognates (Latin-script pairs only)", dict(cognate_weight=0.0)),
                     ("- cognates - learned lexicon", dict(cognate_weight=0.0, learned_weight=0.0))]
    variants += [
        (f"bead sizes up to 5 sentences (max_bead 5, max_side 4), default {cfg.max_bead}/"
         f"{cfg.max_side}", dict(max_bead=5, max_side=4)),
        ("- pruning of merges by the span baseline", dict(prune_margin=None)),
        ("- skip runs (every skip 0.2, no opening cost)", dict(skip_cost=0.2, skip_open=0.0)),
        ("- length", dict(length_weight=0.0)), ("- numbers", dict(number_weight=0.0)),
        ("- Latin tokens", dict(latin_weight=0.0)), ("- punctuation", dict(punct_weight=0.0)),
        ("+ concatenation refinement (0.5 calls/sent)", dict(refine_budget=0.5)),
    ]
    rows = []
    base = evaluate(docs, encoder, cfg)
    rows.append(["default", f"{base.score.f1_strict:.3f}", f"{base.score.f1_lax:.3f}",
                 f"{score_alignments([g for *_, g in docs][:3], base.tests[:3]).f1_strict:.3f}",
                 f"{base.cpu:.1f}"])
    for label, change in variants:
        r = evaluate(docs, encoder, replace(cfg, **change))
        dev = score_alignments([g for *_, g in docs][:3], r.tests[:3])
        rows.append([label, f"{r.score.f1_strict:.3f}", f"{r.score.f1_lax:.3f}",
                     f"{dev.f1_strict:.3f}", f"{r.cpu:.1f}"])
    table = md_table(["e5 variant", "F1 strict", "F1 lax", "F1 strict, files 001-003 (dev)",
                      "CPU seconds (cached)"], rows)
    print(f"Ablation on {name}:\n\n{table}", flush=True)
    return f"Ablation on {name} (same defaults otherwise; embeddings cached):\n\n{table}"


if __name__ == "__main__":
    raise SystemExit(main())
