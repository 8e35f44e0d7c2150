"""Saved progress: every attempt at an exercise, in SQLite, safe against crashes and neighbours.

Where: ``$VCBOOK_DATA_DIR/progress.sqlite3`` if that variable is set (tests and CI set it to a
temporary folder), else ``<Jupyter data dir>/vcbook/progress.sqlite3``.

Each attempt is written in its own transaction in WAL mode, so killing the kernel mid-write loses
nothing already committed and never corrupts the file, and two kernels can write at once (each
waits briefly for the other's lock). A store that cannot be opened, is corrupt or is unwritable
degrades to an in-memory store and says so in ``warning``: an exercise never breaks because of
its progress file.
"""

from __future__ import annotations

import contextlib
import csv
import os
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

FILENAME = "progress.sqlite3"
BUSY_TIMEOUT_MS = 10_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id          INTEGER PRIMARY KEY,
    exercise_id TEXT    NOT NULL,
    chapter     TEXT    NOT NULL,
    variant     INTEGER,            -- the generator seed for a generated exercise, else NULL
    answer      TEXT    NOT NULL,
    status      TEXT    NOT NULL CHECK (status IN ('correct', 'incorrect', 'invalid')),
    time        TEXT    NOT NULL    -- ISO 8601, UTC
);
CREATE INDEX IF NOT EXISTS attempts_by_exercise ON attempts (exercise_id);
"""
COLUMNS = ("exercise_id", "chapter", "variant", "answer", "status", "time")


def default_path() -> Path:
    """The progress file: under ``$VCBOOK_DATA_DIR`` or the user's Jupyter data directory."""
    override = os.environ.get("VCBOOK_DATA_DIR")
    if override:
        return Path(override) / FILENAME
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "vcbook" / FILENAME


@dataclass(frozen=True)
class ChapterProgress:
    """Per chapter: exercises solved (a correct attempt) and attempted (any graded attempt)."""

    chapter: str
    solved: int
    attempted: int
    attempts: int


class ProgressStore:
    """Attempts saved in SQLite (or, when that fails, in memory with a visible ``warning``)."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else default_path()
        self.warning = ""
        self._lock = threading.RLock()  # record() may fall back, which reads
        try:
            self._conn = self._open_file(self.path)
        except (sqlite3.Error, OSError) as error:
            self.warning = (f"Your progress cannot be saved to {self.path} ({error}); it is kept "
                            f"in memory until the kernel restarts.")
            self._conn = self._open(":memory:")

    @property
    def persistent(self) -> bool:
        return not self.warning

    @staticmethod
    def _open(target: str) -> sqlite3.Connection:
        conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.executescript(_SCHEMA)
        return conn

    @classmethod
    def _open_file(cls, path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = cls._open(str(path))
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            (verdict,) = conn.execute("PRAGMA quick_check").fetchone()
            if verdict != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {verdict}")
            # Fail now, not at the first attempt, if the file cannot be written.
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    def record(self, exercise_id: str, chapter: str, answer: str, status: str,
               variant: int | None = None, *, when: datetime | None = None) -> None:
        """Save one attempt (made ``when``, default now) in its own transaction; never raises
        (falls back to memory)."""
        when = datetime.now(timezone.utc) if when is None else when.astimezone(timezone.utc)
        row = (exercise_id, chapter, variant, str(answer), status,
               when.isoformat(timespec="milliseconds"))
        with self._lock:
            try:
                self._insert(self._conn, row)
            except sqlite3.Error as error:
                self._fall_back_to_memory(error)
                self._insert(self._conn, row)

    @staticmethod
    def _insert(conn: sqlite3.Connection, row: tuple) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"INSERT INTO attempts ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
                         row)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _fall_back_to_memory(self, error: Exception) -> None:
        rows = self.attempts()
        self.warning = (f"Saving progress to {self.path} failed ({error}); from now on it is "
                        f"kept in memory until the kernel restarts.")
        memory = self._open(":memory:")
        memory.executemany(f"INSERT INTO attempts ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
                           rows)
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        self._conn = memory

    def attempts(self, exercise_id: str | None = None) -> list[tuple]:
        """All attempts (or one exercise's), oldest first, as tuples in ``COLUMNS`` order."""
        query = f"SELECT {', '.join(COLUMNS)} FROM attempts"
        args: tuple = ()
        if exercise_id is not None:
            query, args = query + " WHERE exercise_id = ?", (exercise_id,)
        with self._lock:
            try:
                return self._conn.execute(query + " ORDER BY id", args).fetchall()
            except sqlite3.Error:
                return []

    def first_solved(self, exercise_id: str, variant: int | None = None) -> datetime | None:
        """When this exercise (this variant: a generator seed, or None for a fixed exercise)
        was first answered correctly, as an aware UTC datetime; None if never."""
        query = ("SELECT MIN(time) FROM attempts "
                 "WHERE exercise_id = ? AND variant IS ? AND status = 'correct'")
        with self._lock:
            try:
                (first,) = self._conn.execute(query, (exercise_id, variant)).fetchone()
            except sqlite3.Error:
                return None
        return None if first is None else datetime.fromisoformat(first)

    def summary(self) -> list[ChapterProgress]:
        """Solved / attempted exercises per chapter; invalid submissions do not count."""
        query = """
            SELECT chapter,
                   COUNT(DISTINCT CASE WHEN status = 'correct' THEN exercise_id END),
                   COUNT(DISTINCT exercise_id),
                   COUNT(*)
            FROM attempts WHERE status != 'invalid'
            GROUP BY chapter ORDER BY chapter"""
        with self._lock:
            try:
                rows = self._conn.execute(query).fetchall()
            except sqlite3.Error:
                rows = []
        return [ChapterProgress(*row) for row in rows]

    def export_csv(self, path: Path | str) -> Path:
        """Write every attempt to a CSV file for an instructor: one row per attempt, grouped by
        chapter (oldest first within a chapter), with a last column ``kind`` saying what was
        attempted: ``family:<name>`` (a generated exercise), ``code`` or ``fixed``. Returns
        the path."""
        path = Path(path)
        rows = sorted(self.attempts(), key=lambda row: row[1])  # stable: time order kept
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow((*COLUMNS, "kind"))
            writer.writerows((*row, attempt_kind(row[0], row[2])) for row in rows)
        return path

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def attempt_kind(exercise_id: str, variant) -> str:
    """``family:jacobian`` for a generated exercise (id ``<family>-<seed>``, its seed the
    variant), ``code`` for a code exercise (``NN-code-...``), else ``fixed``."""
    if "-code-" in exercise_id:
        return "code"
    family, _, seed = exercise_id.rpartition("-")
    if variant is not None and family and seed == str(variant):
        return f"family:{family}"
    return "fixed"


_STORE: ProgressStore | None = None


def store() -> ProgressStore:
    """The kernel's progress store, opened on first use."""
    global _STORE
    if _STORE is None:
        _STORE = ProgressStore()
    return _STORE
