"""XLIFF 1.2 (``urn:oasis:names:tc:xliff:document:1.2``), edited in place with lxml.

Units are ``trans-unit`` elements (nested in ``group``\\ s or not) of each ``file``;
``translate="no"`` units are left alone. Inline codes: ``g`` and ``mrk`` are paired
(their content is text), ``x``, ``bx``, ``ex``, ``ph``, ``bpt``, ``ept``, ``it`` are
copied whole. Machine output gets ``state="needs-review-translation"`` and
``state-qualifier="mt-suggestion"``; an ``approved="yes"`` is removed from a unit whose
target the machine wrote.
"""

from __future__ import annotations

from typing import Any, ClassVar

from align.bilingual.base import BilingualUnit, Job, Plan, XmlStore, check_language
from align.bilingual.inline import mask, plain_text, read_codes, restore
from align.xmlsafe import child as _child
from align.xmlsafe import local_name as _local
from align.xmlsafe import serialize

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PAIRED = ("g", "mrk")
#: Inline elements that annotate rather than code the text: not codes for the tag check.
MARKERS = ("mrk",)
#: Target states that are human work: never overwritten, even with --overwrite.
PROTECTED = frozenset({"final", "signed-off", "translated"})


def _is_empty(el: Any | None) -> bool:
    return el is None or (not plain_text(el, PAIRED).strip() and len(el) == 0)


class Xliff12Store(XmlStore):
    format: ClassVar[str] = "xliff-1.2"
    root_element: ClassVar[str] = "xliff"
    what: ClassVar[str] = "XLIFF"

    def _files(self) -> list[Any]:
        return [f for f in self.doc if _local(f.tag) == "file"]

    @property
    def languages(self) -> tuple[str | None, str | None]:
        files = self._files()
        if not files:
            return None, None
        return files[0].get("source-language"), files[0].get("target-language")

    def _units(self) -> list[tuple[Any, Any]]:
        return [(f, tu) for f in self._files() for tu in f.iter()
                if _local(tu.tag) == "trans-unit"]

    def units(self) -> list[BilingualUnit]:
        out = []
        for f, tu in self._units():
            src, tgt = _child(tu, "source"), _child(tu, "target")
            if src is None:
                continue
            source, s_codes = read_codes(src, PAIRED, MARKERS)
            target, t_codes = read_codes(tgt, PAIRED, MARKERS) if tgt is not None else (None, ())
            out.append(BilingualUnit(
                id=tu.get("id") or "", source=source, target=target,
                line=tu.sourceline or 0, state=None if tgt is None else tgt.get("state"),
                src_lang=f.get("source-language"),
                tgt_lang=f.get("target-language") or (tgt.get(XML_LANG) if tgt is not None
                                                       else None),
                source_codes=s_codes, target_codes=t_codes))
        return out

    def plan(self, src: str, tgt: str, *, tgt_tag: str, overwrite: bool, family: str,
             mt_label: str) -> Plan:
        plan = Plan()
        for f in self._files():
            check_language(self.name, f.sourceline, "source-language", f.get("source-language"),
                           src, "--src-lang")
            check_language(self.name, f.sourceline, "target-language", f.get("target-language"),
                           tgt, "--tgt-lang")
        for f, tu in self._units():
            source = _child(tu, "source")
            if tu.get("translate") == "no" or source is None or _is_empty(source):
                plan.skipped += 1
                continue
            target = _child(tu, "target")
            if not _is_empty(target):
                protected = target.get("state") in PROTECTED or tu.get("approved") == "yes"
                if plan.keeps_target(overwrite=overwrite, protected=protected):
                    continue
            masked = mask(source, PAIRED, family)
            plan.jobs.append(Job(masked.text, tu.get("id") or "", tu.sourceline or 0,
                                 self._writer(f, tu, source, masked, tgt_tag),
                                 needs_mt=masked.has_words(), masked=masked))
        return plan

    def _writer(self, f: Any, tu: Any, source: Any, masked: Any, tgt_tag: str) -> Any:
        def write(translation: Any) -> int:
            target = _child(tu, "target")
            if target is None:
                ns = source.tag[1:].split("}")[0] if source.tag.startswith("{") else None
                target = source.makeelement(f"{{{ns}}}target" if ns else "target", {})
                after = _child(tu, "seg-source")
                after = after if after is not None else source
                after.addnext(target)
                target.tail = after.tail
                after.tail = tu.text if tu.text and not tu.text.strip() else after.tail
                if not f.get("target-language"):
                    f.set("target-language", tgt_tag)
                if target.get(XML_LANG) is None:
                    target.set(XML_LANG, f.get("target-language") or tgt_tag)
            moved = restore(masked, translation, target)
            target.set("state", "needs-review-translation")
            target.set("state-qualifier", "mt-suggestion")
            if tu.get("approved") == "yes":  # machine output is never approved
                del tu.attrib["approved"]
            return moved

        return write

    def dumps(self) -> bytes:
        return serialize(self.doc)
