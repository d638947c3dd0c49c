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


def start_issuer(path, count, tag, *extra):
    return subprocess.Popen([sys.executable, "-m", "tests.registry.issuer", str(path), str(count), str(tag),
                             *map(str, extra)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


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
    go, rounds = tmp_path / "go", 150
    procs = [start_issuer(path, rounds, tag, go) for tag in (1, 2)]
    for proc in procs:  # both registries open before either writes: their writes overlap, not their start-ups
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    go.touch()
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    by_number = {int(n): tag for tag, (out, _) in zip((1, 2), outputs, strict=True) for n in out.split()}
    numbers = sorted(by_number)
    assert len(numbers) == 2 * rounds and numbers == list(range(1, 2 * rounds + 1))  # none shared, none skipped
    order = [by_number[n] for n in numbers]
    switches = sum(a != b for a, b in zip(order, order[1:]))
    print(f"issuers took turns {switches} times")
    assert switches >= 10, "the two issuers never took turns: the test did not test concurrency"
    assert assert_sound(path) == 2 * rounds
