"""Stage 2: what a handout needs translated, and how much of it its catalogs have.

Babel's own statistics count fuzzy entries as translated and know nothing
of messages added to a template since the last ``i18n update``; both would
let an English sentence slip into a Spanish handout.  So the messages a
handout needs are extracted from its file (its own catalog's) and from the
layouts and brand (the shared catalog's) at render time, cached until a file
changes, and counted here against the catalogs as they are on disk.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from jinja2 import TemplateSyntaxError

from ..document.handout import HandoutMeta
from ..errors import ContentError
from ..project import SOURCE_LOCALE, Project, read_text
from .catalogs import CACHED_CATALOGS, is_translated, read_catalog
from .domains import SHARED, source_files
from .extract import method_for
from .locales import LocaleSettings

COMMENT_TAGS = ("Translators:",)


@dataclass(frozen=True)
class SourceMessage:
    id: str
    locations: tuple[tuple[str, int], ...]
    comments: tuple[str, ...] = ()
    domain: str = SHARED  # the catalog it belongs in: a handout's name, or "shared"
    plural: str = ""  # the English plural, for a message with plural forms

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
    def lacking(self) -> tuple[str, ...]:
        """The catalogs (domains) with something left to do, the one lacking most first."""
        counts = Counter(m.domain for m in (*self.untranslated, *self.fuzzy))
        return tuple(domain for domain, _ in counts.most_common())

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def _extract(path: Path, project_dir: Path, domain: str = SHARED) -> Iterable[SourceMessage]:
    rel = path.relative_to(project_dir).as_posix()
    method, options = method_for(path)
    try:
        found = extract_from_file(method, str(path), keywords=DEFAULT_KEYWORDS,
                                  comment_tags=COMMENT_TAGS, options=options,
                                  strip_comment_tags=True)
    except TemplateSyntaxError as exc:
        raise ContentError(f"template syntax error: {exc.message}", path=path,
                           line=exc.lineno) from None
    except UnicodeDecodeError:  # the editor's mistake: said with the line, as elsewhere
        read_text(path, lambda reason: ContentError(reason, path=path))
        raise
    for lineno, message, comments, _ in found:
        text, plural = (message, "") if isinstance(message, str) else message[:2]
        yield SourceMessage(text, ((rel, lineno),), tuple(comments), domain, plural or "")


@lru_cache(maxsize=CACHED_CATALOGS)
def _source_cached(project_dir: Path, domain: str, files: tuple[Path, ...],
                   stamps: tuple[int, ...]) -> tuple[SourceMessage, ...]:
    seen: dict[str, SourceMessage] = {}
    for path in files:
        for msg in _extract(path, project_dir, domain):
            if msg.id in seen:
                old = seen[msg.id]
                msg = SourceMessage(msg.id, old.locations + msg.locations, old.comments, domain,
                                    msg.plural)
            seen[msg.id] = msg
    return tuple(seen.values())


def domain_messages(project_dir: Path, domain: str,
                    meta: HandoutMeta | None = None) -> tuple[SourceMessage, ...]:
    """The messages one catalog holds: a handout's own, or the shared ones."""
    files = source_files(Project(project_dir), domain, meta)
    stamps = tuple(p.stat().st_mtime_ns for p in files)
    return _source_cached(project_dir, domain, files, stamps)


def source_messages(project_dir: Path, meta: HandoutMeta) -> tuple[SourceMessage, ...]:
    """Every message the handout prints: its own, then the layout's and brand's."""
    return domain_messages(project_dir, meta.name, meta) + domain_messages(project_dir, SHARED)


def count(catalogs: Mapping[str, Catalog | None], messages: tuple[SourceMessage, ...],
          locale: str, handout: str) -> Completeness:
    """Count translated, fuzzy and untranslated messages ourselves, each in its catalog."""
    untranslated, fuzzy = [], []
    for msg in messages:
        catalog = catalogs.get(msg.domain)
        if catalog is None:
            return Completeness(locale, handout, len(messages))  # the English source
        entry = catalog.get(msg.id)
        if entry is None or not is_translated(entry.string):
            untranslated.append(msg)
        elif entry.fuzzy:
            fuzzy.append(msg)
    return Completeness(locale, handout, len(messages), tuple(untranslated), tuple(fuzzy))


def completeness(settings: LocaleSettings, meta: HandoutMeta,
                 project_dir: Path) -> Completeness:
    messages = source_messages(project_dir, meta)
    if settings.code == SOURCE_LOCALE:
        return Completeness(settings.code, meta.name, len(messages))
    catalogs = {domain: read_catalog(settings, domain) for domain in (meta.name, SHARED)}
    return count(catalogs, messages, settings.code, meta.name)


def domain_completeness(settings: LocaleSettings, domain: str, project_dir: Path,
                        meta: HandoutMeta | None = None) -> Completeness:
    """How much of one catalog is done (for `i18n status` and `i18n review`)."""
    messages = domain_messages(project_dir, domain, meta)
    catalog = read_catalog(settings, domain)
    return count({domain: catalog}, messages, settings.code, domain)


def check_templates(project_dir: Path) -> None:
    """Extract every template once, so a syntax error is a ContentError naming file and line."""
    project = Project(project_dir)
    for path in sorted(project.templates_dir.glob("**/*.j2")):
        for _ in _extract(path, project_dir):
            pass
