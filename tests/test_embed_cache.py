"""The embedding cache (align.embed.cache, align.embed.store): batches committed as they are
embedded (issue 13 item 4), concurrent runs, damaged files never trusted (issue 15 item 2).

The damage tests reproduce the reports: NaN vectors gave "exit 0, 304 beads, nothing
aligned"; a damaged page or another schema gave a ``sqlite3`` traceback. Each now gives
the uncached run's beads and one warning.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest
from conftest import run_cli

from align.embed import CachedEncoder, get_encoder
from align.embed.base import batches
from align.embed.hashing import HashEncoder

SRC_DIR = str(Path(__file__).resolve().parent.parent / "src")


class Spy:
    """A HashEncoder that records every batch; ``stop_after`` texts it raises KeyboardInterrupt
    (as Ctrl-C would, in the middle of a run)."""

    name = "spy"

    def __init__(self, stop_after: int | None = None) -> None:
        self.inner = HashEncoder(dim=16)
        self.batches: list[list[str]] = []
        self.stop_after = stop_after

    @property
    def embedded(self) -> int:
        return sum(len(b) for b in self.batches)

    def encode(self, texts: Sequence[str], *, batch_size: int | None = None,
               progress: bool = False) -> np.ndarray:
        if self.stop_after is not None and self.embedded + len(texts) > self.stop_after:
            raise KeyboardInterrupt
        self.batches.append(list(texts))
        return self.inner.encode(texts)

    def signature(self) -> str:
        return "spy:v1"


def db_file(cache_dir: Path) -> Path:
    """The one cache file in ``cache_dir`` (whatever its name's schema suffix)."""
    files = sorted(cache_dir.glob("*.sqlite"))
    assert len(files) == 1, files
    return files[0]


def stored(cache_dir: Path) -> int:
    with sqlite3.connect(f"file:{db_file(cache_dir)}?mode=ro", uri=True) as db:
        return int(db.execute("SELECT count(*) FROM emb").fetchone()[0])


TEXTS = [f"sentence number {i} about {'x' * (i % 37)}" for i in range(1000)]


# --------------------------------------------------------------------------- basics

def test_cache_round_trip_embeds_each_text_once(tmp_path: Path) -> None:
    spy = Spy()
    cached = CachedEncoder(spy, tmp_path)
    first = cached.encode(["a", "b", "a"])
    assert spy.batches == [["a", "b"]]  # duplicates embedded once
    again = CachedEncoder(spy, tmp_path).encode(["b", "a", "c"])
    assert spy.batches[-1] == ["c"]
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[1], first[0])
    assert list(tmp_path.glob("*.sqlite")) == [tmp_path / "spy_v1.v2.sqlite"]


def test_cache_dir_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "c"))
    enc = get_encoder("hash", cache=True)
    assert isinstance(enc, CachedEncoder)
    enc.encode(["x"])
    assert (tmp_path / "c").is_dir()


def test_old_schema_file_is_left_alone(tmp_path: Path) -> None:
    """Runs of the previous release share ~/.cache/align/embeddings: their file (same
    signature, no schema version in the name) is neither read nor changed."""
    old = tmp_path / "spy_v1.sqlite"
    with sqlite3.connect(old) as db:
        db.execute("CREATE TABLE emb (k BLOB PRIMARY KEY, v BLOB NOT NULL)")
    before = old.read_bytes()
    out = CachedEncoder(Spy(), tmp_path).encode(["a", "b"])
    assert np.array_equal(out, HashEncoder(dim=16).encode(["a", "b"]))
    assert old.read_bytes() == before
    assert (tmp_path / "spy_v1.v2.sqlite").is_file()


# --------------------------------------------------------------------------- partial results

def test_interrupted_run_keeps_the_batches_it_embedded(tmp_path: Path) -> None:
    """Reported: a killed 45-second run left the cache as it was. Now every batch is
    committed as soon as it is embedded, and a re-run embeds only the rest."""
    with pytest.raises(KeyboardInterrupt):
        CachedEncoder(Spy(stop_after=600), tmp_path).encode(TEXTS)
    kept = stored(tmp_path)
    assert kept == 480  # batches of 32, 64, 128, 256 (a ramp); the fifth was cut short
    spy = Spy()
    out = CachedEncoder(spy, tmp_path).encode(TEXTS)
    assert spy.embedded == len(TEXTS) - kept
    assert np.array_equal(out, HashEncoder(dim=16).encode(TEXTS))


