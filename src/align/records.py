"""Frozen dataclasses shared across align: a sentence segment and an alignment bead."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from align.errors import InputError


@dataclass(frozen=True, slots=True)
class Bead:
    """A group of consecutive source sentences aligned to consecutive target sentences.

    ``src`` and ``tgt`` hold 0-based sentence indices; either may be empty (a 1-0 or
    0-1 bead: a sentence with no counterpart). ``score`` is the aligner's confidence,
    higher is better; its scale is the aligner's and is documented there.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0

    def __post_init__(self) -> None:
        if not self.src and not self.tgt:
            raise ValueError("a bead needs at least one source or target sentence")
        for side in (self.src, self.tgt):
            if any(b != a + 1 for a, b in zip(side, side[1:], strict=False)):
                raise ValueError(f"bead indices must be consecutive: {side}")

    @property
    def kind(self) -> str:
        """The bead type as ``"m-n"``, e.g. ``"1-1"``, ``"2-1"``, ``"0-1"``."""
        return f"{len(self.src)}-{len(self.tgt)}"

    def format(self) -> str:
        """The gold-file form used by Vecalign/Bertalign: ``[0,1]:[2]``."""
        return (
            "[" + ",".join(map(str, self.src)) + "]:[" + ",".join(map(str, self.tgt)) + "]"
        )


_BEAD = re.compile(r"\[(\d+(?:,\d+)*)?\]:\[(\d+(?:,\d+)*)?\](?::(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?))?",
                   re.ASCII)


def parse_bead(text: str, *, where: str) -> tuple[tuple[int, ...], tuple[int, ...], float | None]:
    """Read one bead in the gold-file form: ``[0,1]:[2]``, spaces allowed, with the optional
    Vecalign/Bertalign cost suffix ``[0]:[0]:0.123``. Returns ``(src, tgt, cost or None)``.

    Sides need not be consecutive (published gold such as Text+Berg links ``[51]:[50, 55]``);
    :class:`Bead` checks that where it matters. Raises :class:`InputError` naming ``where``.
    """
    fast = _BEAD.fullmatch(text.strip())
    if fast is not None:  # the usual form: skip the step-by-step checks below
        src, tgt, cost = fast.groups()
        if src or tgt:
            return (tuple(map(int, src.split(","))) if src else (),
                    tuple(map(int, tgt.split(","))) if tgt else (),
                    float(cost) if cost is not None else None)

    def bad(reason: str = "") -> InputError:
        return InputError(f"{where}: not a bead {text.strip()[:40]!r}{reason}; expected e.g. "
                          "[0,1]:[2] or [0]:[0]:0.123")

    parts = text.strip().split(":")
    if len(parts) not in (2, 3):
        raise bad()
    sides: list[tuple[int, ...]] = []
    for part in parts[:2]:
        part = part.strip()
        if not (part.startswith("[") and part.endswith("]")):
            raise bad()
        inner = part[1:-1].strip()
        ids: list[int] = []
        for item in inner.split(",") if inner else []:
            item = item.strip()
            digits = item[1:] if item.startswith("-") else item
            if not (digits.isascii() and digits.isdigit()):
                raise bad()
            value = int(item)
            if value < 0:
                raise InputError(f"{where}: negative sentence id {value} in {text.strip()[:40]!r}")
            ids.append(value)
        sides.append(tuple(ids))
    if not sides[0] and not sides[1]:
        raise bad(" (both sides empty)")
    cost = None
    if len(parts) == 3:
        try:
            cost = float(parts[2])
        except ValueError:
            raise bad(" (the cost after the second ':' is not a number)") from None
    return sides[0], sides[1], cost


@dataclass(frozen=True, slots=True)
class Segment:
    """One unit of text (a sentence, heading, list item or table row) with its origin."""

    text: str
    index: int = 0
    line: int | None = None  # 1-based line of the source file where it starts
    kind: str = "sentence"  # sentence | heading | list_item | table_row
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


#: Version of the aligned-record schema below; bump when a field changes meaning.
RECORD_SCHEMA = 1

#: Field order of an aligned record as written to JSONL and Parquet.
RECORD_FIELDS: tuple[str, ...] = (
    "doc_id", "src_lang", "tgt_lang", "src_ids", "tgt_ids", "source", "target", "bead",
    "score", "confidence", "signature",
)


