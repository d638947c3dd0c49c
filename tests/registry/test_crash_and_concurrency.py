"""The legal record survives kills and a second writer (real processes, real file)."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from correspondent_app.registry import Registry
from correspondent_app.registry.checks import check_registry

ROOT = Path(__file__).resolve().parents[2]


def start_issuer(path, count, tag):
    return subprocess.Popen([sys.executable, "-m", "tests.registry.issuer", str(path), str(count), str(tag)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def assert_sound(path):
    with Registry.open(path) as registry:
        assert check_registry(registry) == []
        db = registry.db
        numbers = [r[0] for r in db.execute("SELECT number FROM protocol WHERE year = 2005 ORDER BY number")]
        assert numbers == list(range(1, len(numbers) + 1))
        certified = db.execute("SELECT COUNT(*) FROM certificates").fetchone()[0]
        assert certified == len(numbers)
        orphans = db.execute("SELECT COUNT(*) FROM certificates c LEFT JOIN payments p ON p.id = c.payment_id "
                             "WHERE p.id IS NULL").fetchone()[0]
        unissued_paid = db.execute("SELECT COUNT(*) FROM cases WHERE state = 'issued' AND id NOT IN "
                                   "(SELECT case_id FROM certificates)").fetchone()[0]
        assert orphans == 0 and unissued_paid == 0
        return len(numbers)


def test_sigkill_at_random_moments_never_breaks_the_record(tmp_path):
    path = tmp_path / "crash.sqlite"
    Registry.open(path).close()
    rng = random.Random(20051005)
    issued = 0
    for round_ in range(12):
        proc = start_issuer(path, 10_000, round_ + 1)
        time.sleep(0.6 + rng.random() * 0.6)  # start-up is ~0.4 s; kill somewhere in the loop
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        now_issued = assert_sound(path)
        assert now_issued >= issued
        issued = now_issued
    assert issued > 0, "the issuer never got to issue: the test would prove nothing"


def test_two_instances_never_share_a_protocol_number(tmp_path):
    path = tmp_path / "shared.sqlite"
    Registry.open(path).close()
    procs = [start_issuer(path, 25, tag) for tag in (1, 2)]
    outputs = [p.communicate(timeout=180) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    numbers = [int(n) for out, _ in outputs for n in out.split()]
    assert len(numbers) == 50 and sorted(numbers) == list(range(1, 51))
    assert assert_sound(path) == 50
