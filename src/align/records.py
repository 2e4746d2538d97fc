"""Frozen dataclasses shared across align: a sentence segment and an alignment bead."""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass(frozen=True, slots=True)
class Segment:
    """One unit of text (a sentence, heading, list item or table row) with its origin."""

    text: str
    index: int = 0
    line: int | None = None  # 1-based line of the source file where it starts
    kind: str = "sentence"  # sentence | heading | list_item | table_row
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
