"""Progress for long runs: a bar with rate and ETA on a terminal, periodic lines elsewhere."""

from __future__ import annotations

import sys
import time
from typing import TextIO

# Not a terminal (CI, a log file): one line every so often, never a bar.
PLAIN_EVERY_SECONDS = 10.0
_BAR_WIDTH = 24


class Progress:
    def __init__(
        self, total: int, *, quiet: bool = False, verbose: bool = False, stream: TextIO | None = None
    ) -> None:
        self.total, self.quiet, self.verbose = total, quiet, verbose
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.done = self.failed = 0
        self.started = self.last_line = time.monotonic()

    def start(self, total: int) -> None:
        """The run found ``total`` files; the clock starts now."""
        self.total = total
        self.started = self.last_line = time.monotonic()

    def update(self, path: str, status: str, error: str | None = None) -> None:
        self.done += 1
        self.failed += status == "failed"
        if status == "failed" and not self.quiet:
            self._clear()
            print(f"Error: {error}", file=self.stream)
        elif self.verbose:
            self._clear()
            print(f"{status:9} {path}", file=self.stream)
        if self.quiet:
            return
        now = time.monotonic()
        if self.tty:
            self._bar(now)
        elif not self.verbose and now - self.last_line >= PLAIN_EVERY_SECONDS:
            print(self._status(now), file=self.stream, flush=True)
            self.last_line = now

    def close(self) -> None:
        self._clear()

    def _status(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate else 0
        failed = f", {self.failed} failed" if self.failed else ""
        return f"{self.done}/{self.total} files, {rate:.0f}/s, ETA {_clock(eta)}{failed}"

    def _bar(self, now: float) -> None:
        filled = int(_BAR_WIDTH * self.done / max(self.total, 1))
        bar = "█" * filled + "░" * (_BAR_WIDTH - filled)
        print(f"\r\033[K{bar} {self._status(now)}", end="", file=self.stream, flush=True)

    def _clear(self) -> None:
        if self.tty and not self.quiet and self.done:
            print("\r\033[K", end="", file=self.stream)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"
