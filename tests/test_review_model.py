"""The review's edit model: every edit keeps every sentence exactly once, in order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.review.model import (
    EditRejected,
    ReviewBead,
    apply_splice,
    check_invariants,
    edit,
    plan_edit,
)


def B(src, tgt, status=""):  # noqa: N802 - reads like the bead notation
    return ReviewBead(tuple(src), tuple(tgt), status)


@st.composite
def alignments(draw):
    """A valid alignment: consecutive runs of 0-3 sentences per side, no empty bead."""
    n = draw(st.integers(1, 12))
    beads, s, t = [], 0, 0
    for _ in range(n):
        a, b = draw(st.sampled_from([(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1)]))
        beads.append(B(range(s, s + a), range(t, t + b)))
        s, t = s + a, t + b
    return beads, s, t


def draw_op(data, beads):
    """An edit aimed at the current alignment: mostly plausible, sometimes out of range."""
    n = len(beads)
    i = data.draw(st.integers(-1, n))
    b = beads[i] if 0 <= i < n else ReviewBead((0,), ())
    kind = data.draw(st.sampled_from(["merge", "split", "move", "unalign", "detach", "accept",
                                      "replace", "replace"]))
    if kind == "merge":
        return {"op": "merge", "bead": i, "with": data.draw(st.sampled_from(["next", "prev", "up"]))}
    if kind == "split":
        return {"op": "split", "bead": i, "src_at": data.draw(st.integers(-1, len(b.src) + 1)),
                "tgt_at": data.draw(st.integers(-1, len(b.tgt) + 1))}
    if kind == "move":
        return {"op": "move", "bead": i, "side": data.draw(st.sampled_from(["src", "tgt", "x"])),
                "delta": data.draw(st.sampled_from([-1, 1, 1, -1, 2]))}
    if kind == "unalign":
        return {"op": "unalign", "bead": i}
    if kind == "detach":
        side = data.draw(st.sampled_from(["src", "tgt"]))
        ids = (b.src if side == "src" else b.tgt) or (0,)
        return {"op": "unalign", "bead": i, "side": side, "sentence": data.draw(st.sampled_from(ids))}
    if kind == "accept":
        return {"op": "accept", "bead": i, "value": data.draw(st.booleans())}
    # replace a range by a random regrouping of its sentences, perhaps damaged
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    src = [x for bb in beads[start:end] for x in bb.src]
    tgt = [x for bb in beads[start:end] for x in bb.tgt]
    damage = data.draw(st.sampled_from(["none", "none", "drop", "dup", "swap"]))
    if damage == "drop" and src:
        src.pop(data.draw(st.integers(0, len(src) - 1)))
    elif damage == "dup" and tgt:
        tgt.insert(0, tgt[-1])
    elif damage == "swap" and len(src) > 1:
        src[0], src[1] = src[1], src[0]
    out = []
    while src or tgt:
        a = data.draw(st.integers(0, min(2, len(src))))
        c = data.draw(st.integers(0, min(2, len(tgt))))
        if a == c == 0:
            a, c = (1, 0) if src else (0, 1)
        out.append([src[:a], tgt[:c]])
        src, tgt = src[a:], tgt[c:]
    return {"op": "replace", "start": start, "end": end, "beads": out}


@given(alignments(), st.data())
def test_edits_keep_the_invariant_or_change_nothing(al, data):
    beads, n_src, n_tgt = al
    history = []
    for _ in range(data.draw(st.integers(1, 25))):
        op = draw_op(data, beads)
        before = list(beads)
        try:
            sp, beads = edit(beads, op, n_src, n_tgt)
        except EditRejected:
            assert beads == before  # a rejected edit changes nothing
            continue
        check_invariants(beads, n_src, n_tgt)
        assert [s for b in beads for s in b.src] == list(range(n_src))
        assert [t for b in beads for t in b.tgt] == list(range(n_tgt))
        history.append((sp, before))
    # undoing every edit, newest first, gives back each earlier alignment
    for sp, before in reversed(history):
        beads = apply_splice(beads, sp.inverse())
        assert beads == before


def test_replace_that_breaks_the_invariant_is_rejected():
    beads = [B([0], [0]), B([1], [1]), B([2], [2])]
    # sentence 1 twice
    with pytest.raises(EditRejected, match="source sentence 1 would appear twice"):
        edit(beads, {"op": "replace", "start": 1, "end": 3, "beads": [[[1], [1]], [[1, 2], [2]]]}, 3, 3)
    # sentence 2 dropped
    with pytest.raises(EditRejected, match="target sentence 2 would be missing"):
        edit(beads, {"op": "replace", "start": 2, "end": 3, "beads": [[[2], []]]}, 3, 3)
    # out of order
    with pytest.raises(EditRejected, match="out of order"):
        edit(beads, {"op": "replace", "start": 0, "end": 2, "beads": [[[1], [0]], [[0], [1]]]}, 3, 3)
    # not consecutive inside a bead is fine only in order; an empty bead is not
    with pytest.raises(EditRejected, match="empty"):
        edit(beads, {"op": "replace", "start": 0, "end": 1, "beads": [[[0], [0]], [[], []]]}, 3, 3)


def test_each_edit_does_what_it_says():
    beads = [B([0], [0]), B([1, 2], [1]), B([3], [2, 3])]
    _, out = edit(beads, {"op": "merge", "bead": 1, "with": "prev"}, 4, 4)
    assert out == [B([0, 1, 2], [0, 1], "edited"), B([3], [2, 3])]
    _, out = edit(beads, {"op": "split", "bead": 1, "src_at": 1, "tgt_at": 1}, 4, 4)
    assert out[1:3] == [B([1], [1], "edited"), B([2], [], "edited")]
    _, out = edit(beads, {"op": "move", "bead": 1, "side": "src", "delta": -1}, 4, 4)
    assert out[1:] == [B([1], [1], "edited"), B([2, 3], [2, 3], "edited")]
    _, out = edit(beads, {"op": "move", "bead": 1, "side": "tgt", "delta": 1}, 4, 4)
    assert out[1:] == [B([1, 2], [1, 2], "edited"), B([3], [3], "edited")]
    _, out = edit(beads, {"op": "unalign", "bead": 1}, 4, 4)
    assert [b.kind for b in out] == ["1-1", "1-0", "1-0", "0-1", "1-2"]
    _, out = edit(beads, {"op": "unalign", "bead": 2, "side": "tgt", "sentence": 3}, 4, 4)
    assert out[2:] == [B([3], [2], "edited"), B([], [3], "edited")]
    _, out = edit(beads, {"op": "accept", "bead": 0}, 4, 4)
    assert out[0].status == "accepted"
    # a move that empties a bead removes it
    _, out = edit([B([0], []), B([1], [0])], {"op": "move", "bead": 0, "side": "src", "delta": -1}, 2, 1)
    assert out == [B([0, 1], [0], "edited")]


@pytest.mark.parametrize("op, message", [
    ({"op": "merge", "bead": 2}, "no next bead"),
    ({"op": "merge", "bead": 0, "with": "prev"}, "no previous bead"),
    ({"op": "split", "bead": 0, "src_at": 1, "tgt_at": 1}, "empty bead"),
    ({"op": "split", "bead": 1, "src_at": 3, "tgt_at": 0}, "outside"),
    ({"op": "move", "bead": 2, "side": "src", "delta": 1}, "last bead"),
    ({"op": "unalign", "bead": 1, "side": "src", "sentence": 5}, "not on the src side"),
    ({"op": "frobnicate", "bead": 0}, "unknown edit"),
    ({"op": "merge", "bead": "1"}, "must be an integer"),
    ({"op": "accept", "bead": 9}, "does not exist"),
])
def test_bad_edits_are_rejected_with_a_reason(op, message):
    beads = [B([0], [0]), B([1, 2], [1]), B([3], [2, 3])]
    with pytest.raises(EditRejected, match=message):
        edit(beads, op, 4, 4)


def test_detaching_a_middle_sentence_asks_for_a_split():
    beads = [B([0, 1, 2], [0])]
    with pytest.raises(EditRejected, match="first or last"):
        plan_edit(beads, {"op": "unalign", "bead": 0, "side": "src", "sentence": 1})


def test_format_is_the_gold_format():
    assert B([0, 1], [2]).format() == "[0,1]:[2]"
    assert B([], [4]).format() == "[]:[4]"
