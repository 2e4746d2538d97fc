"""Glossary term enforcement around any :class:`~align.translate.base.Translator`.

Every segment is first translated as it is; forbidden target variants are replaced
(``gun camera`` -> ``box camera``); only segments whose output still misses a requested
term are redone, by the mode (``--enforce``):

* ``placeholder``: the missing source terms are masked with tokens the backend copies
  through (``ZXQ0``, ``ZXQ1``, ...; measured per backend), the masked text is translated
  and each token replaced by the glossary's target term, pluralised when the source term
  was plural, with English ``a``/``an`` and sentence-initial capitals fixed. Then all
  terms masked, then the backend's next token family, finally ``repair``.
* ``constrained``: the backend's decoder must produce each target term's token sequence
  (transformers backend; :mod:`align.translate.constrained`).
* ``repair``: replace known wrong renderings (forbidden variants, the backend's own
  translation of the isolated source term, the source term copied) and near misses.

``none`` translates and reports. Every result says, per requested concept, whether the
output honours it and how it got there. Whether a term is requested and whether the
output honours it is decided by :mod:`align.termjudge` (the judge ``align check`` and
``align score`` use too); the plural written for a plural source term comes from
:func:`align.glossary.inflect.plural`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from align.errors import ConfigError
from align.glossary.inflect import looks_plural, plural
from align.glossary.match import columns
from align.lang import base_language, is_cjk
from align.termjudge import TermJudge
from align.translate.base import EnforceMode, TermCheck, TranslationResult, Translator
from align.translate.placeholders import DEFAULT_FAMILIES as _DEFAULT_FAMILIES
from align.translate.placeholders import placeholder_pattern as _placeholder_pattern


@dataclass(frozen=True, slots=True)
class TermRequest:
    """A glossary term found in a source segment, with the target term to produce."""

    entry_id: str
    source: str  # the surface in the source text
    start: int
    end: int
    target: str  # what to put in the output (preferred, inflected like the source)
    accepted: tuple[str, ...]  # preferred and allowed target terms (uninflected)
    forbidden: tuple[str, ...]
    case_sensitive: bool = False


# -- finding requests ----------------------------------------------------------------------


def _judge(glossary: Any, src: str | None, tgt: str) -> TermJudge:
    return TermJudge(glossary, src, tgt)


def find_requests(glossary: Any, text: str, src: str, tgt: str) -> list[TermRequest]:
    """One request per occurrence of a requested glossary term in source ``text`` (the
    judge's requests: forbidden source variants and concepts with no ``tgt`` term are
    not requested), each with the target term to write (plural for a plural source)."""
    if glossary is None or not text.strip():
        return []
    judge = _judge(glossary, src, tgt)
    out = []
    for hit in judge.requests(text)[0]:
        entry = glossary.get(hit.entry_id)
        accepted = judge.expected(hit.entry_id)
        lt = columns(entry, tgt)[0]
        target = accepted[0]
        if looks_plural(hit.surface, hit.term, src):
            target = plural(target, tgt)
        out.append(TermRequest(
            entry_id=entry.id, source=hit.surface, start=hit.start, end=hit.end,
            target=target, accepted=accepted, forbidden=tuple(lt.forbidden),
            case_sensitive=bool(entry.case_sensitive),
        ))
    return out


# -- checking ------------------------------------------------------------------------------

_METHOD_STRENGTH = ("none", "repair", "placeholder", "constrained")


def check_terms(
    glossary: Any, source: str, output: str, requests: Sequence[TermRequest], src: str,
    tgt: str, method: str | Sequence[str] = "none",
) -> tuple[TermCheck, ...]:
    """The judge's verdict on ``output`` for each concept ``requests`` ask for: one
    :class:`TermCheck` per concept, in order of first request (the judge's counting rule:
    a concept named twice is one request). ``method`` is one string or one per request;
    a concept's method is the strongest of its requests'."""
    if not requests:
        return ()
    j = _judge(glossary, src, tgt).judge(source, output)
    methods = [method] * len(requests) if isinstance(method, str) else list(method)
    first: dict[str, TermRequest] = {}
    how: dict[str, str] = {}
    for req, meth in zip(requests, methods, strict=True):
        first.setdefault(req.entry_id, req)
        old = how.get(req.entry_id, "none")
        how[req.entry_id] = max(old, meth, key=_METHOD_STRENGTH.index)
    checks = []
    for entry_id, req in first.items():
        v = j.verdict(entry_id)
        found = v.found if v is not None else None
        checks.append(TermCheck(
            entry_id=entry_id, source=req.source, expected=req.target,
            found=found.surface if found is not None else None,
            ok=v is not None and v.ok, method=how[entry_id]))
    return tuple(checks)


# -- placeholder mode ----------------------------------------------------------------------


def mask(text: str, requests: Sequence[TermRequest], family: str) -> str:
    """Replace each request's source span with its placeholder (``family`` with ``{i}``)."""
    out = text
    for i in reversed(range(len(requests))):
        r = requests[i]
        out = out[:r.start] + family.format(i=i) + out[r.end:]
    return out


