"""Stage 2: what a handout needs translated, and how much of it a catalog has.

Babel's own statistics count fuzzy entries as translated and know nothing
of messages added to a template since the last ``i18n update``; both would
let an English sentence slip into a Spanish handout.  So the messages a
handout needs are extracted from its templates at render time (cached until
a file changes) and counted here against the catalog as it is on disk.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from jinja2 import TemplateSyntaxError
from jinja2.ext import babel_extract

from ..document.handout import HandoutMeta
from ..document.rules import EXTRACT_OPTIONS
from ..errors import ContentError
from ..project import SOURCE_LOCALE, Project
from .catalogs import is_translated, load_catalog
from .extract import extract_brand
from .locales import LocaleSettings

COMMENT_TAGS = ("Translators:",)


@dataclass(frozen=True)
class SourceMessage:
    id: str
    locations: tuple[tuple[str, int], ...]
    comments: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        path, line = self.locations[0]
        return f"{path}:{line}"


@dataclass(frozen=True)
class Completeness:
    """How much of one handout a locale's catalog translates (fuzzy is not translated)."""

    locale: str
    handout: str
    total: int
    untranslated: tuple[SourceMessage, ...] = field(default=())
    fuzzy: tuple[SourceMessage, ...] = field(default=())

    @property
    def translated(self) -> int:
        return self.total - len(self.untranslated) - len(self.fuzzy)

    @property
    def complete(self) -> bool:
        return not self.untranslated and not self.fuzzy

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def _extract(path: Path, project_dir: Path) -> Iterable[SourceMessage]:
    rel = path.relative_to(project_dir).as_posix()
    method = extract_brand if path.suffix == ".toml" else babel_extract
    options = {} if path.suffix == ".toml" else dict(EXTRACT_OPTIONS)
    try:
        found = extract_from_file(method, str(path), keywords=DEFAULT_KEYWORDS,  # type: ignore[arg-type]
                                  comment_tags=COMMENT_TAGS, options=options,
                                  strip_comment_tags=True)
    except TemplateSyntaxError as exc:
        raise ContentError(f"template syntax error: {exc.message}", path=path,
                           line=exc.lineno) from None
    for lineno, message, comments, _ in found:
        text = message if isinstance(message, str) else message[0]
        yield SourceMessage(text, ((rel, lineno),), tuple(comments))


@lru_cache(maxsize=32)
def _source_cached(project_dir: Path, files: tuple[Path, ...],
                   stamps: tuple[int, ...]) -> tuple[SourceMessage, ...]:
    seen: dict[str, SourceMessage] = {}
    for path in files:
        for msg in _extract(path, project_dir):
            if msg.id in seen:
                old = seen[msg.id]
                msg = SourceMessage(msg.id, old.locations + msg.locations, old.comments)
            seen[msg.id] = msg
    return tuple(seen.values())


def source_messages(project_dir: Path, meta: HandoutMeta) -> tuple[SourceMessage, ...]:
    """Every message the handout prints (its template, the layout, the brand)."""
    files = Project(project_dir).text_inputs(meta.path)
    stamps = tuple(p.stat().st_mtime_ns for p in files)
    return _source_cached(project_dir, files, stamps)


def count(catalog: Catalog | None, messages: tuple[SourceMessage, ...], locale: str,
          handout: str) -> Completeness:
    """Count translated, fuzzy and untranslated messages ourselves."""
    if catalog is None:
        return Completeness(locale, handout, len(messages))
    untranslated, fuzzy = [], []
    for msg in messages:
        entry = catalog.get(msg.id)
        if entry is None or not is_translated(entry.string):
            untranslated.append(msg)
        elif entry.fuzzy:
            fuzzy.append(msg)
    return Completeness(locale, handout, len(messages), tuple(untranslated), tuple(fuzzy))


def completeness(settings: LocaleSettings, meta: HandoutMeta,
                 project_dir: Path) -> Completeness:
    if settings.code == SOURCE_LOCALE:
        return Completeness(settings.code, meta.name, len(source_messages(project_dir, meta)))
    catalog, _ = load_catalog(settings)
    return count(catalog, source_messages(project_dir, meta), settings.code, meta.name)


def check_templates(project_dir: Path) -> None:
    """Extract every template once, so a syntax error is a ContentError naming file and line."""
    project = Project(project_dir)
    for path in sorted(project.templates_dir.glob("**/*.j2")):
        for _ in _extract(path, project_dir):
            pass
