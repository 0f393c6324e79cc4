"""An exclusive, process-wide refresh lock (flock): one refresh writes at a time.

The kernel releases a flock when its holder dies, so a killed run never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path


class RefreshLockTimeout(RuntimeError):
    pass


class RefreshLock:
    def __init__(self, path: Path, timeout_seconds: float, poll_seconds: float = 0.5):
        self.path = path
        self.timeout_seconds = timeout_seconds
        self.poll_seconds = poll_seconds
        self._fd: int | None = None

    def acquire(self, holder: str, on_wait=None) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout_seconds
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                current = self._read_holder()
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise RefreshLockTimeout(
                        f"another refresh is writing the warehouse ({current}); waited "
                        f"{self.timeout_seconds:.0f} s for it to finish, giving up") from None
                if on_wait and not told:
                    on_wait(f"another refresh is writing the warehouse ({current}); waiting")
                    told = True
                time.sleep(self.poll_seconds)
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"holder": holder, "pid": os.getpid(),
                                  "since": time.strftime("%Y-%m-%dT%H:%M:%S%z")}).encode(), 0)
        self._fd = fd

    def _read_holder(self) -> str:
        try:
            info = json.loads(self.path.read_text() or "{}")
            return f"{info.get('holder')} pid {info.get('pid')} since {info.get('since')}"
        except (OSError, ValueError):
            return "holder unknown"

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
