"""The alignment pipeline: one document pair in, its :class:`~align.records.AlignedRecord`\\ s out.

``align pair``, every job of ``align corpus`` (a local process pool today; a Ray engine
maps the same :func:`align_job`) and ``scripts/build_corpus.py`` go through
:func:`align_document`; no command has its own copy of these steps:

1. read both sides (paths or texts given as :class:`DocumentPair`);
2. split them into sentences (align's segmenter, or one sentence per line when
   ``presplit``);
3. align them (:class:`~align.aligner.Aligner` with the encoder, glossary and settings of
   an :class:`AlignerSpec`);
4. turn each bead into an :class:`~align.records.AlignedRecord` (texts joined, with no space
   for Chinese and Japanese) stamped with the run signature (:func:`run_signature`).

A job (:class:`AlignJob`) is plain data, so it pickles to a worker process or a Ray task;
the encoder and glossary are built where the job runs, once per process
(:func:`shared_resources`). Library code: nothing is printed; warnings are returned.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from align.errors import ConfigError, InputError
from align.records import AlignedRecord

if TYPE_CHECKING:
    from align.aligner import AlignConfig
    from align.records import Bead

#: A source/target sentence-count ratio above this gets a warning (different documents?).
RATIO_WARNING = 3.0


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class AlignerSpec:
    """How to align: everything that can change the beads, as plain (picklable) data."""

    encoder: str = "e5"  # e5, use, st:PATH, hash, none, e5+use
    glossary: str | None = None  # glossary file whose term pairs count as evidence
    max_bead: int = 5
    refine: float | None = None  # AlignConfig.refine_budget; None: the configuration's default
    cache: bool = True  # use the on-disk embedding cache
    cache_dir: str | None = None

    def config(self) -> AlignConfig:
        """The :class:`~align.aligner.AlignConfig` these settings give."""
        from align.aligner import AlignConfig

        cfg = AlignConfig(max_bead=self.max_bead)
        return replace(cfg, refine_budget=self.refine) if self.refine is not None else cfg


@dataclass(frozen=True)
class DocumentPair:
    """Two versions of one document: paths or texts, and their languages (BCP-47 tags).

    A side given as text (``src_text``) is used as is; otherwise it is read from its path
    (encoding detected unless ``encoding``). ``presplit``: one sentence per line, no
    segmentation (any language); otherwise align's segmenter splits the text.
    """

    doc_id: str
    src_lang: str
    tgt_lang: str
    src_path: str | None = None
    tgt_path: str | None = None
    src_text: str | None = None
    tgt_text: str | None = None
    presplit: bool = False
    encoding: str | None = None

    def name(self, side: str) -> str:
        """How errors name one side: its path, else ``doc_id (lang)``."""
        path = self.src_path if side == "src" else self.tgt_path
        lang = self.src_lang if side == "src" else self.tgt_lang
        return path or f"{self.doc_id} ({lang})"


@dataclass(frozen=True)
class RecordFilter:
    """Which records to output (``--min-score``, ``--types``, ``--min-confidence``)."""

    min_score: float | None = None
    types: frozenset[str] | None = None  # bead types such as "1-1", "2-1"
    min_confidence: float | None = None  # records without a confidence do not pass

    def __call__(self, rec: AlignedRecord) -> bool:
        if self.min_score is not None and rec.score < self.min_score:
            return False
        if self.types is not None and rec.bead not in self.types:
            return False
        if self.min_confidence is not None and (
                rec.confidence is None or rec.confidence < self.min_confidence):
            return False
        return True


def parse_types(types: str | None) -> frozenset[str] | None:
    """``'1-1, 1-2'`` -> ``{'1-1', '1-2'}``; raises :class:`ConfigError` on a malformed type."""
    if types is None:
        return None
    out = frozenset(t.strip() for t in types.split(",") if t.strip())
    bad = [t for t in out if not _is_bead_type(t)]
    if bad or not out:
        raise ConfigError(f"bad bead type(s) {', '.join(sorted(bad)) or types!r}; "
                          "use e.g. --types 1-1,1-2,2-1")
    return out


def _is_bead_type(t: str) -> bool:
    a, sep, b = t.partition("-")
    return bool(sep) and a.isascii() and a.isdigit() and b.isascii() and b.isdigit() \
        and t != "0-0"


# --------------------------------------------------------------------------- resources


@dataclass(frozen=True)
class Resources:
    """What an :class:`AlignerSpec` needs at run time: the encoder (``None`` for ``none``),
    the glossary (or ``None``) and the glossary's label in the run signature."""

    encoder: Any
    glossary: Any = None
    glossary_label: str = "none"


