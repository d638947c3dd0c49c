"""The write-ahead log of an HQ file checkpointed in a thread of its own during a large merge.

SQLite copies the log into the database file (a checkpoint) inside the COMMIT that makes the log pass its
limit: during a national merge that is every other batch, and the merge stood still for three seconds each
time while the readers' queue filled up. Here the merge's connection checkpoints never; after each batch's
commit this thread copies that batch (a PASSIVE checkpoint, which runs beside the merge's next writes), and
every ``RESTART_EVERY`` batches the merge waits for it before it begins, so that the log starts over from its
beginning instead of growing with the whole merge. A checkpoint that fails loses nothing (the log keeps every
page until one succeeds); the next one, or SQLite's own after the merge, copies it.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

#: Batches between two waits for the checkpoint: the log holds at most this many batches (about 350 MB each).
RESTART_EVERY = 4


class Checkpointer:
    def __init__(self, path: Path, timeout: float) -> None:
        self.conn = sqlite3.connect(str(path), isolation_level=None, timeout=timeout, check_same_thread=False)
        self.cond = threading.Condition()
        self.requested = self.done = self.batches = 0
        self.stopping = False
        self.error: sqlite3.Error | None = None  # the last checkpoint's failure, if it failed
        self.thread = threading.Thread(target=self._run, name="hq-checkpoint", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            with self.cond:
                while self.done == self.requested and not self.stopping:
                    self.cond.wait()
                if self.done == self.requested:  # stopping, nothing left to copy
                    return
                target = self.requested
            try:
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                self.error = None
            except sqlite3.Error as exc:
                self.error = exc
            with self.cond:
                self.done = target
                self.cond.notify_all()

    def committed(self) -> None:
        """A batch was committed: copy it into the database file."""
        with self.cond:
            self.requested += 1
            self.cond.notify_all()

    def before_batch(self) -> None:
        """Before a batch begins: every ``RESTART_EVERY`` batches, wait until the log is copied whole, so that
        the batch's writes start it over."""
        self.batches += 1
        if self.batches % RESTART_EVERY == 0:
            self.wait()

    def wait(self) -> None:
        with self.cond:
            while self.done < self.requested:
                self.cond.wait()

    def close(self) -> None:
        """The last checkpoint asked for is finished; the thread and its connection end."""
        with self.cond:
            self.stopping = True
            self.cond.notify_all()
        self.thread.join()
        self.conn.close()
