"""File input and output: encoding detection, ``-`` for stdin/stdout, atomic writes.

Nothing here knows about languages, models or backends. Every error names the file.
"""

from __future__ import annotations

import codecs
import errno
import gzip
import io as _io
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from align.errors import InputError, OutputExistsError

#: Encodings align accepts by name (``--encoding``), besides anything Python knows.
KNOWN_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "gb18030", "big5", "shift_jis", "cp1252")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class UnclearEncoding(InputError):
    """Several encodings decode the file to plausible text; ``--encoding`` must choose."""

    def __init__(self, candidates: tuple[str, ...], name: str = "the input") -> None:
        super().__init__(f"cannot tell the encoding of {name} (candidates: "
                         f"{', '.join(candidates)}); pass --encoding")
        self.candidates = candidates


# --------------------------------------------------------------------------- size limit

#: Largest input a command reads whole into memory, in bytes (100 MiB). Line-by-line
#: readers (:func:`iter_lines`) have no limit. ``align --max-input-size SIZE`` or the
#: ``ALIGN_MAX_INPUT_SIZE`` environment variable raise it.
DEFAULT_MAX_INPUT = 100 * 2**20
_limit = {"bytes": DEFAULT_MAX_INPUT}
_UNITS = {"": 1, "b": 1, "k": 2**10, "kb": 2**10, "kib": 2**10, "m": 2**20, "mb": 2**20,
          "mib": 2**20, "g": 2**30, "gb": 2**30, "gib": 2**30}


def suffix_of(path: str | Path) -> str:
    """The file name's extension in lower case, a trailing ``.gz`` left out
    (``pairs.TSV.gz`` -> ``.tsv``); ``""`` when there is none."""
    name = Path(path).name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return Path(name).suffix


