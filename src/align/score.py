"""Translation quality against references: BLEU, chrF, chrF++ and TER through sacrebleu.

A thin layer over sacrebleu's metric objects: nothing here tokenises or counts n-grams.
It picks the tokenizer for the target language, checks line counts, runs several systems
against one cached set of references, ranks them, adds sacrebleu's paired significance
tests (:mod:`align.significance`) and terminology accuracy (:mod:`align.termscore`), and
renders the result as text, Markdown, JSON or a PNG chart. Every number travels with its
sacrebleu signature.

>>> refs = [["The cat sat on the mat."]]
>>> scores = score_corpus(["The cat sat on a mat."], refs)
>>> round(scores["bleu"].score, 2), scores["bleu"].signature  # doctest: +ELLIPSIS
(..., 'nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:...')
"""

from __future__ import annotations

import io
import itertools
import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from align.errors import BackendUnavailable, ConfigError, InputError
from align.lang import base_language, normalize_lang, split_lang_pair
from align.significance import DEFAULT_SAMPLES, DEFAULT_SEED, TESTS, bootstrap_score, paired_test

if TYPE_CHECKING:
    from align.termscore import TermReport

#: Metric key -> the name sacrebleu gives its score (``BLEU``, ``chrF2``, ...).
METRICS: dict[str, str] = {"bleu": "BLEU", "chrf": "chrF2", "chrf++": "chrF2++", "ter": "TER"}
#: What ``align score`` computes when ``--metrics`` is not given (the WMT official pair).
DEFAULT_METRICS: tuple[str, ...] = ("bleu", "chrf")
#: Metrics where a lower score is better.
LOWER_IS_BETTER = frozenset({"ter"})
#: Target language (base subtag) -> sacrebleu BLEU tokenizer; anything else gets 13a.
TOKENIZER_FOR_LANG: dict[str, str] = {"zh": "zh", "ja": "ja-mecab"}
DEFAULT_TOKENIZER = "13a"
#: How many reference lines language detection looks at.
DETECT_LINES = 200


# --------------------------------------------------------------------------- options


def parse_metrics(spec: str | Sequence[str]) -> tuple[str, ...]:
    """``"bleu,chrf++"`` or ``["bleu", "ter"]`` -> metric keys, in order, without repeats."""
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    keys: list[str] = []
    for item in items:
        key = item.strip().lower().replace("chrf2", "chrf")
        if not key:
            continue
        if key not in METRICS:
            raise ConfigError(f"unknown metric {item.strip()!r}; choose from: {', '.join(METRICS)}")
        if key not in keys:
            keys.append(key)
    if not keys:
        raise ConfigError(f"no metric given; choose from: {', '.join(METRICS)}")
    return tuple(keys)


def tokenizer_for(lang: str | None) -> str:
    """The sacrebleu BLEU tokenizer for a target language: zh-* -> zh, ja -> ja-mecab, else 13a."""
    if not lang:
        return DEFAULT_TOKENIZER
    base = base_language(lang)
    return TOKENIZER_FOR_LANG.get(base, DEFAULT_TOKENIZER)


def parse_langpair(pair: str) -> tuple[str, str]:
    """``"ja-en"`` -> ``("ja", "en")``; ``"en-zh-Hant"`` -> ``("en", "zh-Hant")``.

    A pair whose halves carry subtags is split where both halves are known languages.
    """
    found = split_lang_pair(pair.strip())
    if found is not None:
        return found
    raise ConfigError(f"cannot read language pair {pair!r}; write it as SRC-TGT, e.g. 'ja-en'")


def detect_language(lines: Sequence[str]) -> str | None:
    """The language of ``lines`` by :func:`align.detect.detect_language`, or ``None``.

    ``None`` when the detector is not installed or cannot decide: callers then fall back
    to the default tokenizer (and say so).
    """
    try:
        from align.detect import detect_language as _detect
    except ImportError:
        return None
    text = "\n".join(line for line in lines[:DETECT_LINES] if line.strip())
    if not text:
        return None
    try:
        lang = _detect(text)
    except Exception:  # noqa: BLE001 - detection is a convenience; never fail scoring on it
        return None
    return str(lang) if lang else None


def check_tokenizer(name: str) -> str:
    """``name`` if sacrebleu's BLEU knows that tokenizer, else :class:`ConfigError`."""
    from sacrebleu.metrics.bleu import BLEU

    if name not in BLEU.TOKENIZERS:
        raise ConfigError(f"unknown tokenizer {name!r}; choose from: {', '.join(BLEU.TOKENIZERS)}")
    return name


