"""Inline codes (XLIFF ``g``/``x``/``pc``/``ph``..., TMX ``bpt``/``ph``...) through MT.

A source element is turned into plain text for the MT backend, each inline code
replaced by a placeholder (:mod:`align.translate.placeholders`, indices from
``CODE_BASE``, so glossary enforcement can add its own without collision). A *paired*
code with content (``<g>text</g>``, ``<pc>``, ``<mrk>``, ``<hi>``) becomes two
placeholders around its translatable content; every other code (``<x/>``, ``<ph>``,
``<bpt>``, ...: their content is native markup, not text) becomes one. Placeholders get
a space where they would touch a letter, so the MT and the term matcher see words;
on the way back, a code the source has no whitespace next to gets none in the target.

:func:`restore` builds the target element from the translation. When the backend
dropped, duplicated or reordered placeholders, the codes it kept in source order stay
where it put them, the rest are re-inserted in source order (before the next kept code,
else at the end), and the result says so: the target always has every code of the
source, once, in source order and properly nested.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from align.translate.placeholders import CODE_BASE, placeholder_pattern, token
from align.xmlsafe import local_name as _local

__all__ = ["InlineCode", "Masked", "mask", "plain_text", "read_codes", "restore"]

_XML_NS = "{http://www.w3.org/XML/1998/namespace}"


def _protected(el: Any) -> bool:
    """A marker whose content must not be translated (XLIFF 1.2 ``mtype="protected"``,
    2.0 ``translate="no"``): copied whole, like a standalone code."""
    return el.get("mtype") == "protected" or el.get("translate") == "no"


def _has_content(el: Any) -> bool:
    return bool((el.text or "").strip()) or len(el) > 0


@dataclass
class _Code:
    kind: str  # "open", "close" or "whole"
    element: Any


@dataclass
class Masked:
    """A source element as MT input: ``text`` has one placeholder per code."""

    text: str  # stripped of the source's leading/trailing whitespace
    codes: list[_Code]
    family: str
    lead: str = ""
    trail: str = ""
    #: per code: the source has no whitespace before / after it (so the target gets none)
    tight: list[tuple[bool, bool]] = field(default_factory=list)

    @property
    def n_codes(self) -> int:
        return len(self.codes)

    def has_words(self) -> bool:
        """Is there text to translate once the placeholders are taken out?"""
        rest = self.text
        for k in range(len(self.codes)):
            rest = placeholder_pattern(self.family, CODE_BASE + k).sub(" ", rest)
        return any(c.isalnum() for c in rest)


def _pieces(el: Any, paired: frozenset[str]) -> list[str | _Code]:
    out: list[str | _Code] = []
    if el.text:
        out.append(el.text)
    for child in el:
        if isinstance(child.tag, str) and _local(child.tag) in paired and _has_content(child) \
                and not _protected(child):
            out.append(_Code("open", child))
            out += _pieces(child, paired)
            out.append(_Code("close", child))
        else:  # standalone codes, comments, processing instructions: copied whole
            out.append(_Code("whole", child))
        if child.tail:
            out.append(child.tail)
    return out


def _needs_space(ch: str) -> bool:
    return ch.isalnum()


def mask(el: Any, paired: Iterable[str], family: str) -> Masked:
    """``el``'s content as text with a placeholder of ``family`` for each inline code."""
    pieces = _pieces(el, frozenset(paired))
    codes: list[_Code] = []
    tight: list[tuple[bool, bool]] = []
    buf: list[str] = []
    for n, p in enumerate(pieces):
        if isinstance(p, str):
            buf.append(p)
            continue
        prev = pieces[n - 1] if n else None
        nxt = pieces[n + 1] if n + 1 < len(pieces) else None
        # No whitespace in the source on that side: none in the target either.
        before = not (isinstance(prev, str) and prev[-1:].isspace())
        after = not (isinstance(nxt, str) and nxt[:1].isspace())
        space_before = isinstance(prev, str) and _needs_space(prev[-1:]) or isinstance(prev, _Code)
        space_after = isinstance(nxt, str) and _needs_space(nxt[:1])
        buf.append((" " if space_before else "") + token(family, CODE_BASE + len(codes))
                   + (" " if space_after else ""))
        codes.append(p)
        tight.append((before, after))
    text = "".join(buf)
    stripped = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return Masked(stripped, codes, family, lead, trail, tight)


def _longest_increasing(seq: list[int]) -> set[int]:
    """The values of a longest strictly increasing subsequence of ``seq``."""
    if not seq:
        return set()
    best: list[list[int]] = []
    for v in seq:
        cands = [b for b in best if b[-1] < v]
        new = (max(cands, key=lambda b: len(b)) + [v]) if cands else [v]
        best.append(new)
    longest: list[int] = max(best, key=lambda b: len(b))
    return set(longest)


