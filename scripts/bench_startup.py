"""How long `align --help` and `align --version` take once installed.

Baseline in the same run: a bare Python interpreter start (`python -c pass`). Prints the
figures and writes the "CLI start-up" section of BENCHMARKS.md.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _benchmarks import md_table, median_time, update_section  # noqa: E402

REPEAT = 9


def main() -> None:
    exe = shutil.which("align") or str(Path(sys.executable).parent / "align")
    commands = {
        "python -c pass (baseline)": [sys.executable, "-c", "pass"],
        "align --version": [exe, "--version"],
        "align --help": [exe, "--help"],
        "python -m align --help": [sys.executable, "-m", "align", "--help"],
    }
    rows = []
    base = None
    for label, cmd in commands.items():
        subprocess.run(cmd, capture_output=True, check=True)  # warm the file cache
        seconds, _ = median_time(
            lambda cmd=cmd: subprocess.run(cmd, capture_output=True, check=True), repeat=REPEAT
        )
        base = base or seconds
        rows.append([label, f"{seconds:.3f}", f"{seconds / base:.1f}x"])
        print(f"{label:32s} {seconds:.3f} s  ({seconds / base:.1f}x baseline)")
    body = (
        f"Median wall time of {REPEAT} runs each, same process, after one warm-up run.\n\n"
        + md_table(["command", "seconds (median)", "vs bare python"], rows)
    )
    update_section("CLI start-up", body)


if __name__ == "__main__":
    main()
