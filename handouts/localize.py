"""Stage 2: choose the locale and load its translations.

Locales are Babel identifiers (``es``, ``zh_Hant``).  Each one is a folder
``locales/<code>/`` with ``locale.toml`` (font chain, line wrapping, review
status) and, for every language but the English source,
``LC_MESSAGES/messages.po``.  The ``.po`` file is read as it is on disk at
every render (cached only until it changes), so a translator's edit shows on
the next render without a compile step.
"""

from __future__ import annotations

import datetime as dt
import gettext
import hashlib
import io
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale
from babel import UnknownLocaleError as BabelUnknownLocale
from babel.core import get_global

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog
    from babel.support import Translations

from .errors import TranslationError, UnknownLocaleError
from .load import toml_error

SOURCE_LOCALE = "en"
FULLWIDTH_PARENS = frozenset({"zh", "ja", "yue"})
DOMAIN = "messages"


@dataclass(frozen=True)
class Review:
    """Who checked a translation, and when. Unreviewed is never shown as reviewed."""

    status: str  # "source", "machine-draft", "draft" or "reviewed"
    by: str = ""
    date: dt.date | None = None
    fingerprint: str = ""  # of the translations the reviewer saw

    @property
    def reviewed(self) -> bool:
        """Marked reviewed (see review_status() for whether it still holds)."""
        return self.status in ("source", "reviewed")


@dataclass(frozen=True)
class LocaleSettings:
    code: str
    babel: Locale
    fonts: tuple[str, ...]
    wrap: str  # "default" or "cjk"
    review: Review
    folder: Path

    @property
    def po_path(self) -> Path:
        return self.folder / "LC_MESSAGES" / f"{DOMAIN}.po"

    @property
    def tag(self) -> str:
        """BCP 47 tag for the PDF's /Lang entry: zh-Hant, es."""
        return self.code.replace("_", "-")

    @property
    def native_name(self) -> str:
        """The language's name in its own language and script: "español", "中文（繁體）"."""
        name = self.babel.get_display_name(self.babel) or self.code
        if self.babel.language in FULLWIDTH_PARENS:  # CLDR's zh/ja pattern is {0}（{1}）
            name = name.replace(" (", "\uff08").replace(")", "\uff09")
        return name

    @property
    def english_name(self) -> str:
        return self.babel.get_display_name("en") or self.code


def _read_settings(folder: Path) -> LocaleSettings:
    path = folder / "locale.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        message, line = toml_error(exc)
        raise TranslationError(f"{path}:{line}: not valid TOML: {message}") from None
    code = folder.name
    try:
        babel_locale = Locale.parse(code)
    except (ValueError, BabelUnknownLocale):
        raise TranslationError(f"{folder}: {code!r} is not a locale Babel knows.",
                               hint="name the folder with a Babel identifier, e.g. zh_Hant.",
                               ) from None
    review = data.get("review", {})
    default_status = "source" if code == SOURCE_LOCALE else "machine-draft"
    date = review.get("date")
    return LocaleSettings(
        code=code,
        babel=babel_locale,
        fonts=tuple(data.get("fonts", ("NotoSans",))),
        wrap=str(data.get("wrap", "default")),
        review=Review(status=str(review.get("status", default_status)),
                      by=str(review.get("by", "")),
                      date=date if isinstance(date, dt.date) else None,
                      fingerprint=str(review.get("fingerprint", ""))),
        folder=folder,
    )


def available_locales(locales_dir: Path) -> dict[str, LocaleSettings]:
    """Every locale folder that has a locale.toml, by code (source locale first)."""
    files = sorted(locales_dir.glob("*/locale.toml"))
    return dict(_settings_cached(tuple((f, f.stat().st_mtime_ns) for f in files)))


@lru_cache(maxsize=8)
def _settings_cached(stamps: tuple[tuple[Path, int], ...],
                     ) -> tuple[tuple[str, LocaleSettings], ...]:
    """Parsed settings, re-read only when a locale.toml is added, removed or edited."""
    found = {path.parent.name: _read_settings(path.parent) for path, _ in stamps}
    return tuple(sorted(found.items(), key=lambda kv: (kv[0] != SOURCE_LOCALE, kv[0])))


def _candidates(requested: str) -> list[tuple[str, str | None]]:
    """(language, script) pairs a request may mean, most specific first."""
    try:
        loc = Locale.parse(requested.strip().replace("-", "_"))
    except (ValueError, TypeError, BabelUnknownLocale):
        return []
    script = loc.script
    if script is None:
        likely = get_global("likely_subtags")
        key = f"{loc.language}_{loc.territory}" if loc.territory else loc.language
        expanded = likely.get(key) or likely.get(loc.language) or ""
        script = Locale.parse(expanded).script if expanded else None
    return [(loc.language, script), (loc.language, None)]


def negotiate(requested: str, available: dict[str, LocaleSettings]) -> LocaleSettings:
    """Resolve a request such as "zh-TW", "zh_CN" or "es-MX" to a shipped locale."""
    for language, script in _candidates(requested):
        for settings in available.values():
            b = settings.babel
            if b.language == language and (script is None or b.script in (script, None)):
                return settings
    raise UnknownLocaleError(requested, list(available))


@lru_cache(maxsize=32)
def _compile(path: Path, mtime_ns: int, size: int) -> tuple[Catalog, Translations]:
    # Imported here: an English render needs no catalog code (faster start-up).
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po
    from babel.support import Translations

    try:
        with path.open("rb") as fh:
            catalog = read_po(fh, abort_invalid=True)
    except (PoFileError, OSError, UnicodeDecodeError) as exc:
        raise TranslationError(f"{path}: cannot read this catalog: {exc}",
                               hint="open it in Poedit or run `msgfmt --check` on it.") from None
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return catalog, Translations(buffer, domain=DOMAIN)


def load_catalog(settings: LocaleSettings) -> tuple[Catalog | None, gettext.NullTranslations]:
    """The catalog and translations as they are on disk now.

    The English source uses the template strings themselves.  Any other
    locale without a catalog is an error: Babel would silently return an
    English-speaking NullTranslations.
    """
    if settings.code == SOURCE_LOCALE:
        return None, gettext.NullTranslations()
    path = settings.po_path
    try:
        stat = path.stat()
    except OSError:
        raise TranslationError(f"{path}: the catalog for {settings.code} is missing.",
                               hint=f"run `python generate.py i18n init {settings.code}`.",
                               ) from None
    return _compile(path, stat.st_mtime_ns, stat.st_size)


def catalog_fingerprint(catalog: Catalog) -> str:
    """A short hash of every finished translation: changes when any of them does."""
    digest = hashlib.sha256()
    for message in sorted((m for m in catalog if m.id and m.string and not m.fuzzy),
                          key=lambda m: str(m.id)):
        digest.update(repr((message.id, message.string)).encode("utf-8"))
    return digest.hexdigest()[:16]


def review_status(settings: LocaleSettings) -> str:
    """What a printout may claim: "source", "reviewed", "changed-since-review", or the
    draft status. A review holds only for the translations the reviewer saw."""
    review = settings.review
    if review.status != "reviewed":
        return review.status
    catalog, _ = load_catalog(settings)
    if catalog is None or catalog_fingerprint(catalog) != review.fingerprint:
        return "changed-since-review"
    return "reviewed"
