"""Build the one-folder program: compile the catalogs, run PyInstaller, self-test the result.

    python installer/build.py [--no-test]

Prints the folder size and the start time of the built program beside the
start time from source, measured in the same run.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "correspondent-app"
# On Windows the console twin runs the command line (the start-menu program is windowed: see the spec).
EXE = DIST / ("correspondent-app-cli.exe" if os.name == "nt" else "correspondent-app")
SIZE_TARGET = 200e6  # bytes (issue: the folder stays <= 200 MB)


def compile_catalogs() -> None:
    sys.path.insert(0, str(ROOT))
    from correspondent_app.i18n import DOMAIN, compile_catalog

    for po in (ROOT / "translations").glob(f"*/LC_MESSAGES/{DOMAIN}.po"):
        language = po.parent.parent.name
        compile_catalog(po, ROOT / "build" / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.mo")


def write_build_info() -> None:
    import json  # noqa: PLC0415
    from datetime import datetime  # noqa: PLC0415

    from correspondent_app import __version__  # noqa: PLC0415

    path = ROOT / "build" / "build_info.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": __version__, "built": datetime.now().isoformat(timespec="seconds")}))
    # The Windows installer script takes its version from the same place (installer/windows/*.iss).
    (ROOT / "build" / "version.iss").write_text(f'#define AppVersion "{__version__}"\n', encoding="utf-8")


def folder_size(path: Path) -> int:
    # lstat: PyInstaller links some libraries; count each file once, as the disk does
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def start_time(command: list[str], registry: Path, rounds: int = 5) -> float:
    """Median seconds from process start to the main window shown (and closed)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    times = []
    for _ in range(rounds + 1):
        started = time.perf_counter()
        subprocess.run(command + ["--db", str(registry), "--quit-when-shown"], check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times[1:])  # the first run warms the file cache


def main() -> int:
    compile_catalogs()
    write_build_info()
    shutil.rmtree(DIST, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build" / "pyinstaller"),
                    str(ROOT / "installer" / "correspondent-app.spec")], check=True, cwd=ROOT)
    size = folder_size(DIST)
    print(f"built {DIST}: {size / 2**20:.0f} MiB = {size / 1e6:.0f} MB (target <= 200 MB)")
    if size > SIZE_TARGET:
        print("the built folder is larger than its target: see what the spec now bundles", file=sys.stderr)
        return 1
    if "--no-test" not in sys.argv:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        env.pop("CORRESPONDENT_APP_HOME", None)
        result = subprocess.run([str(EXE), "self-test"], env=env, cwd="/" if os.name != "nt" else None)
        if result.returncode != 0:
            print("self-test of the built program FAILED", file=sys.stderr)
            return 1
        import tempfile  # noqa: PLC0415

        with tempfile.TemporaryDirectory() as folder:
            registry = Path(folder) / "registry.sqlite"
            subprocess.run([str(EXE), "--db", str(registry), "make-demo", "--persons", "5"], check=True, env=env,
                           capture_output=True)
            built = start_time([str(EXE)], registry)
            source = start_time([sys.executable, "-m", "correspondent_app"], registry)
        print(f"start to main window: built {built * 1000:.0f} ms vs from source {source * 1000:.0f} ms "
              f"(ratio {built / source:.2f}, target <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
