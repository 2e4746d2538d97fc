"""Options shared by the corpus-scale commands (``corpus``, ``check``, ``publish``):
which engine runs the work and with what resources (:mod:`align.engine`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from align.engine import Engine

PANEL = "Engine"

EngineOpt = Annotated[str, typer.Option(
    "--engine", help="Where the work runs: local (this machine; the default) or ray (Ray "
    "Data, a local Ray instance or --address; needs pip install 'align\\[ray]').",
    rich_help_panel=PANEL)]
AddressOpt = Annotated[str | None, typer.Option(
    "--address", help="Ray cluster to run on (host:6379, ray://host:10001, or auto); "
    "default: start a local Ray instance.", rich_help_panel=PANEL)]
JobsOpt = Annotated[int | None, typer.Option(
    "--jobs", "-j", min=1, help="Workers: processes (local; default 1) or Ray actors "
    "(default: the cluster's CPUs / --cpus-per-worker).", rich_help_panel=PANEL)]
CpusOpt = Annotated[float | None, typer.Option(
    "--cpus-per-worker", help="CPUs each Ray actor reserves (default 1).",
    rich_help_panel=PANEL)]
GpusOpt = Annotated[float | None, typer.Option(
    "--gpus-per-worker", help="GPUs each Ray actor reserves (default: 1 for an st: encoder "
    "when the cluster has GPUs, else 0).", rich_help_panel=PANEL)]


def make_engine(engine: str, *, jobs: int | None = None, address: str | None = None,
                cpus_per_worker: float | None = None,
                gpus_per_worker: float | None = None) -> Engine:
    """The engine the options ask for; options that need ``--engine ray`` are refused on
    the local engine (:class:`~align.errors.ConfigError`)."""
    from align.engine import get_engine
    from align.errors import ConfigError

    name = engine.strip().lower()
    if name == "local":
        for flag, value in (("--address", address), ("--cpus-per-worker", cpus_per_worker),
                            ("--gpus-per-worker", gpus_per_worker)):
            if value is not None:
                raise ConfigError(f"{flag} needs --engine ray")
        return get_engine("local", jobs=jobs)
    return get_engine(name, jobs=jobs, address=address, cpus_per_worker=cpus_per_worker,
                      gpus_per_worker=gpus_per_worker)
