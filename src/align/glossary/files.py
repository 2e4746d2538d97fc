"""Reading and writing glossary files: the format comes from the extension."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from align.errors import InputError
from align.glossary.jsonfmt import dumps_json, parse_json
from align.glossary.model import Glossary
from align.glossary.table import dumps_table, parse_table, parse_xlsx
from align.glossary.tbx import dumps_tbx, parse_tbx
from align.glossary.validate import validate_entries

#: Formats :func:`dumps` writes (``xlsx`` is read only).
FORMATS: tuple[str, ...] = ("tsv", "csv", "tbx", "tbx2008", "json")


#: file extension -> glossary format
_FORMATS = {".tsv": "tsv", ".tab": "tsv", ".csv": "csv", ".xlsx": "xlsx", ".tbx": "tbx",
            ".xml": "tbx", ".json": "json"}


def format_of(path: str | Path) -> str:
    """The glossary format implied by a file name (``.tsv`` ``.csv`` ``.xlsx`` ``.tbx``
    ``.json``)."""
    from align.io import suffix_of

    fmt = _FORMATS.get(suffix_of(path))
    if fmt:
        return fmt
    raise InputError(
        f"{path}: unknown glossary format; use a .tsv, .csv, .xlsx, .tbx or .json file")


def load_glossary(
    path: str | Path, *, required: Iterable[str] = (), encoding: str | None = None
) -> Glossary:
    """Read and validate a glossary (.tsv / .csv / .xlsx / .tbx / .json by extension).

    Raises :class:`InputError` with ``file:line:`` for any malformed or contradictory
    entry; nothing is skipped silently.
    """
    from align.io import _read_bytes, decode

    fmt = format_of(path)
    name = str(path)
    data = _read_bytes(path)
    if fmt in ("tbx", "xlsx"):
        if not data.strip():
            raise InputError(f"{name}: file is empty")
        entries, lines = parse_tbx(data, name) if fmt == "tbx" else parse_xlsx(data, name)
    else:
        text = decode(data, name=name, encoding=encoding)
        if not text.strip():
            raise InputError(f"{name}: file is empty")
        if fmt == "json":
            entries, lines = parse_json(text, name)
        else:
            # The delimiter is sniffed (tab, comma, semicolon); .tsv has no quoting.
            entries, lines = parse_table(text, name, None, quoting=fmt != "tsv")
    validate_entries(entries, source=name, lines=lines, required=required)
    return Glossary(entries, source=name)


# --------------------------------------------------------------------------- writers


def dumps(glossary: Glossary, fmt: str) -> str:
    """Serialise ``glossary`` as ``tsv``, ``csv``, ``json``, ``tbx`` (2019) or ``tbx2008``."""
    entries = glossary.entries
    if fmt in ("tsv", "csv"):
        return dumps_table(entries, fmt)
    if fmt == "xlsx":
        raise InputError("writing .xlsx is not supported; write .csv or .tsv and open that")
    if fmt == "json":
        return dumps_json(entries)
    if fmt in ("tbx", "tbx2008"):
        return dumps_tbx(entries, v2008=fmt == "tbx2008")
    raise InputError(f"unknown glossary format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def write_glossary(
    glossary: Glossary, path: str | Path, *, fmt: str | None = None, force: bool = False
) -> None:
    """Write ``glossary`` to ``path`` (format from ``fmt`` or the extension), atomically."""
    from align.io import atomic_write, check_writable

    fmt = fmt or format_of(path)
    text = dumps(glossary, fmt)  # serialise first: a failure writes nothing
    check_writable(path, force=force)
    with atomic_write(path) as fh:
        fh.write(text)