def _article_fix(text: str, start: int, term: str) -> str:
    """English a/an agreement for the word before position ``start``."""
    m = re.search(r"\b([Aa]n?)(\s+)$", text[:start])
    if not m:
        return text
    vowel = bool(re.match(r"[aeiou]", term, re.IGNORECASE)) and not re.match(
        r"(uni|use|eu|one|uk)", term, re.IGNORECASE)
    art = m.group(1)
    new = ("an" if vowel else "a")
    if art[0].isupper():
        new = new.capitalize()
    return text[:m.start(1)] + new + text[m.end(1):]


def unmask(output: str, requests: Sequence[TermRequest], family: str, tgt: str) -> str | None:
    """Put each request's target term where its placeholder came back, or ``None``.

    ``None`` means some placeholder is missing or duplicated: the caller retries.
    """
    spans = []
    for i in range(len(requests)):
        found = list(_placeholder_pattern(family, i).finditer(output))
        if len(found) != 1:
            return None
        spans.append((found[0].start(), found[0].end(), i))
    text = output
    for start, end, i in sorted(spans, reverse=True):
        term = requests[i].target
        sentence_start = not text[:start].strip() or bool(
            re.search(r"[.!?]\s+$|[\"“(]$", text[:start]))
        if sentence_start and term[:1].islower() and not is_cjk(tgt):
            term = term[:1].upper() + term[1:]
        text = text[:start] + term + text[end:]
        if base_language(tgt) == "en":
            text = _article_fix(text, start, term)
    return text


# -- repair mode ---------------------------------------------------------------------------


def _match_case(template: str, term: str) -> str:
    if template[:1].isupper() and term[:1].islower():
        return term[:1].upper() + term[1:]
    return term


def repair(
    output: str, requests: Sequence[TermRequest], glossary: Any, tgt: str,
    variants: dict[str, list[str]] | None = None, *, forbidden_only: bool = False,
) -> str:
    """Replace forbidden variants (and, per request, ``variants[source]``) with the term.

    Every forbidden target term the glossary's matcher finds is replaced with its entry's
    preferred term; then (unless ``forbidden_only``) a request whose term is still
    missing has its known wrong renderings replaced: its forbidden list, the extra
    ``variants``, and the source term copied untranslated.
    """
    text = output
    if glossary is not None and text.strip():
        for hit in sorted(glossary.matcher(tgt).find(text), key=lambda h: -h.start):
            if hit.status != "forbidden":
                continue
            terms = glossary.get(hit.entry_id).terms_for(tgt)
            if terms is None or not terms.preferred:
                continue
            text = text[:hit.start] + _match_case(hit.surface, terms.preferred) + text[hit.end:]
    if forbidden_only:
        return text
    cjk = is_cjk(tgt)
    for req in requests:
        if glossary is not None and req.entry_id in _present(glossary, text, tgt):
            continue  # the judge finds an accepted rendering already
        # Known wrong renderings, the backend's own rendering, and the source term copied.
        candidates = [*req.forbidden, *((variants or {}).get(req.source, [])), req.source]
        for wrong in sorted({c for c in candidates if c.strip()}, key=len, reverse=True):
            pat = re.escape(wrong) if cjk else rf"(?<!\w){re.escape(wrong)}(?!\w)"
            m = re.search(pat, text, re.IGNORECASE)
            if m:
                text = text[:m.start()] + _match_case(m.group(0), req.target) + text[m.end():]
                break
        else:
            if not cjk:
                text = _fuzzy_replace(text, req.target)
    return text


def _present(glossary: Any, text: str, tgt: str) -> set[str]:
    """The concepts ``text`` renders with an accepted term (the judge's matcher)."""
    hits = _judge(glossary, None, tgt).judge(None, text).target_hits
    return {h.entry_id for h in hits if h.status != "forbidden"}


def _trigrams(text: str) -> set[str]:
    t = f" {text.lower()} "
    return {t[k:k + 3] for k in range(len(t) - 2)}


