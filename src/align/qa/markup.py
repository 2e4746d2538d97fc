"""Inline tags, placeholders, URLs and e-mail addresses that differ between source and target.

Recognised, each compared as a multiset (order may change between languages):

* XML/HTML tags, normalised to name and ``id`` (``<b>``, ``</b>``, ``<br/>``,
  ``<g id="1">``, ``<x id="2"/>``); a target whose paired tags are misnested, where the
  source's are not, is a finding too;
* inline codes read from XLIFF by the file reader (passed in as ``codes``);
* placeholders: ``{0}``, ``{name}``, ``{{name}}``, ``${name}``, printf ``%s``, ``%d``,
  ``%1$d``, ``%.2f``, ``%(name)s`` (a ``%`` after a digit, as in "50% dos", is not one);
* URLs (``scheme://...``, ``www....``) and e-mail addresses (compared case-insensitively,
  trailing sentence punctuation left out).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'))*)\s*(/?)>")
_ID = re.compile(r"\bid\s*=\s*[\"']([^\"']*)[\"']")
_PLACEHOLDER = re.compile(
    r"\{\{\s*[\w.]+\s*\}\}"  # {{name}}
    r"|\$\{[\w.]+\}"  # ${name}
    r"|\{(?:\d+|[A-Za-z_][\w.]*)(?:[:,][^{}\s]*)?\}"  # {0} {name} {0:.2f}
    r"|(?<![A-Za-z0-9_%])%(?:\d+\$)?[-+#0]*\d*(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn@]"
    r"|(?<![A-Za-z0-9_%])%\([\w.]+\)[-+#0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
)
_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[^\s<>\"'“”‘’()\[\]{}\u3000-\u303f\uff00-\uffef]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TRAILING = ".,;:!?"


@dataclass(frozen=True, slots=True)
class Item:
    """One tag, placeholder, URL or address as found: span and normalised key."""

    start: int
    end: int
    key: str


@dataclass(frozen=True, slots=True)
class Diff:
    """Items of one kind present on one side only (as many times as they are extra)."""

    missing: tuple[Item, ...]  # in the source, not in the target
    extra: tuple[Item, ...]  # in the target, not in the source
    misnested: Item | None = None  # the first target tag that closes out of order


def _tags(text: str) -> list[Item]:
    out = []
    for m in _TAG.finditer(text):
        close, name, attrs, empty = m.groups()
        ident = _ID.search(attrs or "")
        key = f"<{close}{name.lower()}{'#' + ident.group(1) if ident else ''}{'/' if empty else ''}>"
        out.append(Item(m.start(), m.end(), key))
    return out


def _placeholders(text: str) -> list[Item]:
    return [Item(m.start(), m.end(), m.group().replace(" ", "")) for m in _PLACEHOLDER.finditer(text)]


def _urls(text: str) -> list[Item]:
    out = []
    for m in _URL.finditer(text):
        url = m.group().rstrip(_TRAILING)
        out.append(Item(m.start(), m.start() + len(url), url.lower().rstrip("/")))
    return out


def _emails(text: str) -> list[Item]:
    return [Item(m.start(), m.end(), m.group().rstrip(".").lower()) for m in _EMAIL.finditer(text)]


def _diff(src: list[Item], tgt: list[Item]) -> Diff | None:
    sc, tc = Counter(i.key for i in src), Counter(i.key for i in tgt)
    if sc == tc:
        return None
    miss, extra = sc - tc, tc - sc
    missing = []
    for i in src:
        if miss[i.key] > 0:
            miss[i.key] -= 1
            missing.append(i)
    extras = []
    for i in reversed(tgt):  # the later copies are the extra ones
        if extra[i.key] > 0:
            extra[i.key] -= 1
            extras.append(i)
    return Diff(tuple(missing), tuple(reversed(extras)))


def _misnested(items: list[Item]) -> Item | None:
    stack: list[str] = []
    for it in items:
        k = it.key
        if k.endswith("/>"):
            continue
        if k.startswith("</"):
            name = k[2:-1]
            if not stack or stack[-1] != name:
                return it
            stack.pop()
        else:
            stack.append(k[1:-1].split("#")[0])
    return None


def _may_have_tags(text: str) -> bool:
    return "<" in text


def tag_diff(src: str, tgt: str, codes: tuple[tuple[str, ...], tuple[str, ...]] | None = None
             ) -> Diff | None:
    """Tags, inline codes and placeholders that differ; ``None`` when they agree."""
    s_items: list[Item] = []
    t_items: list[Item] = []
    if "<" in src or "<" in tgt:
        s_tags, t_tags = _tags(src), _tags(tgt)
        s_items += s_tags
        t_items += t_tags
        bad = _misnested(t_tags) if t_tags and _misnested(s_tags) is None else None
    else:
        bad = None
    if "{" in src or "{" in tgt or "%" in src or "%" in tgt:
        s_items += _placeholders(src)
        t_items += _placeholders(tgt)
    if codes is not None:
        s_items += [Item(0, 0, c) for c in codes[0]]
        t_items += [Item(0, 0, c) for c in codes[1]]
    d = _diff(s_items, t_items) if s_items or t_items else None
    if bad is not None:
        return Diff(d.missing if d else (), d.extra if d else (), bad)
    return d


def url_diff(src: str, tgt: str) -> Diff | None:
    """URLs that differ; ``None`` when they agree."""
    if "://" not in src and "://" not in tgt and "www." not in src and "www." not in tgt:
        return None
    return _diff(_urls(src), _urls(tgt))


def email_diff(src: str, tgt: str) -> Diff | None:
    """E-mail addresses that differ; ``None`` when they agree."""
    if "@" not in src and "@" not in tgt:
        return None
    return _diff(_emails(src), _emails(tgt))


_CODE = re.compile(
    _TAG.pattern + "|" + _PLACEHOLDER.pattern + "|" + _URL.pattern + "|" + _EMAIL.pattern
)


def mask_codes(text: str) -> str:
    """``text`` with tags, placeholders, URLs and e-mail addresses blanked out (same
    length): their digits are not numbers of the sentence."""
    if "<" not in text and "{" not in text and "%" not in text and "@" not in text \
            and "://" not in text and "www." not in text:
        return text
    return _CODE.sub(lambda m: " " * len(m.group()), text)


_LINKS = re.compile(_URL.pattern + "|" + _EMAIL.pattern)


def term_text(text: str) -> tuple[str, list[int] | None]:
    """The text glossary terms are looked for in: tags removed (inline codes are not term
    text: "<b>box</b> camera" has "box camera") and URLs and e-mail addresses blanked;
    with the offset in ``text`` of each character (``None`` when nothing was removed)."""
    if "@" in text or "://" in text or "www." in text:
        text = _LINKS.sub(lambda m: " " * len(m.group()), text)
    return strip_tags(text)


def strip_tags(text: str) -> tuple[str, list[int] | None]:
    """``text`` without its XML/HTML tags, and for each character of the result its
    offset in ``text`` (``None`` when nothing was removed)."""
    if "<" not in text:
        return text, None
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _TAG.finditer(text):
        parts.append(text[pos:m.start()])
        offsets.extend(range(pos, m.start()))
        pos = m.end()
    if not parts and pos == 0:
        return text, None
    parts.append(text[pos:])
    offsets.extend(range(pos, len(text) + 1))  # one past the end maps too
    return "".join(parts), offsets
