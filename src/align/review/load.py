"""Read what a review opens: aligned records, the sentences of both sides, gold beads.

A review edits the grouping of sentences, so it needs each side's sentences one by one.
Records carry a bead's sentences joined, which cannot always be split back, so the
sentences come from the segments the alignment was made from:

1. ``--segments DIR`` (``DIR/<doc_id>/<lang>.jsonl`` as ``align segment --format jsonl``
   and ``scripts/build_corpus.py`` write them, or ``<lang>.txt`` with one segment a line);
2. else a ``segments/`` folder beside an ancestor of the aligned file (the build layout:
   ``build/aligned/<doc>/<src>-<tgt>.jsonl`` next to ``build/segments/<doc>/<lang>.jsonl``);
3. else the records themselves: a one-sentence side is its sentence, and a longer side is
   split again with :func:`align.segment.split_sentences`, which must give back exactly
   that many sentences joining to the same text (otherwise the error asks for segments).

Either way every record's text is checked against the sentences it names, and the beads
must cover every sentence once, in order (:func:`align.review.model.check_invariants`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from align.errors import InputError
from align.records import AlignedRecord
from align.review.model import EditRejected, ReviewBead, check_invariants

#: A file inside a review folder; walks skip folders that hold it.
REVIEW_MARKER = ".align-review"

Key = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass
class PairDoc:
    """One aligned document pair as the reviewer opens it."""

    doc_id: str
    src_lang: str
    tgt_lang: str
    path: Path
    src: list[str]
    tgt: list[str]
    beads: list[ReviewBead]  # as aligned, all with status ""
    scores: dict[Key, tuple[float, float | None]]  # bead -> (score, confidence) as aligned
    signature: str = ""
    sentences_from: str = ""  # where the sentences came from (a file, or "records")
    gold: set[Key] | None = None
    gold_path: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """``doc_id/src-tgt``: names the pair in the page, the review folder and the log."""
        return f"{self.doc_id}/{self.src_lang}-{self.tgt_lang}"


def read_records(path: Path) -> list[tuple[int, AlignedRecord]]:
    """The aligned records of one file with their line numbers, read by
    :func:`align.recordio.iter_records` (``doc_id`` and the languages default to the path,
    ``<doc_id>/<src>-<tgt>.jsonl``)."""
    from align.recordio import iter_records

    return list(iter_records(path))


def find_inputs(specs: Sequence[str | Path]) -> list[Path]:
    """Aligned JSONL files: files as given; folders walked (sorted, hidden and review
    folders skipped) for ``*.jsonl``."""
    out: list[Path] = []
    for spec in specs:
        p = Path(spec)
        if not p.exists():
            raise InputError(f"{spec}: no such file or folder")
        if p.is_file():
            out.append(p)
            continue
        found = []
        for f in sorted(p.rglob("*.jsonl")):
            rel = f.relative_to(p).parts
            if any(part.startswith(".") for part in rel) or not f.is_file():
                continue
            if any((p.joinpath(*rel[:k]) / REVIEW_MARKER).exists() for k in range(len(rel))):
                continue
            found.append(f)
        if not found:
            raise InputError(f"{spec}: no aligned .jsonl files in this folder")
        out += found
    seen: set[Path] = set()
    return [f for f in out if not (f.resolve() in seen or seen.add(f.resolve()))]  # type: ignore[func-returns-value]


def _read_segment_file(path: Path) -> list[str]:
    from align.io import iter_jsonl, read_lines, read_text

    if path.suffix == ".txt":
        return read_lines(path, allow_empty=True)
    out: list[str] = []
    for n, obj in iter_jsonl(read_text(path, allow_empty=True), name=str(path)):
        text = obj.get("text")
        if not isinstance(text, str):
            raise InputError(f"{path}:{n}: a segment needs a string field 'text'")
        if isinstance(obj.get("index"), int) and obj["index"] != len(out):
            raise InputError(f"{path}:{n}: segment index {obj['index']} out of order "
                             f"(expected {len(out)})")
        out.append(text)
    return out


def _segment_file(aligned: Path, doc_id: str, lang: str, segments: Path | None) -> Path | None:
    roots = [segments] if segments is not None else [a / "segments" for a in
                                                     list(aligned.resolve().parents)[:4]]
    for root in roots:
        for ext in ("jsonl", "txt"):
            cand = root / doc_id / f"{lang}.{ext}"
            if cand.is_file():
                return cand
    if segments is not None:
        raise InputError(f"{segments}: no {doc_id}/{lang}.jsonl (or .txt) for {aligned}")
    return None


def _same(a: str, b: str) -> bool:
    return a == b or a.split() == b.split()


def _sentences_from_records(path: Path, recs: Sequence[tuple[int, AlignedRecord]], side: str,
                            lang: str) -> list[str]:
    """Each side's sentences recovered from the records (see the module docstring)."""
    from align.pipeline import join_sentences as join

    sents: dict[int, str] = {}
    for n, rec in recs:
        ids = rec.src_ids if side == "src" else rec.tgt_ids
        text = rec.source if side == "src" else rec.target
        if len(ids) == 1:
            sents[ids[0]] = text
        elif len(ids) > 1:
            parts: list[str] = []
            try:
                from align.segment import split_sentences

                parts = split_sentences(text, lang)
            except InputError:
                pass
            if len(parts) != len(ids) or not _same(join(parts, range(len(parts)), lang), text):
                which = "source" if side == "src" else "target"
                raise InputError(
                    f"{path}:{n}: cannot tell the {len(ids)} {which} sentences of this bead "
                    "apart from its text; pass --segments DIR (the segments the alignment "
                    "was made from)")
            sents.update(zip(ids, parts, strict=True))
    count = max(sents, default=-1) + 1
    missing = [i for i in range(count) if i not in sents]
    if missing:
        which = "source" if side == "src" else "target"
        raise InputError(f"{path}: {which} sentence {missing[0]} is in no bead; pass "
                         "--segments DIR to review an alignment that leaves sentences out")
    return [sents[i] for i in range(count)]


