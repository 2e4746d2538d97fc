"""File input and output: encoding detection, ``-`` for stdin/stdout, atomic writes.

Nothing here knows about languages, models or backends. Every error names the file.
"""

from __future__ import annotations

import codecs
import gzip
import io as _io
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from align.errors import InputError, OutputExistsError

#: Encodings align accepts by name (``--encoding``), besides anything Python knows.
KNOWN_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "gb18030", "big5", "shift_jis")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Legacy CJK encodings tried, in this order, when a file is not UTF-8.
_LEGACY_CJK = ("gb18030", "big5", "shift_jis")


def _read_bytes(path: str | Path) -> bytes:
    name = str(path)
    if name == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    if not p.exists():
        raise InputError(f"{name}: no such file")
    if p.is_dir():
        raise InputError(f"{name}: is a directory, expected a file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from exc
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(f"{name}: not a valid gzip file") from exc
    return data


def _utf16_without_bom(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from the position of NUL bytes in ASCII-heavy text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def detect_encoding(data: bytes) -> str:
    """Return the encoding of ``data``: a BOM wins, then strict UTF-8, then legacy CJK.

    Raises :class:`InputError` (without a file name; callers add it) for binary data.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    if b"\x00" in data:
        guess = _utf16_without_bom(data)
        if guess:
            return guess
        raise InputError("binary file (contains NUL bytes), expected text")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported here: only non-UTF-8 input pays

    best = from_bytes(data, cp_isolation=list(_LEGACY_CJK)).best()
    if best is not None:
        return str(best.encoding)
    for enc in _LEGACY_CJK:
        try:
            data.decode(enc)
            return enc
        except UnicodeDecodeError:
            continue
    raise InputError("cannot decode as UTF-8, UTF-16, GB18030, Big5 or Shift-JIS; pass --encoding")


def decode(data: bytes, *, name: str, encoding: str | None = None) -> str:
    """Decode ``data`` (from file ``name``) with ``encoding`` or a detected one."""
    if encoding is None:
        try:
            encoding = detect_encoding(data)
        except InputError as exc:
            raise InputError(f"{name}: {exc}") from None
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"{name}: unknown encoding {encoding!r}") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: cannot decode as {encoding}: {exc.reason}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(f"{name}:{line}: binary content (NUL byte) in a text file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(
    path: str | Path, *, encoding: str | None = None, allow_empty: bool = False
) -> str:
    """Read a whole text file (``-`` is stdin, ``.gz`` is transparent), newlines as ``\\n``.

    Raises :class:`InputError` naming the file when it is missing, binary, undecodable
    or (unless ``allow_empty``) empty or whitespace only.
    """
    text = decode(_read_bytes(path), name=str(path), encoding=encoding)
    if not allow_empty and not text.strip():
        raise InputError(f"{path}: file is empty")
    return text


def read_lines(
    path: str | Path, *, encoding: str | None = None, allow_empty: bool = False
) -> list[str]:
    """Read a line-per-segment file: one item per line, trailing newline dropped."""
    text = read_text(path, encoding=encoding, allow_empty=allow_empty)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def iter_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """Stream ``(line number, line)`` from a UTF-8 file without reading it whole.

    For machine-written files that are UTF-8 by definition (JSONL, bead files): ``-`` is
    stdin, ``.gz`` is transparent, a BOM is dropped, the newline (``\\n`` or ``\\r\\n``)
    is stripped. Raises :class:`InputError` naming the file (and line) when it is missing,
    a folder, binary or not UTF-8. Text of unknown encoding goes through :func:`read_text`.
    """
    name = str(path)
    if name == "-":
        raw: Any = sys.stdin.buffer
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{name}: no such file")
        if p.is_dir():
            raise InputError(f"{name}: is a directory, expected a file")
        try:
            raw = gzip.open(p, "rb") if name.endswith(".gz") else p.open("rb")
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror})") from exc
    n = 0
    try:
        for n, data in enumerate(raw, start=1):
            if n == 1 and data.startswith(codecs.BOM_UTF8):
                data = data[len(codecs.BOM_UTF8):]
            if b"\x00" in data:
                raise InputError(f"{name}:{n}: NUL byte: a binary or UTF-16 file; expected UTF-8 text")
            try:
                line = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}:{n}: not UTF-8 ({exc.reason}); save it as UTF-8") from None
            if line.endswith("\n"):
                line = line[:-2] if line.endswith("\r\n") else line[:-1]
            yield n, line
    except (OSError, EOFError) as exc:
        what = "not a valid gzip file" if name.endswith(".gz") else f"cannot read ({exc})"
        raise InputError(f"{name}:{n + 1}: {what}") from None
    finally:
        if raw is not sys.stdin.buffer:
            raw.close()


def iter_jsonl(text: str | Iterable[str], *, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for each non-blank line of JSONL ``text`` (a string,
    or an iterable of lines such as ``(line for _, line in iter_lines(path))``).

    Raises :class:`InputError` naming ``name`` and the line for invalid JSON or a line that
    is not a JSON object.
    """
    lines = text.split("\n") if isinstance(text, str) else text
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}:{n}: not valid JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise InputError(f"{name}:{n}: expected a JSON object per line")
        yield n, obj


def check_writable(path: str | Path, *, force: bool = False) -> None:
    """Refuse to overwrite an existing output unless ``force``; ``-`` is always fine."""
    if str(path) == "-":
        return
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{path}: is a directory, expected an output file name")
    if p.exists() and not force:
        raise OutputExistsError(f"{path}: output exists; pass --force to overwrite")
    if not p.parent.exists():
        raise InputError(f"{path}: folder {str(p.parent)!r} does not exist")


@contextmanager
def atomic_write(path: str | Path, *, binary: bool = False) -> Iterator[TextIO]:
    """Write ``path`` through a temporary file in the same folder, renamed on success.

    A crash or exception leaves the previous file (or no file) in place, never half of
    a new one. ``-`` writes to stdout.
    """
    if str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if binary:
            fh: TextIO = os.fdopen(fd, "wb")  # type: ignore[assignment]
        else:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: str | Path, text: str, *, force: bool = True) -> None:
    """Write ``text`` to ``path`` atomically (``force=False`` refuses to overwrite)."""
    check_writable(path, force=force)
    with atomic_write(path) as fh:
        fh.write(text)


def stdin_text() -> TextIO:
    """stdin re-wrapped as UTF-8, whatever the locale says."""
    return _io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline=None)