_SLOW_CHILD = """
import sys, time
sys.path[:0] = [{src!r}, {tests!r}]
from align.embed import CachedEncoder
from test_embed_cache import Spy, TEXTS

class Slow(Spy):
    def encode(self, texts, **kw):
        time.sleep(0.3)
        return super().encode(texts, **kw)

CachedEncoder(Slow(), {cache!r}).encode(TEXTS)
"""


def test_killed_run_keeps_the_batches_it_committed(tmp_path: Path) -> None:
    code = _SLOW_CHILD.format(src=SRC_DIR, tests=str(Path(__file__).parent), cache=str(tmp_path))
    child = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.monotonic() + 60
        kept = 0
        while kept < 32 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
            if list(tmp_path.glob("*.sqlite")):
                try:
                    kept = stored(tmp_path)
                except sqlite3.OperationalError:  # file created, table not yet
                    kept = 0
        assert child.poll() is None, "the run ended before a batch was seen in the cache"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    kept = stored(tmp_path)
    assert kept in {end for _, end in batches(len(TEXTS), 256)} - {len(TEXTS)}
    spy = Spy()
    out = CachedEncoder(spy, tmp_path).encode(TEXTS)
    assert spy.embedded == len(TEXTS) - kept
    assert np.array_equal(out, HashEncoder(dim=16).encode(TEXTS))


# --------------------------------------------------------------------------- concurrency

_WRITER = """
import os, random, signal, sys
sys.path[:0] = [{src!r}, {tests!r}]
import numpy as np
from align.embed import CachedEncoder
from align.embed.hashing import HashEncoder
from test_embed_cache import KILLER, POOL

seed, kill = int(sys.argv[1]), sys.argv[2] == "kill"
texts = list(KILLER if kill else POOL)
random.Random(seed).shuffle(texts)
enc = CachedEncoder(HashEncoder(dim=16), {cache!r})
ref = HashEncoder(dim=16)
for start in range(0, len(texts), 40):
    if kill and start == 120:  # die holding the write lock, the batch inserted, not committed
        store = enc.store
        class KillOnCommit:
            def __init__(self, db): self.db = db
            def __getattr__(self, name): return getattr(self.db, name)
            def execute(self, sql, *args):
                if sql == "COMMIT":
                    os.kill(os.getpid(), signal.SIGKILL)
                return self.db.execute(sql, *args)
        store._db = KillOnCommit(store._conn())
    chunk = texts[start:start + 40]
    got = enc.encode(chunk, batch_size=10)  # 10 texts a transaction: writers interleave
    if not np.array_equal(got, ref.encode(chunk)):
        sys.exit(f"writer {{seed}}: wrong vectors")
"""

POOL = [f"shared text {i}" for i in range(400)]
KILLER = [f"text of the run that is killed {i}" for i in range(200)]


