"""Stage 2: read a catalog as it is on disk, and what its review still covers.

A ``.po`` file is read when a render needs it (cached only until it changes),
so a translator's edit shows on the next render without a compile step.  A
handout in a language is translated by two catalogs: its own, and the shared
one (see ``domains.py``); a render looks in its own first.
"""

from __future__ import annotations

import contextlib
import copy
import gettext
import hashlib
import io
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import TranslationError
from ..project import SOURCE_LOCALE
from .domains import SHARED
from .locales import LocaleSettings, Review
from .pofiles import read_po_strictly

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog
    from babel.support import Translations

#: Catalogs kept compiled: a library's handouts × languages, each a few kB.
CACHED_CATALOGS = 4096


def is_translated(string: object) -> bool:
    """Every form has text: an empty or spaces-only translation is not done (it would
    print nothing where the sentence belongs)."""
    forms = string if isinstance(string, (tuple, list)) else (string,)
    return bool(forms) and all(isinstance(f, str) and f.strip() for f in forms)


def _printable(catalog: Catalog) -> Catalog:
    """What gettext may print: the catalog with spaces-only translations emptied, so
    English shows (marked in a draft), never a gap. A new catalog, not a deep copy: the
    copy cost more than reading the file (5 s of 11 s for 800 catalogs)."""
    from babel.messages.catalog import Catalog

    printable = Catalog(locale=catalog.locale, domain=catalog.domain, fuzzy=False)
    printable.mime_headers = catalog.mime_headers  # Plural-Forms, charset
    for message in catalog:
        if not message.id:
            continue
        string = message.string
        if not is_translated(string):
            string = ("",) * len(string) if isinstance(string, (tuple, list)) else ""
        printable.add(message.id, string, flags=message.flags, context=message.context)
    return printable


@lru_cache(maxsize=CACHED_CATALOGS)
def _read(path: Path, mtime_ns: int, size: int) -> Catalog:
    catalog = read_po_strictly(path)  # duplicates and a wrong charset refused, with the line
    _check_plural_forms(catalog, path)
    return catalog


def _check_plural_forms(catalog: Catalog, path: Path) -> None:
    """The Plural-Forms rule as gettext will read it: a broken one is refused on reading,
    so the library lists the language as broken, not only a render."""
    try:
        header = dict(catalog.mime_headers).get("Plural-Forms", "")
        rule = next((part.split("=", 1)[1] for part in header.split(";")
                     if part.strip().startswith("plural=")), None)
        if rule is not None:
            gettext.c2py(rule.strip())
    except (ValueError, SyntaxError) as exc:
        raise _broken_header(path, exc) from None


def _broken_header(path: Path, exc: Exception) -> TranslationError:
    return TranslationError(f"{path}: the catalog's header is broken: {exc}",
                            hint="fix the Plural-Forms line at the top of the file (Poedit: "
                                 "Catalog > Properties), or run `msgfmt --check` on it.")


@lru_cache(maxsize=CACHED_CATALOGS)
def _compile(path: Path, mtime_ns: int, size: int) -> Translations:
    # Imported here: an English render needs no catalog code (faster start-up).
    from babel.messages.mofile import write_mo
    from babel.support import Translations

    buffer = io.BytesIO()
    try:
        write_mo(buffer, _printable(_read(path, mtime_ns, size)), use_fuzzy=False)
        buffer.seek(0)
        return Translations(buffer, domain=path.stem)
    except (ValueError, SyntaxError) as exc:  # gettext parses the Plural-Forms header
        raise _broken_header(path, exc) from None


def _stat(settings: LocaleSettings, domain: str) -> tuple[Path, int, int]:
    path = settings.catalog_path(domain)
    try:
        stat = path.stat()
    except OSError:
        raise TranslationError(f"{path}: the {settings.code} catalog for {domain} is missing.",
                               hint="run `python generate.py i18n update`.") from None
    return path, stat.st_mtime_ns, stat.st_size


