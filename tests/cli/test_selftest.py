"""The installed program proves itself: self-test runs offscreen and exits 0."""

import subprocess
import sys


def test_self_test_passes():
    result = subprocess.run([sys.executable, "-m", "correspondent_app", "self-test"], capture_output=True, text=True,
                            timeout=180, env={"QT_QPA_PLATFORM": "offscreen", **__import__("os").environ})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("valid") == 5 and "all checks passed" in result.stdout
