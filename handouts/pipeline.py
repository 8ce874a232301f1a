"""The pipeline, stage by stage, in the order data flows:

1. ``document.handout``, ``document.brand``  the handout's metadata, the brand
2. ``i18n``      the locale, its catalog, and the gate (``i18n.gate``)
3. ``document.build``  the Jinja2 template into the document model
4. ``pdf.layout`` (``pdf.bilingual``)  the model into ReportLab flowables
5. ``pdf.write``  the PDF, with page furniture (``pdf.pages``), written atomically

:func:`render_pdf` runs them all; the CLI, the web page and the print pack call it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from .document import model
from .document.brand import Brand, load_brand
from .document.build import BuildContext, build_document, long_date
from .document.handout import HandoutMeta, find_handout
from .document.untranslated import refuse_unmarked
from .errors import ContentError, NoRoomError
from .fonts import font_chain, read_manifest
from .i18n.gate import Translation, gate
from .i18n.locales import LocaleSettings, available_locales, broken_locales, negotiate
from .i18n.scripts import is_right_to_left, needs_shaping, script_of
from .options import DEFAULTS, PAPER_SIZES, Personal, RenderOptions
from .pdf.fields import FormPlan
from .pdf.large_pages import furniture_class
from .pdf.layout import lay_out
from .pdf.pages import PageFurniture
from .pdf.paragraphs import LayoutContext
from .pdf.styles import Palette, furniture_type, make_styles
from .pdf.tagging import Node
from .pdf.textflow import TextMode
from .pdf.write import PdfInfo, Written, write_atomically, write_pdf
from .project import SOURCE_LOCALE

if TYPE_CHECKING:
    from reportlab.platypus import Flowable


@dataclass(frozen=True)
class Rendered:
    """A finished render: the PDF and what a caller may want to report."""

    pdf: bytes
    document: model.Document
    meta: HandoutMeta
    locale: LocaleSettings
    pages: int
    form: FormPlan = FormPlan()  # where personal details go: stamp.py writes them there


def personal_values(options: RenderOptions, locale: LocaleSettings) -> dict[str, str]:
    p = options.personal
    return {"patient_name": one_line(p.patient_name), "clinician": one_line(p.clinician),
            "note": p.note, "procedure_date": long_date(p.procedure_date, locale)}


def one_line(text: str) -> str:
    """A name on one line whatever a program sent (the web form refuses line breaks; the
    Python API takes what it is given): breaks and tabs become spaces."""
    return " ".join(text.split()) if any(c in text for c in "\r\n\t\v\f") else text


def document_for(options: RenderOptions, meta: HandoutMeta, brand: Brand,
                 translation: Translation) -> model.Document:
    """Stage 3 for one language: the template, with the gate's translations, as a model."""
    ctx = BuildContext(meta=meta, brand=brand, translation=translation,
                       print_date=options.print_date,
                       values=personal_values(options, translation.locale))
    return build_document(ctx, options.project.templates_dir)


def _body_size(options: RenderOptions) -> tuple[float, float]:
    if options.large_print:
        return (cast(float, DEFAULTS["large_print_size"]),
                cast(float, DEFAULTS["large_print_line_spacing"]))
    return cast(float, DEFAULTS["body_size"]), cast(float, DEFAULTS["line_spacing"])


def _text_width(options: RenderOptions, pagesize: tuple[float, float]) -> float:
    """The width of the page between its margins (large print's are narrower)."""
    return pagesize[0] - 2 * furniture_type(_body_size(options)[0]).margin_x


def _layout_context(options: RenderOptions, brand: Brand, locale: LocaleSettings,
                    width: float) -> LayoutContext:
    fonts_dir = options.project.fonts_dir
    chain = font_chain(fonts_dir, locale.fonts, locale.folder / "locale.toml")
    size, spacing = _body_size(options)
    styles = make_styles(chain.primary.name, size, spacing,
                         Palette.from_hex(brand.primary_color, brand.accent_color), locale.wrap)
    others = tuple(name for name, family in read_manifest(fonts_dir).items()
                   if name not in locale.fonts and not family.fallback)  # fallbacks stay last
    mode = TextMode(is_right_to_left(locale.code), locale.tag) \
        if needs_shaping(locale.code) else None
    return LayoutContext(styles, chain, width,
                         lambda: font_chain(fonts_dir, locale.fonts + others), mode,
                         script=script_of(locale.code), note_lines=options.note_lines)


