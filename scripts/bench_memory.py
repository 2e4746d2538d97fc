"""Benchmark peak memory (RSS) of commands on 1, 10 and 50 MB inputs.

Each command runs as a subprocess (``python -m align ...``) on generated English text
(NTREX sentences, numbered so that no two lines are equal); its peak resident set size
comes from the kernel (``os.wait4`` rusage, ``ru_maxrss``), so imports and everything
the command allocates count. Commands and inputs:

* ``segment FILE --lang en``: one text file of the size;
* ``score HYP -r REF -m bleu,chrf``: reference and hypothesis files of the size each;
* ``check FILE -g glossaries/align-terms.tsv --lang en``: one text file of the size;
* ``eval GOLD TEST``: gold and test bead files (``[i]:[i]`` lines) of the size each;
* ``pair SRC TGT -e none``: source and target files of the size each.

Peak memory must grow no faster than linearly with the input (the "MB per input MB"
column: the peak above the 1 MB run, divided by the extra input) and the commands that
stream (segment, score; check and eval once their readers stream) must stay under 1 GB
at 50 MB. Runs are capped (``--limit-gb`` of address space, ``--timeout`` seconds) so a
runaway command cannot take the machine down; a capped run is reported as such.

Usage: ``python scripts/bench_memory.py [--sizes 1,10,50] [--commands segment,score]
[--timeout 900] [--limit-gb 12] [--no-write]``. Writes the "Memory (peak RSS)" section of
BENCHMARKS.md unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _benchmarks import BENCH, ROOT, md_table, update_section  # noqa: E402

MB = 2**20
GLOSSARY = ROOT / "glossaries" / "align-terms.tsv"


def write_text(path: Path, size_mb: float, *, variant: int = 0) -> None:
    """English prose of about ``size_mb``: NTREX lines, numbered, lightly varied."""
    source = BENCH / "ntrex" / "eng.txt"
    lines = [x for x in source.read_text(encoding="utf-8").splitlines() if x.strip()]
    target = size_mb * MB
    written = 0
    with open(path, "w", encoding="utf-8") as fh:
        i = 0
        while written < target:
            words = lines[i % len(lines)].split()
            if variant and words:
                words[(i * 7) % len(words)] = words[(i * 7) % len(words)][::-1]
            line = f"{i}. " + " ".join(words) + "\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
            i += 1


def write_beads(path: Path, size_mb: float, *, merge: bool = False) -> None:
    """``[i]:[i]`` beads of about ``size_mb``; ``merge``: every 50th pair of beads is one
    2-2 bead instead (a valid alignment that differs from the other)."""
    target = size_mb * MB
    written = 0
    with open(path, "w", encoding="ascii") as fh:
        i = 0
        while written < target:
            if merge and i % 50 == 0:
                line = f"[{i},{i + 1}]:[{i},{i + 1}]\n"
                i += 2
            else:
                line = f"[{i}]:[{i}]\n"
                i += 1
            fh.write(line)
            written += len(line)


def inputs(folder: Path, size: float) -> dict[str, list[str]]:
    """The command lines for one size (inputs written into ``folder``)."""
    text = folder / f"text{size:g}.txt"
    hyp = folder / f"hyp{size:g}.txt"
    gold = folder / f"gold{size:g}.beads"
    test = folder / f"test{size:g}.beads"
    if not text.exists():
        write_text(text, size)
        write_text(hyp, size, variant=1)
        write_beads(gold, size)
        write_beads(test, size, merge=True)
    return {
        "segment": ["segment", str(text), "--lang", "en", "-o", str(folder / "out.txt"), "--force"],
        "score": ["score", str(hyp), "-r", str(text), "-m", "bleu,chrf", "-q"],
        "check": ["check", str(text), "-g", str(GLOSSARY), "--lang", "en", "-q", "-o",
                  str(folder / "check.txt"), "--force"],
        "eval": ["eval", str(gold), str(test), "-q"],
        "pair -e none": ["pair", str(text), str(hyp), "-e", "none", "-s", "en", "-t", "en", "-q",
                         "-o", str(folder / "pair.tsv"), "--force"],
    }


def peak_rss(args: list[str], *, timeout: float, limit_gb: float) -> tuple[float | None, str, float]:
    """(peak RSS in MB or None, outcome, seconds) of ``python -m align ARGS``."""
    limit = int(limit_gb * 2**30)

    def cap() -> None:  # in the child, before exec
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "align", "--max-input-size", "1G", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            preexec_fn=cap)
    assert proc.stderr is not None
    os.set_blocking(proc.stderr.fileno(), False)
    err = b""
    outcome = ""
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        try:
            err += proc.stderr.read() or b""
        except BlockingIOError:
            pass
        if pid:
            break
        if time.monotonic() - t0 > timeout:
            os.kill(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            outcome = f"timeout ({timeout:.0f} s)"
            break
        time.sleep(0.2)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - t0
    rss = usage.ru_maxrss / 1024  # kB on Linux
    if not outcome:
        code = proc.returncode
        last = err.decode(errors="replace").strip().splitlines()[-1:] or [""]
        if code in (0, 1) and not (code == 1 and "error" in last[0]):
            outcome = "ok"
        elif "out of memory" in last[0] or "MemoryError" in last[0]:
            outcome = f"out of memory at the {limit_gb:g} GB cap"
        else:
            outcome = f"exit {code}: {last[0][:90]}"
    return rss, outcome, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,50")
    parser.add_argument("--commands", default="segment,score,check,eval,pair -e none")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--limit-gb", type=float, default=12.0)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if not BENCH.is_dir():
        raise SystemExit(f"benchmark data not found at {BENCH}")
    sizes = [float(s) for s in args.sizes.split(",")]
    commands = [c.strip() for c in args.commands.split(",")]
    results: dict[str, dict[float, tuple[float | None, str, float]]] = {c: {} for c in commands}
    with tempfile.TemporaryDirectory(prefix="align-mem-") as tmp:
        folder = Path(tmp)
        for size in sizes:
            lines = inputs(folder, size)
            for command in commands:
                rss, outcome, seconds = peak_rss(lines[command], timeout=args.timeout,
                                                 limit_gb=args.limit_gb)
                results[command][size] = (rss, outcome, seconds)
                print(f"{command:14s} {size:5g} MB: peak {rss:8.0f} MB, {seconds:7.1f} s, "
                      f"{outcome}", file=sys.stderr, flush=True)
    headers = ["command", *[f"{s:g} MB" for s in sizes], "MB per input MB", "grows", "notes"]
    rows = []
    for command in commands:
        cells = []
        notes = []
        for size in sizes:
            rss, outcome, seconds = results[command][size]
            cells.append(f"{rss:,.0f} MB ({seconds:.0f} s)" if outcome == "ok" else "—")
            if outcome != "ok":
                notes.append(f"{size:g} MB: {outcome} (peak {rss:,.0f} MB)")
        ok = [(s, results[command][s][0]) for s in sizes if results[command][s][1] == "ok"]
        slope = growth = ""
        if len(ok) >= 2:
            (s0, r0), (s1, r1) = ok[0], ok[-1]
            slope = f"{(r1 - r0) / (s1 - s0):.1f}"
            if len(ok) >= 3:
                (sa, ra), (sb, rb) = ok[-2], ok[-1]
                early = (ra - r0) / (sa - s0)
                late = (rb - ra) / (sb - sa)
                growth = "linear or less" if late <= 1.25 * early + 1 else "faster than linear"
        rows.append([command, *cells, slope, growth, "; ".join(notes)])
    table = md_table(headers, rows)
    print(table)
    if not args.no_write:
        body = (
            "Peak resident memory (`ru_maxrss` of the subprocess, imports included) and wall "
            "time of each command on generated English input (NTREX lines, numbered), at each "
            f"size; runs capped at {args.limit_gb:g} GB of address space and "
            f"{args.timeout:.0f} s. *MB per input MB*: the peak above the smallest run per "
            "extra input MB; *grows*: whether the last step grew faster than the one before. "
            "Targets (issue 15): no command faster than linear; the streaming ones under 1 GB "
            "at 50 MB.\n\n" + table
        )
        update_section("Memory (peak RSS)", body)


if __name__ == "__main__":
    main()