def build_metrics(
    names: Sequence[str],
    references: Sequence[Sequence[str]] | None = None,
    *,
    tokenize: str = DEFAULT_TOKENIZER,
    tgt_lang: str | None = None,
    lowercase: bool = False,
    sentence_level: bool = False,
) -> dict[str, Any]:
    """sacrebleu metric objects for ``names`` (keys of :data:`METRICS`), references cached.

    ``tokenize`` is BLEU's tokenizer (chrF works on characters and TER has its own;
    TER switches on ``asian_support`` for a zh/ja target). ``sentence_level`` gives BLEU
    effective n-gram order, as sacrebleu recommends for single sentences.
    """
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    check_tokenizer(tokenize)
    refs = [list(r) for r in references] if references is not None else None
    cjk = tokenizer_for(tgt_lang) != DEFAULT_TOKENIZER
    out: dict[str, Any] = {}
    for name in parse_metrics(names):
        try:
            if name == "bleu":
                out[name] = BLEU(
                    tokenize=tokenize, lowercase=lowercase, effective_order=sentence_level,
                    references=refs,
                )
            elif name in ("chrf", "chrf++"):
                out[name] = CHRF(
                    word_order=2 if name == "chrf++" else 0, lowercase=lowercase, references=refs
                )
            else:
                # sacrebleu's TER is case-insensitive by default (case:lc), as tercom.
                out[name] = TER(asian_support=cjk, references=refs)
        except (ImportError, RuntimeError) as exc:
            # sacrebleu raises RuntimeError when MeCab (the `ja` extra) is missing.
            raise BackendUnavailable(
                f"tokenizer {tokenize!r} is not installed; run: pip install 'sacrebleu[ja]'"
                if "mecab" in tokenize
                else f"sacrebleu cannot build {name!r}: {str(exc).strip().splitlines()[0]}"
            ) from exc
    return out


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class MetricScore:
    """One metric's corpus score for one system, with the sacrebleu signature that made it.

    ``mean`` and ``ci`` (bootstrap mean, half-width of the 95% interval around it) and
    ``p_value`` (paired test against the baseline) are ``None`` when not computed.
    ``formatted`` is sacrebleu's own ``Score.format()`` line when a plain corpus score was
    computed (BLEU's n-gram precisions and brevity penalty live there).
    """

    metric: str
    name: str
    score: float
    signature: str
    mean: float | None = None
    ci: float | None = None
    p_value: float | None = None
    formatted: str | None = None

    @property
    def higher_is_better(self) -> bool:
        return self.metric not in LOWER_IS_BETTER

    def significant(self, alpha: float = 0.05) -> bool:
        return self.p_value is not None and self.p_value < alpha

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "score": self.score,
            "mean": self.mean,
            "ci": self.ci,
            "p_value": self.p_value,
            "signature": self.signature,
            **({"sacrebleu": self.formatted} if self.formatted else {}),
        }


@dataclass(frozen=True, slots=True)
class SystemResult:
    """A system's scores (keyed like :data:`METRICS`) and, optionally, its term accuracy."""

    name: str
    scores: dict[str, MetricScore]
    baseline: bool = False
    terms: TermReport | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "system": self.name,
            "baseline": self.baseline,
            "scores": {k: v.to_dict() for k, v in self.scores.items()},
        }
        if self.terms is not None:
            out["terms"] = self.terms.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class ScoreReport:
    """Several systems scored against the same references, ranked best first."""

    systems: list[SystemResult]
    metrics: tuple[str, ...]
    signatures: dict[str, str]
    tokenize: str
    tgt_lang: str | None = None
    test: str | None = None  # "bs" | "ar" | None
    n_samples: int | None = None
    seed: int | None = None
    baseline: str | None = None
    reference_terms: TermReport | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def primary(self) -> str:
        """The metric systems are ranked by (the first one asked for)."""
        return self.metrics[0]

    def get(self, name: str) -> SystemResult:
        for system in self.systems:
            if system.name == name:
                return system
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "metrics": list(self.metrics),
            "ranked_by": self.primary,
            "signatures": dict(self.signatures),
            "tokenize": self.tokenize,
            "tgt_lang": self.tgt_lang,
            "test": self.test,
            "n_samples": self.n_samples,
            "seed": self.seed,
            "baseline": self.baseline,
            "systems": [dict(rank=i, **s.to_dict()) for i, s in enumerate(self.systems, 1)],
            "reference_terms": (
                self.reference_terms.to_dict() if self.reference_terms is not None else None
            ),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_text(self, *, width: int = 2) -> str:
        return render(self, markdown=False, width=width)

    def to_markdown(self, *, width: int = 2) -> str:
        return render(self, markdown=True, width=width)


# --------------------------------------------------------------------------- scoring


