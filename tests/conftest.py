"""Shared fixtures: paths to the repo's data and to ../shared/bench (skipped when absent)."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
GLOSSARIES = ROOT / "glossaries"
SHARED = Path(os.environ.get("ALIGN_SHARED", ROOT.parent / "shared"))
BENCH = SHARED / "bench"

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def bench_dir() -> Path:
    """``../shared/bench``; tests that need it skip cleanly when it is absent."""
    if not BENCH.is_dir():
        pytest.skip(f"benchmark data not found at {BENCH}")
    return BENCH


def load_script(name: str) -> ModuleType:
    """``scripts/<name>.py`` as a module. It is registered in ``sys.modules`` (dataclasses
    look their module up there), and ``scripts/`` is on ``sys.path`` while it loads, for
    its imports of sibling scripts (``_benchmarks``, ``bench_align``)."""
    scripts = ROOT / "scripts"
    spec = importlib.util.spec_from_file_location(name, scripts / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    sys.path.insert(0, str(scripts))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(scripts))
    return module


def run_cli(args: list[str]) -> tuple[int, str, str]:
    """Invoke the CLI in-process: (exit code, stdout, stderr); unexpected exceptions re-raise.

    The app maps an AlignError to one ``align: error:`` line and its exit code itself,
    exactly as the installed ``align`` command does.
    """
    from typer.testing import CliRunner

    from align.cli import app

    result = CliRunner().invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[str]:
    """A real local Ray instance (2 CPUs, no dashboard, no usage reports), started once per
    test session and shut down at its end; yields its address. Skips when Ray is absent."""
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'align[ray]')")
    pytest.importorskip("ray.data", reason="Ray Data is not installed (pip install 'align[ray]')")
    import logging

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             logging_level=logging.ERROR)
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()
