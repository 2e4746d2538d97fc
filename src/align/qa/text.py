"""Checks on the text of a segment: empty or untranslated targets, whitespace, repeated
words, terminal punctuation and unbalanced brackets or quotes.

Each function returns ``None`` when the segment passes, else what a finding needs (the
offending span of the target, or of the source where the target has nothing to point at).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice, repeat

from align.lang import is_cjk

# ------------------------------------------------------------------ empty / untranslated

_NOT_LETTERS = re.compile(r"[\W\d_]+")
_PUNCT = "\"'“”‘’«»()[]{}.,;:!?¿¡-—–…「」『』（）。、，！？：；"
_NAMEISH = re.compile(r"(?:[^\W\d_]*[A-Z\d][\w'’.-]*|[^\W\d_]+\d[\w.-]*)")
_LINK = re.compile(r"\S+://\S+|www\.\S+|\S+@\S+")


@lru_cache(maxsize=256)
def _spaceless(lang: str) -> bool:
    return is_cjk(lang)


@lru_cache(maxsize=256)
def _same_language(a: str, b: str) -> bool:
    from align.errors import InputError
    from align.lang import base_language

    try:
        return base_language(a) == base_language(b)
    except InputError:
        return a == b


def empty_target(src: str, tgt: str) -> bool:
    """The source has text and the target has none."""
    return bool(src.strip()) and not tgt.strip()


def untranslated(src: str, tgt: str, src_lang: str, tgt_lang: str) -> bool:
    """The target repeats the source (ignoring case, digits, punctuation and spacing) and
    the source has words that are not names: capitalised words, acronyms, words with
    digits, URLs and addresses alone may stay as they are ("SenseTime", "iPhone 15")."""
    a, b = src[:1], tgt[:1]
    if a != b and a.isascii() and b.isascii() and a.isalnum() and b.isalnum() \
            and a.lower() != b.lower():
        return False  # the first words differ (cheapest test first)
    s_words, t_words = src.split(None, 2), tgt.split(None, 2)
    if len(s_words[:2]) != len(t_words[:2]) or any(
        a.strip(_PUNCT).casefold() != b.strip(_PUNCT).casefold()
        for a, b in zip(s_words[:2], t_words[:2], strict=True)
    ):
        return False  # a copy starts with the same two words (cheap test first)
    if not src.strip() or _same_language(src_lang, tgt_lang):
        return False
    s = _NOT_LETTERS.sub("", src).casefold()
    if not s or s != _NOT_LETTERS.sub("", tgt).casefold():
        return False
    rest = _LINK.sub(" ", src)
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", rest)
    if len(words) >= 5:
        return True  # a title-case headline, not a name
    # letters of a script without case (CJK, Thai, ...) count as words to translate
    return any(not any(c.isupper() or c.isdigit() for c in w) for w in words)


# ------------------------------------------------------------------ whitespace


def whitespace_edges(src: str, tgt: str) -> tuple[int, int, str] | None:
    """Leading or trailing whitespace of the target differs from the source's: the
    target span of the first differing edge (empty when the target has none there) and
    which edge it is (``leading``/``trailing``)."""
    if not (src[:1].isspace() or src[-1:].isspace() or tgt[:1].isspace() or tgt[-1:].isspace()):
        return None
    if not tgt.strip() or not src.strip():
        return None
    s_lead = src[: len(src) - len(src.lstrip())]
    t_lead = tgt[: len(tgt) - len(tgt.lstrip())]
    if s_lead != t_lead:
        return 0, len(t_lead), "leading"
    s_trail = src[len(src.rstrip()) :]
    t_trail = tgt[len(tgt.rstrip()) :]
    if s_trail != t_trail:
        return len(tgt) - len(t_trail), len(tgt), "trailing"
    return None


_DOUBLE = re.compile(r"(?<=\S)[ \u00a0\u3000]{2,}(?=\S)")


def double_space(src: str | None, tgt: str) -> tuple[int, int] | None:
    """The first run of two or more spaces inside the target, when the target has more
    such runs than the source (a source's own double spaces may be kept)."""
    if "  " not in tgt and "\u3000\u3000" not in tgt and "\u00a0 " not in tgt and " \u00a0" not in tgt:
        return None
    runs = list(_DOUBLE.finditer(tgt))
    if not runs:
        return None
    if src is not None and len(_DOUBLE.findall(src)) >= len(runs):
        return None
    return runs[0].span()


_REPEAT = re.compile(r"(?<!\w)([^\W\d_]+)\s+(\1)(?!\w)", re.IGNORECASE)
#: Repetitions that are grammatical ("he had had enough", "that that").
GRAMMATICAL_REPEATS = frozenset({"had", "that"})
#: More repetitions accepted in monolingual text, where no source tells a slip from style.
LEGIT_REPEATS = GRAMMATICAL_REPEATS | frozenset(
    {"bye", "ha", "no", "very", "so", "never", "many", "knock", "tsk", "yeah", "blah", "hip",
     "sim", "não", "nah"})


def _repeats(text: str, *, names: bool) -> list[re.Match[str]]:
    """Words written twice in a row in ``text``, less the grammatical ones (and, with
    ``names``, capitalised pairs, taken for names or headings)."""
    words = text.casefold().split()
    if not any(map(str.startswith, islice(words, 1, None), map(str.lstrip, words, repeat(_PUNCT)))):
        return []  # no word followed by itself (cheap test first; the regex decides)
    out = []
    for m in _REPEAT.finditer(text):
        w = m.group(1).casefold()
        if w in (LEGIT_REPEATS if names else GRAMMATICAL_REPEATS):
            continue
        if names and m.group(1)[:1].isupper() and m.group(2)[:1].isupper():
            continue  # a name ("Ri Ri Xin", "Bora Bora") or a heading ("Sekop Sekop")
        out.append(m)
    return out


def repeated_word(src: str | None, tgt: str, tgt_lang: str) -> tuple[int, int] | None:
    """A word written twice in a row in the target ("the the"), when the target has more
    such repetitions than the source (a repetition may translate one: "bye bye" ->
    "tchau tchau") and it is not grammatical ("had had"). Without a source, capitalised
    pairs are taken for names or headings ("Ri Ri Xin") and a few emphatic repetitions
    are accepted. Spaceless scripts are not checked."""
    if _spaceless(tgt_lang):
        return None
    found = _repeats(tgt, names=src is None)
    if not found:
        return None
    if src is not None and len(_repeats(src, names=False)) >= len(found):
        return None
    return found[0].start(), found[0].end()


# ------------------------------------------------------------------ terminal punctuation

_KINDS = {
    "?": "question", "？": "question", "؟": "question", "⁇": "question",
    "!": "exclamation", "！": "exclamation", "‼": "exclamation",
    ".": "statement", "。": "statement", "．": "statement", "｡": "statement",
    ":": "colon", "：": "colon",
    ";": "semicolon", "；": "semicolon",
    "…": "ellipsis", "⋯": "ellipsis",
}
_CLOSERS = "\"'”’“„»›)]}）］｝」』】〉》〕〗〙〛*_ \t\u3000\u00a0"
#: Terminal marks that count as the same kind: a plain sentence may end without a mark,
#: and a list item ending in ";" may become a sentence of its own.
_PLAIN = frozenset({"statement", "none", "semicolon"})


def end_kind(text: str) -> tuple[str, int]:
    """(kind of the terminal punctuation, its offset) of ``text``: question, exclamation,
    statement, colon, semicolon, ellipsis or none; closing quotes and brackets skipped."""
    t = text.rstrip(_CLOSERS)
    if not t:
        return "none", 0
    last = t[-1]
    kind = _KINDS.get(last)
    if kind is None:
        return "none", len(t) - 1
    if kind == "statement" and t.endswith(("...", "。。。", "．．．")):
        return "ellipsis", len(t) - 3
    if kind in ("question", "exclamation") and len(t) > 1 and _KINDS.get(t[-2]) in ("question", "exclamation") \
            and _KINDS.get(t[-2]) != kind:
        return "question", len(t) - 2  # ?! and !? ask
    return kind, len(t) - 1


def end_punctuation(src: str, tgt: str) -> tuple[str, str, int] | None:
    """(source kind, target kind, target offset) when the terminal punctuation differs in
    kind; a full stop and no mark count as the same (headings, CJK without 。)."""
    if not src.strip() or not tgt.strip():
        return None
    sk, _ = end_kind(src)
    tk, off = end_kind(tgt)
    if sk == tk or (sk in _PLAIN and tk in _PLAIN):
        return None
    return sk, tk, max(off, 0)


# ------------------------------------------------------------------ brackets and quotes

_PAIRS = {"(": ")", "[": "]", "{": "}", "【": "】", "「": "」", "『": "』", "《": "》",
          "〈": "〉", "«": "»", "〔": "〕"}
_CLOSE = {v: k for k, v in _PAIRS.items()}
#: Full-width brackets are the same marks as their ASCII forms: "（...)" is balanced.
_WIDTH = str.maketrans("（）［］｛｝", "()[]{}")
_DQUOTES = "\"＂“”"
_BRACKETS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_CLOSE) + "（）［］｛｝" + _DQUOTES) + "]")


