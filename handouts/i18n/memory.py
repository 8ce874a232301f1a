"""Stage 2 upkeep: a translation memory built from a language's other catalogs.

When ``i18n update`` brings a new message into a catalog:

* an **exact** match (the same English) whose translation was reviewed in
  another handout is reused as the translation, with a translator comment
  naming the handout and the review it came from;
* a **near** match (rapidfuzz ratio of at least ``NEAR``) is only a
  suggestion: a translator comment, never the msgstr, so no careless click in
  Poedit can print another sentence's meaning;
* a catalog from before one catalog per handout (``LC_MESSAGES/messages.po``)
  gives its translations back exactly as they were, fuzzy flags included, so
  the move to per-handout catalogs loses nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from ..errors import TranslationError
from ..project import Project
from .catalogs import is_translated, read_catalog
from .domains import library_domains
from .locales import LocaleSettings

NEAR = 80  # rapidfuzz ratio: close enough to be worth showing a translator
LEGACY = Path("LC_MESSAGES") / "messages.po"  # one catalog per language, before per-handout
REUSED, SUGGESTED = "Reused from", "Similar"  # how our translator comments begin


@dataclass(frozen=True)
class Source:
    text: str  # the translation
    domain: str
    note: str  # what the translator comment says about where it came from


class Memory:
    """One language's memory, read lazily (only when a catalog has something new)."""

    def __init__(self, settings: LocaleSettings, project: Project) -> None:
        self.settings = settings
        self.project = project
        self._exact: dict[str, Source] | None = None
        self._near: dict[str, Source] = {}
        self._legacy: Catalog | None = None
        path = settings.folder / LEGACY
        if path.is_file():
            try:
                with path.open("rb") as fh:
                    self._legacy = read_po(fh)
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                raise TranslationError(f"{path}: cannot read this old catalog ({exc}).",
                                       hint="open it in Poedit and save it again, then run "
                                            "the command again.") from None

    def _load(self) -> dict[str, Source]:
        from .review import catalog_review

        exact: dict[str, Source] = {}
        for domain in library_domains(self.project):
            if not self.settings.catalog_path(domain.name).is_file():
                continue
            catalog = read_catalog(self.settings, domain.name)
            state = catalog_review(self.settings, domain.name, self.project.root, domain.meta)
            review = state.review
            reviewed = state.status == "reviewed"
            for message in catalog or ():
                if not isinstance(message.id, str) or not message.id or message.fuzzy \
                        or not isinstance(message.string, str) \
                        or not is_translated(message.string):
                    continue
                if reviewed:
                    exact.setdefault(message.id, Source(
                        message.string, domain.name, f"{domain.name} (reviewed by {review.by}"
                                                     f" on {review.date})"))
                self._near.setdefault(message.id, Source(message.string, domain.name,
                                                         domain.name))
        return exact

    def fill(self, catalog: Catalog, domain: str) -> tuple[int, int]:
        """Fill `catalog`'s untranslated messages; (reused, suggested) counts."""
        reused = suggested = 0
        for message in catalog:
            if message.id and is_translated(message.string):
                _comment(message, None, drop=(SUGGESTED,))  # translated: the hint is done
                continue
            if not message.id or self._from_legacy(message) \
                    or not isinstance(message.id, str):  # plural forms: translators' work
                continue
            if self._exact is None:
                self._exact = self._load()
            found = self._exact.get(message.id)
            if found is not None and found.domain != domain:
                message.string = found.text
                _comment(message, f"{REUSED} {found.note}; check it fits here.")
                reused += 1
            elif any(_OUR_NOTE[SUGGESTED].match(c) for c in message.user_comments):
                continue  # suggested at an earlier merge (perhaps from the old catalog)
            elif (near := self._suggest(message.id, catalog, domain)) is not None:
                _comment(message, near)
                suggested += 1
        return reused, suggested

    def start(self, catalog: Catalog) -> None:
        """A new catalog keeps the old single catalog's header: who translated, when."""
        if self._legacy is not None:
            catalog.header_comment = self._legacy.header_comment
            catalog.last_translator = self._legacy.last_translator
            catalog.language_team = self._legacy.language_team
            catalog.revision_date = self._legacy.revision_date

    def _from_legacy(self, message: Message) -> bool:
        old = self._legacy.get(message.id) if self._legacy is not None else None
        if old is None or not is_translated(old.string):
            return False
        message.string, message.flags = old.string, set(old.flags)
        message.user_comments = list(old.user_comments)
        return True

    def _suggest(self, msgid: str, catalog: Catalog, domain: str) -> str | None:
        from rapidfuzz import fuzz, process

        choices = {m.id: Source(m.string, domain, "an earlier version of this handout")
                   for m in catalog.obsolete.values()
                   if isinstance(m.id, str) and isinstance(m.string, str)
                   and is_translated(m.string)}
        choices.update((k, v) for k, v in self._near.items() if v.domain != domain)
        if self._legacy is not None:  # a sentence whose English changed since the old catalog
            old = [*self._legacy, *self._legacy.obsolete.values()]
            choices.update((m.id, Source(m.string, domain, "the old catalog messages.po"))
                           for m in old if isinstance(m.id, str) and m.id
                           and isinstance(m.string, str) and is_translated(m.string)
                           and m.id not in choices)
        best = process.extractOne(msgid, list(choices), scorer=fuzz.ratio, score_cutoff=NEAR)
        if best is None:
            return None
        english, score, _ = best
        source = choices[english]
        if english == msgid:  # the same English, but its translation was never reviewed
            return (f"{SUGGESTED} (the same sentence in {source.note}, not yet reviewed): "
                    f"\"{source.text}\". A suggestion only: check it, then use it.")
        return (f"{SUGGESTED} ({score:.0f}%, from {source.note}): \"{english}\" was "
                f"translated \"{source.text}\". A suggestion only: translate this sentence.")


