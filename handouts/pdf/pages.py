"""What every page carries: the header (logo, document line), the footer
(organization, address, copyright, notice, page N of M), notices and the
DRAFT watermark.  Large print arranges the same at 18 pt (large_pages.py).

The furniture is painted once the page count is known (write.numbered_canvas).
"""

from __future__ import annotations

import io
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from ..document import model
from ..fonts import FontChain, face_name
from .fields import Slot
from .paragraphs import text_width, to_markup
from .styles import FurnitureType, Styles, furniture_type
from .tagging import Node, artifact, mark
from .textflow import ShapedParagraph, TextMode, pieces

MARGIN_TOP = 24.0
LOGO_HEIGHT = 26.0
GAP = 8.0
PAGE_LABEL_WIDTH = 92.0  # "Page 12 of 13" in the longest language
FOOTER_BASE = 20.0  # bottom edge of the footer text


@lru_cache(maxsize=4)
def logo_image(path: Path, mtime_ns: int) -> ImageReader:
    """The decoded logo, once per process (until the file changes).

    Decoded fully here: Pillow decodes lazily, and two threads finishing the
    same lazy decode corrupt it (seen under the web server).
    """
    reader = ImageReader(io.BytesIO(path.read_bytes()))
    reader.getRGBData()
    reader.getTransparent()
    return reader


