"""Stage 2's result: a language's translations, checked by the gate.

Stage 3 (``document/build.py``) accepts nothing but a :class:`Translation`,
and only :func:`gate` can make one: it refuses an incomplete or unsafe
translation, or, when a draft preview is asked for explicitly, lets an
incomplete one through marked as such.  No caller can reach the template
with translations that skipped the checks.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from ..document.handout import HandoutMeta
from ..errors import IncompleteTranslationError, UnsafeTranslationError
from ..project import SOURCE_LOCALE
from .locales import LocaleSettings

_MINTING: ContextVar[bool] = ContextVar("minting_translation", default=False)
#: What a draft preview may still lack; everything else is refused even in a draft.
DRAFT_TOLERATES = frozenset({"missing", "fuzzy"})


@dataclass(frozen=True)
class Translation:
    """One language's translations for one handout, as the gate let them through."""

    locale: LocaleSettings
    translations: gettext.NullTranslations
    review: str  # what a printout may claim: "source", "reviewed", "changed-since-review"...
    draft: bool = False  # an explicit draft preview: untranslated text shows, highlighted
    untranslated: int = 0  # messages still in English (a draft only)
    reviewed_by: str = ""  # who reviewed the handout's translation, when it is reviewed
    reviewed_on: dt.date | None = None
    #: msgids whose translation is the English on purpose (flag SAME_ON_PURPOSE): a draft
    #: does not mark them as still in English
    same_on_purpose: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # Also refuses dataclasses.replace(), which would turn a checked English
        # Translation into an unchecked "reviewed" Spanish one.
        if not _MINTING.get():
            raise TypeError("a Translation comes only from handouts.i18n.gate.gate()")

    @property
    def is_source(self) -> bool:
        return self.locale.code == SOURCE_LOCALE

    @property
    def marks_untranslated(self) -> bool:
        """Highlight text shown in English: only in a draft of a real translation."""
        return self.draft and not self.is_source

    @property
    def reviewed(self) -> bool:
        return self.review in ("source", "reviewed")


@contextmanager
def _minting() -> Iterator[None]:
    token = _MINTING.set(True)
    try:
        yield
    finally:
        _MINTING.reset(token)


def gate(settings: LocaleSettings, meta: HandoutMeta, project_dir: Path, *,
         draft: bool = False) -> Translation:
    """Refuse to print an incomplete or unsafe translation (drafts may be incomplete)."""
    if settings.code == SOURCE_LOCALE:  # the source needs no catalog code at all
        with _minting():
            return Translation(settings, gettext.NullTranslations(), "source", draft, 0)
    from .catalogs import translations_for
    from .checks import check_locale
    from .messages import completeness
    from .review import handout_review
    from .scripts import refuse_unsupported

    refuse_unsupported(settings.code)  # even a draft: it would print wrongly
    result = completeness(settings, meta, project_dir)
    if not result.complete and not draft:
        raise IncompleteTranslationError(
            result, *(settings.catalog_path(domain) for domain in result.lacking))
    unfinished = {m.id for m in result.fuzzy}  # never compiled: their English shows
    errors = [f for f in check_locale(settings, meta, project_dir)
              if f.severity == "error" and f.kind not in DRAFT_TOLERATES
              and f.msgid not in unfinished]
    if errors:
        raise UnsafeTranslationError(errors)
    translations = translations_for(settings, meta.name)
    missing = len(result.untranslated) + len(result.fuzzy)
    state = handout_review(settings, meta, project_dir)
    with _minting():
        return Translation(settings, translations, state.status, draft, missing,
                           state.review.by, state.review.date, _same_on_purpose(settings, meta))


def _same_on_purpose(settings: LocaleSettings, meta: HandoutMeta) -> frozenset[str]:
    from .catalogs import read_catalog
    from .checks import SAME_ON_PURPOSE, key
    from .domains import SHARED

    return frozenset(key(message) for domain in (meta.name, SHARED)
                     for message in (read_catalog(settings, domain) or ())
                     if SAME_ON_PURPOSE in message.flags)
