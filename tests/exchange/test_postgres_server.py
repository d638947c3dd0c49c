"""The throw-away PostgreSQL server the PostgreSQL engine's tests run against (tests/postgres_server.py).

Skipped with a reason where the server binaries are missing; CI sets CORRESPONDENT_REQUIRE_POSTGRES=1 and
fails instead.
"""

import socket
import threading
import time
import urllib.parse

import psycopg
import pytest
from psycopg import errors


def test_the_server_answers_and_is_postgresql_15_or_later(postgres_dsn):
    with psycopg.connect(postgres_dsn) as conn:
        version = conn.execute("SELECT version()").fetchone()[0]
        assert version.startswith("PostgreSQL ")
        assert conn.info.server_version >= 150000
        assert conn.execute("SELECT current_user").fetchone()[0] == "postgres"
        assert conn.execute("SHOW server_encoding").fetchone()[0] == "UTF8"
        # the Greek names HQ compares: case mapping is Unicode-aware (C.UTF-8), not ASCII-only
        assert conn.execute("SELECT lower('ΧΟΤΖΑ')").fetchone()[0] == "χοτζα"


def test_a_fresh_database_per_test_is_empty_and_separate(postgres_db, postgres_dsn):
    with psycopg.connect(postgres_db) as conn:
        name = conn.execute("SELECT current_database()").fetchone()[0]
        assert name.startswith("t_")
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        ).fetchone()[0]
        assert tables == 0
        conn.execute("CREATE TABLE leftover (x int)")  # the next test's database must not have it
    with psycopg.connect(postgres_dsn) as conn:
        assert name != conn.execute("SELECT current_database()").fetchone()[0]


@pytest.mark.parametrize("round_", [1, 2])
def test_tests_never_see_each_others_data(postgres_db, round_):
    with psycopg.connect(postgres_db) as conn:
        assert conn.execute("SELECT to_regclass('leftover')").fetchone()[0] is None
        conn.execute("CREATE TABLE leftover (x int)")
        conn.execute("INSERT INTO leftover VALUES (%s)", (round_,))


def test_the_database_is_dropped_after_the_test(postgres_dsn):
    with psycopg.connect(postgres_dsn) as conn:
        left = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 't\\_%'").fetchall()
    assert left == []


def test_two_connections_see_each_others_committed_data_only(postgres_db):
    with psycopg.connect(postgres_db) as a, psycopg.connect(postgres_db) as b:
        a.execute("CREATE TABLE persons (surname text)")
        a.commit()
        a.execute("INSERT INTO persons VALUES ('ΧΟΤΖΑ')")
        assert b.execute("SELECT count(*) FROM persons").fetchone()[0] == 0  # not yet committed
        b.rollback()
        a.commit()
        assert b.execute("SELECT surname FROM persons").fetchall() == [("ΧΟΤΖΑ",)]
        b.execute("INSERT INTO persons VALUES ('KOLA')")
        b.commit()
        assert a.execute("SELECT count(*) FROM persons").fetchone()[0] == 2


def test_an_advisory_lock_blocks_a_second_session_until_released(postgres_db):
    with psycopg.connect(postgres_db, autocommit=True) as a, psycopg.connect(postgres_db, autocommit=True) as b:
        a.execute("SELECT pg_advisory_lock(18)")
        assert b.execute("SELECT pg_try_advisory_lock(18)").fetchone()[0] is False
        b.execute("SET lock_timeout = '300ms'")  # a wait that ends, never a hang
        started = time.monotonic()
        with pytest.raises(errors.LockNotAvailable):
            b.execute("SELECT pg_advisory_lock(18)")
        assert 0.25 < time.monotonic() - started < 5

        # a waiting session gets the lock as soon as the holder lets go
        b.execute("SET lock_timeout = '10s'")
        got = []
        waiter = threading.Thread(target=lambda: got.append(b.execute("SELECT pg_advisory_lock(18)").fetchone()))
        waiter.start()
        time.sleep(0.2)
        assert got == [] and waiter.is_alive()
        a.execute("SELECT pg_advisory_unlock(18)")
        waiter.join(timeout=5)
        assert not waiter.is_alive() and got == [("",)]


def test_the_server_listens_on_no_tcp_port(postgres_dsn):
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(postgres_dsn).query)
    folder, port = query["host"][0], int(query["port"][0])
    assert folder.startswith("/")  # a Unix socket folder, not a host name
    with psycopg.connect(postgres_dsn) as conn:
        assert conn.execute("SHOW listen_addresses").fetchone()[0] == ""
    for address in ("127.0.0.1", "::1"):
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(2)
            try:
                s.connect((address, port))
            except OSError:
                continue  # refused (or no IPv6): nothing listens there
            pytest.fail(f"something listens on {address}:{port}")
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres", connect_timeout=2)
