"""What the page and ``GET /api/handouts`` show: handouts, their languages, search.

Building the index renders each handout's English title and counts every
catalog, so the result is kept until a project file changes (see stamps.py)
or the day changes (review deadlines move with it).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import model
from ..catalogs import completeness
from ..errors import ContentError, TranslationError
from ..listing import english_documents
from ..load import HandoutMeta
from ..localize import (
    LocaleSettings,
    available_locales,
    negotiate,
    review_status,
)
from .stamps import ProjectStamp

log = logging.getLogger(__name__)

#: How each review status reads on the page, after the language's name.
STATUS_TEXT = {"source": "original text", "reviewed": "translation reviewed",
               "machine-draft": "machine translation, not yet reviewed",
               "draft": "translation not yet reviewed",
               "changed-since-review": "changed since its review, not yet re-reviewed"}


@dataclass(frozen=True)
class LocaleChoice:
    code: str
    name: str  # in its own language and script: "español"
    english_name: str
    status: str  # "source", "reviewed", "changed-since-review", "machine-draft" or "draft"
    complete: bool

    @property
    def tag(self) -> str:
        return self.code.replace("_", "-")

    @property
    def label(self) -> str:
        """'español — Spanish (translation not yet reviewed)', as the language picker shows it."""
        note = STATUS_TEXT.get(self.status, "translation not yet reviewed")
        if not self.complete:
            note = "translation incomplete: cannot be printed yet"
        same = self.name.casefold() == self.english_name.casefold()
        return f"{self.name} ({note})" if same else f"{self.name} — {self.english_name} ({note})"

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "english_name": self.english_name,
                "status": self.status, "complete": self.complete}


@dataclass(frozen=True)
class HandoutEntry:
    meta: HandoutMeta
    title: str
    locales: tuple[LocaleChoice, ...]
    overdue: bool

    def locale(self, code: str) -> LocaleChoice | None:
        return next((loc for loc in self.locales if loc.code == code), None)

    def as_json(self) -> dict[str, Any]:
        m = self.meta
        return {"id": m.id, "name": m.name, "title": self.title, "version": m.version,
                "reviewed": m.reviewed,
                "review_date": m.reviewed_on.isoformat() if m.reviewed_on else None,
                "review_overdue": self.overdue, "keywords": list(m.keywords),
                "locales": [loc.as_json() for loc in self.locales]}


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


def _choice(settings: LocaleSettings, meta: HandoutMeta, project_dir: Path) -> LocaleChoice:
    try:
        complete = completeness(settings, meta, project_dir).complete
    except TranslationError:
        complete = False  # a missing or unreadable catalog cannot be printed
    try:
        status = review_status(settings)  # a review holds only for what was reviewed
    except TranslationError:
        status = settings.review.status
    return LocaleChoice(settings.code, settings.native_name, settings.english_name,
                        status, complete)


@dataclass(frozen=True)
class Index:
    entries: tuple[HandoutEntry, ...]
    broken: tuple[ContentError, ...]  # handouts left out: their files need fixing


def build_index(project_dir: Path, today: dt.date) -> Index:
    """Every handout with its English title and each language's status.

    A handout whose file is broken is left out and reported, so one mistake
    does not take every other handout off the page.
    """
    locales = available_locales(project_dir / "locales")
    broken: list[ContentError] = []
    entries = []
    for meta, document in english_documents(project_dir, today, broken):
        choices = tuple(_choice(loc, meta, project_dir) for loc in locales.values())
        entries.append(HandoutEntry(meta, model.plain(document.title), choices,
                                    meta.review_overdue(today)))
    for problem in broken:
        log.warning("handout left off the page: %s", problem.message)
    return Index(tuple(entries), tuple(broken))


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
        self._resolved: dict[str, LocaleSettings] = {}

    def resolve(self, requested: str) -> LocaleSettings:
        """The shipped locale a request means ("es-MX" -> es); UnknownLocaleError if none."""
        key = self.stamp.current()
        with self._lock:
            if key != self._key:
                self._available = available_locales(self.stamp.project_dir / "locales")
                self._resolved.clear()
                self._key = key
            found = self._resolved.get(requested)
            available = self._available
        if found is None:
            found = negotiate(requested, available)
            with self._lock:
                if len(self._resolved) >= self.MAX_REMEMBERED:
                    self._resolved.clear()
                self._resolved[requested] = found
        return found