#: Least character-trigram Jaccard similarity for a near-miss to be replaced.
FUZZY_THRESHOLD = 0.5


def _fuzzy_replace(text: str, term: str) -> str:
    """Replace the word span of ``text`` most like ``term`` (a near miss) with ``term``.

    Spans of one word fewer to one word more than ``term`` are compared by character
    trigram Jaccard similarity; the best is replaced when it reaches
    :data:`FUZZY_THRESHOLD` ("Senate Judicial Committee" -> "Senate Judiciary Committee",
    "U. S." -> "U.S.").
    """
    words = list(re.finditer(r"[^\s,;:!?()\"“”]+", text))
    k = len(term.split())
    target = _trigrams(term)
    best = (0.0, 0, 0)
    for n in range(max(1, k - 1), k + 2):
        for i in range(len(words) - n + 1):
            start, end = words[i].start(), words[i + n - 1].end()
            span = text[start:end].rstrip(".") if not term.endswith(".") else text[start:end]
            grams = _trigrams(span)
            sim = len(grams & target) / max(1, len(grams | target))
            if sim > best[0]:
                best = (sim, start, start + len(span))
    sim, start, end = best
    if sim < FUZZY_THRESHOLD:
        return text
    return text[:start] + _match_case(text[start:end], term) + text[end:]


# -- the driver ----------------------------------------------------------------------------


def default_mode(translator: Translator) -> EnforceMode:
    """The strongest mode the backend supports (its first listed mode)."""
    return translator.modes[0] if translator.modes else EnforceMode.REPAIR


def translate_with_terms(
    translator: Translator,
    texts: Sequence[str],
    src: str,
    tgt: str,
    *,
    glossary: Any = None,
    mode: EnforceMode | str | None = None,
    batch_size: int = 16,
    auto_variants: bool = True,
) -> list[TranslationResult]:
    """Translate ``texts`` with ``translator``, enforcing ``glossary`` terms by ``mode``.

    ``mode=None`` picks :func:`default_mode`; without a glossary the mode is irrelevant
    and results carry no term checks. Every segment is first translated as it is; only
    segments whose output misses a requested term are redone by the mode (so terms the
    backend gets right by itself cost nothing and keep its wording; their ``method`` is
    ``none``). ``auto_variants`` lets ``repair`` also replace the backend's own
    translation of an isolated source term. Results come back in input order.
    """
    if mode is None:
        m = default_mode(translator)
    else:
        m = EnforceMode.parse(str(getattr(mode, "value", mode)))
    if glossary is not None and m not in (EnforceMode.NONE, *translator.modes):
        valid = ", ".join(x.value for x in (*translator.modes, EnforceMode.NONE))
        raise ConfigError(
            f"backend {translator.name!r} does not support --enforce {m.value}; "
            f"choose one of: {valid}"
        )
    translator.check_pair(src, tgt)
    requests = [find_requests(glossary, t, src, tgt) for t in texts]
    outs = translator.translate(texts, src, tgt, batch_size=batch_size)
    methods: list[list[str]] = [["none"] * len(reqs) for reqs in requests]
    if glossary is not None and m is not EnforceMode.NONE:
        # Forbidden variants go first; then the segments still missing a term are redone.
        for i, reqs in enumerate(requests):
            fixed = repair(outs[i], reqs, glossary, tgt, None, forbidden_only=True)
            if fixed != outs[i]:
                if not reqs:
                    outs[i] = fixed
                else:
                    before = _ok(glossary, texts[i], outs[i], reqs, src, tgt)
                    after = _ok(glossary, texts[i], fixed, reqs, src, tgt)
                    methods[i] = ["repair" if r.entry_id in after - before else "none"
                                  for r in reqs]
                    outs[i] = fixed
        todo = [i for i, reqs in enumerate(requests)
                if reqs and len(_ok(glossary, texts[i], outs[i], reqs, src, tgt))
                < len({r.entry_id for r in reqs})]
        if todo and m is EnforceMode.CONSTRAINED:
            redo = translator.translate_constrained(  # type: ignore[attr-defined]
                [texts[i] for i in todo], src, tgt,
                [[r.target for r in requests[i]] for i in todo], batch_size=batch_size)
            for i, o in zip(todo, redo, strict=True):
                outs[i] = repair(o, requests[i], glossary, tgt, None, forbidden_only=True)
                methods[i] = ["constrained"] * len(requests[i])
        elif todo and m is EnforceMode.PLACEHOLDER:
            _placeholder(translator, texts, requests, outs, methods, todo, src, tgt, glossary,
                         batch_size=batch_size, auto_variants=auto_variants)
        elif todo:  # repair
            variants = (_auto_variants(translator, [requests[i] for i in todo], src, tgt,
                                       batch_size) if auto_variants else {})
            for i in todo:
                outs[i] = repair(outs[i], requests[i], glossary, tgt, variants)
                methods[i] = ["repair"] * len(requests[i])
    return [
        TranslationResult(source=t, text=o,
                          terms=check_terms(glossary, t, o, reqs, src, tgt, meth))
        for t, o, reqs, meth in zip(texts, outs, requests, methods, strict=True)
    ]


