"""Progress of long HQ commands on a terminal, and HQ's log file.

Progress is written to stderr, in place (carriage return), only when stderr
is a terminal: in a pipe or a file it would be noise between the result lines.
Every HQ command appends to ``hq.log`` beside the HQ database, one line per
event (time, command, text), so what was merged when stays on record.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

LOG_NAME = "hq.log"


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Progress:
    """``label: done/total items, rate/s, H:MM:SS left``, redrawn at most 10 times a second."""

    def __init__(self, total: int, label: str, unit: str = "packages", stream: TextIO | None = None) -> None:
        self.total, self.label, self.unit = total, label, unit
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.start = self.last = time.monotonic()
        self.shown = False

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        moment = time.monotonic()
        if moment - self.last < 0.1 and done < self.total:
            return
        self.last = moment
        elapsed = max(moment - self.start, 1e-6)
        rate = done / elapsed
        left = (self.total - done) / rate if rate else 0
        self.stream.write(f"\r{self.label}: {done}/{self.total} {self.unit}, {rate:.1f}/s, {_clock(left)} left ")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """End the line drawn in place, so the next message starts on its own."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False


class HqLog:
    """Appends lines to ``hq.log`` in the HQ database's folder; a log that cannot be written never stops HQ."""

    def __init__(self, database: Path | str, command: str) -> None:
        self.path = Path(database).resolve().parent / LOG_NAME
        self.command = command

    def write(self, text: str) -> None:
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        line = f"{stamp}\t{self.command}\t{' '.join(text.split())}\n"  # one event, one line
        try:
            with self.path.open("a", encoding="utf-8") as log:
                log.write(line)
        except OSError:
            pass
