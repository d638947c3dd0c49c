"""HQ side: register villages' keys, merge their packages, check across villages.

Every package is verified before anything is written: the manifest's shape,
its signature against the village's registered key (before any data member
is decompressed or parsed), member hashes, format, and its place in the
village's chain (sequence, previous hash, the acknowledged package it builds
on). A replay with other content or a fork is refused with the reason; a gap
is merged only when the package covers it (a full package, or an
incremental one built on a package HQ holds) and is then recorded as a
finding; the same package merged twice changes nothing. Every value of every
row is checked (``validate``) and one bad value refuses the package whole.
Rows are owned by (UUID, installation): a village sending UUIDs another
village sent too never overwrites that village's rows nor gets its genuine
packages refused; both are kept apart and HQ records the finding. A
reference to a row that only another village holds refuses the package. One
transaction per package; one package's failure, of whatever kind, never
stops the others. A merge waits (``BUSY_TIMEOUT_S``) for another one to
finish; still busy, it reports that, which is not a refusal.

Packages are merged in batches (``BATCH_PACKAGES`` or ``BATCH_SECONDS``,
whichever comes first), one transaction with a SAVEPOINT per package: a
refused package is rolled back alone and the batch goes on; a result is
reported only once its batch is committed. The next packages are read and
verified in a thread while the database writes. All SQL is behind the storage
seam (``hq_store``; SQLite in ``hq_sqlite``).
"""

from __future__ import annotations

import base64
import collections
import concurrent.futures
import dataclasses
import json
import marshal
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from correspondent_app.domain.identity import compact_number, normalize_digits
from correspondent_app.exchange.hq_figures import PackageFigures, package_figures
from correspondent_app.exchange.hq_sqlite import APPLICATION_ID, SCHEMA_VERSION
from correspondent_app.exchange.hq_store import (BUSY, COLUMNS, HqBusyError, HqDatabaseError, HqStore, is_busy,
                                                 name_key, open_store)
from correspondent_app.exchange.package import PackageError, read_package
from correspondent_app.registry.records import now

__all__ = ["APPLICATION_ID", "BUSY", "COLUMNS", "SCHEMA_VERSION", "Finding", "HqBusyError", "HqDatabaseError",
           "MergeResult", "cross_checks", "findings", "merge", "merge_many", "open_hq", "open_hq_read_only",
           "register", "village_name", "village_names"]

#: UUID references between tables: (table, column) -> the table the UUID must be a row of.
REFERENCES = {("cases", "person_uuid"): "persons", ("payments", "case_uuid"): "cases",
              ("certificates", "case_uuid"): "cases", ("certificates", "payment_uuid"): "payments",
              ("protocol", "person_uuid"): "persons", ("protocol", "case_uuid"): "cases"}
#: A batch is committed after this many packages or seconds, whichever comes first: large batches write
#: each index page once for many packages; the time bound keeps another merge from waiting too long.
BATCH_PACKAGES = 500
BATCH_SECONDS = 20.0
#: A merge of at least this many packages, and at least a quarter of those already merged, drops the
#: indexes only the checks read and rebuilds them once at its end.
LARGE_MERGE = 200
#: Packages read and verified ahead of the one being written, per reader (bounded: memory stays flat).
READ_AHEAD = 4


@dataclass(frozen=True)
class MergeResult:
    path: str
    merged: bool
    reason: str
    findings: tuple[str, ...] = ()
    busy: bool = False  # not merged because another merge held the database: not a refusal, try again


# ---------------------------------------------------------------- the database


def open_hq(path: Path | str) -> HqStore:
    """Open (or create) an HQ database to write to it; raises :class:`HqDatabaseError` for any other file."""
    return open_store(path)


def open_hq_read_only(path: Path | str) -> HqStore:
    """Open an HQ database to read it only (reports, the app's HQ summary): nothing is ever written."""
    return open_store(path, read_only=True)


# ---------------------------------------------------------------- villages


def read_village_key_file(key_file: Path | str) -> tuple[str, bytes, dict]:
    """(installation id, public key, all it says) from a village's key file (``export-key``)."""
    try:
        info = json.loads(Path(key_file).read_text(encoding="utf-8"))
        key = base64.b64decode(info["public_key"], validate=True)
        Ed25519PublicKey.from_public_bytes(key)
        installation = info["installation"]
        if not isinstance(installation, str) or not installation:
            raise ValueError("no installation id")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PackageError(f"not a village key file ({exc})") from None
    return installation, key, info


