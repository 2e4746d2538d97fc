"""Length-preserving folding of text for matching: width, case, Traditional -> Simplified."""

from __future__ import annotations

from functools import lru_cache

_CJK_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Traditional -> Simplified, one character to one character (OpenCC ``t2s``).

    Characters whose conversion is not exactly one character are left alone, so folding
    never changes the length of a text.
    """
    import opencc

    cc = opencc.OpenCC("t2s")
    chars = [chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi + 1)]
    out = cc.convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # a conversion swallowed a separator: go one by one
        out = [cc.convert(c) for c in chars]
    return {ord(a): b for a, b in zip(chars, out, strict=True) if a != b and len(b) == 1}


@lru_cache(maxsize=1)
def _width_table() -> dict[int, str]:
    table = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}  # full-width ASCII
    table[0x3000] = " "  # ideographic space
    for c in (0x00A0, 0x2002, 0x2003, 0x2009, 0x202F):  # no-break and thin spaces
        table[c] = " "
    # hyphens match spaces: "machine-vision companies" contains "machine vision"
    for c in (0x2D, 0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xFF0D):
        table[c] = " "
    table[0x2019] = "'"
    # half-width katakana that map to a single full-width character
    import unicodedata

    for c in range(0xFF61, 0xFFA0):
        n = unicodedata.normalize("NFKC", chr(c))
        if len(n) == 1:
            table[c] = n
    return table


@lru_cache(maxsize=1)
def _lower_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for c in range(0x41, 0x2000):  # Latin, Greek, Cyrillic and friends
        ch = chr(c)
        lo = ch.lower()
        if lo != ch and len(lo) == 1:
            table[c] = lo
    for c in range(0xFF21, 0xFF3B):  # full-width capitals fold to ASCII lower case
        table[c] = chr(c - 0xFF21 + 0x61)
    return table


@lru_cache(maxsize=16)
def _fold_tables(lang: str) -> tuple[dict[int, str], dict[int, str]]:
    """(case-preserving table, case-folding table) for ``lang``; both keep lengths."""
    keep = dict(_width_table())
    if lang.startswith("zh"):
        keep.update(_t2s_table())
    low = dict(keep)
    lower = _lower_table()
    for k, v in list(low.items()):
        if len(v) == 1 and ord(v) in lower:
            low[k] = lower[ord(v)]
    for k, v in lower.items():
        low.setdefault(k, v)
    return keep, low


def fold(text: str, lang: str, *, case: bool = True) -> str:
    """The folded form of ``text`` the matcher searches: same length as ``text``."""
    keep, low = _fold_tables(lang)
    return text.translate(low if case else keep)


# Scripts below U+2E80 written without spaces between words: Thai, Lao, Tibetan,
# Myanmar, Khmer. Word boundaries cannot be asked for there.
_SPACELESS = ((0x0E00, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x19E0, 0x19FF))


def _is_word(ch: str) -> bool:
    """A letter or digit of a script that separates words with spaces."""
    if ch == "_":
        return True
    cp = ord(ch)
    return ch.isalnum() and cp < 0x2E80 and not any(lo <= cp <= hi for lo, hi in _SPACELESS)


class _WordChars(dict[str, bool]):
    """``_is_word`` as a dict that fills itself: one C-level lookup per character on the
    matchers' hot paths (``is_word_char(ch)`` == ``_is_word(ch)``)."""

    def __missing__(self, ch: str) -> bool:
        out = self[ch] = _is_word(ch)
        return out


#: ``is_word_char(ch)``: :func:`_is_word`, cached per character.
is_word_char = _WordChars().__getitem__



class Folder:
    """A fold table applied fast: ``folder(text) == text.translate(table)`` (then
    lower-cased, for a case-folding table: ``lower=True``).

    ``str.translate`` looks every character of a non-ASCII text up in the table's dict,
    which dominates matching time on Portuguese or Chinese text. Most texts hold none or a
    few of the characters the table really changes ("risky" ones: those it maps otherwise
    than ``str.lower`` would, and those ``str.lower`` changes but the table keeps), so
    those few are replaced one by one and the rest left to ``str.lower``.
    """

    def __init__(self, table: dict[int, str], *, lower: bool) -> None:
        import re

        self.table = table
        self.lower = lower
        if lower:
            risky = {k for k, v in table.items() if chr(k).lower() != v}
            risky |= {c for c in range(0x10000) if c not in table and chr(c).lower() != chr(c)}
        else:
            risky = set(table)
        chars = "".join(chr(c) for c in sorted(risky) if c < 0x10000)
        self.pattern = re.compile("[" + re.escape(chars) + "\U00010000-\U0010ffff]")

    def __call__(self, text: str) -> str:
        found = set(self.pattern.findall(text))
        if found:
            if len(found) > 6 or any(ord(c) not in self.table for c in found):
                text = text.translate(self.table)
                return text  # the table folds case itself
            for c in found:
                text = text.replace(c, self.table[ord(c)])
        return text.lower() if self.lower else text


@lru_cache(maxsize=32)
def folder(lang: str, *, case: bool = True, hyphens: bool = False) -> Folder:
    """The :class:`Folder` of ``lang``'s case-folding (``case=True``) or case-keeping
    table; ``hyphens=True``: the lemma pass's table (hyphens kept, whitespace as spaces)."""
    if hyphens:
        from align.glossary.inflect import lemma_fold_table

        return Folder(lemma_fold_table(lang), lower=False)
    keep, low = _fold_tables(lang)
    return Folder(low if case else keep, lower=case)
