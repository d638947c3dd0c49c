"""A trace of a native crash, in the log folder.

A crash inside Qt or a C extension ("Fatal Python error: bool_dealloc …")
kills the process before Python's logging can write a line: logs/ stayed
empty. faulthandler writes the Python stack of every thread straight to an
open file descriptor at the crash, so the file is opened at start and kept
open for the life of the process.
"""

from __future__ import annotations

import faulthandler
import os
from datetime import datetime
from pathlib import Path

TRACE_NAME = "crash-trace.log"
TRACE_MAX_BYTES = 1_000_000

_trace_file = None  # open for the process's lifetime: faulthandler holds only its descriptor


def enable_crash_trace(folder: Path) -> Path | None:
    """Send faulthandler's report of a fatal error to ``folder``/crash-trace.log; its path (None if unwritable)."""
    global _trace_file  # noqa: PLW0603 - one file for the one process
    path = folder / TRACE_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > TRACE_MAX_BYTES:
            path.replace(path.with_name(TRACE_NAME + ".1"))  # the crash before last is kept once
        trace = open(path, "a", encoding="utf-8")  # noqa: SIM115 - kept open on purpose
        trace.write(f"--- started {datetime.now().isoformat(timespec='seconds')}, pid {os.getpid()}\n")
        trace.flush()
    except OSError:
        return None  # no trace rather than no counter
    faulthandler.enable(trace, all_threads=True)
    _trace_file = trace
    return path
