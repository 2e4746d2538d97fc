"""Shared helpers for the benchmark scripts: timing medians and BENCHMARKS.md sections.

Each script owns one ``## <title>`` section of BENCHMARKS.md and rewrites only that
section (under a file lock, atomically), so scripts can run in any order.
"""

from __future__ import annotations

import fcntl
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
SHARED = Path(os.environ.get("ALIGN_SHARED", ROOT.parent / "shared"))
BENCH = SHARED / "bench"

HEADER = (
    "# Benchmarks\n\n"
    "Every figure here is written by a script in `scripts/` (named in each section); "
    "none is typed by hand. Re-run a script to refresh its section.\n"
)


def ntrex_documents(stem: str, *, ntrex: Path | None = None,
                    keep_empty: bool = False) -> list[list[str]]:
    """The stripped lines of NTREX file ``stem`` grouped into documents by
    DOCUMENT_IDS.tsv, in order. Empty lines are dropped unless ``keep_empty`` (which keeps
    line k of every language at the same place)."""
    ntrex = ntrex or BENCH / "ntrex"
    ids = (ntrex / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    lines = (ntrex / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
    if len(ids) != len(lines):
        raise SystemExit(f"{stem}.txt has {len(lines)} lines but DOCUMENT_IDS.tsv {len(ids)}")
    docs: list[list[str]] = []
    prev = None
    for doc_id, line in zip(ids, lines, strict=True):
        if doc_id != prev:
            docs.append([])
            prev = doc_id
        if line.strip() or keep_empty:
            docs[-1].append(line.strip())
    return docs


def machine() -> str:
    """A one-line description of the machine the figures came from."""
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def median_time(fn: Callable[[], Any], *, repeat: int = 5) -> tuple[float, Any]:
    """Run ``fn`` ``repeat`` times; return the median wall time in seconds and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def md_table(headers: list[str], rows: list[list[Any]]) -> str:
    """A Markdown table; floats are printed as given (format them before)."""
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def update_section(title: str, body: str, *, script: str | None = None) -> None:
    """Replace (or append) the ``## title`` section of BENCHMARKS.md with ``body``."""
    script = script or Path(sys.argv[0]).name
    stamp = time.strftime("%Y-%m-%d")
    section = (
        f"## {title}\n\n_Written by `scripts/{script}` on {stamp} ({machine()})._\n\n"
        f"{body.rstrip()}\n"
    )
    lock = BENCHMARKS.with_suffix(".lock")
    with open(lock, "w") as lk:
        fcntl.flock(lk, fcntl.LOCK_EX)
        text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else HEADER
        pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
        if pattern.search(text):
            text = pattern.sub(lambda _: section + "\n", text, count=1)
        else:
            text = text.rstrip() + "\n\n" + section
        tmp = BENCHMARKS.with_suffix(".md.tmp")
        tmp.write_text(text.rstrip() + "\n", encoding="utf-8")
        os.replace(tmp, BENCHMARKS)
    lock.unlink(missing_ok=True)
