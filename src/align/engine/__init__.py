"""Engines: where corpus-scale work runs. The work itself is the same everywhere.

An engine only decides where batches of work run (datatrove's executors are the model):

* ``local`` (:class:`~align.engine.local.LocalEngine`): this process, or a pool of
  ``--jobs`` worker processes on this machine; needs nothing beyond align;
* ``ray`` (:class:`~align.engine.ray.RayEngine`): Ray Data on a local Ray instance or the
  cluster at ``--address``; needs ``pip install 'align[ray]'`` and imports Ray only when
  chosen.

Both run :class:`~align.engine.work.PairWorker` (one per worker process or actor: the
encoder and glossary load once) over batches of manifest rows, which calls
:func:`align.pipeline.align_document`, the per-document function of ``align pair``. The
run itself (skipping finished pairs, errors, summary) is :func:`align.engine.run.run_corpus`.
Engines also :meth:`~Engine.map` a function over files for ``align check`` and
``align publish``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from align._registry import load_backend

if TYPE_CHECKING:
    from align.engine.work import DoneIndex, RunPlan
    from align.manifest import ManifestInfo

T = TypeVar("T")
R = TypeVar("R")

ENGINES: dict[str, str] = {
    "local": "align.engine.local:LocalEngine",
    "ray": "align.engine.ray:RayEngine",
}


class Engine(Protocol):
    """Where work runs. Constructors check what they need (and fail with the install
    command) but start nothing; :meth:`start` connects or starts workers."""

    name: str

    def start(self) -> None:
        """Connect to or start the workers (idempotent)."""

    def describe(self) -> str:
        """``local, 2 processes`` / ``ray, 4 actors x 1 CPU at ADDRESS``: for the summary."""
        ...

    def align(self, manifest: ManifestInfo, plan: RunPlan, done: DoneIndex, *,
              batch_size: int) -> Iterator[list[dict[str, Any]]]:
        """Run every manifest row through :class:`~align.engine.work.PairWorker` in
        batches of ``batch_size``; yield each batch's status rows as batches finish."""
        ...

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn`` over ``items`` in the workers, results in input order. ``fn`` must pickle
        (a module-level function or a picklable callable); results should be small."""
        ...

    def close(self) -> None:
        """Stop what :meth:`start` started (an existing Ray cluster is left running)."""


def get_engine(name: str, **opts: Any) -> Engine:
    """The engine ``name`` (``local`` or ``ray``) with its options (``jobs``,
    ``address``, ``cpus_per_worker``, ``gpus_per_worker``); unknown names raise
    :class:`~align.errors.ConfigError`, a missing Ray raises
    :class:`~align.errors.BackendUnavailable` with the install command."""
    return load_backend(ENGINES, "engine", name.strip().lower(), **opts)  # type: ignore[no-any-return]


__all__ = ["ENGINES", "Engine", "get_engine"]
