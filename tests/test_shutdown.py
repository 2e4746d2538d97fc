"""align.shutdown: one termination path for SIGTERM, SIGINT and SIGHUP (issue 15)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from align import shutdown
from align.io import atomic_write


def test_signal_raises_interrupted_with_the_shell_exit_code() -> None:
    before = signal.getsignal(signal.SIGTERM)  # not always SIG_DFL (ray.init sets its own)
    with shutdown.handling_signals():
        with pytest.raises(shutdown.Interrupted) as info:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler runs at the next bytecode
    assert info.value.exit_code == 143 and str(info.value) == "interrupted by SIGTERM"
    assert signal.getsignal(signal.SIGTERM) is before  # restored afterwards


def test_atomic_write_removes_its_temporary_on_a_signal(tmp_path: Path) -> None:
    with shutdown.handling_signals():
        with pytest.raises(shutdown.Interrupted):
            with atomic_write(tmp_path / "out.txt") as fh:
                fh.write("half")
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(5)
    assert list(tmp_path.iterdir()) == []


def test_deferred_holds_the_signal_until_the_block_ends(tmp_path: Path) -> None:
    done = []
    with shutdown.handling_signals():
        with pytest.raises(shutdown.Interrupted):
            with shutdown.deferred():
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(0.05)
                done.append("whole block")
    assert done == ["whole block"]


def test_registered_temporaries_are_cleaned_when_the_block_ends(tmp_path: Path) -> None:
    tmp = tmp_path / ".x.tmp"
    tmp.mkdir()
    (tmp / "f").write_text("x")
    with shutdown.handling_signals():
        shutdown.register(tmp)
    assert not tmp.exists()


def test_only_the_creating_process_removes_a_temporary(tmp_path: Path) -> None:
    tmp = tmp_path / "t.tmp"
    tmp.write_text("x")
    shutdown.register(tmp)
    shutdown._temps[tmp] = os.getpid() + 1  # as a forked worker sees its parent's entries
    shutdown.cleanup()
    assert tmp.exists()
    shutdown.release(tmp)


def _square(x: int) -> int:
    return x * x


def test_process_pool_runs_and_shuts_down() -> None:
    with shutdown.process_pool(2) as pool:
        assert sorted(pool.map(_square, range(5))) == [0, 1, 4, 9, 16]
    assert not shutdown._stoppers


def _sleep_forever(_: int) -> int:
    time.sleep(60)
    return 0


def _running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie or a reaped process does not). Process.is_alive()
    cannot tell once another thread (the pool's manager) has reaped the process."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_process_pool_terminates_workers_on_error() -> None:
    with pytest.raises(RuntimeError):
        with shutdown.process_pool(2) as pool:
            futures = [pool.submit(_sleep_forever, i) for i in range(2)]
            time.sleep(0.5)
            pids = [p.pid for p in pool._processes.values()]  # type: ignore[attr-defined]
            raise RuntimeError("boom")
    assert futures and pids
    end = time.monotonic() + 15
    while any(_running(pid) for pid in pids) and time.monotonic() < end:
        time.sleep(0.05)
    assert not any(_running(pid) for pid in pids)
