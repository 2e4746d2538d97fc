"""Numbers that differ between a source and a target segment, read the way each language
writes them.

Every run of digits (ASCII or full-width) with its separators is read under its side's
conventions: decimal comma for pt, id, de, fr, es and the other languages in
:data:`DECIMAL_COMMA` ("2,5" is two and a half, "1.000" a thousand), decimal point for
en, ja, zh and the rest ("2.5", "1,000"). Both sides' numbers are then paired by value:

* a scale word after a number also offers the scaled value, so "US$2.5 billion" pairs
  with "25亿美元" and "5 mil" with "5,000" (:data:`SCALES`);
* a number word (en, pt, id; kanji numerals in ja and zh) may stand in for a number on
  the other side ("two" for "2", "三" for "3"), but a number word is never required;
* "2 p.m." also offers 14.

A number left without a partner on either side is a finding, and so is a target number
written with the other convention's decimal separator ("2.5" in Portuguese), because
that is how a swapped separator shows when the value happens to survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from typing import NamedTuple

#: Languages (primary subtags) that write a decimal comma and group thousands with dots.
DECIMAL_COMMA = frozenset(
    "pt id de fr es it nl ru tr pl cs sk sv da nb nn no fi ro hu el bg uk hr sl sr bs mk "
    "vi ca gl eu lt lv et is az kk be sq hy ka".split()
)

_DIGITS = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
# digits with separators between digit groups; a group separator is . , (also full
# width), a no-break or thin space, or an apostrophe (Swiss)
_NUMBER = re.compile(
    r"[0-9\uff10-\uff19]+(?:[.,\uff0e\uff0c\u00a0\u202f\u2009'][0-9\uff10-\uff19]+)*"
)
_AFTER = re.compile(r"\s?([^\W\d_]+\.?|[万萬亿億兆千百]+)")
_PM = re.compile(r"(?::\d\d)?\s?(?:p\.\s?m\.|pm\b|PM\b)")
# a clock time written with a dot ("7.55am", "pukul 7.55"): not a decimal
_TIME_AFTER = re.compile(r"\s?(?:[ap]\.?\s?m\b\.?|[AP]M\b|h\b|pagi|siang|sore|malam|WIB|WITA|WIT|horas?|hrs?)", re.I)
_TIME_BEFORE = re.compile(r"(?:pukul|jam|às|at)\s$", re.I)
_CURRENCY_BEFORE = re.compile(r"[$£€¥₹₩]\s?$")
_MONEY_SCALES = {"m": 1e6, "k": 1e3, "b": 1e9, "bn": 1e9, "tn": 1e12, "mn": 1e6}
_VERSION_BEFORE = re.compile(r"(?:[A-Za-z]-?|[vV])$")
_NAME_BEFORE = re.compile(r"[A-Za-z]-?$")
_NAME_AFTER = re.compile(r"\.[A-Za-z]")

#: Scale words: the value a number followed by the word (or character) also stands for.
SCALES: dict[str, float] = {
    # en
    "thousand": 1e3, "thousands": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9,
    "billions": 1e9, "trillion": 1e12, "trillions": 1e12, "bn": 1e9, "mn": 1e6, "mln": 1e6,
    # pt
    "mil": 1e3, "milhão": 1e6, "milhões": 1e6, "milhao": 1e6, "milhoes": 1e6, "mi": 1e6,
    "bilhão": 1e9, "bilhões": 1e9, "bi": 1e9, "trilhão": 1e12, "trilhões": 1e12,
    "milhar": 1e3, "milhares": 1e3, "bilião": 1e12, "biliões": 1e12,
    # id
    "ribu": 1e3, "juta": 1e6, "miliar": 1e9, "triliun": 1e12, "rb": 1e3, "jt": 1e6,
    # zh / ja
    "千": 1e3, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "兆": 1e12, "百万": 1e6,
    "千万": 1e7, "千萬": 1e7, "百万円": 1e6, "万亿": 1e12, "萬億": 1e12,
}

#: Number words (en, pt, id) that may stand in for a number on the other side.
WORDS: dict[str, float] = {
    w: float(v)
    for table in (
        "zero 0 one 1 two 2 three 3 four 4 five 5 six 6 seven 7 eight 8 nine 9 ten 10 eleven 11 "
        "twelve 12 thirteen 13 fourteen 14 fifteen 15 sixteen 16 seventeen 17 eighteen 18 "
        "nineteen 19 twenty 20 thirty 30 forty 40 fifty 50 sixty 60 seventy 70 eighty 80 "
        "ninety 90 hundred 100 thousand 1000 million 1000000 billion 1000000000 dozen 12 "
        "first 1 second 2 third 3 fourth 4 fifth 5 sixth 6 seventh 7 eighth 8 ninth 9 tenth 10 "
        "once 1 twice 2 half 0.5 both 2 single 1 double 2 triple 3 couple 2 pair 2 "
        "twofold 2 threefold 3 fourfold 4 fivefold 5 tenfold 10 hundredfold 100 doubling 2 "
        "doubled 2 tripled 3 tripling 3 halved 0.5 decade 10 decades 10 "
        "century 100 couples 2 pairs 2 thirds 3 quarters 4 halves 2 dozens 12 hundreds 100 "
        "thousands 1000 millions 1000000 "
        "january 1 february 2 march 3 april 4 may 5 june 6 july 7 august 8 september 9 "
        "october 10 november 11 december 12 jan 1 feb 2 mar 3 apr 4 jun 6 jul 7 aug 8 "
        "sep 9 sept 9 oct 10 nov 11 dec 12",
        "zero 0 um 1 uma 1 dois 2 duas 2 três 3 quatro 4 cinco 5 seis 6 sete 7 oito 8 nove 9 "
        "dez 10 onze 11 doze 12 treze 13 catorze 14 quatorze 14 quinze 15 dezesseis 16 "
        "dezasseis 16 dezessete 17 dezassete 17 dezoito 18 dezenove 19 dezanove 19 vinte 20 "
        "trinta 30 quarenta 40 cinquenta 50 sessenta 60 setenta 70 oitenta 80 noventa 90 "
        "cem 100 cento 100 mil 1000 milhão 1000000 bilhão 1000000000 dúzia 12 dezena 10 "
        "primeiro 1 primeira 1 segundo 2 segunda 2 terceiro 3 terceira 3 quarto 4 quarta 4 "
        "quinto 5 quinta 5 sexto 6 sexta 6 sétimo 7 oitavo 8 nono 9 décimo 10 meio 0.5 "
        "meia 0.5 ambos 2 ambas 2 duplo 2 dupla 2 triplo 3 par 2 duzentos 200 trezentos 300 "
        "quinhentos 500 janeiro 1 fevereiro 2 março 3 abril 4 maio 5 junho 6 julho 7 "
        "agosto 8 setembro 9 outubro 10 novembro 11 dezembro 12",
        "nol 0 satu 1 dua 2 tiga 3 empat 4 lima 5 enam 6 tujuh 7 delapan 8 sembilan 9 "
        "sepuluh 10 sebelas 11 seratus 100 seribu 1000 sejuta 1000000 pertama 1 kedua 2 "
        "ketiga 3 keempat 4 kelima 5 keenam 6 ketujuh 7 kedelapan 8 kesembilan 9 kesepuluh 10 "
        "setengah 0.5 separuh 0.5 belas 10 puluh 10 ratus 100 ribu 1000 juta 1000000 "
        "miliar 1000000000 lusin 12 januari 1 februari 2 maret 3 april 4 mei 5 juni 6 "
        "juli 7 agustus 8 september 9 oktober 10 november 11 desember 12",
    )
    for w, v in zip(table.split()[::2], table.split()[1::2], strict=True)
}
_WORD_RE = re.compile(r"[^\W\d_]+")
_UNITS = frozenset("second minute hour day week month year decade century mile kilometre kilometer "
                   "metre meter foot inch pound kilogram ton tonne dollar euro percent dozen hundred "
                   "thousand million billion trillion half quarter third".split())
_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
                 "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "萬": 10_000, "亿": 10**8,
                "億": 10**8}
_KANJI_RUN = re.compile(f"[{''.join(_KANJI_DIGITS)}{''.join(_KANJI_UNITS)}]+")


class Number(NamedTuple):
    """One number as written: its span, the text and the values it may stand for."""

    start: int
    end: int
    text: str
    values: frozenset[float]
    foreign: bool = False  # written with the other convention's decimal separator
    soft: bool = False  # part of a name ("G7", "COVID-19", "01.AI"): missed only as a name
    prefix: str = ""  # the letters a soft number is written after ("F" of "F125")


@lru_cache(maxsize=64)
def decimal_comma(lang: str) -> bool:
    """True when ``lang`` writes a decimal comma ("2,5")."""
    from align.errors import InputError
    from align.lang import base_language

    try:
        return base_language(lang) in DECIMAL_COMMA
    except InputError:
        return False


def _read(token: str, comma: bool) -> tuple[list[float], bool]:
    """The value(s) of one digit token under a convention, and whether it uses the other
    convention's decimal separator. Dotted dates and versions (1.2.3) give each group."""
    t = token.translate(_DIGITS)
    for sp in ("\u00a0", "\u202f", "\u2009", "'"):
        t = t.replace(sp, "")
    dots, commas = t.count("."), t.count(",")
    if not dots and not commas:
        return [float(t)], False
    dec, grp = (",", ".") if comma else (".", ",")
    if dots and commas:
        last = max(t.rfind("."), t.rfind(","))
        d, g = t[last], "," if t[last] == "." else "."
        head, tail = t[:last], t[last + 1 :]
        groups = head.split(g)
        if d in head or not all(len(x) == 3 for x in groups[1:]) or not 1 <= len(groups[0]) <= 3:
            return [float(x) for x in re.split(r"[.,]", t) if x], False
        return [float("".join(groups) + "." + tail)], d != dec
    sep = "." if dots else ","
    groups = t.split(sep)
    if len(groups) > 2:
        if all(len(x) == 3 for x in groups[1:]) and 1 <= len(groups[0]) <= 3:
            return [float("".join(groups))], sep == dec  # 1.000.000 / 1,000,000
        return [float(x) for x in groups if x], False  # a date or a version: each group
    left, right = groups
    if sep == dec:
        return [float(f"{left}.{right}")], False
    if len(right) == 3 and 1 <= len(left) <= 3:
        return [float(left + right)], False  # grouped thousands
    return [float(f"{left}.{right}")], True  # a decimal written the other way


