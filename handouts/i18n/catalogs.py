"""Stage 2: read a language's catalog as it is on disk, and what its review still covers.

The ``.po`` file is read at every render (cached only until it changes), so
a translator's edit shows on the next render without a compile step.
"""

from __future__ import annotations

import copy
import gettext
import hashlib
import io
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import TranslationError
from ..project import SOURCE_LOCALE
from .locales import DOMAIN, LocaleSettings

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog
    from babel.support import Translations


def is_translated(string: object) -> bool:
    """Every form has text: an empty or spaces-only translation is not done (it would
    print nothing where the sentence belongs)."""
    forms = string if isinstance(string, (tuple, list)) else (string,)
    return bool(forms) and all(isinstance(f, str) and f.strip() for f in forms)


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
    compiled = copy.deepcopy(catalog)
    for message in compiled:  # spaces only: English shows (marked in a draft), never a gap
        if message.id and not is_translated(message.string):
            message.string = ("",) * len(message.string) \
                if isinstance(message.string, (tuple, list)) else ""
    buffer = io.BytesIO()
    try:
        write_mo(buffer, compiled, use_fuzzy=False)
        buffer.seek(0)
        return catalog, Translations(buffer, domain=DOMAIN)
    except (ValueError, SyntaxError) as exc:  # gettext parses the Plural-Forms header
        raise TranslationError(f"{path}: the catalog's header is broken: {exc}",
                               hint="fix the Plural-Forms line at the top of the file (Poedit: "
                                    "Catalog > Properties), or run `msgfmt --check` on it."
                               ) from None


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
