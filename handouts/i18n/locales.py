"""Stage 2: the languages a project has, and which one a request means.

Locales are Babel identifiers (``es``, ``zh_Hant``).  Each one is a folder
``locales/<code>/`` with ``locale.toml`` (font chain, line wrapping, review
status) and, for every language but the English source,
``LC_MESSAGES/messages.po`` (read by ``catalogs.py``).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel import UnknownLocaleError as BabelUnknownLocale
from babel.core import get_global

from ..document.handout import toml_error
from ..errors import TranslationError, UnknownLocaleError
from ..project import SOURCE_LOCALE

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
