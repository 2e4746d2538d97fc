"""A review session: the document pairs, their current beads, findings, edits and exports.

Both the web server (:mod:`align.review.server`) and the static export
(:mod:`align.review.export`) show what this module returns; every JSON payload the page
reads is built here (``doc_list``, ``doc_view``, ``edit``).
"""

from __future__ import annotations

import statistics
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from align.errors import InputError
from align.review.findings import TermFinding, term_findings
from align.review.load import PairDoc
from align.review.model import EditRejected, ReviewBead, Splice, apply_splice, edit
from align.review.store import ReviewStore, SavedState

if TYPE_CHECKING:
    from align.glossary import Glossary
    from align.records import AlignedRecord

#: Colour thresholds for a calibrated confidence (probability that the bead is right).
CONFIDENCE_BANDS = (0.5, 0.8)
#: Without a confidence, scores are coloured by rank in their document: the lowest 10%
#: red, the next 20% amber.
SCORE_QUANTILES = (0.10, 0.30)


def _sep(lang: str) -> str:
    from align.lang import is_cjk

    return "" if is_cjk(lang) else " "


def _join(sents: Sequence[str], ids: Sequence[int], lang: str) -> str:
    from align.pipeline import join_sentences

    return join_sentences(sents, ids, lang)


@dataclass
class PairState:
    """One document pair under review."""

    doc: PairDoc
    beads: list[ReviewBead]
    undo: list[Splice] = field(default_factory=list)
    redo: list[Splice] = field(default_factory=list)
    version: int = 0
    findings: list[TermFinding] = field(default_factory=list)
    judged_beads: list[ReviewBead] = field(default_factory=list)  # the beads findings refer to
    judged: bool = False  # findings computed for the current beads