def check_lengths(named: Sequence[tuple[str, Sequence[Any]]]) -> None:
    """All streams must have the same number of lines: an :class:`InputError` otherwise.

    ``named`` pairs a label (usually the file name) with its lines; the first is the
    yardstick, as sacrebleu's line-count check (but raised, not ``sys.exit``).
    """
    if not named:
        return
    first, lines = named[0]
    for other, other_lines in named[1:]:
        if len(other_lines) != len(lines):
            raise InputError(
                f"{first} has {len(lines)} lines but {other} has {len(other_lines)}; "
                "scores need line-aligned files (one segment per line)"
            )


def _named_systems(
    systems: Mapping[str, Sequence[str]] | Sequence[tuple[str, Sequence[str]]],
) -> list[tuple[str, list[str]]]:
    items = list(systems.items()) if isinstance(systems, Mapping) else list(systems)
    named = [(str(name), list(hyps)) for name, hyps in items]
    if not named:
        raise ConfigError("no system to score; give at least one hypothesis")
    seen: set[str] = set()
    for name, _ in named:
        if name in seen:
            raise ConfigError(f"system name {name!r} given twice; system names must be unique")
        seen.add(name)
    return named


def _refs(references: Sequence[Sequence[str]]) -> list[list[str]]:
    if isinstance(references, str) or not references or isinstance(references[0], str):
        raise ConfigError(
            "references must be a list of reference streams (a list of lists of lines), "
            "e.g. [ref_lines]"
        )
    return [list(r) for r in references]


def resolve_tokenizer(
    tokenize: str | None, tgt_lang: str | None, references: Sequence[Sequence[str]]
) -> tuple[str, str | None, str]:
    """Pick BLEU's tokenizer: ``tokenize`` if given, else by target language, else 13a.

    The target language is ``tgt_lang`` or, failing that, detected from the first
    reference. Returns ``(tokenizer, target language or None, note saying why)``.
    """
    lang = normalize_lang(tgt_lang, where="--tgt-lang") if tgt_lang else None
    how = "given" if lang else ""
    if lang is None:
        lang = detect_language(references[0]) if references else None
        how = "detected from the reference" if lang else ""
    if tokenize:
        return tokenize, lang, f"tokenizer {tokenize} (given)"
    tok = tokenizer_for(lang)
    if lang:
        return tok, lang, f"tokenizer {tok} for target language {lang} ({how})"
    return tok, None, f"tokenizer {tok} (target language unknown: pass --tgt-lang to choose)"


