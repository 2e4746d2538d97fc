"""Tests for align.evaluate: the Vecalign/Bertalign strict/lax definition on hand-made gold."""

from __future__ import annotations

import pytest

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
