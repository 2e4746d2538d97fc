"""XLIFF 2.0 / 2.1 (``urn:oasis:names:tc:xliff:document:2.0``), edited in place with lxml.

translate-toolkit reads XLIFF 2 only partly (no segments states, inline codes flattened),
so this store works on the tree. Units are the ``segment`` elements of each ``unit``
(``ignorable`` ones are whitespace and left alone); ``translate="no"`` on a unit, group
or file is inherited. Inline codes: ``pc`` and ``mrk`` are paired, ``ph``, ``sc``,
``ec``, ``sm``, ``em`` and ``cp`` are copied whole. Machine output gets
``state="initial"`` on its segment (and loses any ``subState``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from align.bilingual.base import BilingualUnit, Job, Plan, XmlStore, check_language
from align.bilingual.inline import mask, plain_text, read_codes, restore
from align.xmlsafe import child as _child
from align.xmlsafe import local_name as _local
from align.xmlsafe import serialize

NS = "urn:oasis:names:tc:xliff:document:2.0"
PAIRED = ("pc", "mrk")
#: Inline elements that annotate rather than code the text (``cp`` stands for a
#: character): not codes for the tag check.
MARKERS = ("mrk", "sm", "em", "cp")
#: Segment states that are human work: never overwritten, even with --overwrite.
PROTECTED = frozenset({"translated", "reviewed", "final"})


def _translatable(el: Any) -> bool:
    node = el
    while node is not None:
        value = node.get("translate")
        if value is not None:
            return value != "no"
        node = node.getparent()
    return True


class Xliff20Store(XmlStore):
    format: ClassVar[str] = "xliff-2.0"
    root_element: ClassVar[str] = "xliff"
    what: ClassVar[str] = "XLIFF"

    @property
    def languages(self) -> tuple[str | None, str | None]:
        return self.doc.get("srcLang"), self.doc.get("trgLang")

    def _segments(self) -> list[tuple[Any, Any]]:
        out = []
        for unit in self.doc.iter():
            if _local(unit.tag) != "unit":
                continue
            out += [(unit, seg) for seg in unit if _local(seg.tag) == "segment"]
        return out

    def units(self) -> list[BilingualUnit]:
        out = []
        src_lang, tgt_lang = self.languages
        for unit, seg in self._segments():
            source, target = _child(seg, "source"), _child(seg, "target")
            if source is None:
                continue
            uid = unit.get("id") or ""
            if seg.get("id"):
                uid = f"{uid}/{seg.get('id')}"
            text, s_codes = read_codes(source, PAIRED, MARKERS)
            t_text, t_codes = (read_codes(target, PAIRED, MARKERS) if target is not None
                               else (None, ()))
            out.append(BilingualUnit(
                id=uid, source=text, target=t_text, source_codes=s_codes, target_codes=t_codes,
                line=seg.sourceline or 0,
                state=(seg.get("state") or "initial") if target is not None else None,
                src_lang=src_lang, tgt_lang=tgt_lang))
        return out

    def plan(self, src: str, tgt: str, *, tgt_tag: str, overwrite: bool, family: str,
             mt_label: str) -> Plan:
        plan = Plan()
        check_language(self.name, self.doc.sourceline, "srcLang", self.doc.get("srcLang"), src,
                       "--src-lang")
        check_language(self.name, self.doc.sourceline, "trgLang", self.doc.get("trgLang"), tgt,
                       "--tgt-lang")
        for unit, seg in self._segments():
            source = _child(seg, "source")
            if source is None or not _translatable(unit) or not (
                    plain_text(source, PAIRED).strip() or len(source)):
                plan.skipped += 1
                continue
            target = _child(seg, "target")
            if target is not None and (plain_text(target, PAIRED).strip() or len(target)):
                if plan.keeps_target(overwrite=overwrite,
                                     protected=seg.get("state") in PROTECTED):
                    continue
            masked = mask(source, PAIRED, family)
            uid = unit.get("id") or ""
            plan.jobs.append(Job(masked.text, uid, seg.sourceline or 0,
                                 self._writer(seg, source, masked, tgt_tag),
                                 needs_mt=masked.has_words(), masked=masked))
        return plan

    def _writer(self, seg: Any, source: Any, masked: Any, tgt_tag: str) -> Any:
        def write(translation: Any) -> int:
            target = _child(seg, "target")
            if target is None:
                ns = source.tag[1:].split("}")[0] if source.tag.startswith("{") else None
                target = source.makeelement(f"{{{ns}}}target" if ns else "target", {})
                source.addnext(target)
                target.tail = source.tail
                if seg.text and not seg.text.strip():
                    source.tail = seg.text
                if not self.doc.get("trgLang"):
                    self.doc.set("trgLang", tgt_tag)
            moved = restore(masked, translation, target)
            seg.set("state", "initial")
            if seg.get("subState") is not None:
                del seg.attrib["subState"]
            return moved

        return write

    def dumps(self) -> bytes:
        return serialize(self.doc)
