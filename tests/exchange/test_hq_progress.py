"""Progress on a terminal (quiet in a pipe), Ctrl-C between packages (nothing half-merged), HQ's log file."""

import os
import pty
import signal
import subprocess
import sys

from correspondent_app.demo.generate import make_demo
from correspondent_app.exchange.export import export_package, public_key_file
from correspondent_app.exchange.hq import open_hq_read_only
from correspondent_app.registry import Registry
from tests.exchange.helpers import child_env, hq_arg, run
from tests.office import office


def _packages(tmp_path, count, persons=3):
    """``count`` small villages, registered at HQ: their package paths."""
    keys, packages = [], []
    for n in range(count):
        reg = Registry.open(tmp_path / f"v{n}.sqlite", actor=f"v{n}")
        reg.profile.save(**office(community=f"Κοινότητα {n}", municipality="Δήμος Τεστ", prefecture="Ν. Τεστ"))
        make_demo(reg, persons=persons, seed=n + 1, render=False)
        keys.append(tmp_path / f"v{n}.pub")
        keys[-1].write_bytes(public_key_file(reg))
        packages.append(tmp_path / f"v{n}.zip")
        export_package(reg, packages[-1])
        reg.close()
    assert run("hq", "register", "--into", tmp_path / "hq.sqlite", *keys).returncode == 0
    return packages


def _merge_command(tmp_path, packages, batch=5):
    """Batches of 5: the lines of a batch come once it is saved, so Ctrl-C lands in the middle of a batch."""
    return [sys.executable, "-m", "correspondent_app", "hq", "merge", "--batch", str(batch), "--into",
            str(hq_arg(tmp_path / "hq.sqlite")), *map(str, packages)]


def _in(tmp_path):
    """Children run in the test's folder: hq.log of a PostgreSQL HQ goes into the current folder."""
    return {"cwd": tmp_path, "env": child_env(tmp_path)}


def _whole_packages_only(hq):
    """Packages recorded and rows held agree: every package is there whole or not at all."""
    conn = open_hq_read_only(hq)
    merged, declared = conn.execute("SELECT COUNT(*), COALESCE(SUM(rows), 0) FROM packages").fetchone()
    held = sum(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
               for t in ("persons", "cases", "payments", "certificates", "protocol"))
    conn.close()
    assert held == declared
    return merged


def test_ctrl_c_stops_between_packages_and_a_rerun_merges_the_rest(tmp_path):
    packages = _packages(tmp_path, 40)
    proc = subprocess.Popen(_merge_command(tmp_path, packages), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **_in(tmp_path))
    lines = [proc.stdout.readline() for _ in range(3)]
    proc.send_signal(signal.SIGINT)
    # read on from the same buffered stream: a batch's lines arrive together, and communicate() would skip
    # those already buffered by readline()
    rest, err = proc.stdout.read(), proc.stderr.read()
    proc.wait(120)
    done = sum(": merged:" in line for line in lines + rest.splitlines())
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert (f"stopped after {done} of 40 packages; the rest were not merged; nothing half-merged") in err
    assert 3 <= done < 40
    assert _whole_packages_only(tmp_path / "hq.sqlite") == done

    again = subprocess.run(_merge_command(tmp_path, packages), capture_output=True, text=True, timeout=300,
                           **_in(tmp_path))
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("already merged") == done
    assert _whole_packages_only(tmp_path / "hq.sqlite") == 40


def _read_terminal(master: int) -> bytes:
    """All a command wrote to its terminal (the pty's master side), until it ended; closes the master."""
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return shown


def test_progress_is_shown_on_a_terminal_and_not_in_a_pipe(tmp_path):
    packages = _packages(tmp_path, 3)
    piped = subprocess.run(_merge_command(tmp_path, packages[:1]), capture_output=True, text=True, timeout=120,
                           **_in(tmp_path))
    assert piped.returncode == 0 and piped.stderr == ""

    master, slave = pty.openpty()
    proc = subprocess.Popen(_merge_command(tmp_path, packages[1:]), stdout=subprocess.PIPE, stderr=slave,
                            **_in(tmp_path))
    os.close(slave)
    shown = _read_terminal(master)
    assert proc.wait(timeout=120) == 0
    text = shown.decode()
    assert "merge: 2/2 packages" in text and "/s" in text and "left" in text and "\r" in text


def test_each_hq_command_appends_to_the_log_a_line_per_package(tmp_path):
    packages = _packages(tmp_path, 3)
    assert run("hq", "merge", "--into", tmp_path / "hq.sqlite", *packages).returncode == 0
    assert run("hq", "report", "--from", tmp_path / "hq.sqlite", "--out", tmp_path / "rep").returncode == 0
    log = (tmp_path / "hq.log").read_text("utf-8").splitlines()
    merges = [line for line in log if "\tmerge\t" in line]
    for package in packages:
        (line,) = [m for m in merges if str(package) in m]
        assert ": merged:" in line
    assert any("done: 3 of 3 merged, 0 refused" in line for line in merges)
    assert any("\treport\tdone:" in line for line in log)
    assert all(line[:4].isdigit() and line.count("\t") >= 2 for line in log)  # time, command, text


def test_the_report_shows_its_steps_on_a_terminal_and_nothing_in_a_pipe(tmp_path):
    packages = _packages(tmp_path, 2)
    assert subprocess.run(_merge_command(tmp_path, packages), capture_output=True, timeout=120,
                          **_in(tmp_path)).returncode == 0
    report = [sys.executable, "-m", "correspondent_app", "hq", "report", "--from",
              str(hq_arg(tmp_path / "hq.sqlite")), "--out", str(tmp_path / "rep")]
    piped = subprocess.run(report, capture_output=True, text=True, timeout=120, **_in(tmp_path))
    assert piped.returncode == 0 and piped.stderr == ""
    master, slave = pty.openpty()
    proc = subprocess.Popen(report, stdout=subprocess.PIPE, stderr=slave, **_in(tmp_path))
    os.close(slave)
    shown = _read_terminal(master)
    assert proc.wait(timeout=120) == 0
    assert "report: 5/5 steps" in shown.decode()
