"""Progress bars on stderr (rich), so stdout carries data only."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

_console = None


def stderr_console():  # type: ignore[no-untyped-def]
    """The shared rich console bound to stderr (created on first use)."""
    global _console
    if _console is None:
        from rich.console import Console

        _console = Console(stderr=True)
    return _console


def track(
    items: Iterable[T], *, total: int | None = None, description: str = "working",
    enabled: bool = True,
) -> Iterator[T]:
    """Yield from ``items`` while drawing a progress bar on stderr when ``enabled``.

    The bar is transient and only drawn on a terminal, so logs and CI output stay clean.
    """
    if not enabled:
        yield from items
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=stderr_console(),
        transient=True,
    ) as bar:
        yield from bar.track(items, total=total, description=description)
