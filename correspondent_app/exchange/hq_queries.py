"""The queries both HQ engines run alike, written once in portable SQL with ``?`` placeholders
(``execute`` of each store: SQLite's own, PostgreSQL's translated). What differs between the engines
stays in ``hq_sqlite`` and ``hq_postgres``."""

from __future__ import annotations


class SharedQueries:
    """Mixed into ``SqliteStore`` and ``PostgresStore``; each provides ``execute(sql, params)`` and
    ``transaction()``."""

    def village_key(self, installation: str) -> bytes | None:
        row = self.execute("SELECT public_key FROM villages WHERE installation = ?", [installation]).fetchone()
        return bytes(row[0]) if row else None

    def village_keys(self) -> dict[str, bytes]:
        return {inst: bytes(key) for inst, key in self.execute("SELECT installation, public_key FROM villages")}

    def villages(self) -> list[tuple[str, str, str, str]]:
        """(installation, community, municipality, prefecture) of every registered village."""
        return self.execute("SELECT installation, community, municipality, prefecture FROM villages "
                            "ORDER BY installation").fetchall()

    def replace_village_key(self, installation: str, old: bytes, new: bytes, at: str) -> None:
        with self.transaction():
            self.execute("UPDATE villages SET public_key = ? WHERE installation = ?", [new, installation])
            self.execute("INSERT INTO village_key_changes (installation, old_public_key, new_public_key, changed_at) "
                         "VALUES (?, ?, ?, ?)", [installation, old, new, at])

    def key_changes(self, installation: str | None = None) -> list[tuple[str, bytes, bytes, str]]:
        """(installation, old key, new key, when) of the recorded key changes, oldest first."""
        sql = "SELECT installation, old_public_key, new_public_key, changed_at FROM village_key_changes"
        params = []
        if installation is not None:
            sql += " WHERE installation = ?"
            params.append(installation)
        return [(i, bytes(o), bytes(n), at) for i, o, n, at in self.execute(sql + " ORDER BY id", params)]

    def hq_key(self) -> bytes | None:
        row = self.execute("SELECT private_key FROM hq_key WHERE id = 1").fetchone()
        return bytes(row[0]) if row else None

    def save_hq_key(self, private: bytes, public: bytes, at: str) -> None:
        self.execute("INSERT INTO hq_key (id, private_key, public_key, created_at) VALUES (1, ?, ?, ?)",
                     [private, public, at])

    def package_merged(self, digest: str) -> bool:
        return self.execute("SELECT 1 FROM packages WHERE manifest_sha256 = ?", [digest]).fetchone() is not None

    def package_at(self, installation: str, sequence: int) -> str | None:
        row = self.execute("SELECT manifest_sha256 FROM packages WHERE installation = ? AND sequence = ?",
                           [installation, sequence]).fetchone()
        return row[0] if row else None

    def last_package(self, installation: str) -> tuple[int, str, str] | None:
        """(sequence, manifest hash, merged at) of the village's last merged package."""
        return self.execute("SELECT sequence, manifest_sha256, merged_at FROM packages WHERE installation = ? "
                            "ORDER BY sequence DESC LIMIT 1", [installation]).fetchone()

    def package_count(self) -> int:
        return self.execute("SELECT COUNT(*) FROM packages").fetchone()[0]

    def pending_villages(self) -> int:
        return self.execute("SELECT COUNT(*) FROM derived_pending").fetchone()[0]

    def recorded_findings(self) -> list[tuple[str | None, str, str]]:
        """(installation, kind, text) of what merging found (chain gaps, rows of another village)."""
        return self.execute("SELECT installation, kind, text FROM findings ORDER BY id").fetchall()

    def cross_findings(self) -> list[tuple[str, str, str]]:
        """(kind, villages, text) of the checks across villages, in the order they are reported; persons are
        kept by the key that matched them ("person:passport_no"…): one kind, "person", for HQ."""
        return [(kind.split(":")[0], villages, text) for kind, villages, text in self.execute(
            "SELECT kind, villages, text FROM cross_findings ORDER BY position, subject")]

    def finding_statuses(self) -> dict[str, tuple]:
        """id -> (resolved_at, resolved_by, note)."""
        return {r[0]: tuple(r[1:]) for r in self.execute(
            "SELECT id, resolved_at, resolved_by, note FROM finding_status")}

    def finding(self, fid: str) -> tuple[str, str, str] | None:
        return self.execute("SELECT kind, villages, text FROM finding_status WHERE id = ?", [fid]).fetchone()

    def resolve_finding(self, fid: str, at: str, by: str, note: str) -> None:
        self.execute("UPDATE finding_status SET resolved_at = ?, resolved_by = ?, note = ? WHERE id = ?",
                     [at, by, note, fid])

    def certificates_with_code(self, code: str, installation: str | None = None) -> list[tuple]:
        """(installation, "no/year", issued on, voided at) of the certificates HQ holds with this code."""
        sql = ("SELECT installation, protocol_no || '/' || protocol_year, issued_on, voided_at FROM certificates "
               "WHERE verification_code = ?")
        params = [code]
        if installation is not None:
            sql += " AND installation = ?"
            params.append(installation)
        return self.execute(sql, params).fetchall()

    def count(self, table: str) -> int:
        return self.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
