"""The pipeline, stage by stage, in the order data flows:

1. ``load``      handout metadata and the organization's brand
2. ``localize``  the locale and its translations
3. ``render``    the Jinja2 template into the document model (``model``)
4. ``layout``    the model into ReportLab flowables
5. ``write``     the PDF, with page furniture (``pages``), written atomically

:func:`render_pdf` runs them all; the CLI, the web page and the tests call it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from . import model
from .fonts import font_chain, read_manifest
from .layout import LayoutContext, lay_out
from .load import Brand, HandoutMeta, find_handout, load_brand
from .localize import SOURCE_LOCALE, LocaleSettings, available_locales, load_catalog, negotiate
from .options import DEFAULTS, RenderOptions
from .pages import MARGIN_X, PageFurniture
from .render import RenderContext, long_date, render_document
from .styles import Palette, make_styles
from .write import PAGE_SIZES, PdfInfo, build_pdf, write_atomically

_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")  # a page, not the /Pages tree


@dataclass(frozen=True)
class Rendered:
    """A finished render: the PDF and what a caller may want to report."""

    pdf: bytes
    document: model.Document
    meta: HandoutMeta
    locale: LocaleSettings

    @property
    def pages(self) -> int:
        return len(_PAGE_OBJECT.findall(self.pdf))


def personal_values(options: RenderOptions, locale: LocaleSettings) -> dict[str, str]:
    p = options.personal
    return {"patient_name": p.patient_name, "clinician": p.clinician, "note": p.note,
            "procedure_date": long_date(p.procedure_date, locale)}


def build_document(options: RenderOptions, meta: HandoutMeta, brand: Brand,
                   locale: LocaleSettings, untranslated: int = 0) -> model.Document:
    """Stages 2 and 3 for one language: translations, then template -> model."""
    _, translations = load_catalog(locale)
    ctx = RenderContext(meta=meta, brand=brand, locale=locale, translations=translations,
                        print_date=options.print_date, values=personal_values(options, locale),
                        mark_untranslated=options.draft, untranslated=untranslated)
    return render_document(ctx, options.templates_dir)


def _body_size(options: RenderOptions) -> tuple[float, float]:
    if options.large_print:
        return (cast(float, DEFAULTS["large_print_size"]),
                cast(float, DEFAULTS["large_print_line_spacing"]))
    return cast(float, DEFAULTS["body_size"]), cast(float, DEFAULTS["line_spacing"])


def _layout_context(options: RenderOptions, brand: Brand, locale: LocaleSettings,
                    width: float) -> LayoutContext:
    chain = font_chain(options.fonts_dir, locale.fonts)
    size, spacing = _body_size(options)
    styles = make_styles(chain.primary.name, size, spacing,
                         Palette.from_hex(brand.primary_color, brand.accent_color), locale.wrap)
    others = tuple(f for f in read_manifest(options.fonts_dir) if f not in locale.fonts)
    return LayoutContext(styles, chain, width,
                         lambda: font_chain(options.fonts_dir, locale.fonts + others))


def render_pdf(options: RenderOptions) -> Rendered:
    """Run every stage and return the PDF in memory."""
    meta = find_handout(options.handout, options.templates_dir)
    brand = load_brand(options.brand_file)
    locale = negotiate(options.locale, available_locales(options.locales_dir))
    missing = 0
    if locale.code != SOURCE_LOCALE:
        from .checks import gate  # catalogs and Babel's extractors: only for translations

        result = gate(locale, meta, options.project_dir, draft=options.draft)  # no silent mix
        missing = len(result.untranslated) + len(result.fuzzy)
    document = build_document(options, meta, brand, locale, missing)

    pagesize = PAGE_SIZES[options.paper or brand.paper or str(DEFAULTS["paper"])]
    ctx = _layout_context(options, brand, locale, pagesize[0] - 2 * MARGIN_X)
    furniture = PageFurniture(document.furniture, ctx.chain, ctx.styles, brand.logo, pagesize,
                              watermark="DRAFT" if options.draft else "")
    if options.bilingual and locale.code != SOURCE_LOCALE:
        from .bilingual import lay_out_bilingual

        english = available_locales(options.locales_dir)[SOURCE_LOCALE]
        source = build_document(options, meta, brand, english)
        story = lay_out_bilingual(document, source, ctx,
                                  _layout_context(options, brand, english, ctx.width),
                                  stacked=options.large_print, language=locale.native_name)
    else:
        story = lay_out(document, ctx)
    chain = ctx.chain
    info = PdfInfo(title=f"{model.plain(document.title)} ({meta.id})", author=brand.name,
                   subject=model.plain(document.subtitle), lang=locale.tag,
                   keywords=meta.keywords, initial_font=chain.primary.name)
    return Rendered(build_pdf(story, furniture, info), document, meta, locale)


def render_to_file(options: RenderOptions, output: Path) -> Rendered:
    """Render and write atomically: a failed run leaves no file behind."""
    rendered = render_pdf(options)
    write_atomically(rendered.pdf, output)
    return rendered
