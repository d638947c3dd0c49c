"""The findings across villages made in a thread, on a connection of their own, while the merge's connection
builds indexes (the end of a large merge, ``SqliteStore.finish_large_merge``).

The thread only reads: in one read transaction, the committed rows and indexes as they were when it began
(the writer's indexes still being built are not in it, nor needed), and the findings kept so far. What it
found is handed back (``result``) and written by the merge's connection, in its transaction. It is started
inside that write transaction and the constructor returns once the thread's snapshot is taken: with the
write lock held, no other merge can commit between the two snapshots, so both see the same villages to
check and the same rows.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from correspondent_app.exchange.hq_sqlite_checks import Redone, find

#: Its page cache: the findings read a few index pages per person of a shared name; the OS keeps the file.
CACHE_KIB = -65536


class FindingsBeside:
    def __init__(self, path: Path, names: dict[str, str]) -> None:
        self.path, self.names = path, names
        self.found: list[Redone] | None = None
        self.error: BaseException | None = None
        self.conn: sqlite3.Connection | None = None
        self.reading = threading.Event()  # the thread's read transaction holds its snapshot (or it failed)
        self.thread = threading.Thread(target=self._run, name="hq-findings", daemon=True)
        self.thread.start()
        self.reading.wait()

    def _run(self) -> None:
        try:
            # read-only: the HQ file is never written from here (its temp tables are the connection's own)
            self.conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                                        check_same_thread=False)
            self.conn.execute(f"PRAGMA cache_size = {CACHE_KIB}")
            self.conn.execute("PRAGMA temp_store = MEMORY")
            self.conn.execute("BEGIN")  # one snapshot for every read
            self.conn.execute("CREATE TEMP TABLE touched (installation TEXT PRIMARY KEY) WITHOUT ROWID")
            self.conn.execute("INSERT INTO temp.touched SELECT installation FROM derived_pending")
            self.reading.set()
            self.found = find(self.conn, self.names)
        except BaseException as exc:  # noqa: BLE001 - raised again in the merge's thread (``result``)
            self.error = exc
        finally:
            self.reading.set()

    def result(self) -> list[Redone]:
        """The findings, once made; what went wrong making them is raised here."""
        self.thread.join()
        if self.error is not None:
            raise self.error
        assert self.found is not None
        return self.found

    def close(self) -> None:
        """Waits for the thread (a statement under way cannot be left to a connection being closed)."""
        if self.conn is not None:
            self.conn.interrupt()  # a merge that failed meanwhile does not wait for findings it will not write
        self.thread.join()
        if self.conn is not None:
            self.conn.close()
