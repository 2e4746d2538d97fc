"""Glossary check speed: Aho-Corasick matcher vs a naive one-regex-per-term baseline.

A seeded synthetic glossary (1,000 concepts, zh-Hans -> en, each with a preferred, an
allowed and a forbidden English term) is checked against 1,000,000 synthetic segment
pairs, generated chunk by chunk (generation is not timed). Both engines run the same
`align.check` rules in the same process on one core; the naive engine is timed on a
subset (it is far slower) and must report exactly the same violations there.

    .venv/bin/python scripts/bench_glossary.py            # full run, writes BENCHMARKS.md
    .venv/bin/python scripts/bench_glossary.py --pairs 100000 --no-write   # quick look
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _benchmarks import md_table, update_section  # noqa: E402

from align.check import Document, Unit  # noqa: E402
from align.check import check_document as _check_document  # noqa: E402
from align.glossary import Entry, Glossary, LangTerms, TermHit
from align.glossary.fold import _fold_tables, _is_word  # noqa: E402
from align.qa.config import CheckConfig  # noqa: E402
from align.qa.rules import TERM_RULES  # noqa: E402

#: The terminology rules only: this benchmark measures term matching (bench_qa.py times
#: every rule).
TERMS_ONLY = CheckConfig(rules=frozenset(TERM_RULES))


def check_document(doc: Document, glossary: Glossary):  # type: ignore[no-untyped-def]
    return _check_document(doc, glossary, TERMS_ONLY)

SEED = 4
CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
WORDS = [
    w
    for w in (
        "the of and to in is was for on that with as by at from it an be this are or which "
        "have has not but they were their more will one all would there been its who also "
        "new two after first other some most than into over when time years only can people "
        "market company model data system users technology support cloud network research "
        "product service value growth public report team plan early large small fast strong"
    ).split()
]
SYLLABLES = [
    "ka",
    "ri",
    "mo",
    "zen",
    "tal",
    "vor",
    "quin",
    "sha",
    "lex",
    "dor",
    "pim",
    "nu",
    "gra",
    "bel",
    "tor",
    "wex",
    "yul",
    "cor",
    "fen",
    "hal",
]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))


def make_glossary(n: int, rng: random.Random) -> Glossary:
    """``n`` concepts: zh-Hans term of 2-5 characters; en preferred/allowed/forbidden."""
    entries = []
    seen: set[str] = set()
    while len(entries) < n:
        zh = "".join(rng.choice(CJK) for _ in range(rng.randint(2, 5)))
        head = _word(rng)
        en = [f"{head} {_word(rng)}" for _ in range(3)]
        if zh in seen or len(set(en)) < 3 or seen & set(en):
            continue
        seen |= {zh, *en}
        entries.append(
            Entry(
                f"c{len(entries):04d}",
                {
                    "zh-Hans": LangTerms(zh),
                    "en": LangTerms(en[0], (en[1],), (en[2],)),
                },
            )
        )
    return Glossary.from_entries(entries)


def pairs(
    glossary: Glossary, count: int, rng: random.Random, chunk: int = 10_000
) -> Iterator[list[Unit]]:
    """Chunks of synthetic pairs: ~30 CJK characters and ~16 English words each; 0-3
    concepts per pair, rendered preferred (70%), allowed (15%), forbidden (8%) or not at
    all (7%)."""
    entries = glossary.entries
    made = 0
    while made < count:
        units = []
        for _ in range(min(chunk, count - made)):
            src = ["".join(rng.choice(CJK) for _ in range(rng.randint(20, 35)))]
            tgt = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 20)))]
            for _ in range(rng.choice((0, 0, 1, 1, 1, 2, 3))):
                e = rng.choice(entries)
                lt = e.terms["en"]
                src.insert(rng.randint(0, len(src)), e.terms["zh-Hans"].preferred)
                r = rng.random()
                term = (
                    lt.preferred
                    if r < 0.70
                    else lt.allowed[0]
                    if r < 0.85
                    else lt.forbidden[0]
                    if r < 0.93
                    else None
                )
                if term:
                    tgt.insert(rng.randint(0, len(tgt)), term)
            made += 1
            units.append(Unit(tgt=" ".join(tgt), src="".join(src), line=made, doc="bench"))
        yield units


class NaiveMatcher:
    """The baseline: one compiled regex per term, tried on every segment."""

    def __init__(self, glossary: Glossary, lang: str) -> None:
        self.lang = lang
        self._low = _fold_tables(lang)[1]
        self.patterns = []
        for e in glossary.entries:
            lt = e.terms.get(lang)
            if lt is None:
                continue
            for term, status in lt.all_terms():
                key = term.translate(self._low)
                left = r"(?<![^\W_])" if _is_word(key[0]) else ""
                right = r"(?![^\W_])" if _is_word(key[-1]) else ""
                self.patterns.append(
                    (re.compile(left + re.escape(key) + right), e.id, term, status)
                )

    def find(self, text: str) -> list[TermHit]:
        folded = text.translate(self._low)
        spans = []
        for pat, eid, term, status in self.patterns:
            for m in pat.finditer(folded):
                spans.append((m.start(), m.end(), eid, term, status))
        spans.sort(key=lambda s: (s[0], s[0] - s[1]))
        hits, last = [], -1
        for start, end, eid, term, status in spans:
            if start >= last:
                hits.append(TermHit(eid, self.lang, start, end, text[start:end], term, status))
                last = end
        return hits


class NaiveGlossary(Glossary):
    def matcher(self, lang: str) -> NaiveMatcher:  # type: ignore[override]
        m = self._matchers.get(lang)
        if m is None:
            m = self._matchers[lang] = NaiveMatcher(self, lang)  # type: ignore[assignment]
        return m  # type: ignore[return-value]


def _check(glossary: Glossary, units: list[Unit]) -> tuple[float, float, int]:
    t0, c0 = time.perf_counter(), time.process_time()
    v, _ = check_document(Document("bench", units, "en", "zh-Hans"), glossary)
    return time.perf_counter() - t0, time.process_time() - c0, len(v)


def run(glossary: Glossary, chunks: Iterable[list[Unit]]) -> tuple[float, float, int]:
    """Wall seconds and CPU seconds spent checking (generation excluded), violations."""
    wall = cpu = 0.0
    found = 0
    for units in chunks:
        w, c, n = _check(glossary, units)
        wall, cpu, found = wall + w, cpu + c, found + n
    return wall, cpu, found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entries", type=int, default=1000)
    ap.add_argument("--pairs", type=int, default=1_000_000)
    ap.add_argument("--naive-pairs", type=int, default=2_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md")
    args = ap.parse_args()

    glossary = make_glossary(args.entries, random.Random(SEED))
    t0 = time.perf_counter()
    for lang in ("zh-Hans", "en"):
        glossary.matcher(lang)
    build_s = time.perf_counter() - t0

    # Correctness first: both engines must agree on a subset.
    subset = list(pairs(glossary, args.naive_pairs, random.Random(SEED + 2)))
    naive = NaiveGlossary(glossary.entries)
    fast_v = [check_document(Document("b", u, "en", "zh-Hans"), glossary)[0] for u in subset]
    naive_v = [check_document(Document("b", u, "en", "zh-Hans"), naive)[0] for u in subset]
    assert fast_v == naive_v, "the Aho-Corasick and naive engines disagree"

    naive_runs = [run(naive, subset) for _ in range(args.repeat)]
    fast_sub_runs = [run(glossary, subset) for _ in range(args.repeat)]
    full = [
        run(glossary, pairs(glossary, args.pairs, random.Random(SEED + 1)))
        for _ in range(args.repeat)
    ]

    def med(runs: list[tuple[float, float, int]], i: int) -> float:
        return statistics.median(r[i] for r in runs)

    violations = full[0][2]
    fast_wall, fast_cpu = med(full, 0), med(full, 1)
    naive_wall, naive_cpu = med(naive_runs, 0), med(naive_runs, 1)
    per_minute = args.pairs / fast_cpu * 60
    speedup = med(naive_runs, 0) / med(fast_sub_runs, 0)
    speedup_cpu = med(naive_runs, 1) / med(fast_sub_runs, 1)

    def row(name: str, n: int, wall: float, cpu: float) -> list[str]:
        return [
            name, f"{n:,}", f"{wall:.1f}", f"{cpu:.1f}", f"{n / wall:,.0f}",
            f"{n / wall * 60 / 1e6:.3f}M", f"{n / cpu * 60 / 1e6:.3f}M",
        ]

    rows = [
        row("Aho-Corasick (`align.glossary`)", args.pairs, fast_wall, fast_cpu),
        row("naive, one regex per term", args.naive_pairs, naive_wall, naive_cpu),
    ]
    headers = ["engine", "pairs", "wall s", "CPU s", "pairs/s (wall)", "pairs/min (wall)",
               "pairs/min (CPU)"]
    body = (
        f"Synthetic glossary of {args.entries:,} concepts (zh-Hans -> en, {3 * args.entries:,} "
        f"English terms), {args.pairs:,} generated segment pairs (seed {SEED}; "
        "~30 CJK characters and ~16 English words each, 0-3 concepts per pair), all three "
        "rules of `align check`, one single-threaded process (one core), median of "
        f"{args.repeat} runs; generation is not timed. Matchers built in {build_s:.2f} s; "
        f"{violations:,} violations per run. The naive engine runs on {args.naive_pairs:,} "
        "pairs of a separate sample, where both engines report identical violations. Wall "
        "time counts waiting for a shared CPU; CPU time (`time.process_time`) does not, so "
        "the CPU figures are the ones to compare between runs.\n\n"
        + md_table(headers, rows)
        + f"\nSpeed-up over the naive baseline on the same {args.naive_pairs:,} pairs: "
        f"{speedup:.0f}x wall, {speedup_cpu:.0f}x CPU. Targets: >= 1M pairs/min on one core "
        f"({'met' if per_minute >= 1e6 else 'MISSED'}: {per_minute / 1e6:.2f}M CPU, "
        f"{args.pairs / fast_wall * 60 / 1e6:.2f}M wall), "
        f">= 20x the naive baseline ({'met' if speedup_cpu >= 20 else 'MISSED'}).\n"
    )
    print(body)
    if not args.no_write:
        update_section("Glossary check speed", body)


if __name__ == "__main__":
    main()