def read_catalog(settings: LocaleSettings, domain: str) -> Catalog | None:
    """One catalog as it is on disk now (None for the English source), read and checked
    but not compiled: what counting, reviews and the library's index need (compiling
    for gettext took 45% of a cold index of 300 handouts)."""
    if settings.code == SOURCE_LOCALE:
        return None
    return _read(*_stat(settings, domain))


def load_catalog(settings: LocaleSettings, domain: str,
                 ) -> tuple[Catalog | None, gettext.NullTranslations]:
    """One catalog and its translations as they are on disk now.

    The English source uses the template strings themselves.  Any other
    locale without the catalog is an error: Babel would silently return an
    English-speaking NullTranslations.
    """
    if settings.code == SOURCE_LOCALE:
        return None, gettext.NullTranslations()
    found = _stat(settings, domain)
    return _read(*found), _compile(*found)


def translations_for(settings: LocaleSettings, domain: str) -> gettext.NullTranslations:
    """What a render of one handout looks up: its own catalog, then the shared one."""
    if settings.code == SOURCE_LOCALE:
        return gettext.NullTranslations()
    return _layered(load_catalog(settings, domain)[1], load_catalog(settings, SHARED)[1])


@lru_cache(maxsize=CACHED_CATALOGS)
def _layered(own: gettext.NullTranslations,
             shared: gettext.NullTranslations) -> gettext.NullTranslations:
    merged = copy.copy(own)  # the same language: same plural rule and charset
    merged._catalog = {**shared._catalog, **own._catalog}  # type: ignore[attr-defined]
    return merged


def fingerprint(catalog: Catalog | None, msgids: Iterable[str]) -> str:
    """A short hash of exactly these messages' translations: changes when any of them
    does, and when a message is added to or removed from the handout."""
    digest = hashlib.sha256()
    for msgid in sorted(set(msgids)):
        entry = catalog.get(msgid) if catalog is not None else None
        done = entry is not None and not entry.fuzzy and is_translated(entry.string)
        digest.update(repr((msgid, entry.string if done and entry else None)).encode("utf-8"))
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class ReviewState:
    """What a printout may claim about one catalog, or about a handout's two."""

    status: str  # "source", "reviewed", "changed-since-review", "machine-draft", "draft"
    review: Review  # who and when, for a review that holds or that no longer does

    @property
    def reviewed(self) -> bool:
        return self.status in ("source", "reviewed")


def review_state(settings: LocaleSettings, domain: str, msgids: Iterable[str]) -> ReviewState:
    """A review holds only for the translations the reviewer saw."""
    review = settings.review_of(domain)
    reviewed = review.status == "reviewed"  # only then is the catalog read
    return state_of(review, fingerprint(read_catalog(settings, domain), msgids) if reviewed
                    else "")


def state_of(review: Review, current: str) -> ReviewState:
    """The state a recorded review gives translations whose fingerprint is ``current``."""
    if review.status != "reviewed":
        return ReviewState(review.status, review)
    if current != review.fingerprint:
        return ReviewState("changed-since-review", review)
    return ReviewState("reviewed", review)


def printout_state(own: ReviewState, shared: ReviewState) -> ReviewState:
    """A handout's printout is reviewed when its own and the shared catalog both are;
    it names its own reviewer. Otherwise it says what is still unreviewed."""
    if own.reviewed and not shared.reviewed:
        return shared
    return own


def replace_file(path: Path, data: bytes) -> None:
    """Write a catalog, template or locale.toml whole, or not at all."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        with contextlib.suppress(OSError):  # keep the mode the file had (group-writable)
            partial.chmod(stat.S_IMODE(path.stat().st_mode))
        os.replace(partial, path)
    except OSError as exc:
        raise TranslationError(f"could not write {path}: {exc.strerror or exc}.",
                               hint="free some disk space or let this account write there, "
                                    "then run the command again.") from None
    finally:
        with contextlib.suppress(OSError):  # e.g. the folder is a file: the message above
            partial.unlink(missing_ok=True)
