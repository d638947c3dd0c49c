"""``python -m benchmarks.peak MODULE [ARGS...]``: run MODULE as ``python -m`` would, then print this
process's own peak resident memory as the last line of stdout ("peak-kib: N").

Measured inside the child, from /proc/self/status (VmHWM, the high-water mark
of this process's own address space). The parent's wait4()/ru_maxrss was wrong:
a child started by vfork (as subprocess does) shares the parent's memory until
exec, and Linux carries that peak over into the child's ru_maxrss, so the bare
window reported the benchmark's own 77 MiB instead of its 50 MiB.
"""

from __future__ import annotations

import runpy
import sys

MARK = "peak-kib:"


def peak_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def main() -> int:
    module, sys.argv = sys.argv[1], sys.argv[1:]
    code = 0
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exc:  # the app leaves through sys.exit: its code is still reported
        code = exc.code if isinstance(exc.code, int) else (exc.code is not None)
    sys.stdout.flush()
    print(f"\n{MARK} {peak_kib()}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