def score_systems(
    systems: Mapping[str, Sequence[str]] | Sequence[tuple[str, Sequence[str]]],
    references: Sequence[Sequence[str]],
    *,
    metrics: str | Sequence[str] = DEFAULT_METRICS,
    tgt_lang: str | None = None,
    tokenize: str | None = None,
    lowercase: bool = False,
    paired: str | None = None,
    baseline: str | None = None,
    confidence: bool = False,
    n_samples: int = 0,
    seed: int = DEFAULT_SEED,
    n_jobs: int = 1,
    sources: Sequence[str] | None = None,
    glossary: Any = None,
    src_lang: str | None = None,
    glossary_label: str = "",
) -> ScoreReport:
    """Score one or more systems against the same references and rank them.

    ``systems`` maps a name to its hypothesis lines (or is a list of ``(name, lines)``);
    ``references`` is a list of reference streams, each with one line per segment.
    ``paired`` is ``"bs"`` (paired bootstrap resampling) or ``"ar"`` (paired approximate
    randomization) against ``baseline`` (default: the first system); both give every
    system a 95% confidence interval, as ``confidence`` does without a test. ``n_samples``
    0 means sacrebleu's defaults (1,000 resamples; 10,000 trials). With ``sources`` and a
    ``glossary`` (see :mod:`align.glossary`) each system, and the first reference as a
    sanity line, also gets terminology accuracy.

    Raises :class:`InputError` when line counts differ, :class:`ConfigError` for unknown
    metrics, tokenizers, tests or baselines.
    """
    named = _named_systems(systems)
    refs = _refs(references)
    keys = parse_metrics(metrics)
    check_lengths(
        [("reference 1", refs[0])]
        + [(f"reference {i}", r) for i, r in enumerate(refs[1:], 2)]
        + [(f"system {name!r}", hyps) for name, hyps in named]
        + ([("source", sources)] if sources is not None else [])
    )
    if paired is not None and paired not in TESTS:
        raise ConfigError(
            f"unknown paired test {paired!r}; choose one of: none, {', '.join(TESTS)}"
        )
    if paired and len(named) < 2:
        raise ConfigError("a paired test needs at least two systems; give more hypothesis files")
    if glossary is not None and sources is None:
        raise ConfigError("terminology accuracy needs the source text (--src) with the glossary")
    names = [n for n, _ in named]
    base = baseline if baseline is not None else (names[0] if paired else None)
    if base is not None and base not in names:
        raise ConfigError(f"baseline {base!r} is not one of the systems: {', '.join(names)}")

    tok, lang, note = resolve_tokenizer(tokenize, tgt_lang, refs)
    # Resampling needs sacrebleu's cached references; a plain score streams in chunks.
    cached = bool(paired or confidence)
    objs = build_metrics(keys, refs if cached else None, tokenize=tok, tgt_lang=lang,
                         lowercase=lowercase)
    samples = n_samples or (DEFAULT_SAMPLES[paired] if paired else DEFAULT_SAMPLES["bs"])

    per_system: dict[str, dict[str, MetricScore]] = {n: {} for n in names}
    signatures: dict[str, str] = {}
    if paired:
        assert base is not None
        order = [base] + [n for n in names if n != base]
        hyps_by_name = dict(named)
        sigs, results = paired_test(
            [(n, hyps_by_name[n]) for n in order], objs, test=paired, n_samples=n_samples,
            seed=seed, n_jobs=n_jobs,
        )
        signatures = sigs
        for key in keys:
            for name, res in zip(order, results[key], strict=True):
                per_system[name][key] = MetricScore(
                    key, METRICS[key], res.score, sigs[key], res.mean, res.ci, res.p_value
                )
    elif confidence:
        for name, hyps in named:
            for key, metric in objs.items():
                sc = bootstrap_score(metric, hyps, n_samples=samples, seed=seed)
                sig = metric.get_signature().format()
                signatures[key] = sig
                # sacrebleu keeps the bootstrap estimate on the Score as _mean/_ci.
                per_system[name][key] = MetricScore(
                    key, METRICS[key], float(sc.score), sig, float(sc._mean), float(sc._ci),
                    None, formatted=sc.format(width=2),
                )
    else:
        chunks = _list_chunks([*refs, *(h for _, h in named)], CHUNK_LINES)
        per_system, signatures = _score_chunks(objs, names, len(refs), chunks)

    terms: dict[str, TermReport] = {}
    ref_terms = None
    notes = [note]
    if glossary is not None and sources is not None:
        from align.termscore import term_scores

        s_lang, t_lang = _term_langs(src_lang, lang, sources)
        for name, hyps in named:
            terms[name] = term_scores(
                sources, hyps, glossary, src_lang=s_lang, tgt_lang=t_lang, name=name,
                glossary_label=glossary_label,
            )
        ref_terms = term_scores(
            sources, refs[0], glossary, src_lang=s_lang, tgt_lang=t_lang, name="reference",
            glossary_label=glossary_label,
        )

    sign = -1.0 if keys[0] not in LOWER_IS_BETTER else 1.0
    ranked = sorted(names, key=lambda n: sign * per_system[n][keys[0]].score)
    return ScoreReport(
        systems=[
            SystemResult(n, per_system[n], baseline=(n == base), terms=terms.get(n))
            for n in ranked
        ],
        metrics=keys,
        signatures=signatures,
        tokenize=tok,
        tgt_lang=lang,
        test=paired,
        n_samples=samples if (paired or confidence) else None,
        seed=seed if (paired or confidence) else None,
        baseline=base,
        reference_terms=ref_terms,
        notes=tuple(notes),
    )


def _term_langs(
    src_lang: str | None, tgt_lang: str | None, sources: Sequence[str]
) -> tuple[str, str]:
    src = normalize_lang(src_lang, where="--src-lang") if src_lang else detect_language(sources)
    if src and sources:
        from align.detect import resolve_script

        src = resolve_script(src, "\n".join(sources[:DETECT_LINES]))  # zh -> zh-Hans / zh-Hant
    if not src:
        raise ConfigError("cannot tell the source language; pass --src-lang or -l SRC-TGT")
    if not tgt_lang:
        raise ConfigError("cannot tell the target language; pass --tgt-lang or -l SRC-TGT")
    return normalize_lang(src), normalize_lang(tgt_lang, where="--tgt-lang")


# --------------------------------------------------------------------------- streaming

#: Segments scored at a time: sacrebleu's per-segment reference caches (hundreds of bytes
#: of memory per byte of reference) only ever hold this many.
CHUNK_LINES = 500

#: ``on_segments(system, records)``: sentence-level records of one chunk, in file order.
SegmentSink = Callable[[str, list[dict[str, Any]]], None]


def _list_chunks(columns: Sequence[Sequence[str]], size: int) -> Iterator[list[list[str]]]:
    for start in range(0, len(columns[0]), size):
        yield [list(col[start:start + size]) for col in columns]