_CLOCK = re.compile(r"(\d{1,2})[.:](\d{2})$")
_BIG_UNITS = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "兆": 1e12}
_RANGE_BEFORE = re.compile(r"(\d\d)\d\d[-–]$")


_CURRENCY_SIGNS = frozenset("$£€¥₹₩")
_MONEY_UNIT = re.compile(r"(bn|tn|mn|[mkb])\b", re.I)
_GROUP_SPLIT = re.compile(r"[.,\uff0e\uff0c]")


def numbers(text: str, lang: str) -> list[Number]:
    """Every digit number in ``text``, read under ``lang``'s conventions."""
    if not has_digit(text):
        return []
    comma = decimal_comma(lang)
    out: list[Number] = []
    # each regex below runs only where a cheap test on the neighbouring characters says
    # it can match (the tests are necessary conditions of the patterns)
    for m in _NUMBER.finditer(text):
        token = m.group()
        start, end = m.start(), m.end()
        nxt = text[end:end + 1]
        if nxt in (":", "p", "P") or (nxt.isspace() and text[end + 1:end + 2] in ("p", "P")):
            pm = _PM.match(text, end)
        else:
            pm = None
        if "." in token or "\uff0e" in token:
            clock = _CLOCK.match(token.translate(_DIGITS))
            if clock and (_TIME_AFTER.match(text, end) or pm
                          or _TIME_BEFORE.search(text, max(0, start - 8), start)):
                # 7.55am, pukul 7.55, às 7.55: a clock time is an hour and minutes, as in
                # "7h55" and "7時55分"; zero minutes may be left out ("4h" for "04:00")
                h, mins = float(clock.group(1)), float(clock.group(2))
                is_pm = bool(pm) and h < 12
                cut = start + len(clock.group(1))
                out.append(Number(start, cut, token[: len(clock.group(1))],
                                  frozenset({h, h + 12} if is_pm else {h})))
                out.append(Number(cut + 1, end, token[-2:], frozenset({mins}), soft=mins == 0))
                continue
        if token.isascii() and token.isdigit():
            vals, foreign = [float(token)], False
        else:
            vals, foreign = _read(token, comma)
        if len(vals) > 1:  # a date or a version: one number per group
            pos = start
            for part in _GROUP_SPLIT.split(token):
                out.append(Number(pos, pos + len(part), part,
                                  frozenset({float(part.translate(_DIGITS))})))
                pos += len(part) + 1
            continue
        value = vals[0]
        values = {value}
        after = _AFTER.match(text, end)
        if after:
            scale = SCALES.get(after.group(1).lower().rstrip("."))
            if scale is None and after.group(1)[:1] in "万萬亿億兆千百":
                scale = SCALES.get(after.group(1)[:2]) or SCALES.get(after.group(1)[:1])
            if scale:
                values.add(value * scale)
        if pm and value < 12:
            values.add(value + 12)
        if foreign and _VERSION_BEFORE.search(text, 0, start):
            foreign = False  # GPT-3.5, v2.5: a name, not a quantity
        prev_ch = text[start - 1:start] if start else ""
        if start and not _CURRENCY_SIGNS.isdisjoint(text[max(0, start - 2):start]) \
                and _CURRENCY_BEFORE.search(text, max(0, start - 2), start):
            unit = _MONEY_UNIT.match(text[end:end + 3])
            if unit:
                values.add(value * _MONEY_SCALES[unit.group(1).lower()])  # £125m
        if len(token) == 2 and prev_ch in ("-", "–") and start >= 5:
            rng = _RANGE_BEFORE.search(text, start - 5, start)
            if rng:  # 1950-53: the year 1953
                values.add(float(rng.group(1) + token.translate(_DIGITS)))
        if prev_ch in ("-", "\n") or (prev_ch.isascii() and prev_ch.isalpha()):
            before = _NAME_BEFORE.search(text, max(0, start - 2), start)
        else:
            before = None
        soft = bool(before or (nxt == "." and _NAME_AFTER.match(text, end)))
        prefix = ""
        if before:
            k = start - len(before.group())
            while k > 0 and text[k - 1].isascii() and text[k - 1].isalpha():
                k -= 1
            prefix = text[k:start].rstrip("-").lower()
        num = Number(start, end, token, frozenset(values), foreign, soft, prefix)
        prev = out[-1] if out else None
        if prev is not None and prev.end + 1 == start and text[prev.end] in _BIG_UNITS:
            # 1億2,500万, 2万5000: one number written in parts
            big = min(prev.values) * _BIG_UNITS[text[prev.end]]
            rest = max(values) if len(values) > 1 and max(values) < big else value
            num = Number(prev.start, end, text[prev.start:end], frozenset({big + rest}))
            out[-1] = num
            continue
        out.append(num)
    return out