@dataclass
class PageFurniture:
    furniture: model.Furniture
    chain: FontChain
    styles: Styles
    logo: Path | None
    pagesize: tuple[float, float]
    watermark: str = ""  # "DRAFT" for an unfinished translation
    mode: TextMode | None = None  # shaped text; right to left mirrors the furniture
    structure: Node | None = None  # the document element: page 1's header is tagged in it
    logo_alt: str = ""  # the logo's alternative text
    patient_label: str = ""  # the name field's label: the name goes in later pages' header

    def __post_init__(self) -> None:
        """What a reader must get once (logo, document line, notices) is tagged on page 1,
        first in reading order; on later pages, and everything else, is an artifact."""
        self._once: list[Node | None] = [None] * (2 + len(self._notices))
        if self.structure is not None:
            self._once = [self.structure.add("Figure", alt=self.logo_alt) if self.logo else None,
                          *(self.structure.add("P") for _ in range(1 + len(self._notices)))]

    def _tagged(self, canvas: Canvas, part: int, page: int) -> AbstractContextManager[None]:
        node = self._once[part] if page == 1 else None
        return mark(canvas, node) if node is not None else artifact(canvas, "Pagination")

    @property
    def rtl(self) -> bool:
        return self.mode is not None and self.mode.rtl

    @property
    def margin_x(self) -> float:
        """The left and right margins, of the page's body as well."""
        return self.type.margin_x

    @property
    def width(self) -> float:
        return self.pagesize[0] - 2 * self.margin_x

    @cached_property
    def type(self) -> FurnitureType:
        """Type sizes of the header, notices and footer."""
        return furniture_type(self.styles.size)

    def _para(self, text: str, style: ParagraphStyle, bold: bool = False,
              ltr: bool = False) -> Flowable:
        return self._runs((model.Run(text, bold=bold),), style, ltr)

    def _runs(self, runs: tuple[model.Run, ...], style: ParagraphStyle,
              ltr: bool = False) -> Flowable:
        if self.mode is not None:
            mode = replace(self.mode, rtl=False) if ltr else self.mode
            return ShapedParagraph(pieces(runs, self.chain, ""), style, mode,
                                   chain_keys=self.chain.keys)
        return Paragraph(to_markup(runs, self.chain, style.fontName), style)

    @cached_property
    def _header(self) -> list[Flowable]:
        return self._header_paras()

    @cached_property
    def _footer(self) -> list[Flowable]:
        return self._footer_paras()

    @cached_property
    def _notices(self) -> list[Flowable]:
        return self._notice_paras()

    def _header_paras(self) -> list[Flowable]:
        # The document line says "Clinical review: pending" on every page; the
        # first page adds a banner (layout.py), so the header stays one line.
        right = ParagraphStyle("hdr", parent=self.styles.footer, alignment=TA_RIGHT,
                               fontSize=self.type.header, leading=self.type.header_leading)
        return [self._para(self._document_line, right)]

    @property
    def _document_line(self) -> str:
        """ID, version, review, print date: breaking only between the parts, never inside
        one (its spaces become no-break spaces), as long as a part fits on a line."""
        parts = self.furniture.document_line.split(" \u00b7 ")
        return " \u00b7 ".join(self._unbroken(part) for part in parts)

    def _unbroken(self, part: str) -> str:
        """A part of the document line kept on one line where it fits; a longer one (a
        reviewer's name with credentials) breaks between its words (before: inside a
        word or the year). Its date never breaks: build.unbroken_date."""
        whole = part.replace(" ", "\u00a0")
        if text_width((model.Run(whole),), self.chain, self.type.header) < self.header_width - 1:
            return whole
        return part

    def _footer_paras(self) -> list[Flowable]:
        f, t = self.furniture, self.type
        style = ParagraphStyle("ftr", parent=self.styles.footer, fontSize=t.footer,
                               leading=t.footer_leading)
        return [self._para(f"{f.organization} \u00b7 {f.address}", style, bold=True),
                self._para(f.copyright, style), self._para(f.notice, style)]

    def _notice_paras(self) -> list[Flowable]:
        """Under the header rule: the unreviewed-translation notice, the draft legend."""
        style = ParagraphStyle("draft", parent=self.styles.footer, fontSize=self.type.notice,
                               leading=self.type.notice_leading,
                               textColor=self.styles.palette.accent)
        f = self.furniture
        paras = [self._para(f.draft_notice, style, bold=True)] if f.draft_notice else []
        if self.rtl and " / " in f.draft_notice:  # the English on a line of its own, as
            mine, english = f.draft_notice.split(" / ", 1)  # English reads: full stop last
            right = ParagraphStyle("draft-en", parent=style, alignment=TA_RIGHT)
            paras = [self._para(mine, style, bold=True),
                     self._para(english, right, bold=True, ltr=True)]
        return paras + ([self._para(f.legend, style)] if f.legend else [])

    def _height(self, paras: list[Flowable], width: float) -> float:
        return sum(p.wrap(width, 1000)[1] for p in paras)

    @property
    def logo_width(self) -> float:
        if self.logo is None:
            return 0.0
        iw, ih = logo_image(self.logo, self.logo.stat().st_mtime_ns).getSize()
        return LOGO_HEIGHT * iw / ih

    @property
    def beside_logo(self) -> float:
        """The width right of the logo (left of it on a right-to-left page)."""
        return self.width - self.logo_width - 12

    @property
    def header_width(self) -> float:
        """Room for the document line, beside the logo."""
        return self.beside_logo

    @property
    def _notices_height(self) -> float:
        return self._height(self._notices, self.width) + GAP if self._notices else 0.0

    @property
    def top_margin(self) -> float:
        name = self.type.name_leading if self.patient_label else 0.0
        header = max(LOGO_HEIGHT, self._height(self._header, self.header_width) + name)
        return MARGIN_TOP + header + GAP * 2 + self._notices_height

    @property
    def bottom_margin(self) -> float:
        return FOOTER_BASE + self._footer_height() + GAP * 2.5

    def _footer_height(self) -> float:
        """The footer's text or the page label, whichever is taller: a long translation of
        "Page N of M" wraps, and must not run off the bottom of the paper."""
        text = self._height(self._footer, self.width - PAGE_LABEL_WIDTH - 8)
        _, label = self._page_label(888, 888).wrap(PAGE_LABEL_WIDTH, 1000)
        return max(text, label)

    def _page_label(self, page: int, total: int) -> Flowable:
        label = self.furniture.page_label.replace("{page}", str(page))
        label = label.replace("{pages}", str(total))
        style = ParagraphStyle("pg", parent=self.styles.footer, alignment=TA_RIGHT,
                               fontSize=self.type.label, leading=self.type.label_leading)
        return self._para(label, style, bold=True)

    def paint_header(self, canvas: Canvas, page: int, total: int) -> None:
        """The logo, document line and notices: written before the page's body (see
        numbered_canvas), since a reader gets them first."""
        canvas.saveState()
        self._paint_header(canvas, page, total)
        canvas.restoreState()

    def paint_footer(self, canvas: Canvas, page: int, total: int) -> None:
        """The watermark (over the body) and the footer with its page number."""
        canvas.saveState()
        with artifact(canvas, "Pagination"):
            if self.watermark:
                self._paint_watermark(canvas)
            self._paint_footer(canvas, page, total)
        canvas.restoreState()

    def _paint_header(self, canvas: Canvas, page: int, total: int) -> None:
        page_w, page_h = self.pagesize
        top = page_h - MARGIN_TOP
        logo_x, text_x = self.margin_x, page_w - self.margin_x - self.header_width
        if self.rtl:  # mirrored: the logo where a right-to-left reader starts
            logo_x, text_x = page_w - self.margin_x - self.logo_width, self.margin_x
        if self.logo is not None:
            with self._tagged(canvas, 0, page):
                canvas.drawImage(logo_image(self.logo, self.logo.stat().st_mtime_ns), logo_x,
                                 top - LOGO_HEIGHT, width=self.logo_width, height=LOGO_HEIGHT,
                                 mask="auto")
        y = top
        with self._tagged(canvas, 1, page):
            for para in self._header:
                _, h = para.wrap(self.header_width, 1000)
                para.drawOn(canvas, text_x, y - h)
                y -= h
        if self.patient_label:  # room for the patient's name, under the document line
            y -= self.type.name_leading
            self._name_slot(canvas, page, text_x, y)
        self._paint_notices(canvas, page, min(top - LOGO_HEIGHT, y) - GAP)

    def _name_slot(self, canvas: Canvas, page: int, x: float, y: float) -> None:
        """Where stamp.py writes the patient's name on a later page (page 1 has the field
        itself): a page that comes loose still says whose it is."""
        slots = getattr(canvas, "slots", None)
        if page > 1 and slots is not None:
            slots.append((Slot("patient_name", page - 1, x, y, self.header_width,
                               self.type.name_leading, 1, self.rtl,
                               header_label=self.patient_label), None))

    def _paint_notices(self, canvas: Canvas, page: int, rule_y: float) -> None:
        """The header's rule, and the notices under it."""
        with artifact(canvas, "Pagination"):
            canvas.setStrokeColor(self.styles.palette.primary)
            canvas.setLineWidth(1.2)
            canvas.line(self.margin_x, rule_y, self.pagesize[0] - self.margin_x, rule_y)
        y = rule_y - GAP / 2
        for index, notice in enumerate(self._notices, start=2):
            _, h = notice.wrap(self.width, 1000)
            with self._tagged(canvas, index, page):
                notice.drawOn(canvas, self.margin_x, y - h)
            y -= h

    def _paint_footer(self, canvas: Canvas, page: int, total: int) -> None:
        page_w, _ = self.pagesize
        paras = self._footer
        top = FOOTER_BASE + self._footer_height() + GAP
        canvas.setStrokeColor(self.styles.palette.primary)
        canvas.setLineWidth(0.8)
        canvas.line(self.margin_x, top + GAP / 2, page_w - self.margin_x, top + GAP / 2)
        text_x, label_x = self.margin_x, page_w - self.margin_x - PAGE_LABEL_WIDTH
        if self.rtl:
            text_x, label_x = self.margin_x + PAGE_LABEL_WIDTH + 8, self.margin_x
        y = top
        for para in paras:
            _, h = para.wrap(self.width - PAGE_LABEL_WIDTH - 8, 1000)
            para.drawOn(canvas, text_x, y - h)
            y -= h
        para = self._page_label(page, total)
        _, h = para.wrap(PAGE_LABEL_WIDTH, 1000)
        para.drawOn(canvas, label_x, top - h)

    def _paint_watermark(self, canvas: Canvas) -> None:
        page_w, page_h = self.pagesize
        canvas.saveState()  # the rotation must not reach the header and footer
        canvas.setFillColor(self.styles.palette.accent)
        canvas.setFillAlpha(0.13)  # painted over the text, so it must stay see-through
        # The first family that has the word's letters: an Ethiopic font has no "DRAFT".
        family = self.chain.family_for(self.watermark)
        has_bold = next(f for f in self.chain.families if f.name == family).has_bold
        canvas.setFont(face_name(family, "bold") if has_bold else family, 120)
        canvas.translate(page_w / 2, page_h / 2)
        canvas.rotate(45)
        canvas.drawCentredString(0, -40, self.watermark)
        canvas.restoreState()