def _score_chunks(
    objs: Mapping[str, Any],
    names: Sequence[str],
    n_refs: int,
    chunks: Iterable[list[list[str]]],
    *,
    on_segments: SegmentSink | None = None,
    sentence_objs: Mapping[str, Any] | None = None,
) -> tuple[dict[str, dict[str, MetricScore]], dict[str, str]]:
    """Corpus scores from per-segment statistics summed chunk by chunk.

    Each chunk is one list of lines per reference stream, then one per system. The
    numbers equal ``metric.corpus_score``: sacrebleu's corpus score is computed from the
    sum of the same per-segment statistics (``_aggregate_and_compute``), summed here in
    the same order. ``objs`` must not hold cached references (each chunk caches its own).
    With ``on_segments``, each chunk's sentence-level records (see :func:`segment_scores`)
    go there as soon as they are computed.
    """
    from sacrebleu.utils import sum_of_lists

    totals: dict[str, dict[str, list[Any]]] = {n: {} for n in names}
    line = 0
    sent_sigs: dict[str, str] = {}
    for chunk in chunks:
        refs, systems = chunk[:n_refs], chunk[n_refs:]
        for metric in objs.values():
            metric._ref_cache = metric._cache_references(refs)
        if on_segments is not None and sentence_objs is not None and not sent_sigs:
            for key, metric in sentence_objs.items():
                metric._cache_references([r[:1] for r in refs])  # sets nrefs for the signature
                sent_sigs[key] = metric.get_signature().format()
        for name, hyps in zip(names, systems, strict=True):
            per_metric: dict[str, list[float]] = {}
            for key, metric in objs.items():
                stats = metric._extract_corpus_statistics(hyps, None)
                prev = totals[name].get(key)
                totals[name][key] = sum_of_lists(([prev] if prev is not None else []) + stats)
                if on_segments is not None and sentence_objs is not None:
                    sent = sentence_objs[key]
                    per_metric[key] = [float(sent._compute_score_from_stats(x).score) for x in stats]
            if on_segments is not None:
                records = []
                for i, hyp in enumerate(hyps):
                    record: dict[str, Any] = {"system": name, "line": line + i + 1}
                    record.update({k: per_metric[k][i] for k in objs})
                    record["hyp"] = hyp
                    record["ref"] = [r[i] for r in refs]
                    record["signatures"] = sent_sigs
                    records.append(record)
                on_segments(name, records)
        line += len(chunk[0])
    for metric in objs.values():
        metric._ref_cache = None
    per_system: dict[str, dict[str, MetricScore]] = {n: {} for n in names}
    signatures: dict[str, str] = {}
    for name in names:
        for key, metric in objs.items():
            sc = metric._aggregate_and_compute([totals[name][key]])
            signatures[key] = metric.get_signature().format()
            per_system[name][key] = MetricScore(
                key, METRICS[key], float(sc.score), signatures[key], formatted=sc.format(width=2)
            )
    return per_system, signatures


_END = object()


def _aligned_chunks(
    streams: Sequence[tuple[str, Iterator[str]]], size: int
) -> Iterator[list[list[str]]]:
    """Chunks of ``size`` rows, one list of lines per stream; :class:`InputError` naming
    both files and their line counts when the streams do not have the same length."""
    its = [it for _, it in streams]
    done = 0
    rows_iter = itertools.zip_longest(*its, fillvalue=_END)
    while rows := list(itertools.islice(rows_iter, size)):
        if any(_END in row for row in rows):
            counts = []
            for k, it in enumerate(its):
                column = [row[k] for row in rows]
                in_chunk = column.index(_END) if _END in column else len(column)
                counts.append(done + in_chunk + sum(1 for _ in it))
            first = streams[0][0]
            other = next(k for k, c in enumerate(counts) if c != counts[0])
            raise InputError(
                f"{first} has {counts[0]} lines but {streams[other][0]} has {counts[other]}; "
                "scores need line-aligned files (one segment per line)"
            )
        done += len(rows)
        yield [list(col) for col in zip(*rows, strict=True)]


def _segments(path: str | Path, *, encoding: str | None, allow_empty: bool) -> Iterator[str]:
    """The segments of a system or reference file, streamed: its lines, or the target
    texts of an aligned-records file (as :func:`read_systems`)."""
    from align.io import iter_lines
    from align.recordio import iter_segments, record_suffix

    if record_suffix(path) is None:
        return iter_lines(path, encoding=encoding, allow_empty=allow_empty)
    return iter_segments(path, "target")


