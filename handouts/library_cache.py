"""A disk cache of what the index knows about each handout, so ``--list`` and the
server start in well under a second at hundreds of handouts.

Building one handout's entry renders its English and reads its catalog in every
language (about 30 ms per handout in eight languages, see bench/library_bench.py).
What it found (its title in each language, its grade, each language's
completeness and review) depends only on files: the handout's template, its
catalogs, and the files every handout shares (layout templates, brand, each
language's ``locale.toml`` and ``shared.po``). The cache keeps those facts
under a key made of the names, sizes and modification times of exactly the
files each part depends on (library_facts.py); any change to one of them gives
a new key, so that part is built afresh. Nothing about patients is ever in it.

The file lives in ``$HANDOUTS_CACHE_DIR`` (or ``$XDG_CACHE_HOME/handouts``, or
``~/.cache/handouts``), one per project folder. A cache that cannot be read
or written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ContentError
from .project import cache_dir, write_cached

#: Each cache's format: raise one when what its entries hold changes (the others keep
#: theirs: a layout takes seconds, and 1,200 of them are minutes).
FORMATS = {"index": 4, "catalogs": 4, "fit": 2}


def cache_path(project_dir: Path, kind: str = "index") -> Path:
    digest = hashlib.sha256(str(project_dir.resolve()).encode()).hexdigest()[:16]
    return cache_dir() / f"{kind}-{digest}.json"


def stamp(paths: Iterable[Path], fmt: int) -> str:
    """A key for the content of these files: their names, sizes and times (missing too)."""
    parts = [__version__, str(fmt)]
    for path in paths:
        try:
            info = path.stat()
            parts.append(f"{path}\0{info.st_mtime_ns}\0{info.st_size}")
        except OSError:
            parts.append(f"{path}\0-")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def shared_inputs(project_dir: Path, languages: bool = True) -> list[Path]:
    """The files every handout's entry depends on: layout templates and brand, and (with
    ``languages``) each language's ``locale.toml`` and shared catalog. The index keeps
    what a handout's own catalogs say apart from those two, so a translator's edit of
    shared.po or a recorded review rebuilds no handout's entry."""
    root = project_dir
    found = [p for p in (root / "templates").rglob("*") if p.is_file()
             and (root / "templates" / "handouts") not in p.parents]
    found += root.glob("brand/*")
    if languages:
        found += [*root.glob("locales/*/locale.toml"),
                  *root.glob("locales/*/LC_MESSAGES/shared.po")]
    return sorted(found)


class EntryCache:
    """The cache file, read once; entries written back together by ``save``."""

    def __init__(self, project_dir: Path, kind: str = "index",
                 shared: list[Path] | None = None) -> None:
        self.path = cache_path(project_dir, kind)  # a key of FORMATS
        self.format = FORMATS[kind]
        self.shared = stamp(shared_inputs(project_dir) if shared is None else shared,
                            self.format)
        self._entries: dict[str, Any] = {}
        self._changed = False
        try:
            data = json.loads(self.path.read_text("utf-8"))
            if isinstance(data, dict) and data.get("format") == self.format:
                self._entries = data.get("entries", {})
        except (OSError, ValueError):
            pass

    def key(self, own: Iterable[Path]) -> str:
        """The key of one handout's entry: the shared files' stamp and its own files'."""
        return hashlib.sha256(f"{self.shared}\n{stamp(own, self.format)}".encode()).hexdigest()

    def get(self, name: str, key: str) -> dict[str, Any] | None:
        found = self._entries.get(name)
        return found["facts"] if isinstance(found, dict) and found.get("key") == key else None

    def put(self, name: str, key: str, facts: dict[str, Any]) -> None:
        self._entries[name] = {"key": key, "facts": facts}
        self._changed = True

    def save(self, names: Iterable[str] | None = None) -> None:
        """Keep the entries of the handouts there are now (all, without ``names``); write
        whole, or not at all."""
        keep = set(self._entries) if names is None else set(names)
        if set(self._entries) - keep:
            self._entries = {k: v for k, v in self._entries.items() if k in keep}
            self._changed = True
        if not self._changed:
            return
        data = json.dumps({"format": self.format, "entries": self._entries},
                          ensure_ascii=False)
        write_cached(self.path, data.encode("utf-8"))


#: Entries to build before it pays to start processes for them (about half a second).
PARALLEL_FROM = 24


def worker_count() -> int:
    """How many processes each_built uses for many jobs (one: it builds them itself)."""
    return min(os.cpu_count() or 1, 4)


def each_built(build: Callable[..., dict[str, Any]], jobs: list[tuple[Any, ...]],
               ) -> list[dict[str, Any] | ContentError]:
    """``build(*job)`` for each job, in order; a ContentError is returned, not raised.

    Many jobs (a new or upgraded library's first listing) are spread over the
    machine's cores in fresh processes (forkserver: safe from the web server's
    threads): 300 handouts are listed in about half the time on two cores."""
    workers = worker_count()
    if len(jobs) < PARALLEL_FROM or workers < 2:
        return [_built(build, job) for job in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return list(pool.map(_built, [build] * len(jobs), jobs,
                             chunksize=max(1, len(jobs) // (workers * 4))))


def _built(build: Callable[..., dict[str, Any]], job: tuple[Any, ...],
           ) -> dict[str, Any] | ContentError:
    try:
        return build(*job)
    except ContentError as error:
        return error