def parse_size(text: str) -> int:
    """``"200M"``, ``"1.5G"``, ``"500kb"``, ``"1048576"`` -> bytes (units are powers of 1024)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    if not m or m.group(2).lower() not in _UNITS:
        raise InputError(f"cannot read size {text!r}; write it as e.g. 200M or 1G")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def format_size(n: int) -> str:
    """Bytes as a short human figure: ``"100 MB"``, ``"1.5 GB"``, ``"512 bytes"``."""
    for unit, size in (("GB", 2**30), ("MB", 2**20), ("kB", 2**10)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value >= 10 or value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


def set_max_input_size(n: int | None) -> None:
    """Set the whole-file read limit (``None``: back to :data:`DEFAULT_MAX_INPUT`)."""
    if n is not None and n < 1:
        raise InputError(f"--max-input-size must be positive, got {n}")
    _limit["bytes"] = DEFAULT_MAX_INPUT if n is None else n


def max_input_size() -> int:
    """The current whole-file read limit in bytes."""
    return _limit["bytes"]


def _too_big(name: str, size: int | None = None) -> InputError:
    limit = _limit["bytes"]
    what = f"{format_size(size)} is" if size is not None else "it is"
    return InputError(
        f"{name}: {what} over the {format_size(limit)} limit for files read whole; "
        f"raise it with `align --max-input-size SIZE ...` (or ALIGN_MAX_INPUT_SIZE)"
    )


def _open_binary(path: str | Path) -> BinaryIO:
    """``path`` opened for binary reading: ``-`` is stdin, ``.gz`` is decompressed."""
    name = str(path)
    if name == "-":
        return sys.stdin.buffer
    p = Path(path)
    if not p.exists():
        raise InputError(f"{name}: no such file")
    if p.is_dir():
        raise InputError(f"{name}: is a directory, expected a file")
    try:
        fh: BinaryIO = open(p, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from exc
    if name.endswith(".gz"):
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    return fh


def _read_error(name: str, exc: BaseException) -> InputError:
    if name.endswith(".gz"):
        return InputError(f"{name}: not a valid gzip file")
    return InputError(f"{name}: cannot read ({getattr(exc, 'strerror', None) or exc})")


def _read_bytes(path: str | Path) -> bytes:
    """The whole content of ``path``, refusing anything over :func:`max_input_size`."""
    name = str(path)
    limit = _limit["bytes"]
    if name != "-" and not name.endswith(".gz"):
        try:
            size = Path(path).stat().st_size
        except OSError:
            size = 0  # _open_binary says what is wrong
        if size > limit and Path(path).is_file():
            raise _too_big(name, size)
    fh = _open_binary(path)
    try:
        data = fh.read(limit + 1)
    except (OSError, EOFError) as exc:
        raise _read_error(name, exc) from exc
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()
    if len(data) > limit:
        raise _too_big(name)
    return data


def detect_encoding(data: bytes, *, partial: bool = False) -> str:
    """The encoding of ``data``: a BOM wins, then strict UTF-8, then the candidate whose
    decoding reads as text (:mod:`align.charsets`): UTF-16 without a BOM, GB18030, Big5,
    Shift-JIS, Windows-1252.

    ``partial``: ``data`` is the head of a longer file (a character may be cut at its end).
    Raises :class:`InputError` (without a file name; :func:`decode` adds it) for binary
    data and :class:`UnclearEncoding` when several encodings fit equally well.
    """
    from align import charsets

    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    even = len(data) % 2 == 0 or partial
    utf16 = charsets.UTF16 if even else ()
    if b"\x00" not in data and data.endswith((b"\n", b"\r")):
        utf16 = ()  # a one-byte newline at the end: not UTF-16
    if b"\x00" in data:
        utf32 = charsets.UTF32 if len(data) % 4 == 0 or partial else ()
        try:
            found = charsets.guess_encoding(data, (*utf16, *utf32), partial=partial)
        except charsets.AmbiguousEncoding as exc:
            raise UnclearEncoding(exc.candidates) from None
        if found:
            return found
        raise InputError("binary file (contains NUL bytes), expected text")
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(data, final=not partial)
    except UnicodeDecodeError:
        text = None
    if text is not None:
        # Valid UTF-8 is UTF-8: legacy bytes hardly ever form it by chance, except in a
        # file of two or three characters (Big5 かしこ is valid UTF-8 ƯƻƷ), and a file
        # align wrote itself must always read back.
        return "utf-8"
    if charsets.damaged_utf8(data):
        return "utf-8"  # decoding then names the line of the bad bytes
    try:
        found = charsets.guess_encoding(data, (*utf16, *charsets.LEGACY), partial=partial)
    except charsets.AmbiguousEncoding as exc:
        raise UnclearEncoding(exc.candidates) from None
    if found:
        return found
    raise InputError("cannot decode as UTF-8, UTF-16, GB18030, Big5, Shift-JIS or "
                     "Windows-1252 text (binary, or another encoding); pass --encoding if "
                     "it is text")


#: Control characters text may hold (tab, newlines, vertical tab, form feed, escape).
_TEXT_CONTROLS = frozenset("\t\n\r\x0b\x0c\x1b")


def _looks_binary(text: str) -> bool:
    """More than a stray control character (bell, backspace, ...) is a binary file."""
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in _TEXT_CONTROLS)
    return controls > max(1, 0.001 * len(sample))


def decode(data: bytes, *, name: str, encoding: str | None = None) -> str:
    """Decode ``data`` (from file ``name``) with ``encoding`` or a detected one."""
    detected = encoding is None
    if encoding is None:
        try:
            encoding = detect_encoding(data)
        except UnclearEncoding as exc:
            raise UnclearEncoding(exc.candidates, name) from None
        except InputError as exc:
            raise InputError(f"{name}: {exc}") from None
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"{name}: unknown encoding {encoding!r}") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        raise InputError(f"{name}:{line}: cannot decode as {encoding}: {exc.reason}; "
                         "pass --encoding") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(f"{name}:{line}: binary content (NUL byte) in a text file")
    if detected and _looks_binary(text):
        raise InputError(f"{name}: binary file (control characters), expected text")
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


#: Bytes read for encoding detection before a file is streamed, and per chunk after.
HEAD_BYTES = 1 << 20


def iter_lines(
    path: str | Path, *, encoding: str | None = None, allow_empty: bool = False
) -> Iterator[str]:
    """Yield the lines of a text file one by one, without reading it whole (no size limit).

    The same rules as :func:`read_lines`: ``-`` is stdin, ``.gz`` is transparent, the
    encoding is given or detected (from the first megabyte), newlines are ``\n`` and
    the trailing one is dropped. Errors name the file and, for undecodable bytes and
    NUL bytes, the line; an empty or whitespace-only file raises at its end (unless
    ``allow_empty``), so consumers write through :func:`atomic_write`.
    """
    name = str(path)
    fh = _open_binary(path)
    try:
        try:
            head = fh.read(HEAD_BYTES)
        except (OSError, EOFError) as exc:
            raise _read_error(name, exc) from exc
        if not head and not allow_empty:
            raise InputError(f"{name}: file is empty")
        enc = encoding
        if enc is None:
            try:
                enc = detect_encoding(head, partial=len(head) == HEAD_BYTES)
            except UnclearEncoding as exc:
                raise UnclearEncoding(exc.candidates, name) from None
            except InputError as exc:
                raise InputError(f"{name}: {exc}") from None
        try:
            decoder = codecs.getincrementaldecoder(enc)(errors="strict")
        except LookupError:
            raise InputError(f"{name}: unknown encoding {enc!r}") from None
        lineno = 0  # lines yielded so far
        pending = ""
        seen_text = False
        chunk = head
        first = True
        while True:
            final = not chunk
            try:
                text = decoder.decode(chunk, final=final)
            except UnicodeDecodeError as exc:
                before = chunk[: max(exc.start, 0)].decode(enc, errors="replace")
                line = lineno + (pending + before).count("\n") + (pending + before).count("\r") + 1
                raise InputError(f"{name}:{line}: cannot decode as {enc}: {exc.reason}; "
                                 "pass --encoding") from None
            if first:
                text = text.removeprefix("\ufeff")
                first = False
                if encoding is None and _looks_binary(text):
                    raise InputError(f"{name}: binary file (control characters), expected text")
            text = pending + text
            if not final and text.endswith("\r"):
                pending, text = "\r", text[:-1]  # a CRLF may be cut between chunks
            else:
                pending = ""
            if "\x00" in text:
                line = lineno + text[: text.index("\x00")].replace("\r\n", "\n").count("\n") + 1
                raise InputError(f"{name}:{line}: binary content (NUL byte) in a text file")
            lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            if final:
                if lines[-1] == "":
                    lines.pop()
            else:
                pending = lines.pop() + pending
            for line_text in lines:
                lineno += 1
                seen_text = seen_text or bool(line_text.strip())
                yield line_text
            if final:
                break
            try:
                chunk = fh.read(HEAD_BYTES)
            except (OSError, EOFError) as exc:
                raise _read_error(name, exc) from exc
        if not seen_text and not allow_empty:
            raise InputError(f"{name}: file is empty")
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def iter_jsonl(text: str | Iterable[str], *, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for each non-blank line of JSONL ``text`` (a string,
    or an iterable of lines such as ``iter_lines(path)``).

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


def _require_folder(path: Path) -> None:
    parent = path.parent
    if not parent.exists():
        raise InputError(f"{path}: folder {str(parent)!r} does not exist")
    if not parent.is_dir():
        raise InputError(f"{path}: {str(parent)!r} is not a folder")


def check_writable(path: str | Path, *, force: bool = False) -> None:
    """Refuse to overwrite an existing output unless ``force``; ``-`` is always fine.

    Checked before any work, so a command never writes half its outputs: a missing
    folder is an :class:`InputError`; a folder we may not write to raises
    :class:`PermissionError` naming ``path`` (a runtime failure, as when writing).
    """
    if str(path) == "-":
        return
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{path}: is a directory, expected an output file name")
    if p.exists() and not force:
        raise OutputExistsError(f"{path}: output exists; pass --force to overwrite")
    _require_folder(p)
    if not _may_write(p.parent):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))


def _may_write(folder: Path) -> bool:
    """Whether the effective user may create files in ``folder``."""
    effective = os.access in os.supports_effective_ids
    return os.access(folder, os.W_OK | os.X_OK, effective_ids=effective)


# Temporaries are named ``.NAME.PID.RANDOM.tmp`` beside their output NAME: the pid tells
# a later run whether the writer is still alive (see :func:`sweep_stale`).
_TMP_SUFFIX = ".tmp"


def _tmp_prefix(path: Path) -> str:
    return f".{path.name}.{os.getpid()}."


def sweep_stale(path: str | Path) -> list[Path]:
    """Remove temporaries of ``path`` left by writers that no longer run; return them.

    A run killed outright (SIGKILL, power loss) cannot clean up after itself; the next
    write to the same output does, here. Temporaries whose process is still alive (a
    concurrent writer) are left alone.
    """
    from align.shutdown import pid_alive

    p = Path(path)
    pattern = re.compile(rf"^\.{re.escape(p.name)}\.(\d+)\.[^.]+{re.escape(_TMP_SUFFIX)}$")
    removed: list[Path] = []
    try:
        entries = list(os.scandir(p.parent))
    except OSError:
        return removed
    for entry in entries:
        m = pattern.match(entry.name)
        if not m or pid_alive(int(m.group(1))):
            continue
        stale = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(stale)
            else:
                stale.unlink()
        except OSError:
            continue
        removed.append(stale)
    return removed


def _umask() -> int:
    global _UMASK
    if _UMASK is None:
        try:  # Linux >= 4.7 shows it without changing it
            with open("/proc/self/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("Umask:"):
                        _UMASK = int(line.split()[1], 8)
                        break
        except (OSError, ValueError):
            pass
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK


_UMASK: int | None = None


def _name_output(exc: OSError, tmp: str | Path | None, path: Path) -> OSError:
    """``exc`` naming the output ``path`` rather than our hidden temporary (``tmp``; ``None``
    while it is being created)."""
    if tmp is None or exc.filename in (None, str(tmp)):
        named = OSError(exc.errno, exc.strerror or str(exc), str(path))
        named.__cause__ = exc
        return named
    return exc


@contextmanager
def atomic_write(path: str | Path, *, binary: bool = False) -> Iterator[TextIO]:
    """Write ``path`` through a temporary file in the same folder, renamed on success.

    A crash, an exception or a termination signal leaves the previous file (or no file)
    in place, never half of a new one; the temporary is removed (or, after a SIGKILL,
    by the next write to ``path``). An existing file keeps its permission bits; a new
    one gets the usual ``0666 & ~umask``. ``-`` writes to stdout. OS errors name
    ``path``, not the temporary.
    """
    from align import shutdown

    if str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(path)
    _require_folder(path)
    sweep_stale(path)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError:
        mode = 0o666 & ~_umask()
    with shutdown.deferred():  # no signal between creating and registering
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=_tmp_prefix(path),
                                       suffix=_TMP_SUFFIX)
        except OSError as exc:
            raise _name_output(exc, None, path) from exc
        shutdown.register(tmp)
    try:
        if binary:
            fh: TextIO = os.fdopen(fd, "wb")  # type: ignore[assignment]
        else:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        try:
            with fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            with shutdown.deferred():
                os.chmod(tmp, mode)
                os.replace(tmp, path)
                shutdown.release(tmp)
        except OSError as exc:
            raise _name_output(exc, tmp, path) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        shutdown.release(tmp)
        raise


def make_temp_dir(path: str | Path) -> Path:
    """A fresh hidden folder beside ``path``, to build ``path`` in and rename into place.

    It is registered with :mod:`align.shutdown` (a signal removes it; call
    :func:`align.shutdown.release` once it is renamed or removed), and stale ones from
    killed runs are swept first. Rename it inside :func:`align.shutdown.deferred`.
    """
    from align import shutdown

    path = Path(path)
    sweep_stale(path)
    with shutdown.deferred():
        try:
            tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=_tmp_prefix(path),
                                        suffix=_TMP_SUFFIX))
        except OSError as exc:
            raise _name_output(exc, None, path) from exc
        shutdown.register(tmp)
    return tmp


def write_text(path: str | Path, text: str, *, force: bool = True) -> None:
    """Write ``text`` to ``path`` atomically (``force=False`` refuses to overwrite)."""
    check_writable(path, force=force)
    with atomic_write(path) as fh:
        fh.write(text)


def stdin_text() -> TextIO:
    """stdin re-wrapped as UTF-8, whatever the locale says."""
    return _io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", newline=None)
