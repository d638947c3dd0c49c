"""Which UUIDs an HQ SQLite file may hold, kept in memory during a large merge (``SqliteStore``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from correspondent_app.exchange.hq_store import COLUMNS


class UuidBits:
    """Which UUIDs HQ may hold, per table: a bitmap of 2^28 bits (32 MiB a table), two bits a UUID (two
    28-bit parts of the hash of its text). A UUID with a bit clear is held by no village, so in a large merge
    into a small HQ the lookups of UUIDs another village sent too are made only for the few whose bits are
    set, and the UUID indexes can wait for the merge's end. Built from the rows at the start of the
    merge, kept by ``upsert``, built again if another merge wrote meanwhile (``PRAGMA data_version``). A bit
    left set by a package rolled back only costs a lookup.

    The text's hash, not its hexadecimal digits: Python computes it in C, once a string, and the merge's
    writer (its busiest process) spent twice the time parsing two parts of each UUID as numbers. The hash of
    a text differs from one process to the next, so the bitmap lives and dies in the process that built it;
    it is a filter on the exact text, as SQLite compares UUIDs."""

    BITS = 28
    MASK = (1 << BITS) - 1

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.maps = {table: bytearray(1 << (self.BITS - 3)) for table in COLUMNS}
        for table in COLUMNS:
            self.add(table, (uuid for (uuid,) in conn.execute(f"SELECT uuid FROM {table}")))
        self.version = conn.execute("PRAGMA data_version").fetchone()[0]

    def stale(self, conn: sqlite3.Connection) -> bool:
        return conn.execute("PRAGMA data_version").fetchone()[0] != self.version

    def add(self, table: str, uuids: Iterable[str]) -> None:
        bits, mask, shift = self.maps[table], self.MASK, self.BITS
        for uuid in uuids:
            h = hash(uuid)
            k = h & mask
            bits[k >> 3] |= 1 << (k & 7)
            k = h >> shift & mask
            bits[k >> 3] |= 1 << (k & 7)

    def maybe(self, table: str, uuids: list[str]) -> list[str]:
        """Those of ``uuids`` HQ may hold: both their bits set (one UUID in 18,000 with a million UUIDs a
        table)."""
        bits, mask, shift = self.maps[table], self.MASK, self.BITS
        return [u for u in uuids if bits[(k := (h := hash(u)) & mask) >> 3] >> (k & 7) & 1
                and bits[(k := h >> shift & mask) >> 3] >> (k & 7) & 1]
