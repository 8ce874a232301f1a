"""What the page and ``GET /api/handouts`` show: handouts, their languages, search.

Building the index renders each handout's English title and counts every
catalog, so the result is kept until a template, catalog or the brand file
changes (or the day changes: review deadlines move with it).
"""

from __future__ import annotations

import datetime as dt
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import model
from ..catalogs import completeness
from ..errors import TranslationError
from ..load import HandoutMeta, discover_handouts, load_brand
from ..localize import SOURCE_LOCALE, LocaleSettings, available_locales
from ..options import RenderOptions
from ..pipeline import build_document

#: How each review status reads on the page, after the language's name.
STATUS_TEXT = {"source": "original text", "reviewed": "translation reviewed",
               "machine-draft": "machine translation, not yet reviewed",
               "draft": "translation not yet reviewed"}


@dataclass(frozen=True)
class LocaleChoice:
    code: str
    name: str  # in its own language and script: "español"
    english_name: str
    status: str  # "source", "reviewed", "machine-draft" or "draft"
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
    return LocaleChoice(settings.code, settings.native_name, settings.english_name,
                        settings.review.status, complete)


def build_index(project_dir: Path, today: dt.date) -> list[HandoutEntry]:
    """Every handout with its English title and each language's status."""
    options = RenderOptions(handout="", print_date=today, project_dir=project_dir)
    brand = load_brand(options.brand_file)
    locales = available_locales(options.locales_dir)
    entries = []
    for meta in discover_handouts(options.templates_dir).values():
        document = build_document(options, meta, brand, locales[SOURCE_LOCALE])
        choices = tuple(_choice(loc, meta, project_dir) for loc in locales.values())
        entries.append(HandoutEntry(meta, model.plain(document.title), choices,
                                    meta.review_overdue(today)))
    return entries


def index_stamp(project_dir: Path, today: dt.date) -> tuple[object, ...]:
    """Changes whenever a file the index depends on changes."""
    files = [*sorted((project_dir / "templates").rglob("*.j2")),
             *sorted((project_dir / "locales").glob("*/locale.toml")),
             *sorted((project_dir / "locales").glob("*/LC_MESSAGES/*.po")),
             project_dir / "brand" / "brand.toml"]
    return (today, *((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files))


class IndexCache:
    """The index, rebuilt only when index_stamp changes (thread-safe)."""

    def __init__(self, project_dir: Path, today: Callable[[], dt.date]) -> None:
        self.project_dir = project_dir
        self.today = today
        self._lock = threading.Lock()
        self._stamp: tuple[object, ...] = ()
        self._entries: list[HandoutEntry] = []

    def entries(self) -> list[HandoutEntry]:
        today = self.today()
        stamp = index_stamp(self.project_dir, today)
        with self._lock:
            if stamp != self._stamp:
                self._entries = build_index(self.project_dir, today)
                self._stamp = stamp
            return self._entries

    def find(self, ref: str) -> HandoutEntry | None:
        wanted = ref.strip().lower()
        return next((e for e in self.entries()
                     if wanted in (e.meta.name.lower(), e.meta.id.lower())), None)
