"""The core stays Qt-free: importing every core module must not load PySide6."""

import pkgutil
import subprocess
import sys


CORE = ("domain", "registry", "documents", "exchange")


def core_modules():
    names = []
    for package in CORE:
        try:
            module = __import__(f"correspondent_app.{package}", fromlist=["_"])
        except ModuleNotFoundError:
            continue
        names.append(module.__name__)
        names += [m.name for m in pkgutil.walk_packages(module.__path__, prefix=f"{module.__name__}.")]
    return names


def test_core_modules_exist():
    assert "correspondent_app.domain.rules" in core_modules()


def test_core_imports_no_qt():
    modules = core_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Qt imported by the core: {result.stdout}"
