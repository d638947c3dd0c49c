"""The HQ tests run once per engine (issue 18): on SQLite, the embedded default, and on PostgreSQL.

The tests of the modules in ``HQ_MODULES`` are parametrized over ``hq_engine`` ("sqlite", "postgresql"; a test
shows ``[postgresql]``). In the PostgreSQL run every HQ *file* a test names — to ``open_hq`` /
``open_hq_read_only`` / ``open_store``, to the ``hq`` command line in-process (``cli.main``) or in a child
process (``helpers.run``, ``helpers.hq_arg``) — is a database of its own on the throw-away server
(tests/postgres_server.py), keyed by the file's path: two HQ files in one test are two databases. A database
made while a module's fixtures are set up lives as long as the module's run on that engine; one made during a
test is dropped after it.

Not parametrized (run once, on SQLite): tests marked ``sqlite_only`` (about SQLite itself: its file, PRAGMAs,
upgrades of its old layouts, its locks) and ``no_hq`` (no HQ at all). The server is started only for
the PostgreSQL run of a parametrized test.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from tests.exchange import helpers

ENGINES = ("sqlite", "postgresql")
#: The modules whose tests open an HQ (their tests run on both engines unless marked otherwise).
HQ_MODULES = {
    "test_ack", "test_checks", "test_damaged", "test_exchange", "test_export", "test_findings_worked",
    "test_hostile_packages", "test_hq_batches", "test_hq_database", "test_hq_env", "test_hq_key_pinning",
    "test_hq_progress", "test_hq_verify", "test_report",
}
PREFIX = "hq_"  # the per-test databases of tests/postgres_server.py are t_…


def pytest_generate_tests(metafunc):
    if metafunc.module.__name__.rsplit(".", 1)[-1] not in HQ_MODULES:
        return
    if any(metafunc.definition.get_closest_marker(m) for m in ("sqlite_only", "no_hq")):
        return
    # module scope: a module's fixtures that build an HQ (they ask for hq_engine) are built once per engine
    metafunc.parametrize("hq_engine", ENGINES, indirect=True, scope="module", ids=ENGINES)


class HqDatabases:
    """HQ file paths → databases on the test server, made on first use."""

    def __init__(self, server_dsn: str) -> None:
        import psycopg  # noqa: PLC0415

        self.server_dsn = server_dsn
        self.admin = psycopg.connect(server_dsn, autocommit=True)
        self.by_path: dict[Path, str] = {}
        self.made: list[tuple[Path, str]] = []  # (path, database name), in the order made

    @staticmethod
    def key(path) -> Path:
        return Path(path).absolute()

    def address(self, target):
        """The database standing for the HQ file ``target`` (an address is returned as it is)."""
        from correspondent_app.exchange.hq_store import is_postgres  # noqa: PLC0415

        if is_postgres(target):
            return target
        path = self.key(target)
        if path not in self.by_path:
            self.by_path[path] = self._create(path)
        return self.by_path[path]

    def path_of(self, dsn: str) -> Path | None:
        return next((p for p, d in self.by_path.items() if d == dsn), None)

    def _create(self, path: Path, template: str | None = None) -> str:
        from tests.postgres_server import with_database  # noqa: PLC0415

        name = PREFIX + secrets.token_hex(6)
        copied = f" TEMPLATE {template}" if template else ""
        self.admin.execute(f"CREATE DATABASE {name} STRATEGY FILE_COPY{copied}")
        self.made.append((path, name))
        return with_database(self.server_dsn, name)

    def copy(self, src, dst) -> None:
        """The HQ database of ``src`` copied to ``dst`` (as copying the file is on SQLite)."""
        source = self.address(src).split("?")[0].rsplit("/", 1)[1]
        self.drop(self.key(dst))
        self.by_path[self.key(dst)] = self._create(self.key(dst), template=source)

    def drop(self, path: Path) -> None:
        for made, name in [m for m in self.made if m[0] == path]:
            self.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            self.made.remove((made, name))
        self.by_path.pop(path, None)

    def drop_since(self, count: int) -> None:
        for path in dict.fromkeys(p for p, _name in self.made[count:]):
            self.drop(path)

    def close(self) -> None:
        self.drop_since(0)
        self.admin.close()


@pytest.fixture(scope="module", autouse=True)
def hq_engine(request):
    """The engine HQ runs on for this test: "sqlite" (also for the tests not parametrized) or "postgresql"."""
    engine = getattr(request, "param", "sqlite")
    if engine == "sqlite":
        yield engine
        return
    from correspondent_app import cli  # noqa: PLC0415
    from correspondent_app.exchange import hq, hq_store  # noqa: PLC0415

    databases = HqDatabases(request.getfixturevalue("postgres_dsn"))
    real_open = hq_store.open_store
    real_target, real_log_place = cli._hq_target, cli._hq_log_place

    def open_store(target, *, read_only=False):
        return real_open(databases.address(target), read_only=read_only)

    def hq_target(text):
        return databases.address(real_target(text))

    def log_place(target):  # hq.log beside the HQ file the test named, as on SQLite
        named = databases.path_of(target) if isinstance(target, str) else None
        return named or real_log_place(target)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hq_store, "open_store", open_store)
        patch.setattr(hq, "open_store", open_store)
        patch.setattr(cli, "_hq_target", hq_target)
        patch.setattr(cli, "_hq_log_place", log_place)
        patch.setattr(helpers, "DATABASES", databases)
        try:
            yield engine
        finally:
            databases.close()


@pytest.fixture(autouse=True)
def _hq_databases_of_the_test(hq_engine):
    """The databases a test made (not those of its module's fixtures) are dropped after it."""
    databases = helpers.DATABASES if hq_engine == "postgresql" else None
    made = len(databases.made) if databases else 0
    yield
    if databases:
        databases.drop_since(made)