def _kanji_value(run: str) -> float | None:
    if all(c in _KANJI_DIGITS for c in run):  # 二〇一九
        return float("".join(str(_KANJI_DIGITS[c]) for c in run))
    total = section = digit = 0
    for c in run:
        if c in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[c]
        else:
            unit = _KANJI_UNITS[c]
            if unit >= 10_000:
                total += (section + digit) * unit
                section = digit = 0
            else:
                section += (digit or 1) * unit
                digit = 0
    return float(total + section + digit)


#: The words :func:`word_numbers` reads a value from.
_NUMBER_WORDS = frozenset(WORDS) | {"a", "an"}


def word_numbers(text: str) -> list[float]:
    """Values of the number words and kanji numerals in ``text`` (partners only); a word
    followed by a scale word counts both ways ("quatro mil": 4 and 4,000)."""
    words = list(map(str.lower, _WORD_RE.findall(text)))
    out: list[float] = []
    # only the number words, "a" and "an" give a value: visit those alone
    for k in compress(count(), map(_NUMBER_WORDS.__contains__, words)):
        w = words[k]
        v = WORDS.get(w)
        if v is None:
            if w in ("a", "an") and k + 1 < len(words) and words[k + 1] in _UNITS:
                out.append(1.0)  # "an hour", "a mile": one
            continue
        out.append(v)
        nxt = SCALES.get(words[k + 1]) if k + 1 < len(words) else None
        if nxt:
            out.append(v * nxt)
    if text.isascii():
        return out  # no kanji numeral
    for m in _KANJI_RUN.finditer(text):
        kv = _kanji_value(m.group())
        if kv is not None:
            out.append(kv)
    return out


