"""The library index: every handout with its English title and each language's state.

The command line's ``--list``, the web page and ``GET /api/handouts`` all
read it, so they can never disagree about what can be printed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .document.brand import load_brand
from .document.handout import HandoutMeta, discover_handouts
from .errors import ContentError, FontError, TranslationError
from .i18n.domains import SHARED
from .i18n.locales import LocaleSettings, available_locales, broken_locales
from .library_facts import Facts, FactsCache, catalog_facts, titles
from .project import SOURCE_LOCALE, Project

#: How each review status reads, after the language's name.
STATUS_TEXT = {"source": "original text", "reviewed": "translation reviewed",
               "machine-draft": "machine translation, not yet reviewed",
               "draft": "translation not yet reviewed",
               "changed-since-review": "changed since its review, not yet re-reviewed",
               "unsupported-script": "this version cannot print its script correctly yet",
               "broken": "its files have an error: tell IT"}


@dataclass(frozen=True)
class LocaleChoice:
    code: str
    name: str  # in its own language and script: "español"
    english_name: str
    status: str  # "source", "reviewed", "changed-since-review", "machine-draft" or "draft"
    complete: bool
    reviewed_by: str = ""  # the handout's translation reviewer, once there is a review
    reviewed_on: dt.date | None = None

    @property
    def tag(self) -> str:
        return self.code.replace("_", "-")

    @property
    def reviewed(self) -> bool:
        return self.status in ("source", "reviewed")

    @property
    def ready(self) -> bool:
        """Can be printed now: translated in full, in a script this version prints, from
        sound files (the others are listed as waiting, never offered for printing)."""
        return self.complete and self.status not in ("unsupported-script", "broken")

    @property
    def direction(self) -> str:
        """"rtl" for a language written right to left (the web page's dir attribute)."""
        from .i18n.scripts import is_right_to_left

        return "rtl" if is_right_to_left(self.code) else "ltr"

    @property
    def note(self) -> str:
        """Its state in the desk's words: "machine translation, not yet reviewed"."""
        note = STATUS_TEXT.get(self.status, "translation not yet reviewed")
        if self.status == "reviewed" and self.reviewed_by and self.reviewed_on:
            note = f"translation reviewed by {self.reviewed_by}, {self.reviewed_on.isoformat()}"
        if not self.complete and self.status not in ("unsupported-script", "broken"):
            note = "translation incomplete: cannot be printed yet"
        return note

    @property
    def label(self) -> str:
        """'Spanish — español (translation not yet reviewed)', as the language picker shows
        it: the English name first, so typing "S" at the desk finds Spanish."""
        same = self.name.casefold() == self.english_name.casefold()
        # isolate a right-to-left name (U+2068..U+2069), so the English after it keeps its order
        name = f"\u2068{self.name}\u2069" if self.direction == "rtl" else self.name
        return f"{name} ({self.note})" if same else f"{self.english_name} — {name} ({self.note})"

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "english_name": self.english_name,
                "status": self.status, "complete": self.complete, "ready": self.ready,
                "reviewed_by": self.reviewed_by or None,
                "reviewed_on": self.reviewed_on.isoformat() if self.reviewed_on else None}


@dataclass(frozen=True)
class HandoutEntry:
    meta: HandoutMeta
    title: str
    grade: float  # Flesch-Kincaid grade of the English text
    locales: tuple[LocaleChoice, ...]
    overdue: bool
    #: title and subtitle in English, then in each language that has finished
    #: translations of them: what search reads besides the name, ID and keywords
    titles: tuple[str, ...] = ()

    def locale(self, code: str) -> LocaleChoice | None:
        return next((loc for loc in self.locales if loc.code == code), None)

    def as_json(self) -> dict[str, Any]:
        m = self.meta
        return {"id": m.id, "name": m.name, "title": self.title, "version": m.version,
                "reviewed": m.reviewed, "review_status": m.review_state,
                "reviewed_by": m.reviewed_by or None,
                "review_date": m.reviewed_on.isoformat() if m.reviewed_on else None,
                "review_overdue": self.overdue, "keywords": list(m.keywords),
                "locales": [loc.as_json() for loc in self.locales]}


@dataclass(frozen=True)
class Index:
    entries: tuple[HandoutEntry, ...]
    broken: tuple[ContentError, ...]  # handouts left out: their files need fixing
    problems: tuple[str, ...] = ()  # broken language files, one line each, for IT
    notices: tuple[str, ...] = ()  # settings IT should fill in (no phone number...), a line each


