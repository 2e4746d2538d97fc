"""The exception hierarchy of align.

Every message is one actionable line. Library code raises; only ``align.cli.main``
turns an error into an exit code:

* ``UsageError`` and its children (bad command, bad input, bad config): exit 2.
* ``AlignError`` and ``BackendError`` (a valid request failed while running): exit 1,
  except for ``align check`` where 1 means "violations found" and a runtime failure is 3.
"""

from __future__ import annotations


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
