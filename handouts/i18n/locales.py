"""Stage 2: the languages a project has, and which one a request means.

Locales are Babel identifiers (``es``, ``zh_Hant``).  Each one is a folder
``locales/<code>/`` with ``locale.toml`` (font chain, line wrapping, and the
review of each catalog) and, for every language but the English source, one
catalog per handout plus ``shared.po`` in ``LC_MESSAGES/`` (see ``domains.py``).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel import UnknownLocaleError as BabelUnknownLocale
from babel.core import get_global, parse_locale

from ..document.handout import toml_error
from ..errors import TranslationError, UnknownLocaleError
from ..project import SOURCE_LOCALE, read_text

FULLWIDTH_PARENS = frozenset({"zh", "ja", "yue"})


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


#: The keys of a review recorded for one catalog: [review.<handout>] in locale.toml.
RECORD_KEYS = ("status", "by", "date", "fingerprint")


@dataclass(frozen=True)
class LocaleSettings:
    code: str
    babel: Locale
    fonts: tuple[str, ...]
    wrap: str  # "default" or "cjk"
    review: Review  # the language's default: what its catalogs are until reviewed
    folder: Path
    #: reviews recorded per catalog (a handout's name, or "shared"), in locale.toml
    reviews: tuple[tuple[str, Review], ...] = ()

    def catalog_path(self, domain: str) -> Path:
        """The .po file of one handout ("vertebroplasty") or of the shared text ("shared")."""
        return self.folder / "LC_MESSAGES" / f"{domain}.po"

    def review_of(self, domain: str) -> Review:
        """The review recorded for one catalog, else the language's default status."""
        return next((r for d, r in self.reviews if d == domain), self.review)

    @property
    def tag(self) -> str:
        """BCP 47 tag for the PDF's /Lang entry: zh-Hant, es."""
        return self.code.replace("_", "-")

    @property
    def native_name(self) -> str:
        """The language's name in its own language and script: "español", "中文（繁體）"."""
        return _names(self.babel)[0] or self.code

    @property
    def english_name(self) -> str:
        return _names(self.babel)[1] or self.code


@lru_cache(maxsize=64)
def _names(locale: Locale) -> tuple[str, str]:
    """A language's name in its own words and in English, from CLDR: once per language
    (a listing of 300 handouts asked 5,400 times)."""
    name = locale.get_display_name(locale) or ""
    if locale.language in FULLWIDTH_PARENS:  # CLDR's zh/ja pattern is {0}（{1}）
        name = name.replace(" (", "\uff08").replace(")", "\uff09")
    return name, locale.get_display_name("en") or ""


REVIEW_STATUSES = ("source", "machine-draft", "draft", "reviewed")
DEFAULT_STATUSES = ("source", "machine-draft", "draft")  # a language's, before any review
WRAPS = ("default", "cjk")


def _fail(path: Path, key: str, problem: str) -> TranslationError:
    return TranslationError(f"{path}: `{key}` {problem}",
                            hint="fix it in that file; its comments say what each key takes.")


