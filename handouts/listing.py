"""What ``generate.py --list`` and the web page show about each handout."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import model
from .catalogs import completeness
from .errors import ContentError
from .load import HandoutMeta, discover_handouts, load_brand
from .localize import SOURCE_LOCALE, LocaleSettings, available_locales, review_status
from .options import RenderOptions
from .pipeline import build_document


@dataclass(frozen=True)
class HandoutSummary:
    meta: HandoutMeta
    title: str
    grade: float
    locales: tuple[LocaleSettings, ...]  # the locales whose translation is complete


def document_text(document: model.Document) -> str:
    """The reading text of a handout (title, headings, body), for readability scores."""
    parts = [model.plain(document.title), model.plain(document.subtitle)]

    def walk(blocks: tuple[model.Block, ...]) -> None:
        for block in blocks:
            if isinstance(block, (model.Section, model.Box)):
                parts.append(model.plain(block.heading) + ".")
                walk(block.blocks)
            elif isinstance(block, model.Paragraph) and not block.small:
                parts.append(model.plain(block.content))
            elif isinstance(block, (model.BulletList, model.Steps)):
                parts.extend(model.plain(item) for item in block.items)
    walk(document.blocks)
    return "\n".join(p for p in parts if p)


def flesch_kincaid(document: model.Document) -> float:
    """Flesch-Kincaid grade of the English text (the field aims for 6 or below)."""
    import textstat  # only --list needs it

    return float(textstat.flesch_kincaid_grade(document_text(document)))


def english_documents(project_dir: Path, today: dt.date, broken: list[ContentError] | None,
                      ) -> list[tuple[HandoutMeta, model.Document]]:
    """Every handout rendered in English (for its title and text).

    With a ``broken`` list, a handout whose metadata or template is wrong is
    reported there and left out, so one mistake does not hide the others.
    """
    options = RenderOptions(handout="", print_date=today, project_dir=project_dir)
    brand = load_brand(options.brand_file)
    english = available_locales(options.locales_dir)[SOURCE_LOCALE]
    found = []
    for meta in discover_handouts(options.templates_dir, broken).values():
        try:
            found.append((meta, build_document(options, meta, brand, english)))
        except ContentError as exc:
            if broken is None:
                raise
            broken.append(exc)
    return found


def summarize(project_dir: Path, today: dt.date,
              broken: list[ContentError] | None = None) -> list[HandoutSummary]:
    """Every handout with its English title, reading grade and printable locales."""
    locales = available_locales(project_dir / "locales")
    summaries = []
    for meta, document in english_documents(project_dir, today, broken):
        printable = tuple(loc for loc in locales.values()
                          if completeness(loc, meta, project_dir).complete)
        summaries.append(HandoutSummary(meta, model.plain(document.title),
                                        flesch_kincaid(document), printable))
    return summaries


def review_text(meta: HandoutMeta, today: dt.date) -> str:
    if not meta.reviewed or meta.reviewed_on is None:
        return "pending"
    text = meta.reviewed_on.isoformat()
    return text + " (overdue)" if meta.review_overdue(today) else text


#: Printed under the --list table.
LIST_FOOTNOTE = ("GRADE: Flesch-Kincaid grade of the English text (aim for 6 or below). "
                 "LOCALES: complete translations; * = not yet reviewed by a qualified translator.")


def handout_rows(project_dir: Path, today: dt.date,
                 broken: list[ContentError] | None = None) -> list[tuple[str, ...]]:
    return [(s.meta.id, s.meta.name, s.title, s.meta.version, review_text(s.meta, today),
             f"{s.grade:.1f}",
             ", ".join(f"{loc.code} {loc.native_name}" + ("" if review_status(loc) in
                                                        ("source", "reviewed") else "*")
                       for loc in s.locales))
            for s in summarize(project_dir, today, broken)]
