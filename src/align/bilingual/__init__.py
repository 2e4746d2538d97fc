"""Bilingual files (XLIFF 1.2 and 2.0, PO, TMX): read them, and fill their targets safely.

One store class per format, picked by extension (as translate-toolkit's
``storage/factory.py`` does):

========================  ==========================================  =====================
format                    module                                      extensions
========================  ==========================================  =====================
XLIFF 1.2                 :mod:`align.bilingual.xliff12` (lxml)       ``.xlf`` ``.xliff``
XLIFF 2.0 / 2.1           :mod:`align.bilingual.xliff20` (lxml)       ``.xlf`` ``.xliff``
PO / POT                  :mod:`align.bilingual.po` (translate-toolkit) ``.po`` ``.pot``
TMX 1.4                   :mod:`align.bilingual.tmx` (lxml)           ``.tmx``
========================  ==========================================  =====================

(The XLIFF version is read from the root element.) Readers::

    from align.bilingual import read_bilingual
    f = read_bilingual("job.xlf")          # BilingualFile
    f.src_lang, f.tgt_lang                 # as written: 'pt-BR', 'en-US'
    for u in f.units:                      # BilingualUnit: id, source, target, line, state
        ...                                # texts without inline codes, which are in
                                           # u.source_codes / u.target_codes (InlineCode)

``align translate`` uses :func:`load_store`, each store's ``plan``,
:func:`apply_translations` and the store's ``dumps`` (see :mod:`align.translate.formats`).
"""

from __future__ import annotations

from pathlib import Path

from align.bilingual.base import (
    Applied,
    BilingualFile,
    BilingualUnit,
    Job,
    Plan,
    Store,
    apply_translations,
    same_language,
)
from align.errors import ConfigError, InputError

__all__ = [
    "EXTENSIONS", "STORE_FORMATS", "Applied", "BilingualFile", "BilingualUnit", "Job", "Plan",
    "Store", "apply_translations", "format_of", "load_store", "read_bilingual", "same_language",
]

#: Formats (``align translate --format``) and their extensions.
STORE_FORMATS: tuple[str, ...] = ("xliff", "po", "tmx")
EXTENSIONS: dict[str, str] = {".xlf": "xliff", ".xliff": "xliff", ".po": "po", ".pot": "po",
                              ".tmx": "tmx"}


def format_of(path: str | Path) -> str | None:
    """``xliff``, ``po`` or ``tmx`` from ``path``'s extension (``.gz`` ignored), else None."""
    from align.io import suffix_of

    return EXTENSIONS.get(suffix_of(path))


def load_store(data: bytes | str, name: str, fmt: str) -> Store:
    """Parse ``data`` (file ``name``) as ``fmt`` (``xliff`` picks 1.2 or 2.0 by version)."""
    from align.xmlsafe import strip_encoding_declaration

    if isinstance(data, str):  # already decoded: say UTF-8 wherever the file named a charset
        if fmt == "po":
            import re

            data = re.sub(r"(Content-Type:[^\n\"]*charset=)[-\w.:]+", r"\1UTF-8", data,
                          count=1).encode("utf-8")
        else:
            data = strip_encoding_declaration(data)
    if fmt == "po":
        from align.bilingual.po import PoStore

        return PoStore.parse(data, name)
    if fmt == "tmx":
        from align.bilingual.tmx import TmxStore

        return TmxStore.parse(data, name)
    if fmt == "xliff":
        return _load_xliff(data, name)
    raise ConfigError(f"unknown bilingual format {fmt!r}; choose one of: {', '.join(STORE_FORMATS)}")


def _load_xliff(data: bytes, name: str) -> Store:
    from align.bilingual.xliff12 import Xliff12Store
    from align.bilingual.xliff20 import Xliff20Store
    from align.xmlsafe import parse_xml

    root = parse_xml(data, name, what="XLIFF", root="xliff")
    tag = root.tag if isinstance(root.tag, str) else ""
    version = (root.get("version") or "").strip()
    ns = tag[1:].split("}")[0] if tag.startswith("{") else ""
    if version.startswith("2") or ns.endswith(":2.0"):
        return Xliff20Store(root, name)
    if version.startswith("1") or ns.endswith(":1.2") or not version:
        return Xliff12Store(root, name)
    raise InputError(f"{name}:{root.sourceline}: XLIFF version {version!r} is not supported "
                     "(1.2 and 2.x are)")


def read_bilingual(path: str | Path, *, fmt: str | None = None) -> BilingualFile:
    """Read a bilingual file: its languages as written and its units, texts without codes.

    ``fmt`` (``xliff``, ``po``, ``tmx``) defaults to the one the extension names. Bad
    files raise :class:`~align.errors.InputError` naming the file (and line).
    """
    from align.io import _read_bytes

    name = str(path)
    fmt = fmt or format_of(path)
    if fmt is None:
        raise InputError(f"{name}: not a bilingual file; expected .xlf, .xliff, .po, .pot or .tmx")
    data = _read_bytes(path)
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    return load_store(data, name, fmt).to_file()
