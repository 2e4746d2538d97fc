"""Shared fixtures: paths to the repo's data and to ../shared/bench (skipped when absent)."""

from __future__ import annotations

import os
from pathlib import Path

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
