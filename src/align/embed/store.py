"""The embedding cache's storage: one SQLite file of unit vectors per model signature.

File ``<signature>.v2.sqlite`` (:func:`store_path`); the ``v2`` is :data:`SCHEMA_VERSION`,
so code with another schema uses another file and never reads this one. Schema::

    PRAGMA application_id = 0x616c6e76 ('alnv');  PRAGMA user_version = 2
    meta(key TEXT PRIMARY KEY, value TEXT)  -- 'signature' (the encoder's), 'dim'
    emb(k BLOB PRIMARY KEY, v BLOB)         -- k: blake2b-128 of the UTF-8 text,
                                            -- v: dim float32 values, little-endian

**Nothing read is trusted.** The file must carry the schema above and the encoder's
signature; each vector must have ``dim`` finite values and unit length (only such vectors
are written). A vector that fails is left out (the text is embedded again and the row
rewritten); a file that fails (damaged pages, another schema, not a database) is deleted
and rebuilt. Either way one warning goes to the ``align.embed`` logger, once per file and
process, and the results are those of an uncached run. Errors that are not damage (a lock
held past the timeout, a full disk) turn the cache off for the rest of the run, again
with one warning.

**Concurrency.** WAL journal: readers never block and are never blocked. Each batch of
new vectors is one ``BEGIN IMMEDIATE`` transaction (the write lock first, so two writers
never deadlock on an upgrade; a waiting writer retries for up to :data:`TIMEOUT` seconds),
committed as soon as the batch is embedded. A run that is killed keeps every batch it
committed; SQLite rolls back the one it was writing. One store may be used from several
threads (one operation at a time) and survives a fork (the child opens its own connection).
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from align.errors import InputError

log = logging.getLogger("align.embed")

SCHEMA_VERSION = 2
APPLICATION_ID = 0x616C6E76  # 'alnv'
#: Seconds a writer waits for another one's lock before the cache is given up for the run.
TIMEOUT = 60.0
#: Largest deviation of a stored vector's length from 1 that is accepted.
NORM_TOLERANCE = 1e-3

_EMB_COLUMNS = [("k", "BLOB", 1), ("v", "BLOB", 0)]
_DAMAGE_CODES = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}
_warned: set[str] = set()


class CacheDamaged(Exception):
    """The file is not a cache this code can trust (internal: it is rebuilt)."""


def store_path(cache_dir: Path, signature: str) -> Path:
    """``cache_dir/<signature, file-name safe>.v<SCHEMA_VERSION>.sqlite``."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", signature)
    return cache_dir / f"{safe}.v{SCHEMA_VERSION}.sqlite"


def unit_rows(vecs: np.ndarray) -> np.ndarray:
    """Boolean mask of the rows of ``vecs`` that are finite and of unit length."""
    with np.errstate(all="ignore"):
        finite = np.isfinite(vecs).all(axis=1)
        norms = np.linalg.norm(np.where(np.isfinite(vecs), vecs, 0.0), axis=1)
    return finite & (np.abs(norms - 1.0) <= NORM_TOLERANCE)


def _is_damage(exc: BaseException) -> bool:
    if isinstance(exc, CacheDamaged):
        return True
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    name = getattr(exc, "sqlite_errorname", "")
    if name in _DAMAGE_CODES:
        return True
    # another schema under our name: a table or column that is not there
    return isinstance(exc, sqlite3.OperationalError) and str(exc).startswith(
        ("no such table", "no such column", "table emb has no column"))


