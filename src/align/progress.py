"""Progress bars on stderr (rich), so stdout carries data only.

Two forms: :func:`track` wraps an iterable (files of a corpus, documents of a build) and
:class:`Meter` is advanced by a loop that works in batches (the encoders). Both draw on
the shared stderr console, only when it is a terminal, and leave nothing behind when done
(transient bars), so logs, pipes and CI output stay clean.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")

_console = None

#: Seconds of work before a :class:`Meter` draws its bar: short jobs stay silent.
DELAY = 1.0


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


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _columns() -> list[Any]:
    """Bar, ``done/count unit``, rate, elapsed and ETA for a :class:`Meter`.

    Rate and ETA are averages since the start, not rich's sliding window: an encoder's
    batches can take several seconds each, too few samples for a window. The ETA is
    weighted (by text length for encoders), so long sentences embedded first do not make
    it pessimistic.
    """
    from rich.progress import BarColumn, ProgressColumn, TextColumn, TimeElapsedColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Any) -> Text:
            done, elapsed = task.fields["done"], task.elapsed
            if not done or not elapsed:
                return Text("", style="progress.data.speed")
            return Text(f"{done / elapsed:,.1f}/s", style="progress.data.speed")

    class Eta(ProgressColumn):
        max_refresh = 0.5

        def render(self, task: Any) -> Text:
            if not task.completed or not task.elapsed or task.total is None:
                return Text("ETA -:--", style="progress.remaining")
            left = task.elapsed * (task.total - task.completed) / task.completed
            return Text(f"ETA {_clock(left)}", style="progress.remaining")

    return [
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[done]:,}/{task.fields[count]:,} {task.fields[unit]}"),
        Rate(),
        TimeElapsedColumn(),
        Eta(),
    ]


class Meter:
    """A progress bar for work done in batches: ``with Meter(n) as m: ... m.advance(k)``.

    Nothing is drawn unless ``enabled`` and stderr is a terminal. The bar appears once the
    work has taken ``delay`` seconds (:data:`DELAY` by default), even while the first
    batch is still running, and is removed when the work ends or is interrupted. ``weight``
    (one number per item, summed in ``total_weight``) drives the bar and the ETA when
    items differ in cost; the counter shows items.
    """

    def __init__(self, count: int, *, description: str = "working", unit: str = "items",
                 enabled: bool = True, total_weight: float | None = None,
                 delay: float | None = None) -> None:
        self.count = count
        self.total_weight = float(count if total_weight is None else total_weight)
        self.description = description
        self.unit = unit
        self.delay = DELAY if delay is None else delay
        self.enabled = enabled and count > 0 and bool(stderr_console().is_terminal)
        self.done = 0
        self.shown = False
        self._progress: Any = None
        self._task: Any = None
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._closed = False

    def __enter__(self) -> Meter:
        if not self.enabled:
            return self
        from rich.progress import Progress

        self._progress = Progress(
            *_columns(), console=stderr_console(), transient=True, redirect_stdout=False,
        )
        self._task = self._progress.add_task(
            self.description, total=self.total_weight, done=0, count=self.count,
            unit=self.unit,
        )
        self._started = time.monotonic()
        self._timer = threading.Timer(self.delay, self._show)
        self._timer.daemon = True
        self._timer.start()
        return self

    def _show(self) -> None:
        with self._lock:
            if self._closed or self.shown:
                return
            self._progress.start()
            self.shown = True

    def advance(self, count: int, weight: float | None = None) -> None:
        """``count`` more items are done (``weight`` of them, default ``count``)."""
        self.done += count
        if self._progress is None:
            return
        self._progress.update(self._task, advance=count if weight is None else weight,
                              done=self.done)
        if not self.shown and time.monotonic() - self._started >= self.delay:
            self._show()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            self._closed = True
            if self.shown:
                self._progress.stop()