def score_files(
    references: Sequence[str | Path],
    hypotheses: Sequence[str | Path],
    *,
    metrics: str | Sequence[str] = DEFAULT_METRICS,
    tgt_lang: str | None = None,
    tokenize: str | None = None,
    lowercase: bool = False,
    encoding: str | None = None,
    on_segments: SegmentSink | None = None,
    baseline: str | None = None,
    chunk_lines: int = CHUNK_LINES,
    progress: bool = False,
) -> ScoreReport:
    """Score hypothesis files against reference files, reading them line by line.

    The same numbers and signatures as :func:`read_systems` + :func:`score_systems`
    without resampling, in memory that does not grow with the files: lines are read,
    scored and dropped :data:`CHUNK_LINES` at a time. The target language, if not
    given, is detected from the reference's first lines. ``on_segments`` receives the
    sentence-level records (as :func:`segment_scores`) chunk by chunk, per system.
    ``progress`` draws a bar on stderr (chunks done). Raises :class:`InputError` naming
    the files when line counts differ.
    """
    if not references:
        raise ConfigError("no reference given; pass --ref FILE")
    if not hypotheses:
        raise ConfigError("no hypothesis given; pass one or more HYP files")
    keys = parse_metrics(metrics)
    names = system_names(hypotheses)
    if baseline is not None and baseline not in names:
        raise ConfigError(f"baseline {baseline!r} is not one of the systems: {', '.join(names)}")
    ref_its = [_segments(p, encoding=encoding, allow_empty=False) for p in references]
    hyp_its = [_segments(p, encoding=encoding, allow_empty=True) for p in hypotheses]
    head = list(itertools.islice(ref_its[0], DETECT_LINES))
    if not head:
        raise InputError(f"{references[0]}: no records")
    ref_its[0] = itertools.chain(head, ref_its[0])
    tok, lang, note = resolve_tokenizer(tokenize, tgt_lang, [head])
    objs = build_metrics(keys, None, tokenize=tok, tgt_lang=lang, lowercase=lowercase)
    sentence_objs = None
    if on_segments is not None:
        sentence_objs = build_metrics(keys, None, tokenize=tok, tgt_lang=lang,
                                      lowercase=lowercase, sentence_level=True)
    streams = [(str(p), it) for p, it in zip([*references, *hypotheses], [*ref_its, *hyp_its],
                                             strict=True)]
    from align.progress import track

    chunks = track(_aligned_chunks(streams, chunk_lines), description="scoring", enabled=progress)
    per_system, signatures = _score_chunks(
        objs, names, len(references), chunks, on_segments=on_segments,
        sentence_objs=sentence_objs,
    )
    sign = -1.0 if keys[0] not in LOWER_IS_BETTER else 1.0
    ranked = sorted(names, key=lambda n: sign * per_system[n][keys[0]].score)
    return ScoreReport(
        systems=[SystemResult(n, per_system[n], baseline=(n == baseline)) for n in ranked],
        metrics=keys, signatures=signatures, tokenize=tok, tgt_lang=lang, baseline=baseline,
        notes=(note,),
    )


def score_corpus(
    hypotheses: Sequence[str], references: Sequence[Sequence[str]], **options: Any
) -> dict[str, MetricScore]:
    """One system's scores, keyed by metric (options as :func:`score_systems`)."""
    report = score_systems([("system", hypotheses)], references, **options)
    return report.systems[0].scores


def segment_scores(
    systems: Mapping[str, Sequence[str]] | Sequence[tuple[str, Sequence[str]]],
    references: Sequence[Sequence[str]],
    *,
    metrics: str | Sequence[str] = DEFAULT_METRICS,
    tokenize: str = DEFAULT_TOKENIZER,
    tgt_lang: str | None = None,
    lowercase: bool = False,
) -> Iterator[dict[str, Any]]:
    """Sentence-level scores: one record per system and segment, in file order.

    Each record has ``system``, ``line`` (1-based), a score per metric, ``hyp``, ``ref``
    (list) and ``signatures``. The numbers equal sacrebleu's ``sentence_score`` (BLEU with
    effective order, ``eff:yes``); they come from the same per-segment statistics
    sacrebleu's significance tests resample, so each reference is preprocessed once.
    """
    named = _named_systems(systems)
    refs = _refs(references)
    check_lengths([("reference 1", refs[0])] + [(f"system {n!r}", h) for n, h in named])
    objs = build_metrics(
        parse_metrics(metrics), refs, tokenize=tokenize, tgt_lang=tgt_lang,
        lowercase=lowercase, sentence_level=True,
    )
    sigs = {k: m.get_signature().format() for k, m in objs.items()}
    for name, hyps in named:
        per_metric = {
            k: [float(m._compute_score_from_stats(s).score)
                for s in m._extract_corpus_statistics(hyps, None)]
            for k, m in objs.items()
        }
        for i, hyp in enumerate(hyps):
            record: dict[str, Any] = {"system": name, "line": i + 1}
            record.update({k: per_metric[k][i] for k in objs})
            record["hyp"] = hyp
            record["ref"] = [r[i] for r in refs]
            record["signatures"] = sigs
            yield record


def system_names(hypotheses: Sequence[str | Path]) -> list[str]:
    """Systems are named by file stem, or by the whole path when two stems clash."""
    stems = [Path(p).stem for p in hypotheses]
    clash = len(set(stems)) != len(stems)
    return [str(p) if clash else stem for p, stem in zip(hypotheses, stems, strict=True)]


