"""The Ray engine: Ray Data on a local Ray instance or an existing cluster (``--address``).

``align corpus --engine ray`` reads the manifest with ``ray.data.read_json`` /
``read_parquet`` and maps batches of rows through :class:`AlignActor`, a callable class:
each actor builds one :class:`~align.engine.work.PairWorker` (encoder and glossary loaded
once per actor) and writes its batches' records and completion markers itself. Only the
small status rows come back, streamed to the driver for the summary; records are never
collected on the driver.

Ray is imported only here, and only when this engine is chosen
(``pip install 'align[ray]'``). A Ray instance this engine starts runs without dashboard
or usage reporting and is shut down by :meth:`RayEngine.close`; a cluster it connects to
(``--address``, or one already initialised in this process) is left running.

Embedding caches (``--cache-dir``, default ``~/.cache/align/embeddings``) are per node:
every actor on a node opens the same SQLite file there. A cache is a local speed-up,
never shared state: results do not depend on it, and a cold node simply embeds again.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar, cast

from align.errors import AlignError, BackendError, BackendUnavailable, ConfigError, first_line

if TYPE_CHECKING:
    from align.engine.work import DoneIndex, RunPlan
    from align.manifest import ManifestInfo

T = TypeVar("T")
R = TypeVar("R")

INSTALL = "pip install 'align[ray]'"


class AlignActor:
    """Ray Data callable class: one :class:`~align.engine.work.PairWorker` per actor."""

    def __init__(self, plan: RunPlan, idents: Any, keys: Any) -> None:
        from align.engine.work import DoneIndex, PairWorker

        self.worker = PairWorker(plan, DoneIndex(idents, keys))

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        from align.engine.state import status_schema
        from align.manifest import MANIFEST_FIELDS, ManifestEntry

        names = [f for f in MANIFEST_FIELDS if f in batch.column_names]
        entries = [ManifestEntry(**row) for row in batch.select(names).to_pylist()]
        rows = self.worker.run_batch(entries)
        return pa.Table.from_pylist(rows, schema=status_schema())


class MapActor:
    """Ray Data callable class for :meth:`RayEngine.map`: applies one pickled function."""

    def __init__(self, fn: bytes) -> None:
        self.fn = pickle.loads(fn)

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        out = [pickle.dumps(self.fn(pickle.loads(item))) for item in batch["item"].to_pylist()]
        return pa.table({"i": batch["i"], "result": pa.array(out, type=pa.binary())})


class RayEngine:
    """Runs work as Ray Data actor pools.

    ``jobs``: number of actors (default: the cluster's CPUs divided by
    ``cpus_per_worker``); ``cpus_per_worker`` / ``gpus_per_worker``: the resources each
    actor reserves (``gpus_per_worker=None``: one GPU per actor for an ``st:`` encoder
    when the cluster has GPUs, else none); ``address``: an existing cluster
    (``ray://host:10001`` or ``host:6379``; ``auto`` for the one this node belongs to).
    """

    name = "ray"

    def __init__(self, jobs: int | None = None, address: str | None = None,
                 cpus_per_worker: float | None = None, gpus_per_worker: float | None = None,
                 ) -> None:
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage reports (offline)
        try:
            import ray.data  # noqa: F401 - imported here, when the engine is chosen
        except ImportError as exc:
            raise BackendUnavailable(f"--engine ray needs Ray Data: {INSTALL}") from exc
        if jobs is not None and jobs < 1:
            raise ConfigError(f"--jobs must be at least 1, not {jobs}")
        if cpus_per_worker is not None and cpus_per_worker <= 0:
            raise ConfigError(f"--cpus-per-worker must be above 0, not {cpus_per_worker}")
        if gpus_per_worker is not None and gpus_per_worker < 0:
            raise ConfigError(f"--gpus-per-worker must be 0 or more, not {gpus_per_worker}")
        self.jobs = jobs
        self.address = address
        self.cpus = cpus_per_worker or 1.0
        self.gpus = gpus_per_worker
        self._owns = False
        self._actors: int | None = None
        self._gpus_used = 0.0

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> None:
        os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")  # no core-worker chatter
        import logging

        import ray

        for name in ("ray", "ray.data"):
            logging.getLogger(name).setLevel(logging.ERROR)
        if not ray.is_initialized():
            try:
                ray.init(address=self.address, include_dashboard=False, log_to_driver=False,
                         logging_level=logging.ERROR)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = f"the Ray cluster at {self.address}" if self.address else "Ray"
                raise BackendError(
                    f"cannot start or reach {where}: {first_line(exc, limit=None)}") from exc
            self._owns = True
        import ray.data

        ray.data.DataContext.get_current().enable_progress_bars = False

    def close(self) -> None:
        if self._owns:
            import ray

            ray.shutdown()
            self._owns = False

    def _resources(self, encoder: str | None) -> tuple[int, int, float, float]:
        """(fewest actors, most actors, CPUs per actor, GPUs per actor) on this cluster:
        ``--jobs`` actors, or as many as its CPUs (and GPUs) hold; the pool starts with
        what the cluster holds now and grows to ``--jobs`` if it grows (autoscaling), so
        asking for more actors than there are CPUs never waits forever."""
        import ray

        total = ray.cluster_resources()
        gpus = self.gpus
        if gpus is None:
            gpus = 1.0 if encoder and encoder.startswith("st:") and total.get("GPU", 0) >= 1 else 0.0
        room = max(1, int(total.get("CPU", 1) // self.cpus))
        if gpus:
            room = max(1, min(room, int(total.get("GPU", 0) // gpus)))
        most = self.jobs or room
        self._actors, self._gpus_used = most, gpus
        return min(most, room), most, self.cpus, gpus

    def describe(self) -> str:
        n = self._actors if self._actors is not None else self.jobs
        actors = f"{n} actor{'s' if n != 1 else ''}" if n else "actors"
        gpus = f" + {self._gpus_used:g} GPU" if self._gpus_used else ""
        where = f" at {self.address}" if self.address else ""
        return f"ray, {actors} x {self.cpus:g} CPU{gpus}{where}"

    # ----------------------------------------------------------------- work

    def align(self, manifest: ManifestInfo, plan: RunPlan, done: DoneIndex, *,
              batch_size: int) -> Iterator[list[dict[str, Any]]]:
        import ray.data

        from align.manifest import arrow_schema, manifest_suffix

        self.start()
        fewest, most, cpus, gpus = self._resources(plan.spec.encoder)
        # reading the manifest is light: it must not wait for CPUs the actors hold
        try:
            if manifest_suffix(manifest.path) == ".parquet":
                ds = ray.data.read_parquet(manifest.path, num_cpus=0)
            else:
                import pyarrow.json as pajson

                ds = ray.data.read_json(
                    manifest.path, num_cpus=0,
                    parse_options=pajson.ParseOptions(explicit_schema=arrow_schema(),
                                                      unexpected_field_behavior="ignore"))
            out = ds.map_batches(
                AlignActor, fn_constructor_kwargs={"plan": plan, "idents": done.idents,
                                                   "keys": done.keys},
                batch_size=batch_size, batch_format="pyarrow",
                compute=ray.data.ActorPoolStrategy(min_size=fewest, max_size=most),
                num_cpus=cpus,
                num_gpus=gpus or None)
            for table in out.iter_batches(batch_format="pyarrow", batch_size=None):
                yield cast(Any, table).to_pylist()
        except Exception as exc:  # noqa: BLE001 - Ray wraps what failed in a worker
            raise _unwrap(exc) from exc

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        import pyarrow as pa
        import ray.data

        self.start()
        fewest, most, cpus, _ = self._resources(None)
        rows = [{"i": i, "item": pickle.dumps(item)} for i, item in enumerate(items)]
        if not rows:
            return
        ds = ray.data.from_arrow(pa.Table.from_pylist(
            rows, schema=pa.schema([("i", pa.int64()), ("item", pa.binary())])))
        out = ds.map_batches(MapActor, fn_constructor_kwargs={"fn": pickle.dumps(fn)},
                             batch_size=1, batch_format="pyarrow",
                             compute=ray.data.ActorPoolStrategy(
                                 min_size=min(fewest, len(rows)), max_size=min(most, len(rows))),
                             num_cpus=cpus)
        waiting: dict[int, R] = {}
        want = 0
        try:
            for batch in out.iter_batches(batch_format="pyarrow", batch_size=None):
                table = cast(Any, batch)
                for i, result in zip(table["i"].to_pylist(), table["result"].to_pylist(),
                                     strict=True):
                    waiting[i] = pickle.loads(result)
                while want in waiting:
                    yield waiting.pop(want)
                    want += 1
        except Exception as exc:  # noqa: BLE001 - Ray wraps what failed in a worker
            raise _unwrap(exc) from exc


def _unwrap(exc: Exception) -> Exception:
    """The align error a Ray failure carries (raised in an actor), else a
    :class:`BackendError` with Ray's first line."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, AlignError):
            return cur
        seen.add(id(cur))
        cur = getattr(cur, "cause", None) or cur.__cause__ or cur.__context__
    return BackendError(f"the Ray run failed: {first_line(exc, limit=None)}")


__all__ = ["AlignActor", "INSTALL", "MapActor", "RayEngine"]
