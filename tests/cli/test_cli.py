"""The command line as a user runs it: a real subprocess."""

import subprocess
import sys

from correspondent_app import __version__


def run(*args):
    return subprocess.run([sys.executable, "-m", "correspondent_app", *args], capture_output=True, text=True, timeout=60)


def test_version_prints_the_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"correspondent-app {__version__}"


def test_console_script_is_installed():
    import shutil

    exe = shutil.which("correspondent-app", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert exe, "the correspondent-app entry point is not installed in the environment"
    result = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and __version__ in result.stdout
