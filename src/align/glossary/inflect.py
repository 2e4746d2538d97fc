"""Inflection of glossary terms: lemmas for matching, generated plurals and variants.

Two jobs, one module:

* **Lemma matching** (:class:`Lemmatizer`, :func:`lemma_language`): for languages that
  separate words with spaces and that ``simplemma`` covers (pt, id, en, de, fr, es and
  about fifty more), text and terms are compared word by word on their lemmas
  ("modelos da indústria" ~ "modelo da indústria", "câmeras tipo caixa" ~ "câmera tipo
  caixa"); Indonesian and Malay full reduplication counts as its base ("model-model
  industri" ~ "model industri").
* **Generated forms** (:func:`inflections`, :func:`plural`): simple plurals and Japanese
  long-vowel variants, for the character matcher (spaceless scripts, exact-form
  entries keep none) and for term enforcement, which must *write* an inflected term.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from align.glossary.fold import _is_word, is_word_char

_PT_STOP = {"de", "da", "do", "das", "dos", "em", "para", "com", "e", "a", "o", "na", "no"}
_KATAKANA_WORD = re.compile(r"[\u30A1-\u30FA\u30FC]+")
_JA_LONG_ENDINGS = "タダバザラリ"


def _en_plural(word: str) -> list[str]:
    w = word.lower()
    if not w or not w[-1].isalpha() or len(w) < 2:
        return []
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return [word + "es"]
    if w.endswith("y") and w[-2] not in "aeiou":
        return [word[:-1] + "ies"]
    return [word + "s"]


def _pt_plural(word: str) -> str | None:
    w = word.lower()
    if not w or not w[-1].isalpha():
        return None
    if w.endswith("ão"):
        return word[:-2] + "ões"
    if w.endswith(("al", "el", "ol", "ul")):
        return word[:-1] + "is"
    if w.endswith("il"):
        return word[:-1] + "s"
    if w.endswith("m"):
        return word[:-1] + "ns"
    if w.endswith(("r", "z")):
        return word + "es"
    if w.endswith("s"):
        return None
    return word + "s"


def inflections(term: str, lang: str) -> list[str]:
    """Simple generated variants of ``term`` that should match too (never the term itself).

    English: plural of the last word ("box camera" -> "box cameras", "GPU" -> "GPUs").
    Portuguese: plural
    of the words before the first preposition ("modelo da indústria" -> "modelos da
    indústria", "grande modelo" -> "grandes modelos"). Indonesian: the reduplicated plural
    of the first word ("model besar" -> "model-model besar"). Japanese: with and without the
    long-vowel mark (ー) after -er/-ry syllables タ ダ バ ザ ラ リ ("インダストリーモデル" ->
    "インダストリモデル", "サーバ" -> "サーバー"), and without the middle dot (・).
    """
    from align.lang import base_language

    lang = base_language(lang)  # pt-BR and pt-PT inflect like pt
    out: list[str] = []
    if lang == "en":
        head, _, last = term.rpartition(" ")
        if last.isascii() and last.isalpha() and not last.isupper():
            out += [f"{head} {p}" if head else p for p in _en_plural(last)]
        elif last.isascii() and last.isalpha() and len(last) >= 2:  # GPU -> GPUs, LLM -> LLMs
            out.append(f"{head} {last}s" if head else f"{last}s")
    elif lang == "pt":
        words = term.split(" ")
        cut = next((i for i, w in enumerate(words) if w.lower() in _PT_STOP), len(words))
        plural = [_pt_plural(w) for w in words[:cut]]
        if all(p is not None for p in plural) and cut:
            out.append(" ".join([*(p for p in plural if p), *words[cut:]]))
            if cut > 1:  # only the head noun
                first = plural[0]
                assert first is not None
                out.append(" ".join([first, *words[1:]]))
    elif lang == "id":
        head, sep, rest = term.partition(" ")
        if head.isalpha() and head.islower() and len(head) > 1:  # model besar -> model-model besar
            out.append(f"{head}-{head}{sep}{rest}")
    elif lang == "ja":
        variants = {term}
        # a long-vowel mark after an -er/-ry syllable may be dropped
        # (コンピューター / コンピュータ, インダストリーモデル / インダストリモデル) ...
        marks = [m.start() for m in re.finditer(f"(?<=[{''.join(_JA_LONG_ENDINGS)}])ー", term)][:4]
        for i in range(1, 1 << len(marks)):
            drop = {p for b, p in enumerate(marks) if i >> b & 1}
            variants.add("".join(c for j, c in enumerate(term) if j not in drop))
        # ... or added after a word-final -a/-ri syllable (サーバ / サーバー)
        for m in _KATAKANA_WORD.finditer(term):
            if len(m.group()) >= 3 and m.group()[-1] in _JA_LONG_ENDINGS:
                variants |= {
                    v[: m.end()] + "ー" + v[m.end() :]
                    for v in list(variants)
                    if v[m.end() : m.end() + 1] != "ー" and len(v) == len(term)
                }
        if "・" in term:
            variants |= {v.replace("・", "") for v in list(variants)}
            variants |= {v.replace("・", " ") for v in list(variants)}
        out += sorted(variants - {term})
    return [o for o in dict.fromkeys(out) if o and o != term]




# --------------------------------------------------------------------------- plurals


#: Portuguese words in -s whose last syllable is unstressed do not change in the plural
#: (o lápis / os lápis, o ônibus / os ônibus); stressed ones add -es (país -> países).
_PT_STRESSED_FINAL = re.compile(r"([áéíóúâêô][^aeiouáéíóúâêôãõ]*s|^[^aeiouáéíóúâêôãõ]*[aeiou]+s)$")


def plural(term: str, lang: str) -> str:
    """The regular plural of a glossary term, for writing it (English heads are last,
    Portuguese heads first; other languages and names, i.e. capitalised terms, are
    returned unchanged)."""
    from align.lang import base_language

    lang = base_language(lang)
    words = term.split(" ")
    if not words or any(c.isupper() for c in term[1:]) or not term[:1].islower():
        return term
    if lang == "en":
        forms = _en_plural(words[-1])
        if forms:
            words[-1] = forms[0]
    elif lang == "pt":
        w = words[0]
        if w.lower().endswith("s"):
            if _PT_STRESSED_FINAL.search(w.lower()):
                words[0] = w + "es"
        else:
            words[0] = _pt_plural(w) or w
    return " ".join(words)


def looks_plural(surface: str, term: str, lang: str) -> bool:
    """True when ``surface`` (found in text) is a plural of the singular glossary ``term``
    (en, pt): the same number of words, one of them with an added -s."""
    from align.lang import base_language

    if base_language(lang) not in ("en", "pt"):
        return False
    sw, tw = surface.lower().split(), term.lower().split()
    if len(sw) != len(tw) or sw == tw:
        return False
    return any(
        s != t and s.endswith("s") and not t.endswith("s") and s.startswith(t[:-2] or t)
        for s, t in zip(sw, tw, strict=True)
    )


# --------------------------------------------------------------------------- lemmas

#: Languages whose full reduplication ("model-model") is a plural of the base word.
_REDUPLICATING = ("id", "ms")
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2212\uff0d"


@lru_cache(maxsize=64)
def lemma_language(lang: str) -> str | None:
    """The ``simplemma`` language code for ``lang`` when lemma matching applies to it.

    ``None`` for spaceless scripts (ja, zh-*: they match characters) and for languages
    ``simplemma`` does not cover. ``pt-BR`` and ``pt-PT`` share ``pt``'s lemmas.
    """
    from align.errors import InputError
    from align.lang import base_language, is_cjk

    try:
        if is_cjk(lang):
            return None
        code = base_language(lang)
    except InputError:
        return None
    try:
        import simplemma
    except ImportError:  # pragma: no cover - simplemma is a dependency
        return None
    try:
        simplemma.is_known("a", lang=code)
    except ValueError:
        return None
    return code


class Lemmatizer(dict[str, str]):
    """Maps a space-free chunk of (case-preserving, width-folded) text to its lemma form.

    A chunk is split into leading punctuation, a core and trailing punctuation; the
    core's hyphenated parts are lemmatised one by one (``simplemma``; the cased form
    first, so "AI" stays "ai" rather than becoming "be"), lower-cased and joined with a
    space (hyphens and spaces are equivalent, as in the character matcher). Cores with
    other inner punctuation ("01.AI", "don't") are only lower-cased. The mapping is a
    dict that fills itself, so a text's lemma form is ``" ".join(map(lem.__getitem__,
    text.split(" ")))``, fast on repeated words.
    """

    MAX = 500_000  # entries kept before the cache starts over

    def __init__(self, code: str) -> None:
        super().__init__()
        import simplemma

        self.code = code
        self._pieces: dict[str, list[tuple[int, int, bool]]] = {}
        self._lemmatize = simplemma.lemmatize
        self._redup = code in _REDUPLICATING

    def __missing__(self, chunk: str) -> str:
        lead, core, trail = split_chunk(chunk, self.code)
        if not core:
            out = chunk.lower()
        else:
            out = lead.lower() + self.core(core) + trail.lower()
        if len(self) >= self.MAX:
            self.clear()
        self[chunk] = out
        return out

    def pieces(self, chunk: str) -> list[tuple[int, int, bool]]:
        """(length in the chunk, length in its lemma form, maps character by character)
        for each piece of ``chunk``; the lemma lengths add up to ``len(self[chunk])``."""
        got = self._pieces.get(chunk)
        if got is None:
            if len(self._pieces) >= self.MAX:
                self._pieces.clear()
            got = self._pieces[chunk] = self._split_pieces(chunk)
        return got

    def _split_pieces(self, chunk: str) -> list[tuple[int, int, bool]]:
        lead, core, trail = split_chunk(chunk, self.code)
        out = [(len(lead), len(lead), True)] if lead else []
        if core:
            lc = self.core(core)
            if lc == core.lower() and len(lc) == len(core):
                out.append((len(core), len(core), True))
            else:
                parts, lparts = core.split("-"), lc.split(" ")
                if len(parts) > 1 and len(parts) == len(lparts):
                    for k, (part, lpart) in enumerate(zip(parts, lparts, strict=True)):
                        if k:
                            out.append((1, 1, True))  # the hyphen, a space in the lemma form
                        out.append((len(part), len(lpart), part.lower() == lpart))
                else:
                    out.append((len(core), len(lc), False))
        if trail:
            out.append((len(trail), len(trail), True))
        return out

    def core(self, core: str) -> str:
        """The lemma form of one core (no leading or trailing punctuation)."""
        parts = core.split("-") if "-" in core else [core]
        if not all(p and all(_is_word(c) for c in p) for p in parts):
            return core.lower()  # inner punctuation: keep the form
        lem = self._lemmatize
        code = self.code
        if self._redup and len(parts) > 1 and len({p.lower() for p in parts}) == 1:
            parts = parts[:1]  # model-model -> model
        out = []
        for p in parts:
            try:
                out.append(lem(p, lang=code).lower())
            except (ValueError, KeyError):  # pragma: no cover - defensive
                out.append(p.lower())
        return " ".join(out)


def split_chunk(chunk: str, code: str) -> tuple[str, str, str]:
    """(leading punctuation, core, trailing punctuation) of a space-free chunk; an English
    possessive ``'s`` belongs to the trailing part."""
    i, j = 0, len(chunk)
    while i < j and not is_word_char(chunk[i]):
        i += 1
    while j > i and not is_word_char(chunk[j - 1]):
        j -= 1
    if code == "en" and j - i > 2 and chunk[j - 2] == "'" and chunk[j - 1] in "sS":
        j -= 2
    return chunk[:i], chunk[i:j], chunk[j:]


