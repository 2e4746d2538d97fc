"""Writers for alignments: bead (gold format), TSV, JSONL and TMX.

Every writer takes the beads and both sentence lists and writes to an open text file.
A bead's text joins its sentences with a space, or with nothing for Chinese/Japanese.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import StrEnum
from typing import TextIO

from align.errors import InputError
from align.records import Bead


class AlignFormat(StrEnum):
    """Output formats of ``align pair`` / ``align corpus``."""

    tsv = "tsv"
    jsonl = "jsonl"
    tmx = "tmx"
    beads = "beads"


#: File extension for each format.
EXTENSIONS = {"tsv": "tsv", "jsonl": "jsonl", "tmx": "tmx", "beads": "beads"}


def _cjk(lang: str | None) -> bool:
    from align.lang import is_cjk, is_lang_tag

    return bool(lang) and is_lang_tag(str(lang)) and is_cjk(str(lang))


def join(sentences: Sequence[str], idx: Sequence[int], lang: str | None = None) -> str:
    """The text of one bead side: its sentences joined (no space for zh/ja)."""
    return ("" if _cjk(lang) else " ").join(sentences[i] for i in idx)


def write_beads(fh: TextIO, beads: Sequence[Bead]) -> None:
    """The Vecalign/Bertalign gold format: ``[0,1]:[2]`` per line."""
    for b in beads:
        fh.write(b.format() + "\n")


def write_tsv(fh: TextIO, beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str],
              *, src_lang: str | None = None, tgt_lang: str | None = None) -> None:
    """Four columns: source text, target text, score, bead (``[0,1]:[2]``)."""
    for b in beads:
        s, t = join(src, b.src, src_lang), join(tgt, b.tgt, tgt_lang)
        for field, side in ((s, "source"), (t, "target")):
            if "\t" in field or "\n" in field:
                first = (b.src or b.tgt)[0]
                raise InputError(
                    f"{side} sentence near index {first} contains a tab or newline; "
                    "use --format jsonl"
                )
        fh.write(f"{s}\t{t}\t{b.score:.4f}\t{b.format()}\n")


def write_jsonl(fh: TextIO, beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str],
                *, src_lang: str | None = None, tgt_lang: str | None = None) -> None:
    """One object per bead: src/tgt indices, texts, score, kind."""
    for b in beads:
        rec = {
            "src": list(b.src), "tgt": list(b.tgt), "kind": b.kind, "score": b.score,
            "source": join(src, b.src, src_lang), "target": join(tgt, b.tgt, tgt_lang),
        }
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def tmx_bytes(beads: Sequence[Bead], src: Sequence[str], tgt: Sequence[str], *,
              src_lang: str, tgt_lang: str) -> bytes:
    """A TMX 1.4 document (translate-toolkit) with one unit per bead that has both sides."""
    from translate.storage.tmx import tmxfile

    store = tmxfile(sourcelanguage=src_lang, targetlanguage=tgt_lang)
    for b in beads:
        if not b.src or not b.tgt:
            continue
        unit = store.addsourceunit(join(src, b.src, src_lang))
        unit.settarget(join(tgt, b.tgt, tgt_lang), tgt_lang)
        unit.addnote(f"bead {b.format()} score {b.score:.4f}", origin="pos")
    return bytes(store)


def write_alignment(fh: TextIO, fmt: str, beads: Sequence[Bead], src: Sequence[str],
                    tgt: Sequence[str], *, src_lang: str | None, tgt_lang: str | None) -> None:
    """Write ``beads`` in ``fmt`` (tsv, jsonl, tmx, beads) to ``fh``."""
    fmt = str(fmt)
    if fmt == "beads":
        write_beads(fh, beads)
    elif fmt == "tsv":
        write_tsv(fh, beads, src, tgt, src_lang=src_lang, tgt_lang=tgt_lang)
    elif fmt == "jsonl":
        write_jsonl(fh, beads, src, tgt, src_lang=src_lang, tgt_lang=tgt_lang)
    elif fmt == "tmx":
        data = tmx_bytes(beads, src, tgt, src_lang=src_lang or "und", tgt_lang=tgt_lang or "und")
        fh.write(data.decode("utf-8"))
    else:
        raise InputError(f"unknown format {fmt!r}; choose one of: tsv, jsonl, tmx, beads")


__all__ = ["EXTENSIONS", "AlignFormat", "join", "tmx_bytes", "write_alignment", "write_beads",
           "write_jsonl", "write_tsv"]