class ReviewSession:
    """All document pairs of one review, their state on disk and their findings."""

    def __init__(self, docs: Sequence[PairDoc], *, glossary: Glossary | None = None,
                 store: ReviewStore | None = None, restart: bool = False, readonly: bool = False,
                 warn: Callable[[str], None] | None = None) -> None:
        if not docs:
            raise InputError("nothing to review: no aligned document pairs")
        self.glossary = glossary
        self.store = store
        self.lock = threading.RLock()  # the server calls in from worker threads
        self.readonly = readonly or store is None
        self.pairs: list[PairState] = []
        for doc in docs:
            saved = store.load(doc, restart=restart) if store is not None else None
            if saved is None:
                saved = SavedState(list(doc.beads))
            elif saved.aligned_changed and warn is not None:
                warn(f"{doc.key}: the input alignment changed since this review was saved; "
                     "showing the saved review (--restart starts over)")
            self.pairs.append(PairState(doc, saved.beads, saved.undo, saved.redo, saved.version))
            if store is not None and saved.version and not self.readonly:
                store.save(doc, saved)  # rewrites a bead file a crash may have left behind
        self.by_key = {p.doc.key: i for i, p in enumerate(self.pairs)}

    # ------------------------------------------------------------------ queries

    def pair(self, index: int) -> PairState:
        if not 0 <= index < len(self.pairs):
            raise EditRejected(f"document {index} does not exist (there are {len(self.pairs)})")
        return self.pairs[index]

    def texts(self, p: PairState, beads: Sequence[ReviewBead] | None = None) -> list[tuple[str, str]]:
        d = p.doc
        return [(_join(d.src, b.src, d.src_lang), _join(d.tgt, b.tgt, d.tgt_lang))
                for b in (p.beads if beads is None else beads)]

    def _judged(self, p: PairState) -> tuple[list[TermFinding], list[ReviewBead]]:
        """Findings of ``p``'s beads and the beads they refer to. Judged outside the lock,
        so an edit need not wait; a result for beads edited meanwhile is not kept."""
        with self.lock:
            if p.judged:
                return p.findings, p.judged_beads
            version, beads = p.version, list(p.beads)
        found = (term_findings(self.glossary, p.doc.src_lang, p.doc.tgt_lang, self.texts(p, beads),
                               name=p.doc.key) if self.glossary is not None else [])
        with self.lock:
            if p.version == version:
                p.findings, p.judged_beads, p.judged = found, beads, True
        return found, beads

    def findings(self, p: PairState) -> list[TermFinding]:
        """The glossary findings of ``p``'s current beads (judged again after an edit)."""
        return self._judged(p)[0]

    def counts(self, p: PairState, *, judge: bool = True) -> dict[str, int]:
        """Beads, reviewed, edited and findings (``judge=False``: the last known findings)."""
        return {"beads": len(p.beads), "reviewed": sum(1 for b in p.beads if b.status),
                "findings": len(self.findings(p) if judge else p.findings),
                "edited": sum(1 for b in p.beads if b.status == "edited")}

    def doc_list(self) -> list[dict[str, Any]]:
        """One row per document pair: key, languages, counts."""
        return [{"index": i, "key": p.doc.key, "doc_id": p.doc.doc_id, "src_lang": p.doc.src_lang,
                 "tgt_lang": p.doc.tgt_lang, **self.counts(p)} for i, p in enumerate(self.pairs)]

    def _bead_json(self, p: PairState, b: ReviewBead) -> dict[str, Any]:
        score, conf = p.doc.scores.get(b.key, (None, None))
        gold = None if p.doc.gold is None else b.key in p.doc.gold
        return {"src": list(b.src), "tgt": list(b.tgt), "status": b.status, "score": score,
                "conf": conf, "gold": gold}

    def _finding_json(self, p: PairState, f: TermFinding, beads: Sequence[ReviewBead]
                      ) -> list[dict[str, Any]]:
        """A finding as one piece per sentence it covers (sentence index and span in it)."""
        d = p.doc
        b = beads[f.bead]
        ids, sents, lang = (b.src, d.src, d.src_lang) if f.side == "src" else (b.tgt, d.tgt, d.tgt_lang)
        base = {"bead": f.bead, "rule": f.rule, "side": f.side, "entry": f.entry_id,
                "expected": list(f.expected), "found": f.found, "source_term": f.source_term,
                "message": f.message}
        if f.start is None or f.end is None or not ids:
            return [{**base, "sent": None, "start": None, "end": None}]
        sep, pos, out = len(_sep(lang)), 0, []
        for s in ids:
            n = len(sents[s])
            lo, hi = max(f.start, pos), min(f.end, pos + n)
            if lo < hi:
                out.append({**base, "sent": s, "start": lo - pos, "end": hi - pos})
            pos += n + sep
        return out or [{**base, "sent": None, "start": None, "end": None}]

    def findings_json(self, p: PairState) -> tuple[int, list[dict[str, Any]]]:
        """(the version they are for, the findings as the page reads them)."""
        while True:
            version = p.version
            found, beads = self._judged(p)
            with self.lock:
                if p.version == version and p.judged_beads is beads:
                    return version, [x for f in found for x in self._finding_json(p, f, beads)]

    def scale(self, p: PairState) -> dict[str, Any]:
        """How the page colours beads: by confidence when the aligner gave one, else score."""
        confs = [c for _, c in p.doc.scores.values() if c is not None]
        if confs:
            return {"by": "confidence", "low": CONFIDENCE_BANDS[0], "mid": CONFIDENCE_BANDS[1]}
        scores = sorted(s for s, _ in p.doc.scores.values())
        if len(scores) < 2:
            return {"by": "score", "low": None, "mid": None}
        qs = statistics.quantiles(scores, n=100, method="inclusive")
        return {"by": "score", "low": qs[int(SCORE_QUANTILES[0] * 100) - 1],
                "mid": qs[int(SCORE_QUANTILES[1] * 100) - 1]}

    def state_json(self, p: PairState, *, judge: bool = True) -> dict[str, Any]:
        return {"version": p.version, "can_undo": bool(p.undo), "can_redo": bool(p.redo),
                "counts": self.counts(p, judge=judge)}

    def findings_view(self, index: int) -> dict[str, Any]:
        """The findings of one pair's current beads (the page asks after each edit)."""
        p = self.pair(index)
        version, found = self.findings_json(p)
        return {"version": version, "findings": found, "counts": self.counts(p)}

    def doc_view(self, index: int) -> dict[str, Any]:
        """Everything the page shows for one document pair."""
        with self.lock:
            return self._doc_view(index)

    def _doc_view(self, index: int) -> dict[str, Any]:
        p = self.pair(index)
        d = p.doc
        version, found = self.findings_json(p)
        out = {
            "index": index, "key": d.key, "doc_id": d.doc_id, "src_lang": d.src_lang,
            "tgt_lang": d.tgt_lang, "src": d.src, "tgt": d.tgt,
            "sep": {"src": _sep(d.src_lang), "tgt": _sep(d.tgt_lang)},
            "input": str(d.path), "sentences_from": d.sentences_from,
            "gold": str(d.gold_path) if d.gold_path else None,
            "beads": [self._bead_json(p, b) for b in p.beads],
            "findings": found, "scale": self.scale(p),
            "saved_to": str(self.store.beads_path(d)) if self.store and not self.readonly else None,
            **self.state_json(p),
        }
        if d.gold is not None:
            from align.evaluate import score_alignments

            out["gold_f1"] = score_alignments([sorted(d.gold)], [[b.key for b in p.beads]]).f1_strict
        return out

    # ------------------------------------------------------------------ edits

    def edit(self, index: int, op: Mapping[str, Any], *, version: int | None = None) -> dict[str, Any]:
        """Apply ``op`` (an edit, or ``{"op": "undo"}`` / ``{"op": "redo"}``) and save it.

        ``version`` is the version the page saw; a stale one is rejected, so two tabs
        cannot overwrite each other. Returns the splice for the page: ``start``,
        ``deleted``, the new ``beads`` and the new version. The glossary findings are
        judged again when next asked for (:meth:`findings_view`): on a long document that
        takes longer than the edit, and the page shows the edit first.
        """
        if self.readonly:
            raise EditRejected("this review is read-only")
        with self.lock:
            p = self.pair(index)
            if version is not None and version != p.version:
                raise EditRejected(f"the page is out of date (version {version}, saved "
                                   f"{p.version}); reload it")
            d = p.doc
            kind = op.get("op")
            undo, redo = list(p.undo), list(p.redo)
            if kind in ("undo", "redo"):
                stack, other = (undo, redo) if kind == "undo" else (redo, undo)
                if not stack:
                    raise EditRejected(f"nothing to {kind}")
                step = stack.pop()
                sp = step.inverse() if kind == "undo" else step
                beads = apply_splice(p.beads, sp)
                other.append(step)
                action = str(kind)
            else:
                sp, beads = edit(p.beads, op, len(d.src), len(d.tgt))
                undo.append(sp)
                redo.clear()
                action = "edit"
            if self.store is not None:  # on disk first: a failed save changes nothing
                self.store.save(d, SavedState(beads, undo, redo, p.version + 1))
            p.beads, p.undo, p.redo = beads, undo, redo
            p.version += 1
            p.judged = False
            if self.store is not None:
                self.store.log(d, sp, action=action, version=p.version)
            return {"start": sp.start, "deleted": len(sp.old), "op": sp.op, "action": action,
                    "beads": [self._bead_json(p, b) for b in sp.new],
                    **self.state_json(p, judge=False)}

    # ------------------------------------------------------------------ exports

    def records(self, p: PairState) -> list[AlignedRecord]:
        """The current beads as aligned records (reviewed beads get confidence 1.0)."""
        from align.records import AlignedRecord

        d = p.doc
        sig = (d.signature + "|" if d.signature else "") + "review:align-review"
        out = []
        for b, (s, t) in zip(p.beads, self.texts(p), strict=True):
            score, conf = d.scores.get(b.key, (0.0, None))
            out.append(AlignedRecord(d.doc_id, d.src_lang, d.tgt_lang, b.src, b.tgt, s, t,
                                     score, 1.0 if b.status else conf, sig))
        return out

    def export_records(self, folder: Path, *, force: bool = False) -> list[Path]:
        """Write ``folder/<doc_id>/<src>-<tgt>.jsonl`` per pair (what ``align publish`` reads)."""
        return self._export(folder, "jsonl", force=force)

    def export_gold(self, folder: Path, *, force: bool = False) -> list[Path]:
        """Write ``folder/<doc_id>/<src>-<tgt>.beads`` per pair (what ``align eval`` reads)."""
        return self._export(folder, "beads", force=force)

    def _export(self, folder: Path, ext: str, *, force: bool) -> list[Path]:
        from align.io import atomic_write, check_writable
        from align.review.store import slug

        paths = [folder / slug(p.doc.doc_id) / f"{p.doc.src_lang}-{p.doc.tgt_lang}.{ext}"
                 for p in self.pairs]
        if folder.exists() and not folder.is_dir():
            raise InputError(f"{folder}: exists and is not a folder")
        for path in paths:
            if path.exists() and not force:
                check_writable(path, force=False)
        for p, path in zip(self.pairs, paths, strict=True):
            path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_write(path) as fh:
                if ext == "beads":
                    fh.writelines(b.format() + "\n" for b in p.beads)
                else:
                    write_records(fh, self.records(p))
        return paths

    def static_payload(self) -> dict[str, Any]:
        """Everything the read-only page needs, for the static export."""
        return {"docs": self.doc_list(), "views": [self.doc_view(i) for i in range(len(self.pairs))]}


def write_records(fh: Any, records: Sequence[AlignedRecord]) -> None:
    """Aligned records as JSONL, through :func:`align.recordio.write_jsonl`."""
    from align.recordio import write_jsonl

    write_jsonl(fh, records)