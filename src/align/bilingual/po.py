"""Gettext PO (and POT) through translate-toolkit, which writes untouched entries back as read.

Units are the non-obsolete entries (the header is not one). A non-empty ``msgstr``, fuzzy
or not, is human work and kept unless ``--overwrite``. Machine output is marked
``#, fuzzy``, so ``msgfmt`` leaves it out until a translator has reviewed it. Plural
entries get ``msgid`` translated into ``msgstr[0]`` and ``msgid_plural`` into the other
forms (as many as the header's ``nplurals``). In entries flagged ``c-format``,
``python-format`` or ``python-brace-format`` the format specifiers (``%s``,
``%(name)d``, ``{count}``) are masked like inline codes and come back unchanged. Output
is UTF-8; a header naming another charset is updated to say UTF-8.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from align.bilingual.base import BilingualUnit, Job, Plan, Store
from align.bilingual.inline import mask, restore
from align.errors import InputError

_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlLqjzt]*"
                     r"[diouxXeEfFgGcrsa%]")
_BRACE = re.compile(r"\{[^{}\s]*\}")


def _format_pattern(unit: Any) -> re.Pattern[str] | None:
    flags = "".join(getattr(unit, "typecomments", []) or [])
    if "python-brace-format" in flags:
        return _BRACE
    if re.search(r"\b(c|python)-format\b", flags):
        return _PRINTF
    return None


def _element(text: str, pattern: re.Pattern[str] | None) -> Any:
    """``text`` as an XML element whose format specifiers are ``<ph>`` children."""
    from lxml import etree

    el = etree.Element("s")
    if pattern is None:
        el.text = text
        return el
    pos = 0
    last: Any = None
    for m in pattern.finditer(text):
        chunk = text[pos:m.start()]
        if last is None:
            el.text = chunk
        else:
            last.tail = chunk
        last = etree.SubElement(el, "ph")
        last.text = m.group(0)
        pos = m.end()
    if last is None:
        el.text = text
    else:
        last.tail = text[pos:]
    return el


def _flatten(el: Any) -> str:
    return (el.text or "") + "".join((c.text or "") + (c.tail or "") for c in el)


class PoStore(Store):
    format: ClassVar[str] = "po"

    @classmethod
    def parse(cls, data: bytes, name: str) -> PoStore:
        from translate.storage import po

        try:
            store = po.pofile.parsestring(data)
        except Exception as exc:  # the PO parser raises several kinds
            first = (str(exc).splitlines() or [type(exc).__name__])[0]
            raise InputError(f"{name}: not a valid PO file ({first})") from None
        return cls(store, name)

    @property
    def languages(self) -> tuple[str | None, str | None]:
        header = self.doc.parseheader() if self.doc.units else {}
        return (header.get("X-Source-Language") or self.doc.getsourcelanguage() or None,
                self.doc.gettargetlanguage() or None)

    def _entries(self) -> list[Any]:
        return [u for u in self.doc.units if not u.isheader() and not u.isobsolete()]

    def units(self) -> list[BilingualUnit]:
        src, tgt = self.languages
        out = []
        for u in self._entries():
            target = str(u.target) if u.target is not None else ""
            out.append(BilingualUnit(
                id=u.getid(), source=str(u.source), target=target or None,
                line=int(getattr(u, "line_number", 0) or 0),
                state="fuzzy" if u.isfuzzy() else ("translated" if target else None),
                src_lang=src, tgt_lang=tgt))
        return out

    def plan(self, src: str, tgt: str, *, tgt_tag: str, overwrite: bool, family: str,
             mt_label: str) -> Plan:
        plan = Plan()
        nplurals = 2
        try:
            nplurals = max(1, int(self.doc.getheaderplural()[0] or 2))
        except (TypeError, ValueError):
            pass
        for u in self._entries():
            line = int(getattr(u, "line_number", 0) or 0)
            if not str(u.source).strip():
                plan.skipped += 1
                continue
            if any(str(s).strip() for s in getattr(u.target, "strings", [u.target or ""])):
                if plan.keeps_target(overwrite=overwrite):
                    continue
            pattern = _format_pattern(u)
            sources = list(u.source.strings) if u.hasplural() else [str(u.source)]
            forms: dict[int, str] = {}
            for k, text in enumerate(sources[:2]):
                masked = mask(_element(text, pattern), (), family)
                plan.jobs.append(Job(masked.text, u.getid(), line,
                                     self._writer(u, k, masked, forms, nplurals),
                                     needs_mt=masked.has_words(), masked=masked))
        return plan

    def _writer(self, unit: Any, k: int, masked: Any, forms: dict[int, str],
                nplurals: int) -> Any:
        from lxml import etree

        def write(translation: Any) -> int:
            el = etree.Element("s")
            moved = restore(masked, translation, el)
            forms[k] = _flatten(el)
            if unit.hasplural():
                from translate.misc.multistring import multistring

                one = forms.get(0, "")
                other = forms.get(1, one)
                unit.target = multistring([one] + [other] * (nplurals - 1))
            else:
                unit.target = forms[0]
            unit.markfuzzy(True)
            return moved

        return write

    def dumps(self) -> bytes:
        """The file as UTF-8 (a header naming another charset is updated to say so)."""
        if (self.doc.encoding or "utf-8").lower().replace("_", "-") not in ("utf-8", "utf8"):
            self.doc.updateheader(add=True, content_type="text/plain; charset=UTF-8")
            self.doc.encoding = "UTF-8"
        return bytes(self.doc)