def register(store: HqStore, key_file: Path | str) -> str:
    """Register (or confirm) a village's public key; returns its installation id."""
    installation, key, info = read_village_key_file(key_file)
    known = store.village_key(installation)
    if known is not None and known != key:
        raise PackageError(f"installation {installation[:8]} is registered with another key")
    store.add_village(installation, key, str(info.get("community", "")), str(info.get("municipality", "")),
                      str(info.get("prefecture", "")), now())
    return installation


def village_names(store: HqStore) -> dict[str, str]:
    """Each registered village as people name it: its community, with the short id that tells namesakes apart."""
    return store.village_names()


def village_name(store: HqStore, installation: str) -> str:
    return store.village_names().get(installation, f"? ({str(installation)[:8]})")


# ---------------------------------------------------------------- merging


def merge(store: HqStore, path: Path | str) -> MergeResult:
    """Verify and merge one package; never raises for a package (the reason is returned)."""
    return merge_many(store, [path])[0]


def merge_many(store: HqStore, paths: Iterable[Path | str], *, on_result: Callable[[MergeResult], None] | None = None,
               stop: Callable[[], bool] | None = None, batch: int = BATCH_PACKAGES) -> list[MergeResult]:
    """Verify and merge packages in order, in batches; each result is given to ``on_result`` once its batch is
    committed. ``stop()`` is asked between packages (Ctrl-C): the batch so far is committed and the rest is
    left unmerged. A busy database ends the run with a busy result for the package that could not start."""
    paths = list(paths)
    large = len(paths) >= LARGE_MERGE and len(paths) * 4 >= store.package_count()
    run = _Run(store, on_result, batch)
    reader = _Reader(paths, store.village_keys())
    try:
        if large:
            store.start_large_merge(len(paths))
        for path, package in reader:
            if stop is not None and stop():
                break
            if not run.next(path, package):
                break
        run.commit()
    finally:
        reader.close()
        run.abandon()
        if large:
            store.finish_large_merge()
    return run.results


class _Run:
    """The batch under way: its transaction, its results (reported when committed)."""

    def __init__(self, store: HqStore, on_result, batch: int) -> None:
        self.store, self.on_result, self.batch = store, on_result, max(1, batch)
        self.results: list[MergeResult] = []
        self.pending: list[MergeResult] = []
        self.open_since: float | None = None

    def next(self, path, package) -> bool:
        """Merge one package into the batch; False when the run must end (the database is busy)."""
        if isinstance(package, PackageError):
            self._done(MergeResult(str(path), False, str(package)))
            return True
        if self.open_since is None:
            try:
                self.store.begin()
            except Exception as exc:  # noqa: BLE001
                if not is_busy(exc):
                    raise
                self._done(MergeResult(str(path), False, BUSY, busy=True))
                return False
            self.open_since = time.monotonic()
        self._done(_merge_one(self.store, path, package))
        if len(self.pending) >= self.batch or time.monotonic() - self.open_since >= BATCH_SECONDS:
            self.commit()
        return True

    def _done(self, result: MergeResult) -> None:
        self.pending.append(result)
        if self.open_since is None:
            self._report()

    def commit(self) -> None:
        if self.open_since is not None:
            self.store.commit()
            self.open_since = None
        self._report()

    def _report(self) -> None:
        for result in self.pending:
            self.results.append(result)
            if self.on_result is not None:
                self.on_result(result)
        self.pending = []

    def abandon(self) -> None:
        """After an error that ended the run: what the batch held is not merged, and says so."""
        if self.open_since is None:
            return
        self.store.rollback()
        self.open_since = None
        self.pending = [r if not r.merged or r.reason.startswith("already") else
                        MergeResult(r.path, False, "not merged: the merge stopped before its batch was saved; "
                                                   "merge it again") for r in self.pending]
        self._report()