def read_systems(
    references: Sequence[str | Path],
    hypotheses: Sequence[str | Path],
    *,
    source: str | Path | None = None,
    encoding: str | None = None,
) -> tuple[list[list[str]], list[tuple[str, list[str]]], list[str] | None]:
    """Read reference, hypothesis (and source) files; line counts must agree.

    A file is one segment per line, or an aligned-records file (``.jsonl``, ``.parquet``,
    ``.tmx`` from ``align pair``/``align corpus``): one segment per record, its target
    text (its source text for ``source``). Systems are named by file stem (the whole path
    when two stems clash). Returns ``(references, [(name, lines), ...], source lines or None)``.
    """
    from align.io import read_lines as read_plain
    from align.recordio import read_segments, record_suffix

    def read_lines(path: str | Path, *, encoding: str | None = None, allow_empty: bool = False,
                   side: str = "target") -> list[str]:
        if record_suffix(path) is None:
            return read_plain(path, encoding=encoding, allow_empty=allow_empty)
        lines = read_segments(path, side)
        if not lines and not allow_empty:
            raise InputError(f"{path}: no records")
        return lines

    if not references:
        raise ConfigError("no reference given; pass --ref FILE")
    if not hypotheses:
        raise ConfigError("no hypothesis given; pass one or more HYP files")
    refs = [read_lines(p, encoding=encoding) for p in references]
    # A system may output nothing but empty lines (it scores 0); the count check still
    # catches a truly empty or truncated file.
    named = [
        (name, read_lines(p, encoding=encoding, allow_empty=True))
        for p, name in zip(hypotheses, system_names(hypotheses), strict=True)
    ]
    src = read_lines(source, encoding=encoding, side="source") if source is not None else None
    check_lengths(
        [(str(references[0]), refs[0])]
        + [(str(p), r) for p, r in zip(references[1:], refs[1:], strict=True)]
        + [(str(p), h) for p, (_, h) in zip(hypotheses, named, strict=True)]
        + ([(str(source), src)] if src is not None else [])
    )
    return refs, named, src


# --------------------------------------------------------------------------- rendering


def _pad(cells: Sequence[str], widths: Sequence[int]) -> str:
    """Left-justify cells to terminal widths (CJK characters take two columns)."""
    from rich.cells import cell_len

    padded = (c + " " * (w - cell_len(c)) for c, w in zip(cells, widths, strict=True))
    return "  ".join(padded).rstrip()


