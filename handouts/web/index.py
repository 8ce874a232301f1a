"""The library index as the web page holds it, search, and language requests.

Building the index (``handouts.library``) renders each handout's English
title and counts every catalog, so the result is kept until a project file
changes (see stamps.py) or the day changes (review deadlines move with it).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import unicodedata
from collections.abc import Callable

from ..errors import TranslationError
from ..i18n.locales import LocaleSettings, available_locales, broken_locales, negotiate
from ..library import HandoutEntry, Index, build_index
from .stamps import ProjectStamp

log = logging.getLogger(__name__)

def _fold(text: str) -> str:
    """Lower case without accents, so "vertebro", "Vértebro" and "VERTEBRO" all match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search(entries: list[HandoutEntry], query: str) -> list[HandoutEntry]:
    """Handouts whose title, name, ID or keywords contain every word of the query."""
    words = _fold(query).split()
    if not words:
        return entries

    def haystack(entry: HandoutEntry) -> str:
        return _fold(" ".join((entry.title, entry.meta.name, entry.meta.id, *entry.meta.keywords)))
    return [e for e in entries if all(w in haystack(e) for w in words)]


class IndexCache:
    """The index, rebuilt only when the project's files or the day change (thread-safe)."""

    def __init__(self, stamp: ProjectStamp, today: Callable[[], dt.date]) -> None:
        self.stamp = stamp
        self.today = today
        self._lock = threading.Lock()
        self._key: tuple[object, ...] = ()
        self._index = Index((), ())

    def index(self) -> Index:
        today = self.today()
        key = (today, self.stamp.current())
        with self._lock:  # one rebuild at a time; the others wait for it
            if key != self._key:
                self._index = build_index(self.stamp.project_dir, today)
                for problem in self._index.broken:
                    log.warning("handout left off the page: %s", problem.message)
                self._key = key
            return self._index

    def entries(self) -> list[HandoutEntry]:
        return list(self.index().entries)

    def find(self, ref: str) -> HandoutEntry | None:
        wanted = ref.strip().lower()
        return next((e for e in self.entries()
                     if wanted in (e.meta.name.lower(), e.meta.id.lower())), None)


class LocaleResolver:
    """``negotiate`` with a memo: Babel's parsing costs more than serving a cached PDF.

    The memo is dropped whenever the project's files change, and is bounded,
    since the requested strings come from the network.
    """

    MAX_REMEMBERED = 256

    def __init__(self, stamp: ProjectStamp) -> None:
        self.stamp = stamp
        self._lock = threading.Lock()
        self._key: object = None
        self._available: dict[str, LocaleSettings] = {}
        self._broken: dict[str, TranslationError] = {}
        self._resolved: dict[str, LocaleSettings] = {}

    def resolve(self, requested: str) -> LocaleSettings:
        """The shipped locale a request means ("es-MX" -> es); UnknownLocaleError if none."""
        key = self.stamp.current()
        with self._lock:
            if key != self._key:
                self._available = available_locales(self.stamp.project_dir / "locales")
                self._broken = broken_locales(self.stamp.project_dir / "locales")
                self._resolved.clear()
                self._key = key
            found = self._resolved.get(requested)
            available, broken = self._available, self._broken
        if found is None:
            found = negotiate(requested, available, broken)
            with self._lock:
                if len(self._resolved) >= self.MAX_REMEMBERED:
                    self._resolved.clear()
                self._resolved[requested] = found
        return found