@dataclass(frozen=True, slots=True)
class AlignedRecord:
    """One aligned bead of one document, with everything a later step needs.

    This is the one record that ``align pair``, ``align corpus`` and
    ``scripts/build_corpus.py`` write (JSONL, one object per line, keys in
    :data:`RECORD_FIELDS` order; Parquet with the same columns) and that ``check``,
    ``publish``, ``eval``, ``score`` and ``review`` read:

    * ``doc_id``: the document the bead belongs to;
    * ``src_lang`` / ``tgt_lang``: BCP-47 tags as given (``pt-BR`` stays ``pt-BR``);
    * ``src_ids`` / ``tgt_ids``: 0-based sentence indices (one side may be empty);
    * ``source`` / ``target``: the bead's sentences joined (no space for zh/ja);
    * ``bead``: the type, ``"2-1"``;
    * ``score``: the aligner's score (higher is better, scale documented in docs/align.md);
    * ``confidence``: estimated probability that the bead is correct, or ``None``;
    * ``signature``: the run signature (``key:value|...``: version, segmenter, encoder,
      aligner settings) that produced it.
    """

    doc_id: str
    src_lang: str
    tgt_lang: str
    src_ids: tuple[int, ...]
    tgt_ids: tuple[int, ...]
    source: str
    target: str
    score: float = 0.0
    confidence: float | None = None
    signature: str = ""

    @property
    def bead(self) -> str:
        """The bead type as ``"m-n"``."""
        return f"{len(self.src_ids)}-{len(self.tgt_ids)}"

    def to_bead(self) -> Bead:
        """The bead (indices and score) without the texts."""
        return Bead(self.src_ids, self.tgt_ids, self.score)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict with the keys of :data:`RECORD_FIELDS`, in that order."""
        return {
            "doc_id": self.doc_id, "src_lang": self.src_lang, "tgt_lang": self.tgt_lang,
            "src_ids": list(self.src_ids), "tgt_ids": list(self.tgt_ids),
            "source": self.source, "target": self.target, "bead": self.bead,
            "score": self.score, "confidence": self.confidence, "signature": self.signature,
        }

    @classmethod
    def from_dict(cls, obj: Mapping[str, Any], *, where: str,
                  defaults: Mapping[str, Any] | None = None) -> AlignedRecord:
        """Read a record from a JSON object; ``where`` (``file:line``) names it in errors.

        Records read from TMX have no sentence ids (both id tuples empty). Accepts the
        earlier JSONL of ``align pair`` too (ids in ``src``/``tgt``, texts in
        ``source``/``target``, type in ``kind``). ``defaults`` fills ``doc_id``,
        ``src_lang``, ``tgt_lang`` and ``signature`` when the record has none (a reader
        takes them from the file's path or header). Raises :class:`InputError`.
        """
        d = dict(defaults or {})
        d.update({k: v for k, v in obj.items() if v is not None})
        src_ids = d.get("src_ids", d.get("src") if isinstance(d.get("src"), list) else None)
        tgt_ids = d.get("tgt_ids", d.get("tgt") if isinstance(d.get("tgt"), list) else None)
        source = d.get("source", d.get("src") if isinstance(d.get("src"), str) else None)
        target = d.get("target", d.get("tgt") if isinstance(d.get("tgt"), str) else None)
        if not isinstance(source, str) or not isinstance(target, str):
            raise InputError(f"{where}: record needs text fields 'source' and 'target'")
        ids = []
        for name, side in (("src_ids", src_ids), ("tgt_ids", tgt_ids)):
            if side is None:
                side = []
            if not isinstance(side, list) or not all(
                isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in side
            ):
                raise InputError(f"{where}: {name} must be a list of sentence indices >= 0")
            ids.append(tuple(side))
        for name in ("doc_id", "src_lang", "tgt_lang"):
            if not isinstance(d.get(name), str) or not d[name]:
                raise InputError(f"{where}: record has no {name!r} (and the file name does "
                                 "not give one)")
        try:
            score = float(d.get("score", 0.0))
            conf = d.get("confidence")
            confidence = None if conf is None else float(conf)
        except (TypeError, ValueError):
            raise InputError(f"{where}: score and confidence must be numbers") from None
        try:
            rec = cls(str(d["doc_id"]), str(d["src_lang"]), str(d["tgt_lang"]), ids[0], ids[1],
                      source, target, score, confidence, str(d.get("signature", "")))
            if ids[0] or ids[1]:
                rec.to_bead()  # checks that the indices are consecutive
        except ValueError as exc:
            raise InputError(f"{where}: {exc}") from None
        return rec