class VectorStore:
    """The vectors of one encoder signature in one SQLite file (see the module doc)."""

    def __init__(self, path: Path, signature: str) -> None:
        self.path = path
        self.signature = signature
        self.dim: int | None = None
        #: False once the cache has been given up for this run (results stay correct)
        self.usable = True
        self._db: sqlite3.Connection | None = None
        self._pid = os.getpid()
        self._inode: tuple[int, int] | None = None
        self._lock = threading.RLock()

    # -- public --------------------------------------------------------------------
    def get(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """The valid vectors stored under ``keys`` (damaged ones are left out)."""
        with self._lock:
            for attempt in (0, 1):
                if not self.usable:
                    return {}
                try:
                    return self._get(keys)
                except (sqlite3.Error, CacheDamaged) as exc:
                    self._recover(exc, retry=attempt == 0)
            return {}

    def put(self, keys: Sequence[bytes], vecs: np.ndarray) -> None:
        """Store ``vecs`` (one row per key) in one transaction; rows that are not finite
        unit vectors are not stored."""
        vecs = np.ascontiguousarray(vecs, dtype="<f4")
        good = unit_rows(vecs)
        rows = [(k, v.tobytes()) for k, v, ok in zip(keys, vecs, good, strict=True) if ok]
        with self._lock:
            for attempt in (0, 1):
                if not rows or not self.usable:
                    return
                try:
                    self._put(rows, vecs.shape[1])
                    return
                except (sqlite3.Error, CacheDamaged) as exc:
                    self._recover(exc, retry=attempt == 0)

    def close(self) -> None:
        with self._lock:
            if self._db is not None and self._pid == os.getpid():
                self._db.close()
            self._db = None

    # -- reading and writing ---------------------------------------------------------
    def _get(self, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        db = self._conn()
        found: dict[bytes, np.ndarray] = {}
        bad = 0
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            q = "SELECT k, v FROM emb WHERE k IN (" + ",".join("?" * len(chunk)) + ")"
            for k, v in db.execute(q, chunk):
                vec = self._vector(v)
                if vec is None:
                    bad += 1
                else:
                    found[bytes(k)] = vec
        if bad:
            self._warn(f"{bad} damaged vector(s) ignored; they are embedded again and "
                       "rewritten")
        return found

    def _vector(self, blob: object) -> np.ndarray | None:
        if self.dim is None or not isinstance(blob, bytes) or len(blob) != 4 * self.dim:
            return None
        vec = np.frombuffer(blob, dtype="<f4").astype(np.float32)
        return vec if unit_rows(vec[None, :])[0] else None

    def _put(self, rows: list[tuple[bytes, bytes]], dim: int) -> None:
        db = self._conn()
        if self.dim is not None and self.dim != dim:
            raise CacheDamaged(f"it holds {self.dim}-value vectors where the encoder gives {dim}")
        db.execute("BEGIN IMMEDIATE")
        try:
            if self.dim is None:
                db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('dim', ?)", (str(dim),))
                self.dim = self._meta_dim(db)
                if self.dim != dim:
                    raise CacheDamaged(f"it holds {self.dim}-value vectors where the encoder "
                                       f"gives {dim}")
            db.executemany("INSERT OR REPLACE INTO emb (k, v) VALUES (?, ?)", rows)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    # -- opening and checking ----------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        if self._db is not None and self._pid != os.getpid():
            self._db = None  # a forked child: the parent's connection is not ours to use
        if self._db is not None:
            return self._db
        self._pid = os.getpid()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(self.path), timeout=TIMEOUT, isolation_level=None,
                                 check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise InputError(f"{self.path.parent}: cannot use the embedding cache ({exc}); "
                             "pass --cache-dir DIR or --no-cache") from exc
        try:
            self._inode = self._file_id()
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._check_schema(db)
            self.dim = self._meta_dim(db)
        except BaseException:
            db.close()
            raise
        self._db = db
        return db

    def _check_schema(self, db: sqlite3.Connection) -> None:
        if db.execute("PRAGMA user_version").fetchone()[0] == 0:
            db.execute("BEGIN IMMEDIATE")  # first use: create it (once, under the lock)
            try:
                if db.execute("PRAGMA user_version").fetchone()[0] == 0:
                    if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                        raise CacheDamaged("it holds tables of another program")
                    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                    db.execute("CREATE TABLE emb (k BLOB PRIMARY KEY, v BLOB NOT NULL)")
                    db.execute("INSERT INTO meta (key, value) VALUES ('signature', ?)",
                               (self.signature,))
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        app = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if app != APPLICATION_ID or version != SCHEMA_VERSION:
            raise CacheDamaged(f"schema {app:#x}/{version}, expected "
                               f"{APPLICATION_ID:#x}/{SCHEMA_VERSION}")
        cols = [(r[1], r[2].upper(), r[5]) for r in db.execute("PRAGMA table_info(emb)")]
        if cols != _EMB_COLUMNS:
            raise CacheDamaged("its vector table has another layout")
        row = db.execute("SELECT value FROM meta WHERE key = 'signature'").fetchone()
        if row is None or row[0] != self.signature:
            raise CacheDamaged(f"it belongs to encoder {row[0] if row else None!r}")

    def _meta_dim(self, db: sqlite3.Connection) -> int | None:
        row = db.execute("SELECT value FROM meta WHERE key = 'dim'").fetchone()
        if row is None:
            return None
        try:
            dim = int(row[0])
        except (TypeError, ValueError):
            raise CacheDamaged(f"its vector size {row[0]!r} is not a number") from None
        if dim < 1:
            raise CacheDamaged(f"its vector size {dim} is not positive")
        return dim

    # -- damage --------------------------------------------------------------------
    def _file_id(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_dev, st.st_ino

    def _recover(self, exc: BaseException, *, retry: bool) -> None:
        """After ``exc``: rebuild a damaged file (once), else give the cache up for the run."""
        opened_id = self._inode
        self.close()
        self.dim = None
        if not _is_damage(exc) or not retry:
            self.usable = False
            self._warn(f"not used for the rest of this run ({_reason(exc)})")
            return
        self._warn(f"damaged ({_reason(exc)}); rebuilding it")
        # Another run may have rebuilt it already: then the file is a new one; use it.
        if opened_id is not None and self._file_id() not in (opened_id, None):
            return
        try:
            for suffix in ("-wal", "-shm", ""):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError as err:
            self.usable = False
            self._warn(f"damaged and cannot be removed ({err}); not used for the rest of "
                       "this run")

    def _warn(self, message: str) -> None:
        """One warning per file and process: the first damage found is the one reported."""
        if str(self.path) not in _warned:
            _warned.add(str(self.path))
            log.warning("embedding cache %s: %s", self.path, message)


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