def render_pdf(options: RenderOptions) -> Rendered:
    """Run every stage and return the PDF in memory.  Personal details are written
    onto the finished, unpersonalized PDF (:func:`personalize`): they never move
    anything on the page."""
    rendered = _render(options)  # the model has the details; the layout leaves room
    if options.personal == Personal():
        return rendered
    try:
        return replace(rendered, pdf=personalize(rendered.pdf, rendered.form, options))
    except NoRoomError as exc:  # a long note: made again with the room it needs
        if options.note_lines:
            raise
        return render_pdf(replace(options, note_lines=exc.lines))


def personalize(pdf: bytes, form: FormPlan, options: RenderOptions) -> bytes:
    """The unpersonalized pdf (made with these options, less the personal details, and
    its ``form``) with the personal details written in their places; milliseconds."""
    project = options.project
    brand = load_brand(project.brand_file)
    locale = negotiate(options.locale, available_locales(project.locales_dir),
                       broken_locales(project.locales_dir))
    pagesize = PAPER_SIZES[options.paper or brand.paper or str(DEFAULTS["paper"])]
    ctx = _layout_context(options, brand, locale, _text_width(options, pagesize))
    from .pdf.stamp import stamp  # here: only a patient's copy needs it

    return stamp(pdf, form, personal_values(options, locale), ctx)


def _render(options: RenderOptions) -> Rendered:
    project = options.project
    meta = find_handout(options.handout, project.templates_dir)
    brand = load_brand(project.brand_file)
    locales = available_locales(project.locales_dir)
    requested = negotiate(options.locale, locales, broken_locales(project.locales_dir))
    translation = gate(requested, meta, options.project_dir, draft=options.draft)
    locale = translation.locale
    document = document_for(options, meta, brand, translation)
    if not translation.is_source:  # English text the author did not mark: refused, not printed
        refuse_unmarked(meta, options.project_dir)

    pagesize = PAPER_SIZES[options.paper or brand.paper or str(DEFAULTS["paper"])]
    root = Node("Document")  # the structure tree, in reading order (pdf/tagging.py)
    ctx = replace(_layout_context(options, brand, locale, _text_width(options, pagesize)),
                  parent=root)
    kind = furniture_class(ctx.styles)
    furniture = kind(document.furniture, ctx.chain, ctx.styles, brand.logo, pagesize,
                     watermark="DRAFT" if options.draft else "", mode=ctx.mode,
                     structure=root if options.tagged else None,
                     logo_alt=brand.logo_alt, patient_label=_patient_label(document))
    if options.bilingual and not translation.is_source:
        from .pdf.bilingual import lay_out_bilingual

        english = gate(locales[SOURCE_LOCALE], meta, options.project_dir)  # never marked
        source = document_for(options, meta, brand, english)
        story = lay_out_bilingual(document, source, ctx,
                                  replace(_layout_context(options, brand, english.locale,
                                                          ctx.width), lang=english.locale.tag),
                                  stacked=options.large_print, language=locale.native_name,
                                  path=str(meta.path))
    else:
        story = lay_out(document, ctx)
    info = PdfInfo(title=f"{model.plain(document.title)} ({meta.id})", author=brand.name,
                   subject=model.plain(document.subtitle), lang=locale.tag,
                   keywords=meta.keywords, initial_font=ctx.chain.primary.name)
    written = _written(story, furniture, info, meta, locale)
    return Rendered(written.pdf, document, meta, locale, written.pages, written.form)


def _patient_label(document: model.Document) -> str:
    """The label of the handout's patient-name field ("" if it has none)."""
    found = [model.plain(field.label) for block in document.blocks
             if isinstance(block, model.Fields) for field in block.fields
             if field.name == "patient_name"]
    return found[0] if found else ""


def _written(story: list[Flowable], furniture: PageFurniture, info: PdfInfo, meta: HandoutMeta,
             locale: LocaleSettings) -> Written:
    """write_pdf, with ReportLab's "too large on page" as a message for the author."""
    from reportlab.platypus.doctemplate import LayoutError

    try:
        return write_pdf(story, furniture, info)
    except LayoutError:
        raise ContentError(f"a part of the {locale.english_name} handout is taller than a "
                           "page, so it cannot be laid out (a very long label, heading or "
                           "box?)", path=meta.path,
                           hint=f"run `python generate.py i18n check {locale.code}`, and "
                                "shorten the longest text in that part.") from None


def render_to_file(options: RenderOptions, output: Path) -> Rendered:
    """Render and write atomically: a failed run leaves no file behind."""
    rendered = render_pdf(options)
    write_atomically(rendered.pdf, output)
    return rendered
