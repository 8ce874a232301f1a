"""A fingerprint of the files renders read, so an edit shows without a restart.

Templates, catalogs, locale settings, the brand file and logo, and the
fonts (``handouts.project.INPUT_PATTERNS``): their names, sizes and
modification times.  Any change gives a new
fingerprint, which is part of every cache key and of the index's, so the
next request renders afresh.  The files are looked at no more often than
every ``interval`` seconds (a request costs less than the ~60 stat calls).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from ..project import Project

Stamp = tuple[tuple[str, int, int], ...]


def fingerprint(project_dir: Path) -> Stamp:
    """(path, mtime, size) of every file a render may read (project.INPUT_PATTERNS), sorted."""
    found = []
    for path in Project(project_dir).all_inputs():
        try:
            stat = path.stat()
        except OSError:
            continue  # removed while we looked: the next look sees it gone
        found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


class ProjectStamp:
    """The project's fingerprint, recomputed at most every ``interval`` seconds (thread-safe)."""

    def __init__(self, project_dir: Path, interval: float = 1.0) -> None:
        self.project_dir = project_dir
        self.interval = interval
        self._lock = threading.Lock()
        self._checked = float("-inf")
        self._stamp: Stamp = ()

    def current(self) -> Stamp:
        now = time.monotonic()
        with self._lock:
            if now - self._checked < self.interval:
                return self._stamp
        stamp = fingerprint(self.project_dir)
        with self._lock:
            self._stamp, self._checked = stamp, now
        return stamp