@dataclass
class Restored:
    """The target content, and how many codes had to be put back by :func:`restore`."""

    items: list[str | int]  # text and code indices, codes in source order
    moved: int = 0  # codes dropped, duplicated or reordered by the backend


def place(masked: Masked, output: str) -> Restored:
    """Where each code goes in ``output`` (the MT of ``masked.text``)."""
    n = masked.n_codes
    hits: dict[int, tuple[int, int]] = {}
    cuts: list[tuple[int, int, int | None]] = []  # start, end, code kept there (or None)
    moved = 0
    for i in range(n):
        found = list(placeholder_pattern(masked.family, CODE_BASE + i).finditer(output))
        if found:
            hits[i] = found[0].span()
        if len(found) != 1:
            moved += 1
        cuts += [(m.start(), m.end(), None) for m in found[1:]]
    by_pos = sorted(hits, key=lambda i: hits[i][0])
    keep = _longest_increasing(by_pos)
    moved += len(hits) - len(keep)
    for code, (s, e) in hits.items():
        cuts.append((s, e, code if code in keep else None))
    cuts.sort(key=lambda c: c[0])
    items: list[str | int] = []
    pos = 0
    for s, e, k in cuts:
        chunk = output[pos:s]
        if k is not None and masked.tight[k][0]:
            chunk = chunk.rstrip()
        elif k is None and chunk.endswith(" ") and output[e:e + 1] in (" ", ""):
            chunk = chunk[:-1]  # a dropped duplicate: do not leave two spaces
        items.append(chunk)
        if k is not None:
            items.append(k)
        pos = e
        if k is not None and masked.tight[k][1]:
            while output[pos:pos + 1].isspace():
                pos += 1
    items.append(output[pos:])
    # Codes not kept go back in source order: before the next kept code, else at the end.
    for k in range(n):
        if k in keep:
            continue
        at = next((i for i, x in enumerate(items) if isinstance(x, int) and x > k), len(items))
        items.insert(at, k)
    return Restored([x for x in items if x != ""], moved)


def empty_pairs(masked: Masked, placed: Restored) -> list[int]:
    """Paired codes with text in the source that came back with none (the backend moved
    their words out: ``ZXQ50 ZXQ51 box camera``); only pairs without codes inside."""
    out = []
    for k, code in enumerate(masked.codes):
        if code.kind != "open" or len(code.element) or k + 1 >= len(masked.codes):
            continue
        at = placed.items.index(k)
        rest = placed.items[at + 1:at + 3]
        if rest[:1] == [k + 1] or (len(rest) == 2 and isinstance(rest[0], str)
                                   and not rest[0].strip() and rest[1] == k + 1):
            out.append(k)
    return out


def pair_text(masked: Masked, k: int) -> str:
    """The source text inside paired code ``k``."""
    return (masked.codes[k].element.text or "").strip()


def rewrap(placed: Restored, k: int, words: str) -> bool:
    """Move ``words`` (the pair's content as translated on its own) inside the empty pair
    ``k``/``k + 1`` when they are in the text right after it (or right before it: between
    the pair and its neighbouring codes, so the codes keep their order); False if not."""
    words = words.strip().rstrip(".!?;:").strip()
    items = placed.items
    at, end = items.index(k), items.index(k + 1)
    if not words or any(not isinstance(x, str) for x in items[at + 1:end]):
        return False
    inner = "".join(str(x) for x in items[at + 1:end])
    before = str(items[at - 1]) if at and isinstance(items[at - 1], str) else None
    after = (str(items[end + 1]) if end + 1 < len(items) and isinstance(items[end + 1], str)
             else None)
    # Alone, a phrase often gets an article or a capital it does not have in the sentence.
    bare = re.sub(r"^(the|a|an|o|os|as|um|uma)\s+", "", words, flags=re.IGNORECASE)
    if bare != words and bare and not _find_words(after or "", words, last=False) and not \
            _find_words(before or "", words, last=True):
        words = bare
    if after is not None:
        span = _find_words(after, words, last=False)
        if span is not None:
            i, j = span
            pre = inner + after[:i]
            if before is None or before[-1:].isspace():
                pre = pre.lstrip()
            items[at:end + 2] = [pre, k, after[i:j], k + 1, after[j:]]
            placed.items = [x for x in items if x != ""]
            return True
    if before is not None:
        span = _find_words(before, words, last=True)
        if span is not None:
            i, j = span
            post = before[j:] + inner
            if after is None or after[:1].isspace():
                post = post.rstrip()
            items[at - 1:end + 1] = [before[:i], k, before[i:j], k + 1, post]
            placed.items = [x for x in items if x != ""]
            return True
    return False


