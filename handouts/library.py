"""The library index: every handout with its English title and each language's state.

The command line's ``--list``, the web page and ``GET /api/handouts`` all
read it, so they can never disagree about what can be printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, assert_never

from .document import model
from .document.brand import load_brand
from .document.handout import HandoutMeta, discover_handouts
from .errors import ContentError, FontError, TranslationError
from .i18n.domains import SHARED
from .i18n.gate import gate
from .i18n.locales import LocaleSettings, available_locales, broken_locales
from .library_cache import EntryCache, each_built, shared_inputs
from .options import RenderOptions
from .pipeline import document_for
from .project import SOURCE_LOCALE, Project

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

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
    def label(self) -> str:
        """'Spanish — español (translation not yet reviewed)', as the language picker shows
        it: the English name first, so typing "S" at the desk finds Spanish."""
        note = STATUS_TEXT.get(self.status, "translation not yet reviewed")
        if self.status == "reviewed" and self.reviewed_by and self.reviewed_on:
            note = f"translation reviewed by {self.reviewed_by}, {self.reviewed_on.isoformat()}"
        if not self.complete and self.status not in ("unsupported-script", "broken"):
            note = "translation incomplete: cannot be printed yet"
        same = self.name.casefold() == self.english_name.casefold()
        # isolate a right-to-left name (U+2068..U+2069), so the English after it keeps its order
        name = f"\u2068{self.name}\u2069" if self.direction == "rtl" else self.name
        return f"{name} ({note})" if same else f"{self.english_name} — {name} ({note})"

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
                "reviewed": m.reviewed,
                "review_date": m.reviewed_on.isoformat() if m.reviewed_on else None,
                "review_overdue": self.overdue, "keywords": list(m.keywords),
                "locales": [loc.as_json() for loc in self.locales]}


@dataclass(frozen=True)
class Index:
    entries: tuple[HandoutEntry, ...]
    broken: tuple[ContentError, ...]  # handouts left out: their files need fixing
    problems: tuple[str, ...] = ()  # broken language files, one line each, for IT
    notices: tuple[str, ...] = ()  # settings IT should fill in (no phone number...), a line each


Facts = dict[str, Any]  # what a catalog says (CatalogFacts as a dict), or {"broken": message}


def _catalog_facts(settings: LocaleSettings, domain: str, project_dir: Path,
                   meta: HandoutMeta | None = None) -> Facts:
    from .i18n.review import catalog_facts

    try:
        return vars(catalog_facts(settings, domain, project_dir, meta))
    except (TranslationError, ContentError) as error:  # a missing or unreadable catalog,
        return {"broken": error.message}  # or a broken layout template: nothing prints


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
    (library_cache.py): a library of hundreds lists in a fraction of a second.
    """
    project = Project(project_dir)
    brand = load_brand(project.brand_file)
    locales = available_locales(project.locales_dir)
    problems = [error.message for error in broken_locales(project.locales_dir).values()]
    problems += language_problems(project, locales)
    broken: list[ContentError] = []
    entries = []
    cache = EntryCache(project_dir, shared=shared_inputs(project_dir, languages=False))
    handouts = discover_handouts(project.templates_dir, broken)
    shared = {code: _catalog_facts(loc, SHARED, project_dir) for code, loc in locales.items()
              if code != SOURCE_LOCALE}
    problems += [facts["broken"] for facts in shared.values() if "broken" in facts]
    keys = {meta.name: cache.key([meta.path, *(loc.catalog_path(meta.name)
                                               for loc in locales.values()
                                               if loc.code != SOURCE_LOCALE)])
            for meta in handouts.values()}
    stale = [meta for meta in handouts.values() if cache.get(meta.name, keys[meta.name]) is None]
    from .i18n.scripts import unsupported

    refused = {code: unsupported(code) is not None for code in locales}  # once per language
    for meta, found in zip(stale, each_built(_facts, [(meta, locales, project_dir, today)
                                                      for meta in stale]), strict=True):
        if isinstance(found, ContentError):  # maybe in a layout piece: still this handout's
            found.handouts = (meta.name, meta.id)
            broken.append(found)
        else:
            cache.put(meta.name, keys[meta.name], found)
    for meta in handouts.values():
        facts = cache.get(meta.name, keys[meta.name])
        if facts is None:  # broken, reported above
            continue
        problems.extend(facts["problems"])
        choices = tuple(_choice(loc, meta, facts["own"].get(code), shared.get(code, {}),
                                refused[code]) for code, loc in locales.items())
        entries.append(HandoutEntry(meta, facts["title"], facts["grade"], choices,
                                    meta.review_overdue(today), tuple(facts["titles"])))
    cache.save(handouts)
    return Index(tuple(entries), tuple(broken), tuple(dict.fromkeys(problems)), brand.notices)


