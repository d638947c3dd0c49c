"""An export killed at the moment its package is put in place never forks the village at HQ (issue 15, item 3).

A real process is killed (SIGKILL) just before and just after the package's
rename into its name, the two sides of the moment the attack found: a valid
signed package that the registry never recorded. Whatever the kill left, the
village exports again and HQ merges every package it is given, later ones and
``--full`` included.
"""

import signal
import subprocess
import sys

import pytest

from correspondent_app.exchange.export import export_package
from correspondent_app.exchange.hq import merge, open_hq, register
from correspondent_app.registry import Registry
from correspondent_app.registry.checks import check_registry
from tests.exchange.helpers import village
from tests.exchange.test_ack import acknowledge
from tests.registry.test_crash_and_concurrency import ROOT

KILLED_EXPORT = """
import os, signal, sys
real_replace = os.replace
def replace(src, dst):
    if str(dst).endswith('.zip'):  # the package going into its name
        if sys.argv[3] == 'before':
            os.kill(os.getpid(), signal.SIGKILL)
        real_replace(src, dst)
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(src, dst)
os.replace = replace
from correspondent_app.cli import main
sys.exit(main(['--db', sys.argv[1], 'export', '--out', sys.argv[2]]))
"""


@pytest.mark.parametrize("moment", ["before", "after"])
@pytest.mark.parametrize("acknowledged", [False, True])
def test_an_export_killed_at_the_rename_never_forks_the_village(tmp_path, moment, acknowledged):
    reg, key = village(tmp_path, "alpha", seed=3, persons=5)
    hq = open_hq(tmp_path / "hq.sqlite")
    register(hq, key)
    export_package(reg, tmp_path / "a1.zip")
    assert merge(hq, tmp_path / "a1.zip").merged
    if acknowledged:
        acknowledge(hq, key, reg, tmp_path / "ack1.json")
    reg.persons.add({"surname_lat": "NEWCOMER"})
    path = reg.path
    reg.close()

    killed = subprocess.run([sys.executable, "-c", KILLED_EXPORT, str(path), str(tmp_path / "a2.zip"), moment],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    reg = Registry.open(path, actor="alpha")
    reg.persons.add({"surname_lat": "LATECOMER"})
    export_package(reg, tmp_path / "a3.zip")
    reg.persons.add({"surname_lat": "LAST"})
    export_package(reg, tmp_path / "a4.zip")
    export_package(reg, tmp_path / "a5.zip", full=True)
    for name in ("a2.zip", "a3.zip", "a4.zip", "a5.zip"):
        if (tmp_path / name).exists():  # whatever the kill left at the package's name is sent as well
            result = merge(hq, tmp_path / name)
            assert result.merged, f"{name}: {result.reason}"
    merged = {r[0] for r in hq.execute("SELECT surname_lat FROM persons")}
    assert {"NEWCOMER", "LATECOMER", "LAST"} <= merged
    assert check_registry(reg) == []
    assert not list(tmp_path.glob("*.unsent*"))  # nothing half-sent left beside the packages
    reg.close()