@lru_cache(maxsize=64)
def lemmatizer(code: str) -> Lemmatizer:
    """The shared :class:`Lemmatizer` of a ``simplemma`` language code."""
    return Lemmatizer(code)


@lru_cache(maxsize=16)
def lemma_fold_table(lang: str) -> dict[int, str]:
    """The case-preserving fold table (:mod:`align.glossary.fold`) with every hyphen kept
    as ``-`` and every space as `` ``: the text a :class:`Lemmatizer` splits into chunks."""
    from align.glossary.fold import _fold_tables

    table = dict(_fold_tables(lang)[0])
    for h in _HYPHENS:
        table[ord(h)] = "-"
    for sp in ("\t", "\n", "\r", "\x0b", "\x0c"):
        table[ord(sp)] = " "
    return table


def lemma_form(text: str, lang: str) -> str:
    """The lemma form of ``text`` (a term or a segment) in ``lang``: what lemma matching
    compares. Raises ``ValueError`` when ``lang`` has no lemmatiser."""
    code = lemma_language(lang)
    if code is None:
        raise ValueError(f"no lemmatiser for {lang!r}")
    lem = lemmatizer(code)
    # runs of spaces count as one: "box  camera" still holds "box camera"
    return " ".join(map(lem.__getitem__, filter(None, text.translate(lemma_fold_table(lang)).split(" "))))


