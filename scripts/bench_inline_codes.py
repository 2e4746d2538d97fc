"""Inline codes through MT: XLIFF 1.2 units with codes, translated pt->en by Bergamot.

Data: the first ``--limit`` (default 500) NTREX-128 Brazilian Portuguese sentences
(``../shared/bench/ntrex/por-BR.txt``) and their English references (``eng.txt``). Each
sentence becomes one ``trans-unit`` whose source gets, from a generator seeded with the
sentence number, a ``<g>`` around a span of one to three words and an ``<x/>`` at a word
boundary (the two most common code shapes in CMS and DTP exports).

Figures (printed, and written to the "Inline codes through MT" section of
BENCHMARKS.md):

* units whose placeholders all came back once and in order (no repair needed);
* paired codes the model emptied (moved their words out) and how many of those were put
  back by translating the words alone (``align.bilingual.inline.rewrap``);
* units whose target has every code of the source, in order and nested alike (the
  guarantee: must be 100%);
* chrF of the targets' text (codes removed) against the references, next to chrF of the
  same sentences translated without codes: what masking costs in quality.

Run: ``python scripts/bench_inline_codes.py [--limit N]`` (about a minute on two cores).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from xml.sax.saxutils import escape

from _benchmarks import BENCH, md_table, update_section

NTREX = BENCH / "ntrex"
X12 = "urn:oasis:names:tc:xliff:document:1.2"


def with_codes(sentence: str, seed: int) -> str:
    """``sentence`` as XLIFF source content with a ``<g>`` span and an ``<x/>``."""
    rng = random.Random(seed)
    words = sentence.split(" ")
    if len(words) < 4:
        return escape(sentence)
    length = rng.randint(1, min(3, len(words) - 2))
    start = rng.randint(0, len(words) - length)
    x_at = rng.choice([i for i in range(1, len(words)) if not start < i < start + length]
                      or [len(words)])
    out = []
    for i, w in enumerate(words):
        piece = escape(w)
        if i == x_at:
            out.append('<x id="2" ctype="x-marker"/>')
        if i == start:
            piece = '<g id="1" ctype="bold">' + piece
        if i == start + length - 1:
            piece += "</g>"
        out.append(piece)
    return " ".join(out).replace('"x-marker"/> ', '"x-marker"/>')


def codes(el: object) -> list[tuple[str, str | None, int]]:
    from lxml import etree

    out = []
    for c in el.iter():  # type: ignore[attr-defined]
        if c is el:
            continue
        depth = len(list(c.iterancestors()))
        out.append((etree.QName(c).localname, c.get("id"), depth))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=500)
    ap.add_argument("--no-write", action="store_true", help="print only, leave BENCHMARKS.md")
    args = ap.parse_args()
    if not (NTREX / "por-BR.txt").is_file():
        print(f"NTREX not found at {NTREX}", file=sys.stderr)
        return 2

    import sacrebleu
    from lxml import etree

    from align.bilingual import apply_translations, load_store
    from align.translate import load_translator
    from align.translate.placeholders import families_of

    src = (NTREX / "por-BR.txt").read_text(encoding="utf-8").splitlines()[:args.limit]
    ref = (NTREX / "eng.txt").read_text(encoding="utf-8").splitlines()[:args.limit]
    units = "".join(f'<trans-unit id="{n}"><source>{with_codes(s, n)}</source></trans-unit>'
                    for n, s in enumerate(src))
    doc = (f'<xliff version="1.2" xmlns="{X12}"><file original="ntrex" source-language="pt-BR"'
           f' target-language="en-US" datatype="plaintext"><body>{units}</body></file></xliff>')
    tr = load_translator("bergamot")
    t0 = time.perf_counter()
    plain = tr.translate(src, "pt", "en")
    t_plain = time.perf_counter() - t0

    store = load_store(doc, "ntrex.xlf", "xliff")
    plan = store.plan("pt", "en", tgt_tag="en-US", overwrite=False,
                      family=families_of(tr)[0], mt_label=tr.signature())
    jobs = [j for j in plan.jobs if j.needs_mt]
    t0 = time.perf_counter()
    out = tr.translate([j.text for j in jobs], "pt", "en")
    untouched = sum(1 for j, o in zip(jobs, out, strict=True)
                    if _in_order(j.masked, o))
    applied = apply_translations(plan, out,
                                 retranslate=lambda texts: tr.translate(texts, "pt", "en"))
    t_codes = time.perf_counter() - t0
    root = etree.fromstring(store.dumps())
    ok = 0
    hyps = []
    for tu in root.iter(f"{{{X12}}}trans-unit"):
        s_el, t_el = tu.find(f"{{{X12}}}source"), tu.find(f"{{{X12}}}target")
        ok += codes(s_el) == codes(t_el)
        hyps.append("".join(t_el.itertext()))
    n = len(jobs)
    pairs = sum(1 for j in jobs for c in j.masked.codes if c.kind == "open")
    chrf_codes = sacrebleu.corpus_chrf(hyps, [ref]).score
    chrf_plain = sacrebleu.corpus_chrf(plain, [ref]).score
    rows = [
        ["units (with a `<g>` and an `<x/>`)", f"{n:,}"],
        ["placeholders back once and in order, no repair", f"{untouched / n:.1%}"],
        ["units still reported after repair (codes moved, or a pair left empty)",
         f"{len(applied.repaired) / n:.1%}"],
        ["paired codes emptied by the model", f"{applied.emptied:,} of {pairs:,}"],
        ["... words found and put back inside", f"{applied.rewrapped:,}"],
        ["targets with every code, in order, nested alike", f"{ok / n:.1%}"],
        ["chrF, targets with codes (codes removed)", f"{chrf_codes:.1f}"],
        ["chrF, same sentences without codes", f"{chrf_plain:.1f}"],
        ["seconds, with codes / without", f"{t_codes:.1f} / {t_plain:.1f}"],
    ]
    body = (md_table(["figure", "value"], rows) + "\n"
            f"Data: the first {n:,} NTREX-128 pt-BR sentences with a seeded `<g>` span and "
            f"`<x/>` each; backend `{tr.signature()}`, placeholders `{families_of(tr)[0]}` "
            "from index 50. See docs/translate.md, \"Bilingual files\".\n")
    print(body)
    if not args.no_write:
        update_section("Inline codes through MT (XLIFF 1.2, pt->en)", body)
    return 0 if ok == n else 1


def _in_order(masked: object, output: str) -> bool:
    from align.bilingual.inline import Masked, place

    assert isinstance(masked, Masked)
    placed = place(masked, output.strip())
    return placed.moved == 0 and not _emptied(masked, placed)


def _emptied(masked: object, placed: object) -> bool:
    from align.bilingual.inline import empty_pairs

    return bool(empty_pairs(masked, placed))  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())
