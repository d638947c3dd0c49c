"""A real, throw-away PostgreSQL server for the tests (pytest plugin, registered in tests/conftest.py).

- ``postgres_dsn`` (session): the DSN of a server that scripts/pg-test-server starts once per test session in
  a new folder under the temporary directory, on a Unix socket only, and stops (removing the folder) at the
  end, also when the session is interrupted (Ctrl-C, SIGTERM).
- ``postgres_db`` (function): the DSN of a new, empty database on that server, dropped after the test, so
  tests never see each other's data.

Where the server binaries are missing (Debian's package postgresql), the tests that use them are skipped
with a reason; with CORRESPONDENT_REQUIRE_POSTGRES=1 (CI) they fail instead.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "pg-test-server"
NOT_INSTALLED = 3  # the script's exit status when the binaries are missing
REQUIRE = "CORRESPONDENT_REQUIRE_POSTGRES"
SKIP_REASON = ("PostgreSQL server binaries not installed (Debian package postgresql): "
               "the PostgreSQL engine's tests are skipped")
PREFIX = "correspondent-pg-"  # then the session's pid: a later session stops the server of a killed one


def _base() -> str:
    # The socket's path must stay under ~107 bytes: a long TMPDIR falls back to /tmp.
    base = tempfile.gettempdir()
    return "/tmp" if len(base) > 60 else base


def _server_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=_base()))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _reap_leftovers() -> None:
    """Stop the servers of earlier sessions that were killed outright (SIGKILL gives no time to clean up)."""
    for folder in Path(_base()).glob(f"{PREFIX}*-*"):
        pid = folder.name[len(PREFIX):].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)) and (folder / ".pg-test-server").is_file():
            _stop(folder)


def _stop(folder: Path) -> None:
    subprocess.run([sys.executable, str(SCRIPT), "stop", str(folder)], check=False, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def postgres_dsn():
    """DSN (postgresql://postgres@/postgres?host=FOLDER&port=PORT) of this session's throw-away server."""
    _reap_leftovers()
    folder = _server_folder()
    result = subprocess.run([sys.executable, str(SCRIPT), "start", str(folder)], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True)
    if result.returncode != 0:
        if (folder / ".pg-test-server").exists():
            _stop(folder)
        else:
            folder.rmdir()
        if result.returncode == NOT_INSTALLED and os.environ.get(REQUIRE) != "1":
            pytest.skip(SKIP_REASON)
        if result.returncode == NOT_INSTALLED:
            why = (f"PostgreSQL server binaries not installed (Debian package postgresql) and {REQUIRE}=1: "
                   "the PostgreSQL engine's tests must run here")
        else:
            why = "the throw-away PostgreSQL server did not start"
        pytest.fail(f"{why}:\n{result.stderr.strip()}", pytrace=False)

    # pytest tears fixtures down on Ctrl-C; make a plain SIGTERM (a CI timeout, kill) do the same, so no
    # server is left behind. The server runs in its own session: the terminal's Ctrl-C never reaches it.
    previous = signal.getsignal(signal.SIGTERM)

    def interrupted(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    if previous in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, interrupted)
    try:
        yield result.stdout.strip()
    finally:
        _stop(folder)
        if previous in (signal.SIG_DFL, None):
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


def with_database(dsn: str, name: str) -> str:
    """The same DSN naming another database."""
    return urllib.parse.urlsplit(dsn)._replace(path="/" + name).geturl()


@pytest.fixture
def postgres_db(postgres_dsn):
    """DSN of a new, empty database (dropped after the test, its leftover connections with it)."""
    import psycopg  # noqa: PLC0415 (only the tests that use the server need it)

    name = "t_" + secrets.token_hex(6)
    with psycopg.connect(postgres_dsn, autocommit=True) as admin:
        # FILE_COPY: template1 is tiny and the server does not fsync; WAL_LOG (the default) is slower here
        admin.execute(f"CREATE DATABASE {name} STRATEGY FILE_COPY")
    try:
        yield with_database(postgres_dsn, name)
    finally:
        with psycopg.connect(postgres_dsn, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
