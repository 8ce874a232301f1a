"""The fit check of ``i18n check``: every handout in the language, in every variant,
laid out for real, with every character on the paper.

A translation can be right and still not fit: a label too long for its column, a
page label that wraps below the paper's edge, a word too long to break.  The
layout grows what it can (boxes split, the footer makes room), so a finding here
is what it could not: a character outside the printable area (a quarter inch
from each edge, which printers leave blank), with how far outside, or a part
taller than a page.  Read back from the PDF with PDFium, as a viewer sees it.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import library_cache
from ..document.handout import HandoutMeta
from ..errors import ContentError, HandoutError, TranslationError
from ..i18n.locales import LocaleSettings
from ..library_cache import EntryCache, each_built
from ..options import RenderOptions
from ..project import SOURCE_LOCALE, Project

#: Printers leave about a quarter inch (18 pt) unprinted at each edge.
PRINTABLE_INSET = 18.0
VARIANTS: dict[str, dict[str, bool]] = {
    "normal": {}, "large print": {"large_print": True}, "bilingual": {"bilingual": True},
    "large-print bilingual": {"large_print": True, "bilingual": True},
}
FIXED_DATE = dt.date(2026, 12, 31)  # a long month name: the widest document line


@dataclass(frozen=True)
class Misfit:
    """Text that lands outside the printable area of a page."""

    page: int
    text: str  # the characters around it
    side: str  # "left", "right", "top" or "bottom"
    points: float  # how far past the printable area

    def show(self) -> str:
        return (f"page {self.page}: {self.text!r} runs {self.points:.0f} pt past the "
                f"{self.side} edge of the printable area")


def misfits(pdf: bytes, inset: float | None = None) -> list[Misfit]:
    """Every run of characters outside ``inset`` points from the paper's edges."""
    import pypdfium2 as pdfium

    inset = PRINTABLE_INSET if inset is None else inset
    found: list[Misfit] = []
    document = pdfium.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, 1):
            width, height = page.get_size()
            text = page.get_textpage()
            last: dict[str, int] = {}  # side -> index of the last reported character
            for index in range(text.count_chars()):
                if text.get_text_range(index, 1).isspace():
                    continue
                left, bottom, right, top = text.get_charbox(index)
                past = {"left": inset - left, "right": right - (width - inset),
                        "bottom": inset - bottom, "top": top - (height - inset)}
                side, points = max(past.items(), key=lambda item: item[1])
                if points > 0.5 and index - last.get(side, -99) > 30:  # once a run
                    last[side] = index
                    around = text.get_text_range(max(0, index - 15), 30).replace("\r\n", " ")
                    found.append(Misfit(number, around.strip(), side, points))
    finally:
        document.close()
    return found


def fit_problems(project: Path, settings: LocaleSettings,
                 handouts: list[HandoutMeta]) -> Iterator[str]:
    """One line per layout that does not fit, naming the handout and the variant.

    What a layout found is kept on disk under the names, sizes and times of the files
    that decide it (library_cache.py), so a second check lays out only what changed:
    at 300 handouts, a language's check is four layouts per edited handout, not 1,200.
    """
    cache = EntryCache(project, kind="fit")
    files = Project(project)
    layouts = []
    for meta in handouts:
        for variant, flags in VARIANTS.items():
            if flags.get("bilingual") and settings.code == SOURCE_LOCALE:
                continue
            key = cache.key(files.render_inputs(meta.path, settings.folder, settings.fonts,
                                                files.logo_file(), bilingual="bilingual" in flags))
            layouts.append((f"{meta.name}|{settings.code}|{variant}", key,
                            (project, settings, meta, variant, flags)))
    due = [(name, key, job) for name, key, job in layouts if cache.get(name, key) is None]
    if len(due) >= library_cache.PARALLEL_FROM:  # minutes at hundreds: say so, not silence
        cores = library_cache.worker_count()
        print(f"Laying out {len(due)} copies in {settings.code} (each handout in each "
              f"variant){f', on {cores} cores' if cores > 1 else ''}; kept for the next "
              f"check. --no-fit skips this.", file=sys.stderr, flush=True)
    for (name, key, _), found in zip(due, each_built(_layout, [job for *_, job in due]),
                                     strict=True):
        cache.put(name, key, found if isinstance(found, dict) else {"problems": [found.message]})
    for name, key, _ in layouts:
        yield from (cache.get(name, key) or {"problems": []})["problems"]
    cache.save()


def _layout(project: Path, settings: LocaleSettings, meta: HandoutMeta, variant: str,
            flags: dict[str, bool]) -> dict[str, list[str]]:
    """One layout's findings (a job for library_cache.each_built)."""
    return {"problems": list(_laid_out(project, settings, meta, variant, flags))}


def _laid_out(project: Path, settings: LocaleSettings, meta: HandoutMeta, variant: str,
              flags: dict[str, bool]) -> Iterator[str]:
    from ..pipeline import render_pdf

    options = RenderOptions(handout=meta.name, locale=settings.code, print_date=FIXED_DATE,
                            project_dir=project, large_print=flags.get("large_print", False),
                            bilingual=flags.get("bilingual", False))
    try:
        pdf = render_pdf(options).pdf
    except TranslationError:
        return  # not ready: the checks above say what is missing
    except ContentError as exc:
        yield f"{meta.name}, {variant}: {exc.message}"
        return
    except HandoutError:
        return  # a broken brand or font file: its own message, elsewhere
    for misfit in misfits(pdf)[:3]:
        yield f"{meta.name} in {settings.code}, {variant}: {misfit.show()}"
