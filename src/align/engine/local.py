"""The local engine: this process (``--jobs 1``) or a pool of worker processes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from align.errors import ConfigError

if TYPE_CHECKING:
    from align.engine.work import DoneIndex, PairWorker, RunPlan
    from align.manifest import ManifestInfo

T = TypeVar("T")
R = TypeVar("R")

_WORKER: PairWorker | None = None  # one per pool process, built by _init_worker


def _init_worker(plan: RunPlan, done: DoneIndex) -> None:
    global _WORKER
    from align.engine.work import PairWorker

    _WORKER = PairWorker(plan, done)


def _run_batch(entries: list[Any]) -> list[dict[str, Any]]:
    assert _WORKER is not None, "pool process without a worker"
    return _WORKER.run_batch(entries)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class LocalEngine:
    """Runs work in this process (``jobs=1``) or in ``jobs`` worker processes, at most
    two batches per process queued at a time (the manifest is streamed, never held)."""

    name = "local"

    def __init__(self, jobs: int | None = None, **ignored: Any) -> None:
        if jobs is not None and jobs < 1:
            raise ConfigError(f"--jobs must be at least 1, not {jobs}")
        unknown = {k: v for k, v in ignored.items() if v is not None}
        if unknown.get("address"):
            raise ConfigError("--address needs --engine ray")
        self.jobs = jobs or 1

    def start(self) -> None:
        pass

    def describe(self) -> str:
        return f"local, {self.jobs} process{'es' if self.jobs > 1 else ''}"

    def align(self, manifest: ManifestInfo, plan: RunPlan, done: DoneIndex, *,
              batch_size: int) -> Iterator[list[dict[str, Any]]]:
        from align.engine.work import PairWorker
        from align.manifest import iter_manifest

        batches = batched((entry for _, entry in iter_manifest(manifest.path)), batch_size)
        if self.jobs == 1:
            worker = PairWorker(plan, done)
            for batch in batches:
                yield worker.run_batch(batch)
            return
        yield from self._pool(_run_batch, batches, initializer=_init_worker,
                              initargs=(plan, done), ordered=False)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        if self.jobs == 1:
            yield from map(fn, items)
            return
        yield from self._pool(fn, items, ordered=True)

    def _pool(self, fn: Callable[[Any], R], items: Iterable[Any], *, ordered: bool,
              initializer: Callable[..., None] | None = None,
              initargs: tuple[Any, ...] = ()) -> Iterator[R]:
        """``fn`` over ``items`` in a process pool with a bounded queue; results in input
        order (``ordered``) or as they finish. Queued work is cancelled on an error."""
        from collections import deque
        from concurrent.futures import FIRST_COMPLETED, Future, wait

        from align.shutdown import process_pool

        # Workers stop with the run (an error, Ctrl-C, SIGTERM) and die with it (SIGKILL).
        with process_pool(self.jobs, initializer=initializer, initargs=initargs) as pool:
            pending: deque[Future[R]] = deque()
            it = iter(items)
            exhausted = False
            while True:
                while not exhausted and len(pending) < 2 * self.jobs:
                    try:
                        pending.append(pool.submit(fn, next(it)))
                    except StopIteration:
                        exhausted = True
                if not pending:
                    return
                if ordered:
                    yield pending.popleft().result()
                    continue
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    pending.remove(fut)
                    yield fut.result()

    def close(self) -> None:
        pass


__all__ = ["LocalEngine", "batched"]