def _close(a: frozenset[float], b: frozenset[float]) -> bool:
    return any(abs(x - y) <= 1e-12 * max(1.0, abs(x)) for x in a for y in b)


@dataclass(frozen=True, slots=True)
class NumberDiff:
    """The numbers of a pair that found no partner, and the foreign-looking ones."""

    missing: tuple[Number, ...]  # source numbers absent from the target
    extra: tuple[Number, ...]  # target numbers absent from the source
    foreign: tuple[Number, ...]  # target numbers with the other decimal separator

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.foreign)


_HAS_DIGIT = re.compile(r"[0-9\uff10-\uff19]")


def has_digit(text: str) -> bool:
    """True when ``text`` has an ASCII or full-width digit."""
    return _HAS_DIGIT.search(text) is not None


def _in_parts(text: str) -> bool:
    """A scale character right before a digit ("2万5000": a number written in parts)."""
    return not text.isascii() and _IN_PARTS.search(text) is not None


_IN_PARTS = re.compile(r"[万萬亿億兆][0-9\uff10-\uff19]")


def same_plain_numbers(src: str, tgt: str) -> bool:
    """True when both sides have the same plain digit runs (no separators, no number
    written in parts): each is then one number of that value, and :func:`compare`'s
    pairing cannot fail, so it need not read them (its fast path)."""
    s_tok = _NUMBER.findall(src)
    t_tok = _NUMBER.findall(tgt)
    return (
        len(s_tok) == len(t_tok)
        and "".join(s_tok).isdigit()
        and sorted(s_tok) == sorted(t_tok)
        and not _in_parts(src)
        and not _in_parts(tgt)
    )


