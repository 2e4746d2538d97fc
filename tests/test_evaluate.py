"""Tests for align.evaluate: the Vecalign/Bertalign strict/lax definition on hand-made gold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.errors import InputError
from align.evaluate import parse_beads, score_alignments

GOLD = parse_beads("[0]:[0]\n[1,2]:[1]\n[3]:[]\n[]:[2]\n[4]:[3,4]\n")


# Expected values worked out by hand from the definition in evaluate.py's docstring
# (Vecalign score.py): precision over all test beads, recall over gold minus 1-0/0-1.
@pytest.mark.parametrize(
    ("test", "p_strict", "r_strict", "p_lax", "r_lax"),
    [
        # identical: everything matches
        ("[0]:[0]\n[1,2]:[1]\n[3]:[]\n[]:[2]\n[4]:[3,4]", 1.0, 1.0, 1.0, 1.0),
        # 2-1 split into 1-1 + 1-0: test beads 6, strict hits 4 ([0]:[0],[3]:[],[]:[2],[4]:[3,4]);
        # [1]:[1] is lax (1 links to 1), [2]:[] is not; recall: gold non-del 3, strict 2, lax 3
        ("[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[]\n[]:[2]\n[4]:[3,4]", 4 / 6, 2 / 3, 5 / 6, 1.0),
        # everything merged into one bead: no strict hit; lax overlap
        ("[0,1,2,3,4]:[0,1,2,3,4]", 0.0, 0.0, 1.0, 1.0),
    ],
)
def test_scores(test: str, p_strict: float, r_strict: float, p_lax: float, r_lax: float) -> None:
    s = score_alignments([GOLD], [parse_beads(test)])
    assert s.precision_strict == pytest.approx(p_strict)
    assert s.recall_strict == pytest.approx(r_strict)
    assert s.precision_lax == pytest.approx(p_lax)
    assert s.recall_lax == pytest.approx(r_lax)


def test_counts_are_pooled_over_files() -> None:
    # file 1 perfect (5 beads), file 2 with one strict error out of 2 -> pooled 6/7 precision
    g2 = parse_beads("[0]:[0]\n[1]:[1]")
    t2 = parse_beads("[0,1]:[0]\n[]:[1]")
    s = score_alignments([GOLD, g2], [GOLD, t2])
    assert s.precision_strict == pytest.approx(5 / 7)
    assert s.recall_strict == pytest.approx(3 / 5)  # non-deletion beads: 3 + 2 gold, 3 hit
    assert s.f1_strict == pytest.approx(2 * (5 / 7) * (3 / 5) / (5 / 7 + 3 / 5))


def test_per_type_recall() -> None:
    s = score_alignments([GOLD], [parse_beads("[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[]\n[]:[2]\n[4]:[3,4]")])
    assert s.per_type["2-1"] == (0, 1)
    assert s.per_type["1-2"] == (1, 1)
    assert "2-1" in s.format()


def test_non_consecutive_gold_is_accepted() -> None:
    # Text+Berg gold has links such as [51]:[50, 55]
    assert parse_beads("[51]:[50, 55]") == [((51,), (50, 55))]


@pytest.mark.parametrize("bad", ["[0]-[1]", "0:1", "[a]:[1]", "[]:[]"])
def test_bad_lines_name_the_line(bad: str) -> None:
    with pytest.raises(InputError, match=r"gold:2: not a bead"):
        parse_beads("[0]:[0]\n" + bad, name="gold")


def test_file_count_mismatch() -> None:
    with pytest.raises(InputError):
        score_alignments([GOLD], [])


def _reference_counts(gold: list, test: list) -> tuple[int, int, int, int]:
    """The definition written out plainly (Vecalign's score.py, repeats counted as errors)."""
    gold_set = set(gold)
    links: dict[int, set[int]] = {}
    for gs, gt in gold_set:
        for s in gs:
            links.setdefault(s, set()).update(gt)
    tps = fps = tpl = fpl = 0
    seen: set = set()
    for bead in test:
        if bead in seen:
            fps, fpl = fps + 1, fpl + 1
            continue
        seen.add(bead)
        if bead in gold_set:
            tps, tpl = tps + 1, tpl + 1
            continue
        fps += 1
        linked = set().union(*(links.get(s, set()) for s in bead[0]))
        if linked & set(bead[1]):
            tpl += 1
        else:
            fpl += 1
    return tps, fps, tpl, fpl


_bead = st.tuples(
    st.lists(st.integers(0, 12), max_size=3).map(lambda x: tuple(sorted(set(x)))),
    st.lists(st.integers(0, 12), max_size=3).map(lambda x: tuple(sorted(set(x)))),
).filter(lambda b: bool(b[0] or b[1]))


@given(st.lists(_bead, min_size=1, max_size=12), st.lists(_bead, min_size=1, max_size=12))
def test_counts_match_the_plain_definition(gold: list, test: list) -> None:
    """Any beads (crossing, repeated, non-consecutive): the indexed counting equals the
    set-based definition."""
    from align.evaluate import count_file

    c = count_file(gold, test)
    assert c.precision == _reference_counts(gold, test)
    assert c.recall == _reference_counts([t for t in test if t[0] and t[1]],
                                         [g for g in gold if g[0] and g[1]])
    test_set = set(test)
    for kind, total in c.per_type.items():
        beads = [g for g in gold if f"{len(g[0])}-{len(g[1])}" == kind]
        assert total == len(beads)
        assert c.per_found[kind] == sum(g in test_set for g in beads)


def _plainly_valid(beads: list, n: int) -> bool:
    """Every side's ids consecutive, each sentence in one bead, beads in order, ids < n."""
    last = [-1, -1]
    for bead in beads:
        for k, ids in enumerate(bead):
            if not ids:
                continue
            if list(ids) != list(range(ids[0], ids[0] + len(ids))) or ids[0] <= last[k]:
                return False
            if ids[-1] >= n:
                return False
            last[k] = ids[-1]
    return True


_any_bead = st.tuples(st.lists(st.integers(0, 8), max_size=3).map(tuple),
                      st.lists(st.integers(0, 8), max_size=3).map(tuple)
                      ).filter(lambda b: bool(b[0] or b[1]))


@given(st.lists(_any_bead, min_size=1, max_size=10), st.integers(1, 10))
def test_validate_accepts_exactly_the_well_formed_alignments(beads: list, n: int) -> None:
    from align.evaluate import Alignment, validate

    al = Alignment.of(beads, name="t.beads")
    try:
        validate(al, n_src=n, n_tgt=n)
        ok = True
    except InputError as exc:
        ok = False
        assert str(exc).startswith("t.beads:")
    assert ok == _plainly_valid(beads, n)
    notes = validate(al, strict=False)  # lenient: never raises on order, repeats or gaps
    assert bool(notes) != _plainly_valid(beads, 10**6)