def _merge_one(store: HqStore, path, package) -> MergeResult:
    """One verified package into the open batch: checked against its chain and written within a SAVEPOINT."""
    installation = package.manifest["installation"]
    try:
        if store.village_key(installation) != package.key:  # the key changed since the package was read
            raise PackageError("the village's key changed while merging: merge this package again")
        status, notes = _check_chain(store, package)
        if status == "already":
            return MergeResult(str(path), True, "already merged (nothing changed)")
        with store.package_scope():
            notes += _store(store, package, notes)
    except PackageError as exc:
        if "another village" in str(exc):
            store.record_finding(installation, package.digest, "foreign_rows", f"package refused: {exc}", now())
        return MergeResult(str(path), False, str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad package must not stop the batch
        if is_busy(exc):
            return MergeResult(str(path), False, BUSY, busy=True)
        return MergeResult(str(path), False, f"could not be merged ({type(exc).__name__}: {exc})")
    m = package.manifest
    kind = "full" if m.get("full") else "incremental"
    count = sum(m["rows"].values())
    return MergeResult(str(path), True, f"{count} row{'' if count == 1 else 's'}, {kind} package {m['sequence']} "
                                        f"of {village_name(store, installation)}", tuple(notes))


class _Reader:
    """Reads and verifies the packages ahead of the writer, in order: unzipping, hashing, the signature, the
    JSON and every value's check run in other processes (``READERS``) while this one writes, so a merge uses
    every core. A small merge, or a system without ``fork``, reads in this process. Yields (path, package or
    PackageError); at most ``READ_AHEAD`` packages per reader wait in memory."""

    def __init__(self, paths: list, keys: dict[str, bytes]) -> None:
        self.paths, self.keys = paths, keys
        self.pool = _pool(len(paths))
        self.inline = isinstance(self.pool, _Inline)
        # read in this process: one package at a time, read when the writer wants it
        self.ahead = 1 if self.inline else READ_AHEAD * READERS
        self.pending: collections.deque = collections.deque()
        self.next = 0

    def _fill(self) -> None:
        while self.next < len(self.paths) and len(self.pending) < self.ahead:
            path = self.paths[self.next]
            self.next += 1
            read = _read_or_refuse if self.inline else _read_for_writer
            self.pending.append((path, self.pool.submit(read, path, self.keys)))

    def __iter__(self) -> Iterator:
        self._fill()
        while self.pending:
            path, future = self.pending.popleft()
            result, future = future.result(), None
            if not self.inline:
                self._fill()  # the readers go on while this package is written
            yield path, result
            del result
            if self.inline:
                self._fill()

    def close(self) -> None:
        for _path, future in self.pending:
            future.cancel()
        self.pool.shutdown(wait=True, cancel_futures=True)


#: Processes reading packages during a large merge (the writer is one more): one more than the cores the
#: writer leaves, as they yield to it (``READER_NICENESS``) and must catch up after each of its commits.
READERS = max(1, min(3, (os.cpu_count() or 2) + 1))
#: The readers yield to the writer: the writer is the merge's bottleneck, and with readers and writer sharing
#: the cores alike it ran two thirds of the time (measured: 78 % of a core on 2 cores); the readers, a little
#: ahead, need less than the cores the writer leaves them.
READER_NICENESS = 10


def _pool(count: int) -> concurrent.futures.Executor:
    if count >= 20 and "fork" in multiprocessing.get_all_start_methods():
        # fork: the readers need nothing but this module, already imported (no re-import, and no spawn of
        # a frozen executable); they never touch the database connection they inherit
        return concurrent.futures.ProcessPoolExecutor(READERS, mp_context=multiprocessing.get_context("fork"),
                                                      initializer=os.nice, initargs=(READER_NICENESS,))
    return _Inline()


class _Inline(concurrent.futures.Executor):
    """A few packages are read in this process, when the writer asks for each: no overlap worth a thread,
    and one memory arena (a reader thread's own malloc arena held a large package's memory twice)."""

    def submit(self, fn, /, *args, **kwargs):
        future = concurrent.futures.Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _read_or_refuse(path, keys: dict[str, bytes]):
    try:
        return _read(path, keys)
    except PackageError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - reported as that package's refusal
        return PackageError(f"could not be merged ({type(exc).__name__}: {exc})")


def _read_for_writer(path, keys: dict[str, bytes]):
    """In a reader process: the package as the writer process takes it, its rows marshalled (the writer loads
    them in a third of the time it unpickles the same lists: it is the busier of the two)."""
    read = _read_or_refuse(path, keys)
    return read if isinstance(read, PackageError) else dataclasses.replace(read, rows=marshal.dumps(read.rows))


@dataclass(frozen=True)
class _Verified:
    """A package read and verified by a reader, prepared for the writer: each table's rows as the values the
    store writes (``[uuid, *COLUMNS[table], JSON line as sent]``), and the UUIDs the package refers to
    without holding them (the writer looks only those up among other villages' rows)."""

    manifest: dict
    digest: str
    key: bytes  # the village key the signature was checked with
    rows: dict[str, list[list]] | bytes  # bytes: marshalled by a reader process (``table_rows``)
    wanted: dict[str, list[str]]
    distinct: bool  # no UUID twice in a table
    figures: PackageFigures | None  # the village's figures, were this package all HQ holds of it

    def table_rows(self) -> dict[str, list[list]]:
        return marshal.loads(self.rows) if isinstance(self.rows, bytes) else self.rows


def _read(path, keys: dict[str, bytes]) -> _Verified:
    used: list[bytes] = []

    def verify(manifest: dict, manifest_bytes: bytes, signature: bytes) -> None:
        installation = manifest["installation"]
        key = keys.get(installation)
        if key is None:
            raise PackageError(f"village {installation[:8]} is not registered: register its public key first")
        try:
            Ed25519PublicKey.from_public_bytes(key).verify(signature, manifest_bytes)
        except InvalidSignature:
            raise PackageError("signature does not match the village's key (altered manifest or wrong key)") from None
        used.append(key)

    package = read_package(path, verify=verify)
    own = {table: {r["uuid"] for r in data} for table, data in package.tables.items()}
    wanted: dict[str, set[str]] = {}
    for (table, column), target in REFERENCES.items():
        for r in package.tables.get(table, []):
            ref = r.get(column)
            if isinstance(ref, str) and ref and ref not in own.get(target, ()):
                wanted.setdefault(target, set()).add(ref)
    distinct = all(len(own[table]) == len(data) for table, data in package.tables.items())  # no UUID twice
    del own
    rows = {}
    for table, columns in COLUMNS.items():
        data, raw = package.tables.get(table, []), package.raw_rows.get(table, [])
        if len(data) != len(raw):
            raise PackageError(f"{table}: rows and lines differ")
        # each row's dict is let go as its values are made: the largest package stays within HQ's memory bound
        data.reverse()
        raw.reverse()
        values = []
        while data:
            r, line = data.pop(), raw.pop()
            values.append(_persons_values(r, line) if table == "persons" else
                          [r["uuid"], *map(r.get, columns), line])
        rows[table] = values
    manifest = package.manifest
    return _Verified(manifest, package.digest, used[0], rows, {target: sorted(refs) for target, refs in wanted.items()},
                     distinct, package_figures(manifest["installation"], rows, manifest.get("protocol_start", {})))


def _check_chain(store: HqStore, package) -> tuple[str, list[str]]:
    """'already' or 'next' with the findings to record; raises PackageError for a package out of its chain."""
    manifest = package.manifest
    installation, sequence = manifest["installation"], manifest["sequence"]
    if store.package_merged(package.digest):
        return "already", []
    if store.package_at(installation, sequence):
        raise PackageError(f"replay or fork: package {sequence} of this village was already merged with other content")
    last = store.last_package(installation)
    if last and sequence < last[0]:
        raise PackageError(f"out of date: package {last[0]} of this village, already merged, is newer and covers it")
    expected = (last[0] + 1) if last else 1
    if sequence == expected:
        if manifest.get("previous") != (last[1] if last else None):
            raise PackageError("fork: the previous-package hash does not match the last merged package")
        return "next", []
    missing = f"{expected}" if sequence == expected + 1 else f"{expected}–{sequence - 1}"
    noun = "package" if sequence == expected + 1 else "packages"
    if manifest.get("full"):
        return "next", [f"gap in the chain: {noun} {missing} never arrived; full package {sequence} restarts it"]
    base = manifest.get("base")
    if base and store.package_at(installation, base["sequence"]) == base["manifest_sha256"]:
        return "next", [f"gap in the chain: {noun} {missing} never arrived; package {sequence} holds every change "
                        f"since package {base['sequence']}, which HQ acknowledged"]
    raise PackageError(f"gap in the chain: {noun} {missing} of this village {'is' if noun == 'package' else 'are'} "
                       f"missing (this is {sequence}); send HQ's acknowledgement to the village and have it export "
                       "again, or ask for a full export")


def _persons_values(row: dict, line: str) -> list:
    return [row["uuid"], compact_number(row.get("passport_no")), normalize_digits(row.get("amka")),
            row.get("surname_lat"), row.get("name_lat"), row.get("surname_el"), row.get("birth_date"),
            name_key(row.get("surname_lat"), row.get("name_lat"), row.get("surname_el"), row.get("name_el"),
                     row.get("birth_date")), line]



def _foreign_references(store: HqStore, package: _Verified, installation: str) -> list[str]:
    """References (a case's person, a certificate's payment...) to rows only another village holds: neither in
    this package nor sent by this village before."""
    return [f"refers to {target} {uuid[:8]} of {village_name(store, owner)}"
            for target, refs in package.wanted.items()
            for uuid, owner in store.held_elsewhere(target, refs, installation)]


def _shared_rows(store: HqStore, tables: dict[str, list[list]], installation: str) -> list[str]:
    """The package's rows whose UUIDs another village sent too, one finding per village: kept apart."""
    shared: dict[str, list[str]] = {}
    for table in COLUMNS:
        rows = tables.get(table)
        if rows:
            for uuid, owner in store.shared_uuids(table, [r[0] for r in rows], installation):
                shared.setdefault(owner, []).append(f"{table} {uuid[:8]}")
    return [f"{len(rows)} row(s) with UUIDs that {village_name(store, owner)} sent too ({', '.join(rows[:3])}"
            f"{', …' if len(rows) > 3 else ''}): kept apart, each village's rows as it sent them; one of the two "
            "registries is a copy of the other, or one village took the other's UUIDs"
            for owner, rows in shared.items()]


def _store(store: HqStore, package, notes: list[str]) -> list[str]:
    """Write the package's rows into the open batch; returns the findings about UUIDs another village sent too.
    A reference to a row of another village refuses the package whole.

    HQ keys every row by (uuid, installation): UUIDs are random, so two
    villages never draw the same one, and a UUID another village sent too
    means a copied registry or a village that took the other's UUIDs. HQ
    cannot tell which of the two is genuine, so it keeps both apart and
    records the finding: refusing the later package would let whoever sends
    first have the other village's genuine packages refused for good.
    """
    installation = package.manifest["installation"]
    problems = _foreign_references(store, package, installation)
    if problems:
        raise PackageError(f"{len(problems)} reference(s) to rows of another village: {'; '.join(problems[:3])}"
                           f"{'; …' if len(problems) > 3 else ''}; nothing merged")
    tables = package.table_rows()
    shared = _shared_rows(store, tables, installation)
    first = store.last_package(installation) is None  # HQ holds nothing of the village yet
    for table, rows in tables.items():
        if rows:
            _upsert(store, table, installation, rows, new=first and package.distinct)
    del tables
    m = package.manifest
    for year, start in m.get("protocol_start", {}).items():
        store.set_protocol_start(installation, int(year), start)
    store.add_package(package.digest, installation, m["sequence"], m.get("previous"), bool(m.get("full", False)),
                      sum(m["rows"].values()), now())
    if first and package.figures is not None:  # all HQ holds of the village: its figures are the package's
        store.keep_package_figures(installation, package.figures)
    for note in notes:
        store.record_finding(installation, package.digest, "chain", note, now())
    for note in shared:
        store.record_finding(installation, package.digest, "foreign_rows", note, now())
    return shared


def _upsert(store: HqStore, table: str, installation: str, rows: list[list], new: bool) -> None:
    """Insert or replace this village's rows (the JSON line as sent goes to ``data``: no need to serialise again);
    ``new``: HQ holds none of them and their UUIDs are distinct."""
    try:
        store.upsert(table, installation, rows, new=new)
    except (TypeError, AttributeError, ValueError) as exc:
        # validate.check_row lets none through; kept so that a value it missed is a refusal, not a traceback
        raise PackageError(f"{table}: a value of the wrong type ({exc})") from None


# ---------------------------------------------------------------- checks across villages


@dataclass(frozen=True)
class Finding:
    kind: str  # receipt / person / protocol / chain / foreign_rows
    villages: str  # the villages concerned, by community
    text: str

    def __str__(self) -> str:
        return self.text


def findings(store: HqStore) -> list[Finding]:
    """Everything HQ should look at: shared receipts, the same person certified in two villages,
    protocol books out of sequence (kept up to date by every merge), and what merging found (chain gaps,
    rows of another village)."""
    names = store.village_names()
    out = [Finding(kind, villages, text) for kind, villages, text in store.cross_findings()]
    for installation, kind, text in store.recorded_findings():
        where = names.get(installation, f"? ({installation[:8]})") if installation else ""
        out.append(Finding(kind, where, f"{where}: {text}"))
    return out


def cross_checks(store: HqStore) -> list[str]:
    """The findings as lines of text."""
    return [f.text for f in findings(store)]
