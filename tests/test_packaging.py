"""What a fresh install downloads: Qt's modules the app uses, pinned versions (issue 16, item 16)."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    """The distribution's normalised name (PEP 503): "PySide6_Pdf>=6.12" -> "pyside6-pdf"."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group()).lower()


def _dependencies() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]


def _constraints() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _sep, version = line.partition("==")
            assert version, f"constraints.txt pins exact versions: {line!r}"
            pins[_name(name)] = version
    return pins


def test_no_pyside6_meta_package_only_the_qt_modules_used():
    """The meta-package pulled Addons (153 MiB) and WebEngine (265 MiB) the app never imports."""
    names = {_name(r) for r in _dependencies()}
    assert "pyside6" not in names
    assert not names & {"pyside6-addons", "pyside6-webengine"}
    assert {"pyside6-essentials", "pyside6-pdf"} <= names  # QtPdf/QtPdfWidgets: the preview


def test_reportlab_is_capped_below_6():
    """The installer's size and the QR patch are checked against reportlab 4-5."""
    (reportlab,) = [r for r in _dependencies() if _name(r) == "reportlab"]
    assert "<6" in reportlab.replace(" ", "")


def test_the_constraints_file_pins_every_runtime_dependency_and_is_used():
    pins = _constraints()
    missing = {_name(r) for r in _dependencies()} - set(pins)
    assert not missing, f"constraints.txt does not pin {sorted(missing)}"
    assert "shiboken6" in pins  # what the Qt wheels need, pinned too
    assert not {"pyside6", "pyside6-addons", "pyside6-webengine"} & set(pins)
    makefile = (ROOT / "Makefile").read_text()
    assert makefile.count("-c constraints.txt") >= 2, "the venv and the installer's tools install with it"
    assert re.search(r"^\$\(STAMP\):.*constraints\.txt", makefile, re.M), "a new pin reinstalls"


def test_the_start_up_benchmark_takes_each_child_peak_memory_from_the_child():
    """wait4's ru_maxrss gave a vfork'ed child the parent's peak: the bare window read 77 MiB, not 50."""
    import sys

    from benchmarks.startup import measure

    ballast = bytearray(b"\1") * (300 << 20)  # the benchmark's parent, holding 300 MiB
    _seconds, peak = measure([sys.executable, "-m", "benchmarks.peak", "json.tool", "--help"])
    assert len(ballast) and 3 < peak < 100, peak  # a bare Python: some MiB, not the parent's 300
