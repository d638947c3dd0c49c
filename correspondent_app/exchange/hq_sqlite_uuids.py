"""Which UUIDs an HQ SQLite file may hold, kept in memory during a large merge (``SqliteStore``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from correspondent_app.exchange.hq_store import COLUMNS


class UuidBits:
    """Which UUIDs HQ may hold, per table: a bitmap of 2^28 bits (32 MiB a table), two bits a UUID (from its
    first and last 8 hex digits). A UUID with a bit clear is held by no village, so in a large merge into a
    small HQ the lookups of UUIDs another village sent too are made only for the few whose bits are set, and
    the UUID indexes can wait for the merge's end. Built from the rows at the start of the
    merge (about 4 µs a UUID), kept by ``upsert``, built again if another merge wrote
    meanwhile (``PRAGMA data_version``). A bit left set by a package rolled back only costs a lookup."""

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
        bits, mask = self.maps[table], self.MASK
        for uuid in uuids:  # UUIDs are checked canonical (validate) before they get here
            k = int(uuid[:8], 16) & mask
            bits[k >> 3] |= 1 << (k & 7)
            k = int(uuid[28:], 16) & mask
            bits[k >> 3] |= 1 << (k & 7)

    def maybe(self, table: str, uuids: list[str]) -> list[str]:
        """Those of ``uuids`` HQ may hold: both their bits set, two random parts of the UUID (one in 18,000
        with a million UUIDs a table). A UUID not in canonical form is always asked about."""
        bits, mask = self.maps[table], self.MASK
        try:
            return [u for u in uuids if bits[(k := int(u[:8], 16) & mask) >> 3] >> (k & 7) & 1
                    and bits[(k := int(u[28:], 16) & mask) >> 3] >> (k & 7) & 1]
        except ValueError:
            return uuids
