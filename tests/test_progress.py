"""The progress store: transactional, shared by kernels, and never the reason an exercise breaks."""

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

from vcbook.exercises.progress import FILENAME, ProgressStore, default_path

WRITER = textwrap.dedent("""
    import sys
    from vcbook.exercises.progress import ProgressStore
    store = ProgressStore(sys.argv[1])
    for i in range(int(sys.argv[3])):
        store.record(f"{sys.argv[2]}-{i}", "ch01", "2*x", "correct" if i % 2 else "incorrect")
        print(i, flush=True)
""")


def test_default_path_honours_vcbook_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("VCBOOK_DATA_DIR", str(tmp_path))
    assert default_path() == tmp_path / FILENAME


def test_record_summary_and_export(tmp_path):
    store = ProgressStore(tmp_path / FILENAME)
    store.record("ch01-a", "01_chain_rule", "2x", "incorrect")
    store.record("ch01-a", "01_chain_rule", "2", "correct")
    store.record("ch01-b", "01_chain_rule", "sin(", "invalid")
    store.record("polar", "06_exercises", "r", "incorrect", variant=7)
    summary = {p.chapter: (p.solved, p.attempted, p.attempts) for p in store.summary()}
    assert summary == {"01_chain_rule": (1, 1, 2), "06_exercises": (0, 1, 1)}
    rows = list(csv.reader(store.export_csv(tmp_path / "attempts.csv").open()))
    assert rows[0] == ["exercise_id", "chapter", "variant", "answer", "status", "time", "kind"]
    assert [r[:5] for r in rows[1:]] == [
        ["ch01-a", "01_chain_rule", "", "2x", "incorrect"],
        ["ch01-a", "01_chain_rule", "", "2", "correct"],
        ["ch01-b", "01_chain_rule", "", "sin(", "invalid"],
        ["polar", "06_exercises", "7", "r", "incorrect"],
    ]
    assert store.persistent and store.warning == ""
    # A second store on the same file (another kernel) sees everything.
    assert len(ProgressStore(tmp_path / FILENAME).attempts()) == 4


def test_killing_a_writer_loses_nothing_committed_and_corrupts_nothing(tmp_path):
    path = tmp_path / FILENAME
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "k", "100000"],
                             stdout=subprocess.PIPE, text=True)
    confirmed = -1
    for line in child.stdout:
        confirmed = int(line)
        if confirmed >= 300:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    store = ProgressStore(path)
    assert store.persistent, store.warning
    saved = store.attempts()
    assert len(saved) >= confirmed + 1  # every attempt it reported as saved is there
    assert [r[0] for r in saved[: confirmed + 1]] == [f"k-{i}" for i in range(confirmed + 1)]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_two_kernels_writing_at_once_both_succeed(tmp_path):
    path = tmp_path / FILENAME
    ProgressStore(path).close()  # create the file first, as an open notebook would
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, "300"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
               for name in ("a", "b")]
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
    ids = {row[0] for row in ProgressStore(path).attempts()}
    assert ids == {f"{name}-{i}" for name in "ab" for i in range(300)}


def test_a_corrupt_file_degrades_to_memory_with_a_warning(tmp_path):
    path = tmp_path / FILENAME
    path.write_bytes(b"this is not a database" * 100)
    store = ProgressStore(path)
    assert not store.persistent
    assert "cannot be saved" in store.warning and str(path) in store.warning
    store.record("x", "01_chain_rule", "1", "correct")
    assert [p.solved for p in store.summary()] == [1]
    assert path.read_bytes() == b"this is not a database" * 100  # left untouched


def test_an_unusable_location_degrades_to_memory(tmp_path):
    """A file where the data folder should be (CI runs as root, so chmod cannot lock a folder)."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    store = ProgressStore(blocker / "sub" / FILENAME)
    assert not store.persistent and "cannot be saved" in store.warning
    store.record("x", "01", "1", "incorrect")
    assert len(store.attempts()) == 1


def test_a_store_that_fails_mid_session_keeps_earlier_attempts_in_memory(tmp_path):
    store = ProgressStore(tmp_path / FILENAME)
    store.record("a", "01", "1", "correct")
    store._conn.close()  # simulate the file vanishing under the kernel
    store.record("b", "01", "2", "incorrect")
    assert not store.persistent and "failed" in store.warning
    assert [r[0] for r in store.attempts()] == ["b"]  # the new attempt is kept in memory
    assert [r[0] for r in ProgressStore(tmp_path / FILENAME).attempts()] == ["a"]  # still on disk


def test_first_solved_is_the_first_correct_attempt_of_that_exercise_and_variant(tmp_path):
    from datetime import datetime, timezone

    def at(day):
        return datetime(2026, 11, day, 9, 30, tzinfo=timezone.utc)

    store = ProgressStore(tmp_path / FILENAME)
    assert store.first_solved("ch01-a") is None
    store.record("ch01-a", "01", "x", "incorrect", when=at(1))
    store.record("ch01-a", "01", "sin(", "invalid", when=at(2))
    assert store.first_solved("ch01-a") is None  # attempted, never solved
    store.record("ch01-a", "01", "2x", "correct", when=at(30))
    store.record("ch01-a", "01", "2*x", "correct", when=at(29).replace(month=12))
    store.record("gradient-7", "06", "r", "correct", variant=7, when=at(3))
    assert store.first_solved("ch01-a") == at(30)
    assert store.first_solved("ch01-a", variant=4) is None  # another variant
    assert store.first_solved("gradient-7", variant=7) == at(3)
    assert store.first_solved("gradient-7") is None  # the fixed exercise was never solved
    assert ProgressStore(tmp_path / FILENAME).first_solved("ch01-a") == at(30)  # after restart


def test_export_groups_by_chapter_and_says_what_was_attempted(tmp_path):
    store = ProgressStore(tmp_path / FILENAME)
    store.record("matrix_gradient-4", "04_identities", "x^T A", "incorrect", variant=4)
    store.record("ch01-a", "01_chain_rule", "2", "correct")
    store.record("05-code-layer-backward", "05_autodiff", "def f(): ...", "incorrect")
    store.record("jacobian-3", "02_jacobians", "A", "correct", variant=3)
    store.record("ch01-a", "01_chain_rule", "2x", "incorrect")
    rows = list(csv.reader(store.export_csv(tmp_path / "attempts.csv").open()))
    assert [(r[0], r[1], r[4], r[6]) for r in rows[1:]] == [  # by chapter, time order within
        ("ch01-a", "01_chain_rule", "correct", "fixed"),
        ("ch01-a", "01_chain_rule", "incorrect", "fixed"),
        ("jacobian-3", "02_jacobians", "correct", "family:jacobian"),
        ("matrix_gradient-4", "04_identities", "incorrect", "family:matrix_gradient"),
        ("05-code-layer-backward", "05_autodiff", "incorrect", "code"),
    ]