def _widths(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    from rich.cells import cell_len

    return [max(cell_len(h), *(cell_len(r[i]) for r in rows)) for i, h in enumerate(headers)]


def _fmt(value: float | None, width: int) -> str:
    return "" if value is None or math.isnan(value) else f"{value:.{width}f}"


def _cell(s: MetricScore, width: int) -> str:
    text = _fmt(s.score, width)
    if s.ci is not None and s.mean is not None:
        text += f" (μ {_fmt(s.mean, width)} ± {_fmt(s.ci, width)})"
    if s.p_value is not None:
        text += f" p={s.p_value:.4f}" + ("*" if s.significant() else "")
    return text


def _term_cell(t: TermReport | None) -> list[str]:
    if t is None:
        return ["", ""]
    acc = "n/a" if t.accuracy is None else f"{100 * t.accuracy:.1f}% ({t.matched}/{t.found})"
    return [acc, str(t.forbidden)]


def render(report: ScoreReport, *, markdown: bool = False, width: int = 2) -> str:
    """The ranked table with a signature line per metric (terminal text or Markdown)."""
    has_terms = report.reference_terms is not None
    headers = ["#", "system"] + [METRICS[k] for k in report.metrics]
    if has_terms:
        headers += ["term acc", "forbidden"]
    rows: list[list[str]] = []
    for rank, sys_ in enumerate(report.systems, 1):
        name = sys_.name + (" (baseline)" if sys_.baseline else "")
        row = [str(rank), name] + [_cell(sys_.scores[k], width) for k in report.metrics]
        if has_terms:
            row += _term_cell(sys_.terms)
        rows.append(row)
    if has_terms:
        rows.append(["", "reference"] + [""] * len(report.metrics)
                    + _term_cell(report.reference_terms))

    lines: list[str] = []
    label = max(len(METRICS[k]) for k in report.metrics)
    if markdown:
        lines.append("| " + " | ".join(headers) + " |")
        lines.append("|" + "|".join("---:" if h == "#" else "---" for h in headers) + "|")
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
        lines.append("")
        for k in report.metrics:
            lines.append(f"- {METRICS[k]}: `{report.signatures[k]}`")
    else:
        widths = _widths(headers, rows)
        lines.append(_pad(headers, widths))
        lines += [_pad(row, widths) for row in rows]
        lines.append("")
        for k in report.metrics:
            lines.append(f"{METRICS[k].ljust(label)}  {report.signatures[k]}")
    if has_terms and report.reference_terms is not None:
        sig = report.reference_terms.signature
        lines.append(f"- terms: `{sig}`" if markdown else f"{'terms'.ljust(label)}  {sig}")
    legend = _legend(report)
    if legend:
        lines += ["", legend]
    if has_terms:
        lines += ["", _term_breakdown(report, markdown=markdown)]
    return "\n".join(lines).rstrip() + "\n"


def _legend(report: ScoreReport) -> str:
    parts = []
    if report.test:
        unit = "resamples" if report.test == "bs" else "trials"
        parts.append(
            f"{TESTS[report.test]} against {report.baseline!r} ({report.n_samples} {unit}, "
            f"seed {report.seed}): p = p-value, * = p < 0.05."
        )
    if report.test or report.n_samples:
        parts.append("μ ± x: bootstrap mean ± half-width of its 95% confidence interval.")
    better = "lower" if report.primary in LOWER_IS_BETTER else "higher"
    parts.append(f"Ranked by {METRICS[report.primary]} ({better} is better).")
    return "\n".join(parts)


def _term_breakdown(report: ScoreReport, *, markdown: bool) -> str:
    """Per-term table: how often each source term was found and how often each system
    (and the reference) used the glossary's target term."""
    columns: list[tuple[str, TermReport | None]] = [
        (s.name, s.terms) for s in report.systems if s.terms is not None
    ]
    columns.append(("reference", report.reference_terms))
    entries: dict[str, tuple[str, str]] = {}
    for _, t in columns:
        for count in t.per_term if t is not None else ():
            entries.setdefault(count.entry_id, (count.source, count.target))
    headers = ["term", "source", "target"] + [name for name, _ in columns]
    rows = []
    for eid, (src, tgt) in entries.items():
        row = [eid, src, tgt]
        for _, t in columns:
            c = t.get(eid) if t is not None else None
            if c is None:
                row.append("")
            else:
                row.append(f"{c.matched}/{c.found}" + (f" !{c.forbidden}" if c.forbidden else ""))
        rows.append(row)
    title = "Per-term: target term used / source term found (!n: forbidden variants)"
    if not rows:
        return title + ": no glossary term found in the source."
    if markdown:
        out = [title, "", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
        return "\n".join(out)
    widths = _widths(headers, rows)
    out = [title, _pad(headers, widths)] + [_pad(r, widths) for r in rows]
    return "\n".join(out)


def plot_report(report: ScoreReport) -> bytes:
    """A PNG chart: one panel per metric, systems best first with their 95% intervals.

    Needs matplotlib (the ``plot`` extra); uses the Agg canvas directly, so no global
    backend is switched. Returns the PNG bytes (write them with ``atomic_write``).
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise BackendUnavailable(
            "--plot needs matplotlib; run: pip install 'align[plot]' (or: pip install matplotlib)"
        ) from exc

    names = [s.name for s in report.systems]
    n = len(names)
    fig = Figure(figsize=(4.2 * len(report.metrics), 1.2 + 0.32 * n), dpi=110)
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, len(report.metrics), sharey=True, squeeze=False)[0]
    ys = list(range(n))[::-1]  # best at the top
    for ax, key in zip(axes, report.metrics, strict=True):
        scores = [s.scores[key] for s in report.systems]
        xs = [sc.mean if sc.mean is not None else sc.score for sc in scores]
        errs = [sc.ci or 0.0 for sc in scores]
        colors = [
            "tab:orange" if s.baseline else ("tab:blue" if sc.p_value is None or sc.significant()
                                              else "tab:gray")
            for s, sc in zip(report.systems, scores, strict=True)
        ]
        for y, x, e, c in zip(ys, xs, errs, colors, strict=True):
            ax.errorbar(x, y, xerr=e, fmt="o", color=c, capsize=3, markersize=4)
        ax.scatter([sc.score for sc in scores], ys, marker="|", color="black", s=40, zorder=3)
        ax.set_title(METRICS[key], fontsize=10)
        ax.grid(axis="x", alpha=0.3)
        ax.tick_params(labelsize=8)
    axes[0].set_yticks(ys)
    axes[0].set_yticklabels(names)
    caption = "  |  ".join(f"{METRICS[k]}: {report.signatures[k]}" for k in report.metrics)
    if report.test:
        caption += f"\n{TESTS[report.test]} vs {report.baseline} (orange); grey: p >= 0.05"
    fig.text(0.01, 0.005, caption, fontsize=5.5, va="bottom", ha="left", wrap=True)
    fig.tight_layout(rect=(0, 0.06 + 0.02 * bool(report.test), 1, 1))
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
