"""Locations of input files: local paths and fsspec URIs (``s3://``, ``gs://``, ``hf://``).

A manifest names its documents by location. A local path is read by :mod:`align.io` (so
``.gz`` and every error message stay the same); a URI is read through fsspec, with the
backend fsspec needs for its protocol (``s3fs`` for ``s3://``, ``gcsfs`` for ``gs://``,
``huggingface_hub`` for ``hf://``). fsspec is imported only when a URI is read.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from pathlib import Path

from align.errors import BackendUnavailable, InputError

# "s3://...", "gs://...", "hf://...", "file://..."; not "C:\\..." (one letter is a drive)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+)://")

#: What to install for the protocols people use most (fsspec's own message is vaguer).
_BACKENDS = {"s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "hf": "huggingface_hub",
             "az": "adlfs", "abfs": "adlfs", "abfss": "adlfs"}


def is_uri(location: str) -> bool:
    """Whether ``location`` is a URI (``scheme://...``) rather than a local path."""
    return _SCHEME.match(location) is not None


def protocol(location: str) -> str | None:
    """The URI's scheme (``s3``), or ``None`` for a local path."""
    m = _SCHEME.match(location)
    return m.group(1).lower() if m else None


def parent(location: str) -> str:
    """The folder of a location: ``s3://b/m/x.jsonl`` -> ``s3://b/m``; paths made absolute."""
    if is_uri(location):
        return posixpath.dirname(location.rstrip("/"))
    return str(Path(location).absolute().parent)


def resolve(location: str, base: str | None) -> str:
    """``location`` relative to the folder ``base`` (a path or URI) unless it is absolute
    or a URI itself."""
    if is_uri(location) or base is None:
        return location
    if is_uri(base):
        return location if location.startswith("/") else posixpath.join(base, location)
    p = Path(location)
    return str(p if p.is_absolute() else Path(base) / p)


def check_backend(location: str) -> None:
    """Raise :class:`BackendUnavailable` (with the ``pip install`` line) when fsspec cannot
    read ``location``'s protocol here; nothing for local paths."""
    proto = protocol(location)
    if proto is None or proto == "file":
        return
    try:
        import fsspec
    except ImportError as exc:
        raise BackendUnavailable(f"{location}: reading URIs needs fsspec: pip install fsspec") from exc
    try:
        fsspec.get_filesystem_class(proto)
    except ValueError:
        raise InputError(f"{location}: unknown protocol {proto!r}; use a local path or a URI "
                         "fsspec knows (s3://, gs://, hf://, ...)") from None
    except ImportError:
        pkg = _BACKENDS.get(proto, f"the fsspec backend for {proto}://")
        raise BackendUnavailable(f"{location}: reading {proto}:// needs {pkg}: pip install {pkg}"
                                 ) from None


def read_bytes(location: str) -> bytes:
    """The bytes of a file at a path or URI (``.gz`` decompressed); :class:`InputError`
    names the location when it is missing or unreadable."""
    if not is_uri(location):
        from align.io import _read_bytes

        return _read_bytes(location)
    check_backend(location)
    import fsspec

    try:
        with fsspec.open(location, "rb") as fh:
            data: bytes = fh.read()
    except FileNotFoundError:
        raise InputError(f"{location}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{location}: is a directory, expected a file") from None
    except (OSError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{location}: cannot read ({reason})") from exc
    if location.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(f"{location}: not a valid gzip file") from exc
    return data


def decode_text(data: bytes, location: str, *, encoding: str | None = None) -> str:
    """``data`` (the bytes of ``location``) as text: :func:`align.io.decode` (encoding
    detected unless given), newlines as ``\\n``; an empty or blank file is an error."""
    from align.io import decode

    text = decode(data, name=location, encoding=encoding)
    if not text.strip():
        raise InputError(f"{location}: file is empty")
    return text


def read_text(location: str, *, encoding: str | None = None) -> str:
    """The text of a file at a path or URI (see :func:`decode_text`)."""
    return decode_text(read_bytes(location), location, encoding=encoding)


__all__ = ["check_backend", "decode_text", "is_uri", "parent", "protocol", "read_bytes",
           "read_text", "resolve"]
