"""What one handout's files say, for the library index, kept on disk in two parts.

* **English facts** (title, grade, the English title and subtitle search
  reads): the handout's template rendered with the layout and brand, about
  3 ms a handout.  They depend on the handout's file, the layout templates and
  the brand file.
* **Catalog facts** (each language's completeness, review fingerprint and
  whether the gate would refuse it, and the translated titles): every catalog
  of the handout read and checked, about 35 ms a handout in eight languages.
  They depend on the handout's file and its own catalogs only.

Kept apart, IT's edit of the brand file (setting the phone numbers, say) or of
a layout template renders every handout's English again but reads no catalog:
at 300 handouts the next listing took 5.7 s, and now takes 1.3 s
(bench/library_bench.py).  A new or upgraded installation still builds both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, assert_never

from .document import model
from .document.brand import load_brand
from .document.handout import HandoutMeta
from .errors import ContentError, TranslationError
from .i18n.gate import gate
from .i18n.locales import LocaleSettings
from .library_cache import EntryCache, each_built, shared_inputs
from .options import RenderOptions
from .pipeline import document_for
from .project import SOURCE_LOCALE, Project

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

Facts = dict[str, Any]  # what a catalog says (CatalogFacts as a dict), or {"broken": message}


def handout_facts(meta: HandoutMeta, locales: dict[str, LocaleSettings], project_dir: Path,
                  today: dt.date, english: Facts | None, catalogs: bool) -> Facts:
    """One job of the index (run in a worker process for a big library): the handout's
    English facts, unless ``english`` gives them, and with ``catalogs`` its catalog facts
    ({"english": ..., "catalogs": ... or None})."""
    if english is None:
        english = _english_facts(meta, locales[SOURCE_LOCALE], project_dir, today)
    own = _catalog_facts_of(meta, locales, project_dir, english["english"]) if catalogs \
        else None
    return {"english": english, "catalogs": own}


def _english_facts(meta: HandoutMeta, source: LocaleSettings, project_dir: Path,
                   today: dt.date) -> Facts:
    options = RenderOptions(handout="", print_date=today, project_dir=project_dir)
    brand = load_brand(Project(project_dir).brand_file)
    document = document_for(options, meta, brand, gate(source, meta, project_dir))
    texts = [text for text in (model.plain(document.title), model.plain(document.subtitle))
             if text]
    return {"title": model.plain(document.title), "grade": flesch_kincaid(document),
            "english": texts}


def _catalog_facts_of(meta: HandoutMeta, locales: dict[str, LocaleSettings],
                      project_dir: Path, english: list[str]) -> Facts:
    problems: list[str] = []
    catalogs = _catalogs(meta.name, locales, problems)
    return {"english": english, "translated": _translated(english, catalogs),
            "problems": problems,
            "own": {code: catalog_facts(loc, meta.name, project_dir, meta)
                    for code, loc in locales.items() if code != SOURCE_LOCALE}}


def catalog_facts(settings: LocaleSettings, domain: str, project_dir: Path,
                  meta: HandoutMeta | None = None) -> Facts:
    """What one catalog (a handout's own, or the shared one) says, or why it is broken."""
    from .i18n.review import catalog_facts as read_facts

    try:
        return vars(read_facts(settings, domain, project_dir, meta))
    except (TranslationError, ContentError) as error:  # a missing or unreadable catalog,
        return {"broken": error.message}  # or a broken layout template: nothing prints


def _catalogs(domain: str, locales: dict[str, LocaleSettings],
              problems: list[str]) -> tuple[Catalog, ...]:
    """The handout's readable catalogs; a line in `problems` for each one that is
    broken: what /healthz tells IT."""
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


def _translated(english: list[str], catalogs: tuple[Catalog, ...]) -> list[str]:
    """The finished translations of the English title and subtitle (the English text is
    the msgid; an empty, spaces-only or fuzzy translation is left out)."""
    from .i18n.catalogs import is_translated

    found = []
    for catalog in catalogs:
        for msgid in english:
            message = catalog.get(msgid)
            if message is not None and not message.fuzzy \
                    and isinstance(message.string, str) and is_translated(message.string):
                found.append(message.string.strip())
    return found


def titles(facts: Facts) -> tuple[str, ...]:
    """What search reads besides the name, ID and keywords: the English title and
    subtitle, then their finished translations, each text once."""
    return tuple(dict.fromkeys([*facts["english"]["english"], *facts["catalogs"]["translated"]]))


class FactsCache:
    """Both parts' disk caches, and which handouts need which part built."""

    def __init__(self, project_dir: Path, locales: dict[str, LocaleSettings]) -> None:
        self.english = EntryCache(project_dir, shared=shared_inputs(project_dir,
                                                                    languages=False))
        self.catalogs = EntryCache(project_dir, kind="catalogs", shared=[])
        self.project_dir, self.locales = project_dir, locales

    def _own_files(self, meta: HandoutMeta) -> list[Path]:
        return [meta.path, *(loc.catalog_path(meta.name) for loc in self.locales.values()
                             if loc.code != SOURCE_LOCALE)]

    def built(self, handouts: dict[str, HandoutMeta], today: dt.date,
              broken: list[ContentError]) -> dict[str, Facts]:
        """{name: {"english": ..., "catalogs": ...}} for each handout that builds; a
        handout whose template fails is added to ``broken`` instead."""
        keys = {name: (self.english.key([meta.path]), self.catalogs.key(self._own_files(meta)))
                for name, meta in handouts.items()}
        found: dict[str, Facts] = {}
        for name in handouts:
            found[name] = {"english": self.english.get(name, keys[name][0]),
                           "catalogs": self.catalogs.get(name, keys[name][1])}
        for _ in range(2):  # a second round only where the English title itself changed
            jobs = [(handouts[name], self.locales, self.project_dir, today, facts["english"],
                     _catalogs_due(facts)) for name, facts in found.items()
                    if facts["english"] is None or _catalogs_due(facts)]
            if not jobs:
                break
            for job, result in zip(jobs, each_built(handout_facts, jobs), strict=True):
                meta = job[0]
                if isinstance(result, ContentError):  # maybe in a layout piece: still its own
                    result.handouts = (meta.name, meta.id)
                    broken.append(result)
                    del found[meta.name]
                    continue
                self.english.put(meta.name, keys[meta.name][0], result["english"])
                found[meta.name]["english"] = result["english"]
                if result["catalogs"] is not None:
                    self.catalogs.put(meta.name, keys[meta.name][1], result["catalogs"])
                    found[meta.name]["catalogs"] = result["catalogs"]
        self.english.save(handouts)
        self.catalogs.save(handouts)
        return found


def _catalogs_due(facts: Facts) -> bool:
    """The catalog facts must be read: there are none for these files, or they were read
    for another English title or subtitle (known once the English facts are)."""
    english, own = facts["english"], facts["catalogs"]
    return own is None or (english is not None and own["english"] != english["english"])


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
