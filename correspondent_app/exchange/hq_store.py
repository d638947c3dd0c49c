"""The seam between HQ's merge logic and the engine that stores what it merges.

``open_store(target)`` opens an HQ database: a file path is SQLite (the
embedded default, ``hq_sqlite``), a ``postgresql://`` address PostgreSQL
(``hq_postgres``). Every engine offers the same methods
(:class:`HqStore`); the merge (``hq``), the report, the findings and the
verification use only these, never SQL of their own.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Protocol

from correspondent_app.domain.transliteration import search_key
from correspondent_app.exchange.hq_aggregates import Aggregates

BUSY = "the HQ database is busy (another merge is running); try again"
#: Columns kept as columns (for checks and reports), in the order ``upsert`` takes them; the whole row is
#: also kept as sent, in ``data``.
COLUMNS = {
    "persons": ("passport_no", "amka", "surname_lat", "name_lat", "surname_el", "birth_date", "name_key"),
    "cases": ("person_uuid", "state", "category", "outcome", "amount_cents"),
    "payments": ("case_uuid", "receipt_code", "amount_cents"),
    "certificates": ("case_uuid", "protocol_year", "protocol_no", "voided_at", "issued_on", "verification_code"),
    "protocol": ("year", "number", "kind", "entry_date"),
}


class HqDatabaseError(ValueError):
    """A file that is not (or not yet) an HQ database; the message is the one-line reason."""


class HqBusyError(HqDatabaseError):
    """Another process (a merge) held the HQ database's write lock for longer than the engine waits."""


@functools.lru_cache(maxsize=1 << 16)
def _name_part(text: str) -> str:
    return search_key(text)


def name_key(surname_lat, name_lat, surname_el, name_el, birth_date) -> str | None:
    """Names (Latin as in the passport, else Greek, folded so both spellings meet) and birth date, or None."""
    surname, name = surname_lat or surname_el or "", name_lat or name_el or ""
    if not (surname and name and birth_date):
        return None
    return f"{_name_part(surname)}|{_name_part(name)}|{birth_date}"


class HqStore(Protocol):
    """What HQ needs of an engine (``hq_sqlite.SqliteStore`` documents each method)."""

    engine: str
    location: str
    read_only: bool

    def close(self) -> None: ...
    # villages and keys
    def village_key(self, installation: str) -> bytes | None: ...
    def village_keys(self) -> dict[str, bytes]: ...
    def villages(self) -> list[tuple[str, str, str, str]]: ...
    def village_names(self) -> dict[str, str]: ...
    def find_villages(self, prefix: str) -> list[str]: ...
    def add_village(self, installation: str, key: bytes, community: str, municipality: str, prefecture: str,
                    at: str) -> None: ...
    def replace_village_key(self, installation: str, old: bytes, new: bytes, at: str) -> None: ...
    def key_changes(self, installation: str | None = None) -> list[tuple[str, bytes, bytes, str]]: ...
    def hq_key(self) -> bytes | None: ...
    def save_hq_key(self, private: bytes, public: bytes, at: str) -> None: ...
    # the chain and merging
    def package_merged(self, digest: str) -> bool: ...
    def package_at(self, installation: str, sequence: int) -> str | None: ...
    def last_package(self, installation: str) -> tuple[int, str, str] | None: ...
    def package_count(self) -> int: ...
    def begin(self) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def package_scope(self): ...
    def held_elsewhere(self, table: str, uuids: list[str], installation: str) -> list[tuple[str, str]]: ...
    def shared_uuids(self, table: str, uuids: list[str], installation: str) -> list[tuple[str, str]]: ...
    def upsert(self, table: str, installation: str, values, *, new: bool = False) -> None: ...
    def set_protocol_start(self, installation: str, year: int, first: int) -> None: ...
    def add_package(self, digest: str, installation: str, sequence: int, previous: str | None, full: bool,
                    rows: int, at: str) -> None: ...
    def record_finding(self, installation: str, package: str, kind: str, text: str, at: str) -> None: ...
    def keep_package_figures(self, installation: str, kept) -> None: ...
    def start_large_merge(self, packages: int) -> None: ...
    def finish_large_merge(self) -> None: ...
    # what the report and the findings read
    def aggregates(self) -> Aggregates: ...
    def cross_findings(self) -> list[tuple[str, str, str]]: ...
    def recorded_findings(self) -> list[tuple[str | None, str, str]]: ...
    def rebuild_derived(self) -> None: ...
    def pending_villages(self) -> int: ...
    def finding_statuses(self) -> dict[str, tuple]: ...
    def note_findings(self, rows: list[tuple[str, str, str, str, str]]) -> None: ...
    def finding(self, fid: str) -> tuple[str, str, str] | None: ...
    def resolve_finding(self, fid: str, at: str, by: str, note: str) -> None: ...
    # verification
    def certificates_with_code(self, code: str, installation: str | None = None) -> list[tuple]: ...
    def voided_certificates(self) -> list[tuple[str, str, str]]: ...


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` says another merge held the HQ database too long, on whichever engine (not a refusal)."""
    if isinstance(exc, HqBusyError):
        return True
    from correspondent_app.exchange import hq_sqlite  # noqa: PLC0415

    if hq_sqlite.is_busy(exc):
        return True
    from correspondent_app.exchange import hq_postgres  # noqa: PLC0415

    return hq_postgres.is_busy(exc)


def is_postgres(target: Path | str) -> bool:
    """Whether ``target`` is a PostgreSQL address (``postgresql://…`` / ``postgres://…``) rather than a file."""
    return isinstance(target, str) and target.split("://", 1)[0].lower() in ("postgresql", "postgres") \
        and "://" in target


def open_store(target: Path | str, *, read_only: bool = False) -> HqStore:
    """Open HQ's database at ``target``: a PostgreSQL address (``hq_postgres``) or a file (SQLite)."""
    if is_postgres(target):
        from correspondent_app.exchange.hq_postgres import PostgresStore  # noqa: PLC0415

        return PostgresStore.open_read_only(target) if read_only else PostgresStore.open(target)
    from correspondent_app.exchange.hq_sqlite import SqliteStore  # noqa: PLC0415

    return SqliteStore.open_read_only(target) if read_only else SqliteStore.open(target)
