"""The review folder: every edit on disk as it happens, and a log of who did what when.

Layout of a review folder (``--out``; by default ``<first input>-review`` beside the input,
never inside it, so the input is never overwritten)::

    .align-review                      marker: input walks skip this folder
    beads/<doc_id>/<src>-<tgt>.beads   the corrected alignment, [0,1]:[2] per line (gold format)
    state/<doc_id>/<src>-<tgt>.json    beads with review status, undo and redo history
    review-log.jsonl                   one JSON object per edit: time, reviewer, doc, op, before, after

The state and bead files are replaced atomically (:func:`align.io.atomic_write`) after
every edit, state first: a crash or a closed tab loses nothing, and the bead file is
rewritten from the state when the review is opened again. The log is append-only (one
``write`` of one line per edit, flushed and synced).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from align.errors import InputError
from align.review.load import REVIEW_MARKER, PairDoc
from align.review.model import ReviewBead, Splice, check_invariants

STATE_SCHEMA = 1
#: Undo steps kept per document pair (older ones are dropped from the saved state).
UNDO_LIMIT = 1000


def default_out(first_input: str | Path) -> Path:
    """``build/aligned`` -> ``build/aligned-review``; ``x/pt-en.jsonl`` -> ``x/pt-en-review``."""
    p = Path(first_input)
    name = p.name.removesuffix(".gz").removesuffix(".jsonl") if p.is_file() else p.name
    return p.resolve().parent / f"{name or 'aligned'}-review"


def slug(doc_id: str) -> str:
    """A folder name for ``doc_id``: itself when safe, else a readable part and a hash."""
    if re.fullmatch(r"[\w][\w.\-]*", doc_id) and ".." not in doc_id and len(doc_id) <= 120:
        return doc_id
    safe = re.sub(r"[^\w.\-]+", "_", doc_id).strip("._")[:60]
    return f"{safe or 'doc'}-{hashlib.sha1(doc_id.encode()).hexdigest()[:10]}"


def _digest(parts: Sequence[str]) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:32]


def sentence_digest(doc: PairDoc) -> str:
    return _digest([str(len(doc.src)), *doc.src, str(len(doc.tgt)), *doc.tgt])


def beads_digest(beads: Sequence[ReviewBead]) -> str:
    return _digest([b.format() for b in beads])


@dataclass
class SavedState:
    """What the review folder holds for one document pair."""

    beads: list[ReviewBead]
    undo: list[Splice] = field(default_factory=list)
    redo: list[Splice] = field(default_factory=list)
    version: int = 0
    aligned_changed: bool = False  # the input alignment differs from the one reviewed


class ReviewStore:
    """Reads and writes one review folder."""

    def __init__(self, root: str | Path, *, reviewer: str) -> None:
        self.root = Path(root)
        self.reviewer = reviewer
        if self.root.exists() and not self.root.is_dir():
            raise InputError(f"{self.root}: exists and is not a folder (review folder)")
        if self.root.is_dir() and any(self.root.iterdir()) and not (self.root / REVIEW_MARKER).exists():
            raise InputError(f"{self.root}: folder exists and is not a review folder; "
                             "pass --out with a new or review folder")
        self.log_path = self.root / "review-log.jsonl"

    def _ensure(self) -> None:
        if not (self.root / REVIEW_MARKER).exists():
            self.root.mkdir(parents=True, exist_ok=True)
            (self.root / REVIEW_MARKER).write_text("align review folder\n", encoding="utf-8")

    def state_path(self, doc: PairDoc) -> Path:
        return self.root / "state" / slug(doc.doc_id) / f"{doc.src_lang}-{doc.tgt_lang}.json"

    def beads_path(self, doc: PairDoc) -> Path:
        return self.root / "beads" / slug(doc.doc_id) / f"{doc.src_lang}-{doc.tgt_lang}.beads"

    def load(self, doc: PairDoc, *, restart: bool = False) -> SavedState | None:
        """The saved review of ``doc``, or None; raises when it belongs to other sentences."""
        path = self.state_path(doc)
        if restart or not path.is_file():
            return None
        from align.io import read_text

        try:
            obj = json.loads(read_text(path))
            if obj.get("key") != doc.key:
                raise ValueError("key")
            if obj.get("sentences") != sentence_digest(doc):
                raise InputError(f"{path}: this saved review is for other sentences than "
                                 f"{doc.path} ({doc.key}); pass --restart to start the review "
                                 "over, or --out for another review folder")
            beads = [ReviewBead.from_json(b) for b in obj["beads"]]
            check_invariants(beads, len(doc.src), len(doc.tgt))
            return SavedState(
                beads=beads, undo=[Splice.from_json(s) for s in obj.get("undo", [])],
                redo=[Splice.from_json(s) for s in obj.get("redo", [])],
                version=int(obj.get("version", 0)),
                aligned_changed=obj.get("aligned") != beads_digest(doc.beads))
        except InputError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{path}: not a review state file for {doc.key} ({exc}); "
                             "pass --restart to start over") from None

    def save(self, doc: PairDoc, state: SavedState) -> None:
        """Write the state, then the bead file, both atomically."""
        from align.io import atomic_write

        self._ensure()
        undo = state.undo[-UNDO_LIMIT:]
        obj: dict[str, Any] = {
            "schema": STATE_SCHEMA, "key": doc.key, "input": str(doc.path),
            "sentences": sentence_digest(doc), "aligned": beads_digest(doc.beads),
            "version": state.version, "beads": [b.to_json() for b in state.beads],
            "undo": [s.to_json() for s in undo], "redo": [s.to_json() for s in state.redo],
        }
        for path, text in (
            (self.state_path(doc), json.dumps(obj, ensure_ascii=False, separators=(",", ":"))),
            (self.beads_path(doc), "".join(b.format() + "\n" for b in state.beads)),
        ):
            path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_write(path) as fh:
                fh.write(text)

    def log(self, doc: PairDoc, sp: Splice, *, action: str, version: int) -> dict[str, Any]:
        """Append one entry to the review log and return it."""
        self._ensure()
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "reviewer": self.reviewer, "doc": doc.key, "action": action, "op": sp.op,
            "bead": sp.start, "before": [b.format() + (f" {b.status}" if b.status else "")
                                         for b in sp.old],
            "after": [b.format() + (f" {b.status}" if b.status else "") for b in sp.new],
            "version": version,
        }
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        fd = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        return entry