def _find_words(text: str, words: str, *, last: bool) -> tuple[int, int] | None:
    """The span of ``words`` in ``text`` (the first, or the ``last``): the same string
    (case aside, at word boundaries), else the same words in another order ("camera box"
    for "box camera")."""
    found = list(re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", text, re.IGNORECASE))
    if found:
        m = found[-1] if last else found[0]
        return m.start(), m.end()
    want = sorted(w.strip(".,!?;:\"'()").lower() for w in words.split())
    tokens = list(re.finditer(r"\S+", text))
    n = len(want)
    spans = []
    for a in range(len(tokens) - n + 1):
        window = tokens[a:a + n]
        got = sorted(t.group(0).strip(".,!?;:\"'()").lower() for t in window)
        if got == want:
            i, j = window[0].start(), window[-1].end()
            j = i + len(text[i:j].rstrip(".,!?;:"))
            spans.append((i, j))
    if not spans:
        return None
    return spans[-1] if last else spans[0]


def restore(masked: Masked, output: str | Restored, target: Any) -> int:
    """Fill the (empty) element ``target`` from ``output``; returns the codes put back.

    ``output`` is the translation (or its :func:`place` result). Text goes where the
    translation has it; codes are copies of the source's (a paired code's element
    without its content, which comes from the translation).
    """
    placed = place(masked, output.strip()) if isinstance(output, str) else output
    items: list[str | int] = [masked.lead, *placed.items, masked.trail]
    target.text = None
    for child in list(target):
        target.remove(child)
    stack = [target]

    def add_text(s: str) -> None:
        parent = stack[-1]
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + s
        else:
            parent.text = (parent.text or "") + s

    for it in items:
        if isinstance(it, str):
            if it:
                add_text(it)
            continue
        code = masked.codes[it]
        if code.kind == "close":
            stack.pop()
            continue
        if code.kind == "whole":
            new = copy.deepcopy(code.element)
            new.tail = None
            stack[-1].append(new)
            continue
        src = code.element
        new = src.makeelement(src.tag, dict(src.attrib), src.nsmap)
        stack[-1].append(new)
        stack.append(new)
    return placed.moved


def plain_text(el: Any, paired: Iterable[str]) -> str:
    """``el``'s text with inline codes removed (a paired code's content kept)."""
    keep = frozenset(paired)
    out = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and _local(child.tag) in keep:
            out.append(plain_text(child, keep))
        out.append(child.tail or "")
    return "".join(out)


@dataclass(frozen=True, slots=True)
class InlineCode:
    """One inline code of a unit's source or target, as the file has it.

    ``kind`` is the element's name (XLIFF 1.2 ``g``, ``x``, ``bx``, ``ex``, ``ph``,
    ``bpt``, ``ept``, ``it``; XLIFF 2.0 ``pc``, ``ph``, ``sc``, ``ec``; TMX ``bpt``,
    ``ept``, ``it``, ``ph``, ``hi``, ``ut``), ``id`` what pairs it with its counterpart
    on the other side (``id``, else ``startRef``, ``i`` or ``x``; ``""`` without one).
    ``start``/``end`` are offsets into the unit's plain text: a paired code spans its
    content, any other code sits at one point (``start == end``).
    """

    kind: str
    id: str
    start: int
    end: int

    @property
    def key(self) -> str:
        """``kind#id``: what ``align check``'s ``tag-mismatch`` compares."""
        return f"{self.kind}#{self.id}"


_ID_ATTRS = ("id", "startRef", "i", "x")


def read_codes(el: Any, paired: Iterable[str], markers: Iterable[str] = ()
               ) -> tuple[str, tuple[InlineCode, ...]]:
    """``el``'s plain text (exactly :func:`plain_text`'s) and its inline codes in document
    order. ``markers`` are elements that annotate the text rather than code it (XLIFF
    ``mrk``, ``sm``/``em``; ``cp`` stands for a character): they are not codes."""
    keep, skip = frozenset(paired), frozenset(markers)
    parts: list[str] = []
    codes: list[InlineCode] = []
    pos = 0

    def ident(child: Any) -> str:
        return next((str(v) for a in _ID_ATTRS if (v := child.get(a))), "")

    def walk(node: Any) -> None:
        nonlocal pos
        if node.text:
            parts.append(node.text)
            pos += len(node.text)
        for child in node:
            if isinstance(child.tag, str):
                name = _local(child.tag)
                if name in keep:
                    at = len(codes)
                    start = pos
                    if name not in skip:
                        codes.append(InlineCode(name, ident(child), start, start))
                    walk(child)
                    if name not in skip:
                        codes[at] = InlineCode(name, ident(child), start, pos)
                elif name not in skip:
                    codes.append(InlineCode(name, ident(child), pos, pos))
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)

    walk(el)
    return "".join(parts), tuple(codes)