def load_resources(spec: AlignerSpec) -> Resources:
    """Build the encoder (no model is loaded until the first embedding) and read the glossary.

    Raises :class:`ConfigError` for an unknown encoder, :class:`InputError` for a bad glossary.
    """
    from align.embed import get_encoder

    encoder = get_encoder(spec.encoder, cache=spec.cache, cache_dir=spec.cache_dir)
    if spec.glossary is None:
        return Resources(encoder)
    import hashlib

    from align.glossary import load_glossary

    path = Path(spec.glossary)
    glossary = load_glossary(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
    return Resources(encoder, glossary, f"{path.name}@{digest}")


@functools.lru_cache(maxsize=4)
def shared_resources(spec: AlignerSpec) -> Resources:
    """:func:`load_resources`, once per process and spec: every job a worker runs reuses the
    loaded model, the open embedding cache and the parsed glossary."""
    return load_resources(spec)


# --------------------------------------------------------------------------- steps


def sentences_of(text: str, lang: str, *, presplit: bool) -> list[str]:
    """The sentences of ``text``: its lines when ``presplit`` (a final newline ends the last
    one), else the units of :func:`align.segment.segment_document`."""
    if presplit:
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return lines
    from align.segment import segment_document

    return [s.text for s in segment_document(text, lang)]


def join_sentences(sentences: Sequence[str], ids: Sequence[int], lang: str) -> str:
    """The text of one bead side: its sentences joined by a space (nothing for zh/ja)."""
    from align.lang import is_cjk, is_lang_tag

    spaceless = is_lang_tag(lang) and is_cjk(lang)
    return ("" if spaceless else " ").join(sentences[i] for i in ids)


def run_signature(spec: AlignerSpec, resources: Resources, *, presplit: bool) -> str:
    """``version:align-X|segmenter:S|encoder:E|glossary:G|<aligner settings>``: everything
    that produced a record, written into each one."""
    from align import __version__
    from align.segment import SEGMENTER_SIGNATURE

    encoder = resources.encoder.signature() if resources.encoder is not None else "none"
    return "|".join([
        f"version:align-{__version__}",
        f"segmenter:{'presplit' if presplit else SEGMENTER_SIGNATURE}",
        f"encoder:{encoder}",
        f"glossary:{resources.glossary_label}",
        spec.config().signature(),
    ])


def to_records(beads: Iterable[Bead], src: Sequence[str], tgt: Sequence[str], *, doc_id: str,
               src_lang: str, tgt_lang: str, signature: str) -> list[AlignedRecord]:
    """One :class:`AlignedRecord` per bead (the bead's ``confidence`` when it has one)."""
    return [
        AlignedRecord(doc_id, src_lang, tgt_lang, tuple(b.src), tuple(b.tgt),
                      join_sentences(src, b.src, src_lang), join_sentences(tgt, b.tgt, tgt_lang),
                      float(b.score), getattr(b, "confidence", None), signature)
        for b in beads
    ]


def default_doc_id(src: str | Path, tgt: str | Path) -> str:
    """A document id for ``align pair SRC TGT`` when none is given.

    Files named by their language (``corpora/002-x/zh-Hans.txt``, the corpus layout) take
    the folder's name; otherwise the source file's name without its extension and language
    suffix (``report.pt.txt`` -> ``report``; ``a.en`` -> ``a``); stdin is ``stdin``.
    """
    from align.lang import is_lang_tag

    if str(src) == "-":
        return "stdin" if str(tgt) == "-" else default_doc_id(tgt, tgt)
    p = Path(src)
    name = p.name
    for suffix in (".gz", ".txt", ".md", ".lines", ".sents", ".text"):
        name = name.removesuffix(suffix)
    def named_by_language(part: str) -> bool:  # "pt", "zh-Hans"; not a word such as "doc"
        return is_lang_tag(part) and (len(part.split("-")[0]) == 2 or "-" in part)

    if named_by_language(name):
        return p.absolute().parent.name or name
    head, dot, tail = name.rpartition(".")
    if dot and head and named_by_language(tail):
        return head
    return name


# --------------------------------------------------------------------------- one document


@dataclass
class AlignedDocument:
    """The result of aligning one :class:`DocumentPair`: every bead as a record."""

    pair: DocumentPair
    records: list[AlignedRecord]
    src_sentences: int
    tgt_sentences: int
    encode_calls: int  # texts sent to the encoder (cached or not), times ensemble members
    signature: str
    warnings: list[str] = field(default_factory=list)


def align_document(pair: DocumentPair, spec: AlignerSpec,
                   resources: Resources | None = None, *,
                   progress: bool = False) -> AlignedDocument:
    """Align one document pair into records (every bead, unfiltered).

    ``resources`` (encoder and glossary) default to :func:`shared_resources` of ``spec``;
    a command that built them already passes its own. ``progress`` draws the embedding
    progress bar on stderr (only on a terminal, only when embedding takes a while). Raises :class:`InputError` naming
    the file for an unreadable or empty side.
    """
    from align.aligner import Aligner
    from align.io import read_text

    res = resources if resources is not None else shared_resources(spec)
    sides: list[list[str]] = []
    for side, text, path, lang in (("src", pair.src_text, pair.src_path, pair.src_lang),
                                   ("tgt", pair.tgt_text, pair.tgt_path, pair.tgt_lang)):
        if text is None:
            if path is None:
                raise ValueError(f"{pair.doc_id}: the {side} side needs a path or a text")
            text = read_text(path, encoding=pair.encoding)
        sents = sentences_of(text, lang, presplit=pair.presplit)
        if not sents:
            raise InputError(f"{pair.name(side)}: no sentences to align")
        sides.append(sents)
    src, tgt = sides
    warnings = []
    ratio = max(len(src), len(tgt)) / min(len(src), len(tgt))
    if ratio > RATIO_WARNING:
        warnings.append(
            f"warning: {pair.name('src')} has {len(src)} sentences but {pair.name('tgt')} has "
            f"{len(tgt)}; are they versions of the same document? Unmatched sentences become "
            "1-0/0-1 beads")
    aligner = Aligner(res.encoder, spec.config(), glossary=res.glossary, progress=progress)
    beads = aligner.align(src, tgt, src_lang=pair.src_lang, tgt_lang=pair.tgt_lang)
    signature = run_signature(spec, res, presplit=pair.presplit)
    records = to_records(beads, src, tgt, doc_id=pair.doc_id, src_lang=pair.src_lang,
                         tgt_lang=pair.tgt_lang, signature=signature)
    return AlignedDocument(pair, records, len(src), len(tgt), aligner.encode_calls, signature,
                           warnings)


# --------------------------------------------------------------------------- jobs


@dataclass(frozen=True)
class AlignJob:
    """One unit of corpus work: a document pair, how to align it, and (for
    :func:`run_job`) where to write which records. Plain data: it pickles."""

    pair: DocumentPair
    spec: AlignerSpec
    out: str | None = None
    fmt: str = "jsonl"
    keep: RecordFilter = RecordFilter()


@dataclass(frozen=True)
class JobSummary:
    """What :func:`run_job` did (small, picklable, for the parent's progress and totals)."""

    out: str
    src_sentences: int
    tgt_sentences: int
    beads: int
    written: int
    encode_calls: int
    warnings: tuple[str, ...] = ()


def align_job(job: AlignJob) -> AlignedDocument:
    """Align the job's document pair with the process's shared resources (every record)."""
    return align_document(job.pair, job.spec)


def run_job(job: AlignJob) -> JobSummary:
    """Align one job and write the records ``job.keep`` passes to ``job.out`` in ``job.fmt``.

    The output's folder is created just before writing, and the file is written
    atomically; the caller decides beforehand whether an existing file may be replaced.
    """
    from align.formats import save_alignment

    if job.out is None:
        raise ValueError("run_job needs job.out; use align_job to get the records")
    doc = align_job(job)
    kept = [r for r in doc.records if job.keep(r)]
    out = Path(job.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_alignment(out, job.fmt, kept)
    return JobSummary(job.out, doc.src_sentences, doc.tgt_sentences, len(doc.records), len(kept),
                      doc.encode_calls, tuple(doc.warnings))


__all__ = [
    "AlignJob", "AlignedDocument", "AlignerSpec", "DocumentPair", "JobSummary", "RecordFilter",
    "Resources", "align_document", "align_job", "default_doc_id", "join_sentences",
    "load_resources", "parse_types", "run_job", "run_signature", "sentences_of",
    "shared_resources", "to_records",
]
