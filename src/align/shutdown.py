"""Clean termination: SIGTERM, SIGINT and SIGHUP stop align the same way.

One mechanism for the whole program, installed by the CLI around every command:

* **Temporaries** (the hidden files of :func:`align.io.atomic_write`, folders being
  assembled by ``publish``) are registered here while they exist. A signal, an error or
  a second signal removes them; what a SIGKILL leaves behind is swept by the next write
  to the same output (:func:`align.io.sweep_stale`).
* **Child processes** (the ``corpus --jobs N`` pool, :func:`process_pool`) stop with
  their parent: the parent terminates them as it unwinds, and on Linux they receive
  SIGTERM from the kernel when the parent dies of anything, SIGKILL included
  (``PR_SET_PDEATHSIG``).
* **Exit codes**: 128 + the signal number: 130 for SIGINT, 143 for SIGTERM, 129 for
  SIGHUP, after one ``align: interrupted`` line on stderr.

The first signal raises :class:`Interrupted` in the main thread, so ``finally`` blocks
and context managers unwind as they do for any error (an ``atomic_write`` removes its
temporary file, the pool is stopped). A second signal while that runs gives up on
unwinding: it removes what is registered, stops the children and exits at once.
:func:`deferred` holds a signal back over the few lines that must not be cut in half
(renaming a finished output into place).

Nothing here is active on import; library users get Python's default behaviour unless
they call :func:`handling_signals` themselves.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

__all__ = [
    "Interrupted",
    "cleanup",
    "deferred",
    "handling_signals",
    "process_pool",
    "register",
    "release",
]

#: The signals handled like Ctrl-C (those that exist on the platform).
SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)


class Interrupted(KeyboardInterrupt):  # noqa: N818 - named for what happened, like its parent
    """A termination signal arrived. A ``KeyboardInterrupt`` (not an ``Exception``), so
    code that stops cleanly on Ctrl-C (the review server) stops cleanly on SIGTERM too."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal number, as a shell reports a process killed by it."""
        return 128 + self.signum

    @property
    def name(self) -> str:
        try:
            return signal.Signals(self.signum).name
        except ValueError:
            return f"signal {self.signum}"

    def __str__(self) -> str:
        return f"interrupted by {self.name}"


# path -> pid of the process that created it (forked workers inherit a copy of the table;
# each process only ever removes its own entries).
_temps: dict[Path, int] = {}
_stoppers: dict[int, Callable[[], None]] = {}
_lock = threading.Lock()
_state: dict[str, Any] = {"defer": 0, "pending": None, "interrupted": None}


# --------------------------------------------------------------------------- temporaries


def register(path: str | Path) -> None:
    """Remove ``path`` (a file or a folder) if the process is interrupted before :func:`release`."""
    with _lock:
        _temps[Path(path)] = os.getpid()


def release(path: str | Path) -> None:
    """``path`` is no longer a temporary of ours (renamed into place, or already removed)."""
    with _lock:
        _temps.pop(Path(path), None)


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass  # best effort: we are on the way out


def cleanup() -> None:
    """Remove every registered temporary this process created, and forget them."""
    me = os.getpid()
    with _lock:
        mine = [p for p, pid in _temps.items() if pid == me]
        for p in mine:
            del _temps[p]
    for p in mine:
        _remove(p)


# --------------------------------------------------------------------------- signals


def _stop_children() -> None:
    for stop in list(_stoppers.values()):
        try:
            stop()
        except Exception:  # noqa: BLE001, S110 - best effort on the way out
            pass


def _hard_exit(signum: int) -> None:
    cleanup()
    _stop_children()
    try:
        os.write(2, f"align: error: {Interrupted(signum)}\n".encode())
    except OSError:
        pass
    os._exit(128 + signum)


def _handler(signum: int, frame: FrameType | None) -> None:
    if _state["defer"]:
        _state["pending"] = _state["pending"] or signum
        return
    if _state["interrupted"] is not None:  # a second signal: stop unwinding, go now
        _hard_exit(signum)
    _state["interrupted"] = signum
    raise Interrupted(signum)