def unbalanced(text: str) -> int | None:
    """Offset of the first bracket or quote of ``text`` that has no partner, else ``None``.

    Brackets must nest (full-width and ASCII forms are one mark). Double quotes, straight
    or curly (which are often mixed: “...\"), only need to come in an even number; the
    last one of an odd count is reported.
    """
    if "„" in text:  # German-style quotes close with “: not checked
        return None
    marks = list(_BRACKETS.finditer(text))
    if not marks:
        return None
    stack: list[tuple[str, int]] = []
    quotes: list[int] = []
    for m in marks:
        c = m.group().translate(_WIDTH)
        if c in _DQUOTES:
            quotes.append(m.start())
        elif c in _PAIRS:
            stack.append((c, m.start()))
        else:
            want = _CLOSE[c]
            if not stack or stack[-1][0] != want:
                if any(o == want for o, _ in stack):  # crossed: report the inner opener
                    return stack[-1][1]
                return m.start()
            stack.pop()
    if stack:
        return stack[0][1]
    if len(quotes) % 2:
        return quotes[-1]
    return None


_QUOTE_LIKE = frozenset("\"＂“”「」『』«»《》〈〉")


def _signature(marks: list[str]) -> tuple[int, int, int, int]:
    """(open minus closed round, square, curly brackets; parity of quote-like marks) of a
    text's bracket and quote marks: what a translation should mirror, whatever script its
    quotes are in."""
    r = sq = cu = q = 0
    for c in marks:
        c = c.translate(_WIDTH)
        if c == "(":
            r += 1
        elif c == ")":
            r -= 1
        elif c == "[":
            sq += 1
        elif c == "]":
            sq -= 1
        elif c == "{":
            cu += 1
        elif c == "}":
            cu -= 1
        elif c in _QUOTE_LIKE:
            q += 1
    return r, sq, cu, q % 2


