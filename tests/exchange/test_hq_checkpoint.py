"""A large merge's write-ahead log is copied into the HQ file by a thread of its own, batch after batch, and
starts over every few batches instead of growing with the whole merge."""

import sqlite3

from correspondent_app.exchange.hq_sqlite_checkpoint import RESTART_EVERY, Checkpointer

ROW = "x" * 3000  # about a page a row


def writer(path):
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # as during a large merge: the thread checkpoints
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, data TEXT)")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the table in the file, the log empty
    return conn


def in_file(path) -> int:
    """Rows in the database file itself, the log left aside (immutable: SQLite reads the file alone)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM t").fetchone()[0]
    finally:
        conn.close()


def batch(conn, rows=50):
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO t (data) VALUES (?)", [(ROW,)] * rows)
    conn.execute("COMMIT")


def log_frames(conn) -> int:
    return conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]


def test_each_committed_batch_is_copied_into_the_file(tmp_path):
    path = tmp_path / "hq.sqlite"
    conn = writer(path)
    checkpoints = Checkpointer(path, 5.0)
    batch(conn)
    assert in_file(path) == 0  # committed, still only in the log
    checkpoints.committed()
    checkpoints.wait()
    assert in_file(path) == 50 and checkpoints.error is None
    batch(conn)
    checkpoints.committed()
    checkpoints.close()  # finishes the checkpoint asked for
    assert in_file(path) == 100
    conn.close()


def test_the_log_starts_over_every_few_batches(tmp_path):
    path = tmp_path / "hq.sqlite"
    conn = writer(path)
    checkpoints = Checkpointer(path, 5.0)
    batch(conn)
    checkpoints.committed()
    checkpoints.wait()
    one = log_frames(conn)
    for _ in range(4 * RESTART_EVERY):
        checkpoints.before_batch()
        batch(conn)
        checkpoints.committed()
    checkpoints.close()
    assert in_file(path) == 50 * (1 + 4 * RESTART_EVERY)
    assert log_frames(conn) <= (RESTART_EVERY + 1) * one  # not 4 * RESTART_EVERY batches' worth
    conn.close()
