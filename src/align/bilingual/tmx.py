"""TMX 1.4 (1.1 and 1.3 read alike), edited in place with lxml.

Each ``tu`` is a unit: its source is the ``tuv`` in ``--src-lang`` (``xml:lang`` or the
TMX 1.1 ``lang``, region ignored: ``pt-BR`` is Portuguese), its target the ``tuv`` in
``--tgt-lang``. An existing non-empty target ``tuv`` is kept unless ``--overwrite``.
A new target ``tuv`` carries the tag the file already uses for that language (else
``--tgt-lang`` as given), ``creationtool="align"``, a ``creationdate`` and
``<prop type="x-align-mt">`` with the backend signature. Inline codes: ``hi`` is
paired, ``bpt``, ``ept``, ``it``, ``ph`` and ``ut`` are copied whole.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar

from align.bilingual.base import BilingualUnit, Job, Plan, XmlStore, same_language
from align.bilingual.inline import mask, plain_text, read_codes, restore
from align.xmlsafe import child as _child
from align.xmlsafe import local_name as _local
from align.xmlsafe import serialize

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PAIRED = ("hi",)
#: The ``prop`` type that marks machine output.
MT_PROP = "x-align-mt"


def _lang(tuv: Any) -> str | None:
    value = tuv.get(XML_LANG) or tuv.get("lang")
    return str(value) if value else None


def _seg(tuv: Any) -> Any:
    return _child(tuv, "seg")


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("align")
    except metadata.PackageNotFoundError:
        return "0"


class TmxStore(XmlStore):
    format: ClassVar[str] = "tmx"
    root_element: ClassVar[str] = "tmx"
    what: ClassVar[str] = "TMX"

    def _header(self) -> Any:
        return _child(self.doc, "header")

    def _tus(self) -> list[Any]:
        return [tu for tu in self.doc.iter() if _local(tu.tag) == "tu"]

    @property
    def languages(self) -> tuple[str | None, str | None]:
        header = self._header()
        src = header.get("srclang") if header is not None else None
        src = None if src in (None, "*all*") else src
        tgt = None
        for tu in self._tus():
            for tuv in tu:
                lang = _lang(tuv) if _local(tuv.tag) == "tuv" else None
                if lang and (src is None or not same_language(lang, src)):
                    tgt = lang
                    break
                if lang and src is None:
                    src = lang
            if tgt:
                break
        return src, tgt

    def _pick(self, tu: Any, lang: str | None) -> Any:
        if lang is None:
            return None
        return next((v for v in tu if _local(v.tag) == "tuv" and same_language(_lang(v), lang)),
                    None)

    def units(self) -> list[BilingualUnit]:
        src, tgt = self.languages
        out = []
        for n, tu in enumerate(self._tus(), 1):
            s, t = self._pick(tu, src), self._pick(tu, tgt)
            if s is None or _seg(s) is None:
                continue
            ts = _seg(t) if t is not None else None
            source, s_codes = read_codes(_seg(s), PAIRED)
            target, t_codes = read_codes(ts, PAIRED) if ts is not None else (None, ())
            out.append(BilingualUnit(
                id=tu.get("tuid") or str(n), source=source, target=target,
                line=tu.sourceline or 0, src_lang=_lang(s),
                tgt_lang=_lang(t) if t is not None else tgt,
                source_codes=s_codes, target_codes=t_codes))
        return out

    def plan(self, src: str, tgt: str, *, tgt_tag: str, overwrite: bool, family: str,
             mt_label: str) -> Plan:
        plan = Plan()
        # The tag this file already uses for the target language, e.g. en-US.
        existing = next((_lang(v) for tu in self._tus() for v in tu
                         if _local(v.tag) == "tuv" and same_language(_lang(v), tgt)), None)
        tag = existing or tgt_tag
        for n, tu in enumerate(self._tus(), 1):
            s = self._pick(tu, src)
            seg = _seg(s) if s is not None else None
            if seg is None or not plain_text(seg, PAIRED).strip():
                plan.skipped += 1
                continue
            t = self._pick(tu, tgt)
            tseg = _seg(t) if t is not None else None
            if tseg is not None and (plain_text(tseg, PAIRED).strip() or len(tseg)):
                if plan.keeps_target(overwrite=overwrite):
                    continue
            masked = mask(seg, PAIRED, family)
            plan.jobs.append(Job(masked.text, tu.get("tuid") or str(n), tu.sourceline or 0,
                                 self._writer(tu, s, seg, masked, tag, mt_label, tgt),
                                 needs_mt=masked.has_words(), masked=masked))
        return plan

    def _writer(self, tu: Any, s: Any, seg: Any, masked: Any, tag: str, label: str,
                tgt_lang: str) -> Any:
        def write(translation: Any) -> int:
            t = next((v for v in tu if _local(v.tag) == "tuv" and _lang(v) == tag), None)
            if t is None:  # --overwrite of a target tuv tagged otherwise (en-GB for en)
                t = self._pick(tu, tgt_lang)
            if t is None:
                attr = "lang" if s.get("lang") and not s.get(XML_LANG) else XML_LANG  # TMX 1.1
                t = s.makeelement(s.tag, {attr: tag})
                s.addnext(t)
                t.tail = s.tail
                if tu.text and not tu.text.strip():
                    s.tail = tu.text
                t.text = s.text
            for stale in [c for c in t if _local(c.tag) in ("prop", "seg")
                          and (c.tag != "prop" or c.get("type") == MT_PROP)]:
                t.remove(stale)
            t.set("creationtool", "align")
            t.set("creationtoolversion", _version())
            t.set("creationdate", time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()))
            prop = t.makeelement("prop", {"type": MT_PROP})
            prop.text = label
            new = seg.makeelement(seg.tag, {})
            t.append(prop)
            t.append(new)
            indent = s.text if s.text and not s.text.strip() else None
            if indent:
                prop.tail = indent
                new.tail = s[-1].tail if len(s) else None
            return restore(masked, translation, new)

        return write

    def dumps(self) -> bytes:
        return serialize(self.doc)