def _facts(meta: HandoutMeta, locales: dict[str, LocaleSettings], project_dir: Path,
           today: dt.date) -> dict[str, Any]:
    """What one handout's files say: title, grade, titles and each language's state."""
    options = RenderOptions(handout="", print_date=today, project_dir=project_dir)
    brand = load_brand(Project(project_dir).brand_file)
    english = gate(locales[SOURCE_LOCALE], meta, project_dir)
    document = document_for(options, meta, brand, english)
    problems: list[str] = []
    catalogs = _catalogs(meta.name, locales, problems)
    return {"title": model.plain(document.title), "grade": flesch_kincaid(document),
            "titles": list(_titles(document, catalogs)), "problems": problems,
            "own": {code: _catalog_facts(loc, meta.name, project_dir, meta)
                    for code, loc in locales.items() if code != SOURCE_LOCALE}}


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


def _catalogs(domain: str, locales: dict[str, LocaleSettings],
              problems: list[str]) -> tuple[Catalog, ...]:
    """The handout's readable catalogs (cached until a file changes); a line in
    `problems` for each one that is broken: what /healthz tells IT."""
    from .i18n.catalogs import read_catalog

    catalogs = []
    for settings in locales.values():
        if settings.code == SOURCE_LOCALE:
            continue
        try:
            catalog = read_catalog(settings, domain)
        except TranslationError as error:
            problems.append(error.message)
            continue
        if catalog is not None:
            catalogs.append(catalog)
    return tuple(catalogs)


def _titles(document: model.Document, catalogs: tuple[Catalog, ...]) -> tuple[str, ...]:
    """The English title and subtitle, then their finished translations (the English
    text is the msgid; an empty, spaces-only or fuzzy translation is left out)."""
    from .i18n.catalogs import is_translated

    english = tuple(text for text in (model.plain(document.title),
                                      model.plain(document.subtitle)) if text)
    found = list(english)
    for catalog in catalogs:
        for msgid in english:
            message = catalog.get(msgid)
            if message is not None and not message.fuzzy \
                    and isinstance(message.string, str) and is_translated(message.string):
                found.append(message.string.strip())
    return tuple(dict.fromkeys(found))  # each text once, in order


def _reading(blocks: tuple[model.Block, ...]) -> Iterator[str]:
    for block in blocks:
        match block:
            case model.Section() | model.Box():
                yield model.plain(block.heading) + "."
                yield from _reading(block.blocks)
            case model.Paragraph():
                yield model.plain(block.content)
            case model.BulletList() | model.Steps():
                yield from (model.plain(item) for item in block.items)
            case model.FinePrint() | model.Fields() | model.WriteIn():
                pass  # legal text and labels are not what a patient reads for care
            case _:
                assert_never(block)


def reading_text(document: model.Document) -> str:
    """The reading text of a handout (title, headings, body; no fine print)."""
    parts = [model.plain(document.title), model.plain(document.subtitle),
             *_reading(document.blocks)]
    return "\n".join(p for p in parts if p)


def flesch_kincaid(document: model.Document) -> float:
    """Flesch-Kincaid grade of the English text (the field aims for 6 or below)."""
    import textstat  # only --list needs it

    return float(textstat.flesch_kincaid_grade(reading_text(document)))


def review_text(meta: HandoutMeta, today: dt.date) -> str:
    if not meta.reviewed or meta.reviewed_on is None:
        return "pending"
    text = meta.reviewed_on.isoformat()
    return text + " (overdue)" if meta.review_overdue(today) else text