def compare(src: str, tgt: str, src_lang: str, tgt_lang: str) -> NumberDiff | None:
    """How the numbers of ``src`` and ``tgt`` differ; ``None`` when they agree."""
    if not has_digit(src) and not has_digit(tgt):
        return None
    if same_plain_numbers(src, tgt):
        return None
    return read_and_compare(src, tgt, src_lang, tgt_lang)


def read_and_compare(src: str, tgt: str, src_lang: str, tgt_lang: str) -> NumberDiff | None:
    """:func:`compare` without its fast paths: every number read and paired."""
    s_nums = numbers(src, src_lang)
    t_nums = numbers(tgt, tgt_lang)
    if not s_nums and not t_nums:
        return None
    foreign = tuple(n for n in t_nums if n.foreign)
    left_t = list(t_nums)
    missing = list(s_nums)
    # identical readings first, then the same written value, then any shared value
    # (a scaled one: 25亿 ~ 2.5 billion), so a scale never steals a plain partner
    for same in (
        lambda a, b: a.values == b.values,
        lambda a, b: min(a.values) == min(b.values),
        lambda a, b: _close(a.values, b.values),
    ):
        rest = []
        for n in missing:
            for k, t in enumerate(left_t):
                if same(n, t):
                    del left_t[k]
                    break
            else:
                rest.append(n)
        missing = rest
        if not missing or not left_t:
            break
    # a name's number counts when the other side has the same name with another number
    # (F125 -> F123, SS19 -> SS17); otherwise names may be left out or rephrased
    soft_t = {n.prefix for n in t_nums if n.soft and n.prefix}
    soft_s = {n.prefix for n in s_nums if n.soft and n.prefix}
    missing = [n for n in missing if not n.soft or n.prefix and n.prefix in soft_t]
    left_t = [n for n in left_t if not n.soft or n.prefix and n.prefix in soft_s]
    if missing:
        words = word_numbers(tgt)
        missing = [n for n in missing if not _take(words, n.values)]
    extra = left_t
    if extra:
        words = word_numbers(src)
        extra = [n for n in extra if not _take(words, n.values)]
    if not missing and not extra and not foreign:
        return None
    return NumberDiff(tuple(missing), tuple(extra), foreign)


def _take(words: list[float], values: frozenset[float]) -> bool:
    for k, w in enumerate(words):
        if _close(values, frozenset({w})):
            del words[k]
            return True
    return False