def _settings_data(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(read_text(path, lambda why: TranslationError(f"{path}: {why}.")))
    except tomllib.TOMLDecodeError as exc:
        message, line = toml_error(exc)
        raise TranslationError(f"{path}:{line}: not valid TOML: {message}") from None
    fonts, wrap, review = data.get("fonts", ["NotoSans"]), data.get("wrap", "default"), \
        data.get("review", {})
    if not isinstance(fonts, list) or not fonts or not all(isinstance(f, str) for f in fonts):
        raise _fail(path, "fonts", f"is {fonts!r}; give a list of families, e.g. "
                                   f'fonts = ["NotoSans"]')
    if wrap not in WRAPS:
        raise _fail(path, "wrap", f"is {wrap!r}; use \"default\" or \"cjk\"")
    if not isinstance(review, dict):
        raise _fail(path, "review", "must be a [review] table with status, by and date")
    if review.get("status", "draft") not in DEFAULT_STATUSES:
        raise _fail(path, "review.status", f"is {review.get('status')!r}; use one of "
                    f"{', '.join(DEFAULT_STATUSES)} (a review is recorded per handout "
                    f"with `python generate.py i18n review`)")
    for domain, table in review.items():
        if isinstance(table, dict) and table.get("status", "reviewed") not in REVIEW_STATUSES:
            raise _fail(path, f"review.{domain}.status", f"is {table.get('status')!r}; use "
                                                         f"one of {', '.join(REVIEW_STATUSES)}")
    return data


def _review(table: dict[str, Any], default: str) -> Review:
    date = table.get("date")
    return Review(status=str(table.get("status", default)), by=str(table.get("by", "")),
                  date=date if isinstance(date, dt.date) else None,
                  fingerprint=str(table.get("fingerprint", "")))


def read_settings(folder: Path) -> LocaleSettings:
    data = _settings_data(folder / "locale.toml")
    code = folder.name
    try:
        babel_locale = Locale.parse(code)
    except (ValueError, BabelUnknownLocale):
        raise TranslationError(f"{folder}: {code!r} is not a locale Babel knows.",
                               hint="name the folder with a Babel identifier, e.g. zh_Hant.",
                               ) from None
    review = data.get("review", {})
    default = _review(review, "source" if code == SOURCE_LOCALE else "machine-draft")
    return LocaleSettings(
        code=code,
        babel=babel_locale,
        fonts=tuple(data.get("fonts", ("NotoSans",))),
        wrap=str(data.get("wrap", "default")),
        review=default,
        folder=folder,
        reviews=tuple((domain, _review(table, "reviewed"))
                      for domain, table in sorted(review.items()) if isinstance(table, dict)),
    )


Parsed = LocaleSettings | TranslationError


def available_locales(locales_dir: Path) -> dict[str, LocaleSettings]:
    """Every locale whose locale.toml is sound, by code (source locale first).

    A broken one is left out here (see broken_locales), so one typo in one
    language never stops the others from printing.
    """
    return {code: s for code, s in _parsed(locales_dir) if isinstance(s, LocaleSettings)}


def broken_locales(locales_dir: Path) -> dict[str, TranslationError]:
    """The locales whose locale.toml is broken, with what is wrong."""
    return {code: s for code, s in _parsed(locales_dir) if isinstance(s, TranslationError)}


def _parsed(locales_dir: Path) -> tuple[tuple[str, Parsed], ...]:
    files = sorted(locales_dir.glob("*/locale.toml"))
    return _settings_cached(tuple((f, f.stat().st_mtime_ns) for f in files))


def _read_or_error(folder: Path) -> Parsed:
    try:
        return read_settings(folder)
    except TranslationError as exc:
        return exc


@lru_cache(maxsize=8)
def _settings_cached(stamps: tuple[tuple[Path, int], ...]) -> tuple[tuple[str, Parsed], ...]:
    """Parsed settings, re-read only when a locale.toml is added, removed or edited."""
    found = {path.parent.name: _read_or_error(path.parent) for path, _ in stamps}
    return tuple(sorted(found.items(), key=lambda kv: (kv[0] != SOURCE_LOCALE, kv[0])))


def likely_script(locale: Locale) -> str | None:
    """The ISO 15924 script a locale is written in, from CLDR's likely subtags when the
    identifier does not say: "zh_TW" -> Hant, "hi" -> Deva."""
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags")
    key = f"{locale.language}_{locale.territory}" if locale.territory else locale.language
    expanded = likely.get(key) or likely.get(locale.language) or ""
    # parse_locale, not Locale.parse: the latter drops a script it has no data for
    return parse_locale(expanded)[2] if expanded else None


def _candidates(requested: str) -> list[tuple[str, str | None]]:
    """(language, script) pairs a request may mean, most specific first."""
    try:
        loc = Locale.parse(requested.strip().replace("-", "_"))
    except (ValueError, TypeError, BabelUnknownLocale):
        return []
    return [(loc.language, likely_script(loc)), (loc.language, None)]


def negotiate(requested: str, available: dict[str, LocaleSettings],
              broken: dict[str, TranslationError] | None = None) -> LocaleSettings:
    """Resolve a request such as "zh-TW", "zh_CN" or "es-MX" to a shipped locale.

    A request for a language whose locale.toml is broken raises that problem.
    """
    for language, script in _candidates(requested):
        for settings in available.values():
            b = settings.babel
            if b.language == language and (script is None or b.script in (script, None)):
                return settings
    for code, problem in (broken or {}).items():
        if any(code.split("_")[0] == language for language, _ in _candidates(requested)):
            raise problem
    raise UnknownLocaleError(requested, list(available),
                             [settings.english_name for settings in available.values()])
