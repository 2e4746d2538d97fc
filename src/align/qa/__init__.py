"""Translation QA checks beyond terminology, one segment pair at a time.

:class:`SegmentChecks` (built once, then called pair after pair) and
:func:`segment_findings` (one call) run the active rules of :mod:`align.qa.rules` that
look at one pair (numbers, tags and placeholders, URLs, e-mail addresses, empty and
untranslated targets, whitespace, repeated words, terminal punctuation, brackets and
quotes) and return :class:`Finding` objects; :class:`~align.qa.consistency.Consistency` handles the
rules across segments, and :mod:`align.termjudge` the terminology rules. One module per
family: :mod:`~align.qa.numbers`, :mod:`~align.qa.markup`, :mod:`~align.qa.text`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from align.qa import markup, numbers, text

__all__ = ["Finding", "SegmentChecks", "segment_findings"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule broken by one segment: the offending span and what to say about it."""

    rule: str
    start: int  # span of the offending text (0, 0: the whole segment / nothing to point at)
    end: int
    side: str  # "target" or "source": which text the span is in
    found: str  # the offending text ("" when something is missing)
    message: str  # what is wrong, without the rule id or location


def _q(items: object) -> str:
    return ", ".join(f'"{i}"' for i in items)  # type: ignore[attr-defined]


def _markup(rule: str, what: str, d: markup.Diff, tgt: str) -> Finding:
    if d.misnested is not None and not d.missing and not d.extra:
        m = d.misnested
        return Finding(rule, m.start, m.end, "target", tgt[m.start:m.end],
                       f'{what} "{tgt[m.start:m.end]}" closes out of order')
    parts = []
    if d.missing:
        parts.append(f"missing from the target: {_q(i.key for i in d.missing)}")
    if d.extra:
        parts.append(f"not in the source: {_q(tgt[i.start:i.end] or i.key for i in d.extra)}")
    span = next((i for i in d.extra if i.end > i.start), None)
    if span is not None:
        return Finding(rule, span.start, span.end, "target", tgt[span.start:span.end],
                       f"{what} differ: " + "; ".join(parts))
    return Finding(rule, 0, 0, "target", "", f"{what} differ: " + "; ".join(parts))


class SegmentChecks:
    """The active pair and target rules of :mod:`align.qa.rules`, ready to run on one
    segment pair after another (:func:`segment_findings` for a single call)."""

    def __init__(self, rules: Collection[str]) -> None:
        self.rules = frozenset(rules)
        on = self.rules.__contains__
        self._empty, self._untranslated = on("empty-target"), on("untranslated")
        self._numbers, self._tags = on("number-mismatch"), on("tag-mismatch")
        self._urls, self._emails = on("url-mismatch"), on("email-mismatch")
        self._edges, self._end = on("whitespace-edges"), on("end-punctuation")
        self._double, self._repeated = on("double-space"), on("repeated-word")
        self._brackets = on("unbalanced-brackets")

    def __call__(
        self,
        src: str | None,
        tgt: str,
        src_lang: str | None,
        tgt_lang: str,
        codes: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
    ) -> list[Finding]:
        """The findings on one pair (``src=None``: monolingual text, where only the target
        rules run). ``codes`` are the pair's inline codes (XLIFF)."""
        out: list[Finding] = []
        if src is not None and src_lang is not None:
            if self._empty and text.empty_target(src, tgt):
                out.append(Finding("empty-target", 0, 0, "target", "", "the target is empty"))
                return out
            if self._untranslated and text.untranslated(src, tgt, src_lang, tgt_lang):
                out.append(Finding("untranslated", 0, len(tgt), "target", tgt,
                                   f"the target repeats the source ({src_lang})"))
            if self._numbers and (numbers.has_digit(src) or numbers.has_digit(tgt)):
                # (masking only blanks characters out: no digit before, none after)
                nd = numbers.compare(markup.mask_codes(src), markup.mask_codes(tgt),
                                     src_lang, tgt_lang)
                if nd is not None:
                    out.append(_numbers(nd, tgt_lang))
            if self._tags:
                td = markup.tag_diff(src, tgt, codes)
                if td is not None:
                    out.append(_markup("tag-mismatch", "tags and placeholders", td, tgt))
            if self._urls:
                ud = markup.url_diff(src, tgt)
                if ud is not None:
                    out.append(_markup("url-mismatch", "URLs", ud, tgt))
            if self._emails:
                ed = markup.email_diff(src, tgt)
                if ed is not None:
                    out.append(_markup("email-mismatch", "e-mail addresses", ed, tgt))
            if self._edges:
                we = text.whitespace_edges(src, tgt)
                if we is not None:
                    out.append(Finding("whitespace-edges", we[0], we[1], "target",
                                       tgt[we[0]:we[1]],
                                       f"{we[2]} whitespace differs from the source's"))
            if self._end:
                ep = text.end_punctuation(src, tgt)
                if ep is not None:
                    sk, tk, off = ep
                    end = off + 1 if tk != "none" else off
                    out.append(Finding("end-punctuation", off, min(end, len(tgt)), "target",
                                       tgt[off:end] if tk != "none" else "",
                                       f"the source ends as a {sk}, the target as a {tk}"))
        if self._double:
            ds = text.double_space(src, tgt)
            if ds is not None:
                out.append(Finding("double-space", ds[0], ds[1], "target", tgt[ds[0]:ds[1]],
                                   "two or more spaces in a row"))
        if self._repeated:
            rw = text.repeated_word(src, tgt, tgt_lang)
            if rw is not None:
                out.append(Finding("repeated-word", rw[0], rw[1], "target", tgt[rw[0]:rw[1]],
                                   f'word repeated: "{tgt[rw[0]:rw[1]]}"'))
        if self._brackets:
            ub = text.unbalanced_brackets(src, tgt)
            if ub is not None:
                mark = tgt[ub:ub + 1]
                out.append(Finding("unbalanced-brackets", ub, ub + len(mark), "target", mark,
                                   f'"{mark}" has no partner' if mark else
                                   "the brackets and quotes do not mirror the source's"))
        return out


def segment_findings(
    src: str | None,
    tgt: str,
    src_lang: str | None,
    tgt_lang: str,
    rules: Collection[str],
    codes: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
) -> list[Finding]:
    """The findings of the active ``rules`` on one pair (``src=None``: monolingual text,
    where only the target rules run). ``codes`` are the pair's inline codes (XLIFF)."""
    return SegmentChecks(rules)(src, tgt, src_lang, tgt_lang, codes)


def _numbers(nd: numbers.NumberDiff, tgt_lang: str) -> Finding:
    parts = []
    if nd.missing:
        parts.append(f"missing from the target: {_q(n.text for n in nd.missing)}")
    if nd.extra:
        parts.append(f"not in the source: {_q(n.text for n in nd.extra)}")
    foreign = [n for n in nd.foreign if n not in nd.extra]
    if foreign:
        sep = "comma" if numbers.decimal_comma(tgt_lang) else "point"
        parts.append(f"written with the other decimal separator ({tgt_lang} uses a decimal "
                     f"{sep}): {_q(n.text for n in foreign)}")
    span = nd.extra[0] if nd.extra else foreign[0] if foreign else None
    if span is not None:
        return Finding("number-mismatch", span.start, span.end, "target", span.text,
                       "numbers differ: " + "; ".join(parts))
    first = nd.missing[0]
    return Finding("number-mismatch", first.start, first.end, "source", first.text,
                   "numbers differ: " + "; ".join(parts))