def _choice(settings: LocaleSettings, meta: HandoutMeta, own: Facts | None,
            shared: Facts, refused: bool) -> LocaleChoice:
    """A language's state for one handout, from its own catalog's facts and the shared
    catalog's (read once per index), with the reviews locale.toml records now."""
    from .i18n.catalogs import ReviewState, printout_state
    from .i18n.domains import SHARED
    from .i18n.review import CatalogFacts, reviewed_state
    names = (settings.code, settings.native_name, settings.english_name)
    if settings.code == SOURCE_LOCALE:
        return LocaleChoice(*names, "source", True)
    if refused:  # scripts.unsupported: this installation would print the script wrongly
        return LocaleChoice(*names, "unsupported-script", False)
    if own is None or "broken" in own or "broken" in shared:
        return LocaleChoice(*names, "broken", False)
    mine, common = CatalogFacts(**own), CatalogFacts(**shared)
    if mine.unsafe or common.unsafe:  # the gate would refuse it: never offered for printing
        return LocaleChoice(*names, "broken", False)
    state: ReviewState = printout_state(reviewed_state(settings, meta.name, mine),
                                        reviewed_state(settings, SHARED, common))
    review = state.review if state.status in ("reviewed", "changed-since-review") else None
    return LocaleChoice(*names, state.status, mine.complete and common.complete,
                        review.by if review else "", review.date if review else None)


def build_index(project_dir: Path, today: dt.date) -> Index:
    """Every handout with its English title, its translated titles and each language's status.

    A handout whose file is broken is left out and reported, so one mistake
    does not hide every other handout; a broken catalog only loses its titles.
    What a handout's files say is kept on disk until one of them changes
    (library_facts.py): a library of hundreds lists in a fraction of a second.
    """
    project = Project(project_dir)
    brand = load_brand(project.brand_file)
    locales = available_locales(project.locales_dir)
    problems = [error.message for error in broken_locales(project.locales_dir).values()]
    problems += language_problems(project, locales)
    broken: list[ContentError] = []
    entries = []
    handouts = discover_handouts(project.templates_dir, broken)
    shared = {code: catalog_facts(loc, SHARED, project_dir) for code, loc in locales.items()
              if code != SOURCE_LOCALE}
    problems += [facts.get("broken") or facts["unsafe"] for facts in shared.values()
                 if facts.get("broken") or facts.get("unsafe")]
    from .i18n.scripts import unsupported

    refused = {code: unsupported(code) is not None for code in locales}  # once per language
    built = FactsCache(project_dir, locales).built(handouts, today, broken)
    for meta in handouts.values():
        if meta.name not in built:  # broken, reported above
            continue
        english, own = built[meta.name]["english"], built[meta.name]["catalogs"]
        problems.extend(own["problems"])
        problems.extend(facts["unsafe"] for facts in own["own"].values() if facts.get("unsafe"))
        choices = tuple(_choice(loc, meta, own["own"].get(code), shared.get(code, {}),
                                refused[code]) for code, loc in locales.items())
        entries.append(HandoutEntry(meta, english["title"], english["grade"], choices,
                                    meta.review_overdue(today), titles(built[meta.name])))
    return Index(tuple(entries), tuple(broken), tuple(dict.fromkeys(problems)), brand.notices)


def language_problems(project: Project, locales: dict[str, LocaleSettings]) -> list[str]:
    """What breaks a language for every handout, for /healthz: its shared catalog, or a
    font family its locale.toml names that fonts.toml does not list."""
    from .fonts import check_chain
    from .i18n.catalogs import load_catalog
    from .i18n.domains import SHARED

    problems = []
    for settings in locales.values():
        try:
            check_chain(project.fonts_dir, settings.fonts, settings.folder / "locale.toml")
            if settings.code != SOURCE_LOCALE:
                load_catalog(settings, SHARED)
        except (TranslationError, FontError) as error:
            problems.append(error.message)
    return problems


def review_text(meta: HandoutMeta, today: dt.date) -> str:
    """The CLINICAL REVIEW column of --list: a date, "pending", or why a sign-off no
    longer holds (the text changed since, or it was never recorded with its text)."""
    if meta.review_state == "changed-since-review" and meta.reviewed_on is not None:
        return (f"pending (changed since {meta.reviewed_on.isoformat()})"
                if meta.review_fingerprint else "pending (not recorded: see below)")
    if not meta.reviewed or meta.reviewed_on is None:
        return "pending"
    text = meta.reviewed_on.isoformat()
    return text + " (overdue)" if meta.review_overdue(today) else text