def unbalanced_brackets(src: str | None, tgt: str) -> int | None:
    """Target offset of a bracket or quote without a partner in the target, unless the
    source is unbalanced the same way (a quote the source leaves open for the next
    segment may stay open in the target). A balanced target passes, unless the source
    leaves a bracket or quote open and the target has no mark of that kind at all (the
    quote was lost; offset 0). Without a source: the target is unbalanced."""
    t_marks = _BRACKETS.findall(tgt)
    if src is None:
        return unbalanced(tgt) if t_marks else None
    s_marks = _BRACKETS.findall(src)
    if not t_marks and not s_marks:
        return None
    pos = unbalanced(tgt) if t_marks else None
    s_sig, t_sig = _signature(s_marks), _signature(t_marks)
    if pos is not None:
        return pos if unbalanced(src) is None or s_sig != t_sig else None
    # a balanced target passes (a translator may close a quote within the segment), unless
    # the source leaves a bracket or quote open and the target has none of that kind at all
    t_kinds = {c.translate(_WIDTH) for c in t_marks}
    kinds = (("(", ")"), ("[", "]"), ("{", "}"), tuple(_QUOTE_LIKE))
    for k, (sv, marks) in enumerate(zip(s_sig, kinds, strict=True)):
        if sv and not t_kinds & set(marks):
            return 0 if k < 3 or not t_marks else None
    return None

