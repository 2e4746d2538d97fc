"""The exception hierarchy of align.

Every message is one actionable line. Library code raises; only ``align.cli.main``
turns an error into an exit code:

* ``UsageError`` and its children (bad command, bad input, bad config): exit 2.
* ``AlignError`` and ``BackendError`` (a valid request failed while running): exit 1,
  except for ``align check`` where 1 means "violations found" and a runtime failure is 3.
"""

from __future__ import annotations

from collections.abc import Callable


class AlignError(Exception):
    """Base class: ``str(exc)`` is one line that says what went wrong and what to do."""

    exit_code = 1


class UsageError(AlignError):
    """The request itself is wrong: fix the command or the input."""

    exit_code = 2


class InputError(UsageError):
    """Unreadable, empty, binary or mismatched input; a bad language code; a bad glossary row."""


class ConfigError(UsageError):
    """Unknown backend, metric or option value; options that cannot go together."""


class OutputExistsError(UsageError):
    """An output file exists and ``--force`` was not given."""


class BackendError(AlignError):
    """A valid request failed while running (a model failed to load or run)."""


class BackendUnavailable(BackendError):
    """An optional dependency or model is missing; the message says how to get it."""


class PublishError(AlignError):
    """Building or uploading a dataset failed."""


# --------------------------------------------------------------------------- foreign errors
#
# Errors that are not ours but reach the command line: the operating system's and the
# network's. Each becomes one line here; ``align.cli`` gives them the command's runtime
# exit code (1; 3 for ``align check``). The table is keyed by qualified class name, so
# nothing has to import httpx or requests to be recognised; the most specific class in
# an exception's MRO that the table knows wins.

import errno as _errno  # noqa: E402 - kept beside the table it serves

_OS_REASONS: dict[int, str] = {
    _errno.EACCES: "permission denied",
    _errno.EPERM: "operation not permitted",
    _errno.ENOENT: "no such file or folder",
    _errno.EISDIR: "is a folder, expected a file",
    _errno.ENOTDIR: "a part of the path is not a folder",
    _errno.ENOSPC: "no space left on the device",
    _errno.EROFS: "read-only file system",
    _errno.EEXIST: "already exists",
    _errno.EMFILE: "too many open files",
    _errno.EIO: "input/output error",
    _errno.ENAMETOOLONG: "file name too long",
    _errno.EXDEV: "cannot move across file systems",
}
_DQUOT = getattr(_errno, "EDQUOT", None)
if _DQUOT is not None:
    _OS_REASONS[_DQUOT] = "disk quota exceeded"


def first_line(exc: BaseException, limit: int | None = 200) -> str:
    """The first line of ``exc``'s message (its type's name when it has none), cut to
    ``limit`` characters (``None``: whole)."""
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return line if limit is None or len(line) <= limit else line[: limit - 3] + "..."


def _os_error(exc: BaseException) -> str:
    assert isinstance(exc, OSError)
    reason = _OS_REASONS.get(exc.errno or -1) or (exc.strerror or first_line(exc)).lower()
    if exc.filename is None:
        return reason
    if exc.filename2 is not None:
        return f"{exc.filename} -> {exc.filename2}: {reason}"
    return f"{exc.filename}: {reason}"


def _network(exc: BaseException) -> str:
    return f"network error ({type(exc).__name__}: {first_line(exc)}); check the connection and retry"


def _timeout(exc: BaseException) -> str:
    return f"network timeout ({type(exc).__name__}: {first_line(exc)}); check the connection and retry"


def _hub_http(exc: BaseException) -> str:
    return f"the Hugging Face hub refused the request ({first_line(exc)})"


def _offline(exc: BaseException) -> str:
    return f"offline mode is on (HF_HUB_OFFLINE): {first_line(exc)}"


def _memory(exc: BaseException) -> str:
    return "out of memory; split the input into smaller files or run on a larger machine"


#: Qualified class name -> one-line formatter. Subclasses are matched before their
#: parents because the lookup walks the exception's MRO from the most specific class.
FOREIGN_ERRORS: dict[str, Callable[[BaseException], str]] = {
    "huggingface_hub.errors.OfflineModeIsEnabled": _offline,
    "huggingface_hub.errors.HfHubHTTPError": _hub_http,
    "httpx.TimeoutException": _timeout,
    "httpx.TransportError": _network,
    "httpx.HTTPError": _network,
    "httpx2.TimeoutException": _timeout,  # huggingface_hub >= 1.0 ships httpx as httpx2
    "httpx2.TransportError": _network,
    "httpx2.HTTPError": _network,
    "requests.exceptions.Timeout": _timeout,
    "requests.exceptions.ConnectionError": _network,
    "requests.exceptions.RequestException": _network,
    "urllib3.exceptions.HTTPError": _network,
    "urllib.error.URLError": _network,
    "socket.gaierror": _network,
    "TimeoutError": _timeout,
    "BrokenPipeError": _os_error,
    "ConnectionError": _network,
    "OSError": _os_error,
    "MemoryError": _memory,
}


def describe_foreign(exc: BaseException) -> str | None:
    """One line for an OS, network or memory error, or ``None`` for anything else (a bug)."""
    for cls in type(exc).__mro__:
        name = cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"
        formatter = FOREIGN_ERRORS.get(name)
        if formatter is not None:
            return formatter(exc)
    return None