def _auto_variants(
    translator: Translator, requests: Sequence[Sequence[TermRequest]], src: str, tgt: str,
    batch_size: int,
) -> dict[str, list[str]]:
    """The backend's translation of each distinct source term in isolation."""
    sources = sorted({r.source for reqs in requests for r in reqs})
    if not sources:
        return {}
    outs = translator.translate(sources, src, tgt, batch_size=batch_size)
    variants: dict[str, list[str]] = {}
    for s, o in zip(sources, outs, strict=True):
        o = o.strip().rstrip(".!?")
        forms = [o]
        low = re.sub(r"^(the|a|an|o|a|os|as|um|uma)\s+", "", o, flags=re.IGNORECASE)
        if low != o:
            forms.append(low)
        variants[s] = [f for f in forms if f]
    return variants


def _ok(
    glossary: Any, source: str, output: str, reqs: Sequence[TermRequest], src: str, tgt: str
) -> set[str]:
    """The requested concepts ``output`` honours (the judge's verdict ``ok``)."""
    return {c.entry_id for c in check_terms(glossary, source, output, reqs, src, tgt) if c.ok}


def _placeholder(
    translator: Translator, texts: Sequence[str], requests: list[list[TermRequest]],
    outs: list[str], methods: list[list[str]], todo: list[int], src: str, tgt: str,
    glossary: Any, *, batch_size: int, auto_variants: bool,
) -> None:
    """Redo segments ``todo`` with placeholders, updating ``outs`` and ``methods`` in place.

    Attempts, in order, until every term of a segment is in: mask only the missing
    terms; mask all of them; the same with each further token family; finally repair
    the plain translation. When none gets every term, the attempt with most terms wins.
    """
    families = tuple(getattr(translator, "placeholder_families", _DEFAULT_FAMILIES))
    plain = {i: outs[i] for i in todo}
    best: dict[int, tuple[int, str, list[str]]] = {
        i: (len(_ok(glossary, texts[i], outs[i], requests[i], src, tgt)), outs[i], methods[i])
        for i in todo}
    attempts = [(families[0], True)] + [(f, False) for f in families]
    left = list(todo)
    for family, only_missing in attempts:
        if not left:
            break
        jobs = []  # (segment, masked requests, masked text)
        for i in left:
            reqs = requests[i]
            if only_missing:
                ok = _ok(glossary, texts[i], plain[i], reqs, src, tgt)
                sub = [r for r in reqs if r.entry_id not in ok]
            else:
                sub = list(reqs)
            jobs.append((i, sub, mask(texts[i], sub, family)))
        got = translator.translate([j[2] for j in jobs], src, tgt, batch_size=batch_size)
        still = []
        for (i, sub, _), o in zip(jobs, got, strict=True):
            restored = unmask(o, sub, family, tgt)
            if restored is not None:
                restored = repair(restored, requests[i], glossary, tgt, None, forbidden_only=True)
                n = len(_ok(glossary, texts[i], restored, requests[i], src, tgt))
                meth = ["placeholder" if r in sub else "none" for r in requests[i]]
                if n > best[i][0]:
                    best[i] = (n, restored, meth)
                if n == len({r.entry_id for r in requests[i]}):
                    continue
            still.append(i)
        left = still
    if left:  # no placeholder attempt got every term: repair the plain translation
        variants = (_auto_variants(translator, [requests[i] for i in left], src, tgt,
                                   batch_size) if auto_variants else {})
        for i in left:
            fixed = repair(plain[i], requests[i], glossary, tgt, variants)
            n = len(_ok(glossary, texts[i], fixed, requests[i], src, tgt))
            if n >= best[i][0]:
                best[i] = (n, fixed, ["repair"] * len(requests[i]))
    for i in todo:
        _, outs[i], methods[i] = best[i]