def _check_texts(path: Path, recs: Sequence[tuple[int, AlignedRecord]], src: list[str],
                 tgt: list[str], src_lang: str, tgt_lang: str, origin: str) -> None:
    from align.pipeline import join_sentences as join

    for n, rec in recs:
        for ids, text, sents, lang, which in ((rec.src_ids, rec.source, src, src_lang, "source"),
                                              (rec.tgt_ids, rec.target, tgt, tgt_lang, "target")):
            if ids and ids[-1] >= len(sents):
                raise InputError(f"{path}:{n}: {which} sentence {ids[-1]} is beyond the "
                                 f"{len(sents)} sentences of {origin}")
            if not _same(join(sents, ids, lang), text):
                raise InputError(f"{path}:{n}: the {which} text differs from sentences "
                                 f"{list(ids)} of {origin}; the alignment was made from other "
                                 "segments")


def _gold_for(gold: Path, doc_id: str, pair: str) -> Path | None:
    for cand in (gold / doc_id / "gold" / f"{pair}.beads", gold / doc_id / f"{pair}.beads"):
        if cand.is_file():
            return cand
    return None


def _group(path: Path, recs: list[tuple[int, AlignedRecord]]
           ) -> list[tuple[tuple[str, str, str], list[tuple[int, AlignedRecord]]]]:
    groups: dict[tuple[str, str, str], list[tuple[int, AlignedRecord]]] = {}
    for n, rec in recs:
        if not rec.src_ids and not rec.tgt_ids:
            raise InputError(f"{path}:{n}: record has no sentence ids (src_ids/tgt_ids); "
                             "review needs alignment output such as `align pair --format jsonl`")
        groups.setdefault((rec.doc_id, rec.src_lang, rec.tgt_lang), []).append((n, rec))
    return list(groups.items())


def load_pair_docs(specs: Sequence[str | Path], *, segments: Path | None = None,
                   gold: Path | None = None) -> list[PairDoc]:
    """Every aligned document pair in ``specs`` (files or folders), ready to review."""
    from align.evaluate import read_beads

    docs: list[PairDoc] = []
    keys: dict[str, Path] = {}
    for path in find_inputs(specs):
        recs = read_records(path)
        if not recs:
            raise InputError(f"{path}: no aligned records")
        for (doc_id, src_lang, tgt_lang), group in _group(path, recs):
            sides: list[list[str]] = []
            origins: list[str] = []
            for side, lang in (("src", src_lang), ("tgt", tgt_lang)):
                seg = _segment_file(path, doc_id, lang, segments)
                if seg is not None:
                    sides.append(_read_segment_file(seg))
                    origins.append(str(seg))
                else:
                    sides.append(_sentences_from_records(path, group, side, lang))
                    origins.append("the records")
            src, tgt = sides
            _check_texts(path, group, src, tgt, src_lang, tgt_lang,
                         " and ".join(dict.fromkeys(origins)))
            beads = [ReviewBead(r.src_ids, r.tgt_ids) for _, r in group]
            try:
                check_invariants(beads, len(src), len(tgt))
            except EditRejected as exc:
                msg = str(exc).replace(" would ", " does ").replace("would be", "is")
                raise InputError(f"{path}: {msg}: a review needs every sentence exactly once, "
                                 "in order") from None
            doc = PairDoc(doc_id, src_lang, tgt_lang, path, src, tgt, beads,
                          {(r.src_ids, r.tgt_ids): (r.score, r.confidence) for _, r in group},
                          signature=group[0][1].signature,
                          sentences_from=" and ".join(dict.fromkeys(origins)))
            if doc.key in keys:
                raise InputError(f"{path}: {doc.key} is also in {keys[doc.key]}; review one "
                                 "alignment of a document pair at a time")
            keys[doc.key] = path
            if gold is not None:
                gp = _gold_for(gold, doc_id, f"{src_lang}-{tgt_lang}")
                if gp is not None:
                    doc.gold = set(read_beads(gp))
                    doc.gold_path = gp
            docs.append(doc)
    return docs
