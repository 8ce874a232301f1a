"""Stage 2: what a printout may claim about its translation's review.

A review is recorded per catalog (a handout in a language, or the shared text
in a language) in the language's ``locale.toml``, with a fingerprint of exactly
the messages the reviewer saw.  A change in one handout's catalog therefore
never changes another handout's status; a change in the shared catalog puts
"changed since its review" on every handout of that language until it is
reviewed again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..document.handout import HandoutMeta
from ..errors import TranslationError, UsageError
from ..project import SOURCE_LOCALE, decoded
from .catalogs import (
    ReviewState,
    fingerprint,
    printout_state,
    read_catalog,
    replace_file,
    review_state,
    state_of,
)
from .domains import SHARED
from .locales import LocaleSettings, Review
from .messages import domain_completeness, domain_messages


@dataclass(frozen=True)
class CatalogFacts:
    """What one catalog's file says, all that its status needs besides ``locale.toml``:
    kept by the library index under that file's own stamp (library.py)."""

    complete: bool
    fingerprint: str  # of the translations a review would cover (catalogs.fingerprint)
    unsafe: str = ""  # the first error the gate would refuse it for (checks.unsafe_finding)


def catalog_facts(settings: LocaleSettings, domain: str, project_dir: Path,
                  meta: HandoutMeta | None = None) -> CatalogFacts:
    """Read one catalog (a handout's own, or the shared one) for the library index."""
    from .checks import unsafe_finding

    messages = domain_messages(project_dir, domain, meta)
    catalog = read_catalog(settings, domain)
    assert catalog is not None  # never the English source
    unsafe = unsafe_finding(catalog, messages, settings.code, settings.catalog_path(domain))
    return CatalogFacts(domain_completeness(settings, domain, project_dir, meta).complete,
                        fingerprint(catalog, [m.id for m in messages]),
                        unsafe.show() if unsafe else "")


def reviewed_state(settings: LocaleSettings, domain: str, facts: CatalogFacts) -> ReviewState:
    """A catalog's review state from its facts and the review ``locale.toml`` records."""
    return state_of(settings.review_of(domain), facts.fingerprint)


def catalog_review(settings: LocaleSettings, domain: str, project_dir: Path,
                   meta: HandoutMeta | None = None) -> ReviewState:
    """The state of one catalog's review (a handout's own, or the shared one)."""
    if settings.code == SOURCE_LOCALE:
        return ReviewState("source", settings.review)
    msgids = (m.id for m in domain_messages(project_dir, domain, meta))
    return review_state(settings, domain, msgids)


def handout_review(settings: LocaleSettings, meta: HandoutMeta, project_dir: Path,
                   ) -> ReviewState:
    """What a printout of this handout in this language may say about its review."""
    if settings.code == SOURCE_LOCALE:
        return ReviewState("source", settings.review)
    return printout_state(catalog_review(settings, meta.name, project_dir, meta),
                          catalog_review(settings, SHARED, project_dir))


def describe(state: ReviewState) -> str:
    """One line for --list, `i18n status` and the web page: who reviewed it, and when."""
    review = state.review
    when = review.date.isoformat() if review.date else "?"
    return {"reviewed": f"reviewed by {review.by} on {when}",
            "changed-since-review": f"changed since the review by {review.by} on {when}: "
                                    f"needs review",
            "source": "original text"}.get(state.status, state.status)


def record_review(locale_toml: Path, domain: str, review: Review, today: dt.date) -> None:
    """Write the [review.<domain>] table, keeping the rest of the file and its comments.

    The fingerprint ties the review to the translations the reviewer saw: any
    later change to them puts the "not yet reviewed" notice back on paper.
    """
    if review.date is None or review.date > today:
        raise UsageError(f"the review date {review.date} is in the future.",
                         hint="give the date the review was done (default: today).")
    table = (f"[review.{domain}]\nstatus = \"reviewed\"\n"
             f"by = {json.dumps(review.by, ensure_ascii=False)}\n"
             f"date = {review.date.isoformat()}\n"
             f"# Ties the review to the translations reviewed; do not edit by hand.\n"
             f"fingerprint = \"{review.fingerprint}\"\n")
    text = decoded(locale_toml.read_bytes())  # as saved on Windows too
    key = rf"(?:{re.escape(domain)}|\"{re.escape(domain)}\")"  # bare or quoted, then a comment
    pattern = rf"^\[review\.{key}\][ \t]*(?:#.*)?\n(?:(?!\[).*(?:\n|$))*"  # to the next table
    if re.search(pattern, text, flags=re.M):
        text = re.sub(pattern, lambda _: table + "\n", text, flags=re.M).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + table
    _reads_back(locale_toml, text, domain, review)
    replace_file(locale_toml, text.encode("utf-8"))


def _reads_back(locale_toml: Path, text: str, domain: str, review: Review) -> None:
    """Refuse to write a file that would not say exactly this review when read again."""
    try:
        written = tomllib.loads(text).get("review", {}).get(domain, {})
    except tomllib.TOMLDecodeError:
        written = {}
    if (written.get("status"), written.get("by"), written.get("fingerprint")) != \
            ("reviewed", review.by, review.fingerprint):
        raise TranslationError(
            f"{locale_toml}: the review of {domain} could not be recorded: the file's "
            f"[review.{domain}] table is written in a way this command does not edit.",
            hint=f"delete the [review.{domain}] table (and its lines) by hand, then run "
                 f"the command again; nothing was changed.")
