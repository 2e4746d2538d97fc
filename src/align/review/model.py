"""The alignment a reviewer edits: beads over two fixed sentence lists, the edits, the invariant.

The sentences of both sides never change during a review; only their grouping into beads
does. Every edit is planned as a :class:`Splice` (replace beads ``start .. start+len(old)``
with ``new``), checked against the invariant, and undone by applying its inverse:

* every source sentence and every target sentence appears in exactly one bead;
* read bead by bead, each side's sentences come in order (``0, 1, 2, ...``);
* no bead is empty (a bead has at least one sentence on one side).

Pure functions and frozen dataclasses only; the server (:mod:`align.review.session`)
keeps the state and the files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from align.errors import UsageError

#: Review status of a bead: not looked at yet, accepted as is, or made by an edit.
STATUSES = ("", "accepted", "edited")

#: The edit operations :func:`plan_edit` knows (``undo``/``redo`` are the session's).
OPS = ("merge", "split", "move", "unalign", "accept", "replace")


class EditRejected(UsageError):
    """An edit that is malformed or would break the invariant; nothing was changed."""


@dataclass(frozen=True, slots=True)
class ReviewBead:
    """Source and target sentence indices (either may be empty) and the review status."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    status: str = ""

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def key(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        return self.src, self.tgt

    def format(self) -> str:
        """The gold-file form ``[0,1]:[2]`` (Vecalign/Bertalign, read by ``align eval``)."""
        return "[" + ",".join(map(str, self.src)) + "]:[" + ",".join(map(str, self.tgt)) + "]"

    def to_json(self) -> list[Any]:
        return [list(self.src), list(self.tgt), self.status]

    @classmethod
    def from_json(cls, obj: Any) -> ReviewBead:
        """Inverse of :meth:`to_json`; raises :class:`EditRejected` for a malformed bead."""
        if not isinstance(obj, list | tuple) or len(obj) not in (2, 3):
            raise EditRejected(f"a bead is [[source ids], [target ids]], got {obj!r}")
        sides = []
        for side in obj[:2]:
            if not isinstance(side, list | tuple) or not all(
                isinstance(i, int) and not isinstance(i, bool) for i in side
            ):
                raise EditRejected(f"bead sides must be lists of sentence indices, got {obj!r}")
            sides.append(tuple(side))
        status = obj[2] if len(obj) == 3 else ""
        if status not in STATUSES:
            raise EditRejected(f"unknown bead status {status!r}")
        return cls(sides[0], sides[1], status)


@dataclass(frozen=True, slots=True)
class Splice:
    """Replace ``old`` (the beads at ``start``...) with ``new``; ``op`` names the edit."""

    start: int
    old: tuple[ReviewBead, ...]
    new: tuple[ReviewBead, ...]
    op: str = ""

    def inverse(self) -> Splice:
        return Splice(self.start, self.new, self.old, self.op)

    def to_json(self) -> dict[str, Any]:
        return {"op": self.op, "start": self.start, "old": [b.to_json() for b in self.old],
                "new": [b.to_json() for b in self.new]}

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> Splice:
        return cls(int(obj["start"]), tuple(ReviewBead.from_json(b) for b in obj["old"]),
                   tuple(ReviewBead.from_json(b) for b in obj["new"]), str(obj.get("op", "")))


def check_invariants(beads: Sequence[ReviewBead], n_src: int, n_tgt: int) -> None:
    """Raise :class:`EditRejected` unless every sentence appears exactly once, in order."""
    nxt = {"source": 0, "target": 0}
    total = {"source": n_src, "target": n_tgt}
    for i, b in enumerate(beads):
        if not b.src and not b.tgt:
            raise EditRejected(f"bead {i} would be empty")
        for side, ids in (("source", b.src), ("target", b.tgt)):
            for s in ids:
                if s != nxt[side]:
                    if s < nxt[side]:
                        what = "twice" if s >= 0 else "with a negative index"
                        raise EditRejected(f"{side} sentence {s} would appear {what} (bead {i})")
                    if s >= total[side]:
                        raise EditRejected(f"{side} sentence {s} does not exist "
                                           f"(the document has {total[side]})")
                    raise EditRejected(f"{side} sentence {nxt[side]} would be missing or out "
                                       f"of order (bead {i} has {s})")
                nxt[side] += 1
    for side in ("source", "target"):
        if nxt[side] != total[side]:
            raise EditRejected(f"{side} sentence {nxt[side]} would be missing "
                               f"(the document has {total[side]})")


def apply_splice(beads: Sequence[ReviewBead], sp: Splice) -> list[ReviewBead]:
    """``beads`` with ``sp`` applied; checks that ``sp.old`` is really there."""
    end = sp.start + len(sp.old)
    if sp.start < 0 or end > len(beads) or tuple(beads[sp.start:end]) != sp.old:
        raise EditRejected("the alignment changed under this edit (reload the page)")
    return [*beads[:sp.start], *sp.new, *beads[end:]]


def _index(beads: Sequence[ReviewBead], value: Any, what: str = "bead") -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise EditRejected(f"{what} must be an integer, got {value!r}")
    if not 0 <= value < len(beads):
        raise EditRejected(f"{what} {value} does not exist (there are {len(beads)})")
    return value


def _side(value: Any) -> str:
    if value not in ("src", "tgt"):
        raise EditRejected(f"side must be 'src' or 'tgt', got {value!r}")
    return str(value)


def _edited(src: Sequence[int], tgt: Sequence[int]) -> ReviewBead:
    return ReviewBead(tuple(src), tuple(tgt), "edited")


def plan_edit(beads: Sequence[ReviewBead], op: Mapping[str, Any]) -> Splice:
    """The splice that performs ``op`` on ``beads`` (not yet checked or applied).

    Operations (``op["op"]``):

    * ``merge``: ``bead``, ``with`` = ``"next"`` (default) or ``"prev"``: join two beads;
    * ``split``: ``bead``, ``src_at``, ``tgt_at``: the first ``src_at`` source and
      ``tgt_at`` target sentences stay, the rest form a new bead after it;
    * ``move``: ``bead``, ``side`` (``src``/``tgt``), ``delta``: move the boundary with the
      next bead; ``-1`` gives this bead's last sentence to the next bead, ``+1`` takes
      the next bead's first sentence (a bead left empty disappears);
    * ``unalign``: ``bead``, optional ``side`` and ``sentence``: break the bead into 1-0 and
      0-1 beads, or detach one sentence at either end of it as a 1-0 / 0-1 bead;
    * ``accept``: ``bead``, ``value`` (default true): mark reviewed (or not);
    * ``replace``: ``start``, ``end``, ``beads``: replace beads ``start..end-1`` by the
      given ``[[src], [tgt]]`` beads (any edit the others cannot express).
    """
    kind = op.get("op")
    if kind not in OPS:
        raise EditRejected(f"unknown edit {kind!r}; one of: {', '.join(OPS)}")
    if kind == "replace":
        start, end = op.get("start"), op.get("end")
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or (
            isinstance(end, bool) or not 0 <= start <= end <= len(beads)
        ):
            raise EditRejected(f"replace needs 0 <= start <= end <= {len(beads)}")
        raw = op.get("beads")
        if not isinstance(raw, list):
            raise EditRejected("replace needs a list of beads")
        new = tuple(ReviewBead(b.src, b.tgt, "edited") for b in map(ReviewBead.from_json, raw))
        return Splice(start, tuple(beads[start:end]), new, "replace")
    i = _index(beads, op.get("bead"))
    b = beads[i]
    if kind == "accept":
        value = op.get("value", True)
        status = "accepted" if value else ""
        if b.status == status:
            raise EditRejected(f"bead {i} is already {'accepted' if value else 'not reviewed'}")
        return Splice(i, (b,), (ReviewBead(b.src, b.tgt, status),), "accept" if value else "unaccept")
    if kind == "merge":
        direction = op.get("with", "next")
        if direction not in ("next", "prev"):
            raise EditRejected(f"merge with 'next' or 'prev', got {direction!r}")
        j = i + 1 if direction == "next" else i - 1
        if not 0 <= j < len(beads):
            raise EditRejected(f"bead {i} has no {'next' if j > i else 'previous'} bead to merge with")
        a, c = (b, beads[j]) if j > i else (beads[j], b)
        return Splice(min(i, j), (a, c), (_edited(a.src + c.src, a.tgt + c.tgt),), "merge")
    if kind == "split":
        s_at, t_at = op.get("src_at"), op.get("tgt_at")
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (s_at, t_at)):
            raise EditRejected("split needs integer src_at and tgt_at")
        if not (0 <= s_at <= len(b.src) and 0 <= t_at <= len(b.tgt)):  # type: ignore[operator]
            raise EditRejected(f"split point ({s_at}, {t_at}) is outside bead {i} ({b.kind})")
        first = _edited(b.src[:s_at], b.tgt[:t_at])
        second = _edited(b.src[s_at:], b.tgt[t_at:])
        if not (first.src or first.tgt) or not (second.src or second.tgt):
            raise EditRejected(f"splitting bead {i} at ({s_at}, {t_at}) leaves an empty bead")
        return Splice(i, (b,), (first, second), "split")
    if kind == "move":
        side = _side(op.get("side"))
        delta = op.get("delta")
        if delta not in (-1, 1):
            raise EditRejected(f"move delta must be -1 or 1, got {delta!r}")
        if i + 1 >= len(beads):
            raise EditRejected(f"bead {i} is the last bead; there is no boundary to move")
        c = beads[i + 1]
        mine, theirs = (list(b.src), list(c.src)) if side == "src" else (list(b.tgt), list(c.tgt))
        name = "source" if side == "src" else "target"
        if delta == -1:
            if not mine:
                raise EditRejected(f"bead {i} has no {name} sentence to give to the next bead")
            theirs.insert(0, mine.pop())
        else:
            if not theirs:
                raise EditRejected(f"bead {i + 1} has no {name} sentence to give to bead {i}")
            mine.append(theirs.pop(0))
        if side == "src":
            pair = (_edited(mine, b.tgt), _edited(theirs, c.tgt))
        else:
            pair = (_edited(b.src, mine), _edited(c.src, theirs))
        return Splice(i, (b, c), tuple(x for x in pair if x.src or x.tgt), "move")
    # unalign
    if op.get("side") is None:
        if len(b.src) + len(b.tgt) <= 1:
            raise EditRejected(f"bead {i} ({b.kind}) is already unaligned")
        new = tuple([_edited((s,), ()) for s in b.src] + [_edited((), (t,)) for t in b.tgt])
        return Splice(i, (b,), new, "unalign")
    side = _side(op.get("side"))
    ids = b.src if side == "src" else b.tgt
    sent = op.get("sentence")
    if sent not in ids:
        raise EditRejected(f"sentence {sent!r} is not on the {side} side of bead {i}")
    if len(b.src) + len(b.tgt) <= 1:
        raise EditRejected(f"bead {i} ({b.kind}) is already unaligned")
    if sent not in (ids[0], ids[-1]):
        raise EditRejected(f"only the first or last sentence of a bead can be detached; "
                           f"split bead {i} first")
    lone = _edited((sent,), ()) if side == "src" else _edited((), (sent,))
    rest_ids = tuple(x for x in ids if x != sent)
    rest = _edited(rest_ids, b.tgt) if side == "src" else _edited(b.src, rest_ids)
    if sent == ids[0] and len(ids) > 1:
        parts: tuple[ReviewBead, ...] = (lone, rest)
    elif sent == ids[-1] and len(ids) > 1:
        parts = (rest, lone)
    else:  # the side's only sentence: the other side stays as a bead of its own
        parts = (lone, rest)
    return Splice(i, (b,), tuple(x for x in parts if x.src or x.tgt), "unalign")


def edit(beads: Sequence[ReviewBead], op: Mapping[str, Any], n_src: int, n_tgt: int
         ) -> tuple[Splice, list[ReviewBead]]:
    """Plan ``op``, apply it and check the invariant: (the splice, the new beads)."""
    sp = plan_edit(beads, op)
    out = apply_splice(beads, sp)
    check_invariants(out, n_src, n_tgt)
    return sp, out