@contextmanager
def handling_signals() -> Iterator[None]:
    """Within the block, SIGTERM/SIGINT/SIGHUP raise :class:`Interrupted` (main thread only).

    The previous handlers come back afterwards, and registered temporaries left by the
    block are removed. Outside the main thread this only does the clean-up.
    """
    if threading.current_thread() is not threading.main_thread():
        try:
            yield
        finally:
            cleanup()
        return
    previous = {s: signal.getsignal(s) for s in SIGNALS}
    saved = dict(_state)
    _state.update(defer=0, pending=None, interrupted=None)
    for s in SIGNALS:
        if previous[s] is signal.SIG_IGN and s != signal.SIGINT:
            continue  # e.g. started under nohup: keep ignoring SIGHUP
        signal.signal(s, _handler)
    try:
        yield
    finally:
        cleanup()
        for s, h in previous.items():
            signal.signal(s, h)
        _state.update(saved)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold back a termination signal until the block is done, then act on it.

    For a few lines that must run whole, such as ``os.replace`` of a finished output
    and the bookkeeping after it.
    """
    _state["defer"] += 1
    try:
        yield
    finally:
        _state["defer"] -= 1
        pending = _state["pending"]
        if not _state["defer"] and pending is not None:
            _state["pending"] = None
            _handler(pending, None)


# --------------------------------------------------------------------------- child processes


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists (on this machine)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill would terminate it; assume alive
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # somebody else's process
        return True
    except OSError:
        return False
    return True


def _set_parent_death_signal(signum: int) -> None:
    """Ask the kernel to send ``signum`` when our parent dies (Linux; elsewhere a no-op)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signum, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass


def _worker_exit(signum: int, frame: FrameType | None) -> None:
    cleanup()
    os._exit(128 + signum)


def _init_worker(parent: int | None, initializer: Callable[..., Any] | None = None,
                 initargs: tuple[Any, ...] = ()) -> None:
    """Pool initializer: die with the parent, leave Ctrl-C to it, clean up on SIGTERM;
    then the caller's own ``initializer(*initargs)``.

    ``parent``: the pid the worker's parent process must have (``None`` when the pool
    starts workers through a server process, whose pid that is not)."""
    _set_parent_death_signal(signal.SIGTERM)
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent coordinates Ctrl-C
    for s in SIGNALS:
        if s != signal.SIGINT:
            signal.signal(s, _worker_exit)
    _state.update(defer=0, pending=None, interrupted=None)
    _stoppers.clear()
    # The parent died before the death signal was armed: the worker has been reparented
    # (a dead parent may still "exist" as a zombie, so its pid tells nothing).
    if parent is not None and os.getppid() != parent:
        os._exit(128 + signal.SIGTERM)
    if initializer is not None:
        initializer(*initargs)


def _terminate_pool(pool: ProcessPoolExecutor) -> None:
    if hasattr(signal, "SIGPIPE") and threading.current_thread() is threading.main_thread():
        # The pool's feeder thread may still write to a worker we stop: that must be an
        # error in that thread, not SIGPIPE killing the process (the CLI restores SIG_DFL).
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=5)
        if p.is_alive():
            p.kill()
            p.join(timeout=5)


@contextmanager
def process_pool(workers: int, *, mp_context: Any = None,
                 initializer: Callable[..., Any] | None = None,
                 initargs: tuple[Any, ...] = ()) -> Iterator[ProcessPoolExecutor]:
    """A ``ProcessPoolExecutor`` whose workers never outlive the command.

    On success it shuts down normally. On an error or a signal the pending jobs are
    cancelled and the workers terminated (each removes its own temporaries). Workers
    also get SIGTERM from the kernel if the parent is killed outright (Linux).
    ``mp_context``, ``initializer`` and ``initargs`` as for ``ProcessPoolExecutor``.
    """
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    class Pool(ProcessPoolExecutor):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
            # Submitting may start a worker: a signal must not cut that in half (a worker
            # left reading a closed pipe prints a traceback after we are gone).
            with deferred():
                return super().submit(fn, *args, **kwargs)

    method = (mp_context or multiprocessing.get_context()).get_start_method()
    parent = os.getpid() if method in ("fork", "spawn") else None
    pool = Pool(max_workers=workers, mp_context=mp_context, initializer=_init_worker,
                initargs=(parent, initializer, initargs))
    key = id(pool)
    _stoppers[key] = lambda: _terminate_pool(pool)
    try:
        yield pool
    except BaseException:
        _terminate_pool(pool)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        _stoppers.pop(key, None)
