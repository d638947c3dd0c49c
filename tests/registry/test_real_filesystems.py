"""Disk full and read-only on a real (tiny tmpfs) filesystem; needs root to mount.

The same guarantees are also tested without root through SQLITE_FULL
(test_backups.test_disk_full_while_issuing_saves_nothing).
"""

import os
import subprocess
from datetime import date

import pytest

from correspondent_app.registry import Registry, StorageError
from correspondent_app.registry.checks import check_registry


def _mount(path, options):
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    return result.returncode == 0


@pytest.fixture()
def tiny_fs(tmp_path):
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    if os.geteuid() != 0 or not _mount(mount_point, "size=1m"):
        pytest.skip("mounting a tmpfs needs root")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_disk_full_is_a_clear_error_and_keeps_what_was_saved(tiny_fs):
    registry = Registry.open(tiny_fs / "registry.sqlite")
    saved = 0
    with pytest.raises(StorageError, match="disk is full"):
        for i in range(100_000):
            registry.persons.add({"surname_lat": f"PERSON{i}", "name_lat": "X" * 200, "address": "Y" * 500,
                                  "birth_date": date(1970, 1, 1)}, allow_duplicate=True)
            saved += 1
    assert saved > 0  # the WAL fills a tiny disk quickly; what matters is what happens at the limit
    registry.close()
    subprocess.run(["mount", "-o", "remount,size=4m", str(tiny_fs)], check=True)
    with Registry.open(tiny_fs / "registry.sqlite") as again:
        assert again.persons.count() == saved
        assert check_registry(again) == []


def test_read_only_filesystem_is_a_clear_error(tiny_fs):
    with Registry.open(tiny_fs / "registry.sqlite") as registry:
        registry.persons.add({"surname_lat": "BEFORE"})
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_fs)], check=True)
    with pytest.raises(StorageError, match="read-only|cannot be opened|cannot be written"):
        with Registry.open(tiny_fs / "registry.sqlite") as registry:
            registry.persons.add({"surname_lat": "AFTER"})
