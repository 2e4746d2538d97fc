"""Untrusted XML in and out: the one place that parses and serialises interchange files.

TBX, TMX and XLIFF come from other people's tools, so they are parsed with
entity expansion, DTD loading and network access off, and rejected (one-line
:class:`~align.errors.InputError` naming the file and line) when they

* declare entities in a DOCTYPE (billion laughs, external entities: ``<!ENTITY xxe
  SYSTEM "file:///etc/passwd">``), or
* use an entity that is not one of XML's five (``&xxe;``), which lxml would
  otherwise keep as an unresolved reference node and a reader would take as text.

A plain ``<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">`` is accepted (and not
loaded). :func:`serialize` never writes a DOCTYPE: outputs carry the XML declaration,
the processing instructions and comments around the root, and the root.
"""

from __future__ import annotations

from typing import Any

from align.errors import InputError

__all__ = ["parse_xml", "serialize", "strip_encoding_declaration"]


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_blank_text=False, strip_cdata=False)


def strip_encoding_declaration(text: str) -> bytes:
    """``text`` (already decoded) as UTF-8 bytes whose XML declaration says UTF-8."""
    import re

    if text.startswith("\ufeff"):
        text = text[1:]
    m = re.match(r"<\?xml[^>]*\?>", text)
    if m:
        decl = re.sub(r"""encoding\s*=\s*["'][^"']*["']""", 'encoding="UTF-8"', m.group(0))
        text = decl + text[m.end():]
    return text.encode("utf-8")


def local_name(tag: Any) -> str:
    """An element's name without its namespace (``""`` for comments and PIs)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def child(el: Any, name: str) -> Any:
    """The first element named ``name`` (any namespace) among ``el``'s children (or any
    iterable of elements), or ``None``."""
    return next((c for c in el if local_name(c.tag) == name), None)


def parse_xml(data: bytes | str, name: str, *, what: str = "XML", root: str | None = None) -> Any:
    """Parse ``data`` (the content of file ``name``) safely; returns the root element.

    ``what`` names the expected format in messages (``TBX``, ``XLIFF``, ``TMX``); ``root``,
    when given, is the root element's required local name.
    """
    from lxml import etree

    if isinstance(data, str):
        data = strip_encoding_declaration(data)
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    try:
        doc = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        msg = str(exc.msg or exc).split(" (<string>")[0]
        if "not defined" in msg:
            msg += "; entity references other than &amp; &lt; &gt; &quot; &apos; are refused"
        raise InputError(f"{name}:{exc.lineno or 0}: not well-formed XML ({msg})") from None
    docinfo = doc.getroottree().docinfo
    dtd = docinfo.internalDTD
    if dtd is not None:
        for ent in dtd.iterentities():
            raise InputError(
                f"{name}:1: the DOCTYPE declares entity {ent.name!r}; entity declarations are "
                f"refused (they can expand without bound or read local files)")
    for node in doc.iter(etree.Entity):
        raise InputError(
            f"{name}:{node.sourceline or 0}: undefined entity reference {node.text!s}; "
            "only &amp; &lt; &gt; &quot; &apos; and character references are allowed")
    if root is not None and local_name(doc.tag) != root:
        raise InputError(f"{name}:{doc.sourceline}: root element is <{local_name(doc.tag)}>, "
                         f"not <{root}>; is this {what}?")
    return doc


def serialize(root: Any) -> bytes:
    """``root``'s document as UTF-8 bytes: declaration, top-level PIs/comments, root; no DOCTYPE."""
    from lxml import etree

    parts = [b'<?xml version="1.0" encoding="UTF-8"?>\n']
    before = []
    node = root.getprevious()
    while node is not None:
        before.append(node)
        node = node.getprevious()
    for node in reversed(before):
        parts.append(etree.tostring(node, encoding="UTF-8", xml_declaration=False, with_tail=False) + b"\n")
    parts.append(etree.tostring(root, encoding="UTF-8", xml_declaration=False, with_tail=False))
    node = root.getnext()
    while node is not None:
        parts.append(b"\n" + etree.tostring(node, encoding="UTF-8", xml_declaration=False, with_tail=False))
        node = node.getnext()
    parts.append(b"\n")
    return b"".join(parts)