def test_concurrent_runs_share_the_cache_safely(tmp_path: Path) -> None:
    """Four runs embed the same texts in different orders, reading what the others wrote
    and writing in small interleaved transactions, while a fifth is killed holding the
    write lock mid-batch. Every run gets the right vectors, the file stays sound, and
    every stored vector is the right one."""
    code = _WRITER.format(src=SRC_DIR, tests=str(Path(__file__).parent), cache=str(tmp_path))
    killed = subprocess.Popen([sys.executable, "-c", code, "99", "kill"])
    procs = [subprocess.Popen([sys.executable, "-c", code, str(seed), "-"])
             for seed in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    assert killed.wait(timeout=120) == -signal.SIGKILL
    with sqlite3.connect(db_file(tmp_path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store = CachedEncoder(HashEncoder(dim=16), tmp_path).store
    found = store.get([_key(t) for t in POOL + KILLER])
    killer_kept = [t for t in KILLER if _key(t) in found]
    # the killed run kept its 12 committed batches of 10, not the one it was writing
    assert len(killer_kept) == 120 and stored(tmp_path) == len(POOL) + 120
    texts = POOL + killer_kept
    ref = HashEncoder(dim=16).encode(texts)
    assert all(np.array_equal(found[_key(t)], ref[i]) for i, t in enumerate(texts))


def _key(text: str) -> bytes:
    from align.embed.cache import _key as key

    return key(text)


def test_busy_cache_is_given_up_with_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    """A write lock held past the timeout is not damage: the run goes on uncached."""
    import align.embed.store as store

    monkeypatch.setattr(store, "TIMEOUT", 0.2)
    CachedEncoder(Spy(), tmp_path).encode(["a"])  # create the file
    other = sqlite3.connect(db_file(tmp_path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with caplog.at_level(logging.WARNING, logger="align.embed"):
            out = CachedEncoder(Spy(), tmp_path).encode(TEXTS[:600])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert np.array_equal(out, HashEncoder(dim=16).encode(TEXTS[:600]))
    assert [r.getMessage() for r in caplog.records] == [
        f"embedding cache {db_file(tmp_path)}: not used for the rest of this run "
        "(database is locked)"]
    assert stored(tmp_path) == 1


# --------------------------------------------------------------------------- damage

EN = ["Alice paid 120 dollars in 2019.", "Bob bought 3 cars in Porto.",
      "Carol flew to Lisbon in 2021, she said.", "Dave read 7 books!",
      "Eve sold 15 houses (all of them) in Braga.", "Frank: 'never again'.",
      "Grace met 40 people at the 2020 fair?", "Heidi wrote 2 letters to IBM."]
PT = ["Alice pagou 120 dólares em 2019.", "Bob comprou 3 carros no Porto.",
      "Carol voou para Lisboa em 2021, disse ela.", "Dave leu 7 livros!",
      "Eve vendeu 15 casas (todas) em Braga.", "Frank: 'nunca mais'.",
      "Grace conheceu 40 pessoas na feira de 2020?", "Heidi escreveu 2 cartas à IBM."]


def _update_vectors(make: Callable[[int, int], bytes]) -> Callable[[Path], None]:
    """A damage: every stored vector replaced by ``make(row, n_bytes)``."""
    def damage(path: Path) -> None:
        with sqlite3.connect(path) as db:
            rows = db.execute("SELECT rowid, length(v) FROM emb").fetchall()
            for rowid, size in rows:
                db.execute("UPDATE emb SET v = ? WHERE rowid = ?", (make(rowid, size), rowid))
    return damage


def _nan(rowid: int, size: int) -> bytes:
    return np.full(size // 4, np.nan, dtype=np.float32).tobytes()


def _wrong_length(rowid: int, size: int) -> bytes:
    v = np.random.default_rng(rowid).normal(size=10).astype(np.float32)
    return (v / np.linalg.norm(v)).tobytes()


def _random_bytes(rowid: int, size: int) -> bytes:
    return np.random.default_rng(rowid).bytes(size)


def _damaged_page(path: Path) -> None:
    """Garbage over the middle third of the file, as a bad disk or a torn copy leaves."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(size // 3)
        fh.write(bytes([0xDE, 0xAD, 0xBE, 0xEF]) * (size // 12))


def _not_a_database(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.write(b"\0" * 100)


def _wrong_schema(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE emb")
        db.execute("CREATE TABLE emb (text TEXT, vector TEXT)")


DAMAGES = {
    "nan": _update_vectors(_nan),
    "wrong-length": _update_vectors(_wrong_length),
    "random-bytes": _update_vectors(_random_bytes),
    "damaged-page": _damaged_page,
    "not-a-database": _not_a_database,
    "wrong-schema": _wrong_schema,
}


@pytest.fixture
def pair_files(tmp_path: Path) -> tuple[Path, Path]:
    s, t = tmp_path / "doc.en", tmp_path / "doc.pt"
    s.write_text("\n".join(EN) + "\n", encoding="utf-8")
    t.write_text("\n".join(PT) + "\n", encoding="utf-8")
    return s, t


def _pair(files: tuple[Path, Path], *cache: str) -> tuple[int, str, str]:
    return run_cli(["pair", str(files[0]), str(files[1]), "--presplit", "-s", "en", "-t", "pt",
                    "-e", "hash", "--format", "beads", "-q", *cache])


def _fill(cache: Path, numbers: range) -> None:
    filler = get_encoder("hash", cache=True, cache_dir=cache)
    assert isinstance(filler, CachedEncoder)
    filler.encode([f"filler {i}" for i in numbers])
    filler.close()


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_damaged_cache_gives_the_uncached_beads_and_one_warning(
    damage: str, pair_files: tuple[Path, Path], tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    cache = tmp_path / "cache"
    code, expected, _ = _pair(pair_files, "--no-cache")
    assert code == 0 and len(expected.splitlines()) == len(EN)
    # a file of many pages, the document's vectors in the middle ones
    _fill(cache, range(1500))
    assert _pair(pair_files, "--cache-dir", str(cache))[0] == 0
    _fill(cache, range(1500, 3000))
    gc.collect()  # the pair run's connection: closing the last one empties the WAL into the file
    assert [p.name for p in cache.iterdir()] == [db_file(cache).name]
    DAMAGES[damage](db_file(cache))
    with caplog.at_level(logging.WARNING, logger="align.embed"):
        code, out, _ = _pair(pair_files, "--cache-dir", str(cache))
    assert (code, out) == (0, expected)
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("align")]
    assert len(warnings) == 1 and warnings[0].startswith(f"embedding cache {db_file(cache)}: ")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="align.embed"):  # repaired: quiet, same beads
        assert _pair(pair_files, "--cache-dir", str(cache))[:2] == (0, expected)
    assert not caplog.records


def test_damaged_vectors_are_embedded_again_and_rewritten(
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    CachedEncoder(Spy(), tmp_path).encode(TEXTS[:20])
    with sqlite3.connect(db_file(tmp_path)) as db:
        db.execute("UPDATE emb SET v = ? WHERE rowid IN (2, 5, 9)",
                   (np.full(16, np.inf, dtype=np.float32).tobytes(),))
    spy = Spy()
    with caplog.at_level(logging.WARNING, logger="align.embed"):
        out = CachedEncoder(spy, tmp_path).encode(TEXTS[:20])
        again = CachedEncoder(spy, tmp_path).encode(TEXTS[:20])
    assert spy.embedded == 3
    assert np.array_equal(out, HashEncoder(dim=16).encode(TEXTS[:20]))
    assert np.array_equal(again, out)
    assert len(caplog.records) == 1 and "3 damaged vector(s)" in caplog.records[0].getMessage()


def test_consistently_wrong_vector_size_is_caught(tmp_path: Path) -> None:
    """A file whose size field and vectors agree with each other but not with the encoder
    (8 values where it gives 16): the vectors are embedded again, the file rebuilt."""
    CachedEncoder(Spy(), tmp_path).encode(TEXTS[:10])
    with sqlite3.connect(db_file(tmp_path)) as db:
        db.execute("UPDATE meta SET value = '8' WHERE key = 'dim'")
        v = np.full(8, 8 ** -0.5, dtype=np.float32).tobytes()
        db.execute("UPDATE emb SET v = ?", (v,))
    out = CachedEncoder(Spy(), tmp_path).encode(TEXTS[:12])
    assert np.array_equal(out, HashEncoder(dim=16).encode(TEXTS[:12]))
    assert np.array_equal(CachedEncoder(Spy(stop_after=0), tmp_path).encode(TEXTS[:12]), out)


def test_vectors_that_are_not_unit_length_are_not_stored(tmp_path: Path) -> None:
    class Bad(Spy):
        def encode(self, texts: Sequence[str], **kw: object) -> np.ndarray:
            out = super().encode(texts)
            out[0] = np.nan
            return out

    CachedEncoder(Bad(), tmp_path).encode(["a", "b", "c"])
    assert stored(tmp_path) == 2


def test_one_cache_used_from_threads_and_a_forked_child(
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    """A server's worker threads may share one encoder, and a forked worker may inherit it."""
    from concurrent.futures import ThreadPoolExecutor

    enc = CachedEncoder(HashEncoder(dim=16), tmp_path)
    enc.encode(POOL[:10])
    chunks = [POOL[i : i + 25] for i in range(0, len(POOL), 25)]
    with caplog.at_level(logging.WARNING, logger="align.embed"):
        with ThreadPoolExecutor(4) as pool:
            outs = list(pool.map(lambda c: enc.encode(c, batch_size=5), chunks))
        assert np.array_equal(np.concatenate(outs), HashEncoder(dim=16).encode(POOL))
        pid = os.fork()
        if pid == 0:  # the child uses the parent's encoder object
            ok = np.array_equal(enc.encode(KILLER[:50]), HashEncoder(dim=16).encode(KILLER[:50]))
            os._exit(0 if ok else 1)
        assert os.waitpid(pid, 0)[1] == 0
        assert np.array_equal(enc.encode(KILLER[:60]), HashEncoder(dim=16).encode(KILLER[:60]))
    assert not caplog.records
    assert stored(tmp_path) == len(POOL) + 60


@pytest.mark.parametrize("quiet", [False, True])
def test_damaged_cache_warning_is_one_stderr_line_and_quiet_silences_it(
    quiet: bool, pair_files: tuple[Path, Path], tmp_path: Path,
) -> None:
    # the installed entry point (python -m align), as a user sees it
    import subprocess
    import sys

    cache = tmp_path / "cache"
    _fill(cache, range(200))
    gc.collect()
    DAMAGES["not-a-database"](db_file(cache))
    argv = [sys.executable, "-m", "align", "pair", str(pair_files[0]), str(pair_files[1]),
            "--presplit", "-s", "en", "-t", "pt", "-e", "hash", "--format", "beads",
            "--cache-dir", str(cache), *(["-q"] if quiet else [])]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "embedding cache" in line]
    if quiet:
        assert done.stderr == ""
    else:
        assert len(warnings) == 1 and warnings[0].startswith(
            f"warning: embedding cache {db_file(cache)}: "), done.stderr
