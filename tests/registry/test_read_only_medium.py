"""`verify` and `backup` only read, so they work from a registry on a read-only medium (issue 15, item 14)."""

import subprocess
import sys

from correspondent_app.registry import Registry
from tests.registry.test_real_filesystems import tiny_fs  # noqa: F401 - the fixture: a tmpfs we can remount ro
from tests.registry.test_record_ownership import ROOT
from tests.cli.test_registry_commands import make_registry


def cli(*args):
    return subprocess.run([sys.executable, "-m", "correspondent_app", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_verify_and_backup_from_a_read_only_medium(tiny_fs, tmp_path):  # noqa: F811
    path = tiny_fs / "registry.sqlite"
    make_registry(path)
    with Registry.open(path) as registry:
        code = registry.db.execute("SELECT verification_code FROM certificates").fetchone()[0]
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_fs)], check=True)

    verified = cli("--db", path, "verify", code)
    assert verified.returncode == 0 and verified.stdout.startswith("valid"), verified.stdout + verified.stderr
    backed_up = cli("--db", path, "backup", "--out", tmp_path / "copy.sqlite")
    assert backed_up.returncode == 0, backed_up.stderr
    with Registry.open_read_only(tmp_path / "copy.sqlite") as copy:
        assert copy.db.execute("SELECT COUNT(*) FROM certificates").fetchone()[0] == 1