def locate(lem: Lemmatizer, chunk: str, q: int, is_end: bool) -> int:
    """The offset in ``chunk`` of offset ``q`` of its lemma form: a span that starts or
    ends inside a lemmatised word covers that whole word."""
    pos = lpos = 0
    for olen, llen, one in lem.pieces(chunk):
        if q < lpos + llen or (is_end and q == lpos + llen):
            if one:
                return pos + min(q - lpos, olen)
            return pos + olen if is_end else pos
        pos += olen
        lpos += llen
    return len(chunk)


#: ``_PLUS1(n) == n + 1``, a C-level callable for :func:`itertools.accumulate`.
_PLUS1 = (1).__add__


def chunk_starts(chunks: list[str]) -> list[int]:
    """The offset of each chunk in ``" ".join(chunks)``, then ``len(" ".join(chunks)) + 1``."""
    return list(accumulate(map(_PLUS1, map(len, chunks)), initial=0))


def map_spans(
    lem: Lemmatizer, raw: list[str], lemmas: list[str], spans: list[tuple[int, int]],
    raw_starts: list[int] | None = None, lemma_starts: list[int] | None = None,
) -> list[tuple[int, int]]:
    """Spans of ``" ".join(lemmas)``, the lemma form of ``" ".join(raw)`` (``lemmas`` are
    the lemma forms of the non-empty chunks of ``raw``: runs of spaces count as one), as
    spans of that text. ``raw_starts``/``lemma_starts``: :func:`chunk_starts` of ``raw``
    and ``lemmas`` when the caller has them."""
    nonempty = [k for k, c in enumerate(raw) if c] if "" in raw else None
    ostarts = raw_starts if raw_starts is not None else chunk_starts(raw)
    lstarts = lemma_starts if lemma_starts is not None else chunk_starts(lemmas)
    out = []
    for start, end in spans:
        i = bisect_right(lstarts, start) - 1
        j = bisect_right(lstarts, end - 1) - 1
        ki = nonempty[i] if nonempty is not None else i
        kj = nonempty[j] if nonempty is not None else j
        out.append((ostarts[ki] + locate(lem, raw[ki], start - lstarts[i], False),
                    ostarts[kj] + locate(lem, raw[kj], end - lstarts[j], True)))
    return out
