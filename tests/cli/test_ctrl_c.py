"""Ctrl-C in a long command stops cleanly: a message, no traceback, nothing half-written (issue 15, item 17)."""

import signal
import subprocess
import sys
import time

from correspondent_app.registry import Registry
from correspondent_app.registry.checks import check_registry
from tests.registry.test_crash_and_concurrency import ROOT


def _ctrl_c_as_at_a_terminal() -> None:
    """The child takes Ctrl-C as a command typed at a terminal does, even when the tests run as a background
    job: a shell starts those with SIGINT ignored, the child inherits that, and Python then never raises
    KeyboardInterrupt (the test waited in vain for it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_during_make_demo_stops_cleanly(tmp_path):
    path = tmp_path / "r.sqlite"
    proc = subprocess.Popen([sys.executable, "-m", "correspondent_app", "--db", str(path), "make-demo",
                             "--persons", "20000"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=_ctrl_c_as_at_a_terminal)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # until it is really writing persons
        time.sleep(0.3)
        try:
            with Registry.open_read_only(path) as registry:
                if registry.db.execute("SELECT COUNT(*) FROM persons").fetchone()[0] > 20:
                    break
        except Exception:  # noqa: BLE001 - not created yet
            continue
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "stopped (Ctrl-C)" in err
    with Registry.open_read_only(path) as registry:
        assert check_registry(registry) == []