def _comment(message: Message, text: str | None,
             drop: tuple[str, ...] = (REUSED, SUGGESTED)) -> None:
    """Set our one note (None: no new one), replacing an older note of ours of the kinds
    in ``drop``; every other note line, the translator's own, is kept."""
    lines = list(message.user_comments)  # a note read back from a file is several lines
    kept: list[str] = []
    at = 0
    while at < len(lines):
        end = _our_note_end(lines, at, drop)
        if end is None:
            kept.append(lines[at])
            at += 1
        else:
            at = end + 1
    message.user_comments = [*kept, *([text] if text else [])]


#: How our notes begin: "Reused from ...", "Similar (84%, from ...", "Similar (the same...".
_OUR_NOTE = {REUSED: re.compile(r"Reused from \S"),
             SUGGESTED: re.compile(r"Similar \((?:\d+%, from |the same sentence in )")}


def _our_note_end(lines: list[str], at: int, kinds: tuple[str, ...]) -> int | None:
    """The index of the last line of our note starting at ``at`` (one of ``kinds``), or
    None when no note of ours starts there, or it never ends as ours do (then it is a
    translator's line that only looks like ours). A note read back from a file is
    wrapped at 76 columns, its ending too ("...: translate this" / "sentence.")."""
    if not any(_OUR_NOTE[kind].match(lines[at]) for kind in kinds):
        return None
    joined = ""
    for end in range(at, len(lines)):
        joined = f"{joined} {lines[end].strip()}" if joined else lines[end].strip()
        if joined.endswith(_NOTE_ENDINGS):
            return end
        if len(joined) > 4000:  # longer than any note of ours
            break
    return None


_NOTE_ENDINGS = ("translate this sentence.", "then use it.", "check it fits here.")


def legacy_catalog(settings: LocaleSettings) -> Path:
    return settings.folder / LEGACY

