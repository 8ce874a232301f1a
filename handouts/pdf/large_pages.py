"""Large print's page furniture: every word at 18 pt, in as little of the page as that allows.

At 18 pt the normal arrangement (document line beside the logo, page label
beside the footer) would wrap each into a narrow column and take half the
page.  Here the page label sits in the logo's row, the patient's name under
it, and the document line joins the footer, whose three parts run on as one
paragraph across the full width.  What is written, and in what order a
reader gets it, is the same as on a normal page (pages.py).
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ..document import model
from .pages import FOOTER_BASE, GAP, LOGO_HEIGHT, MARGIN_TOP, PageFurniture, logo_image
from .styles import Styles, furniture_type
from .tagging import artifact


class LargePrintFurniture(PageFurniture):
    """PageFurniture for large print (``styles.size`` 18 pt or more)."""

    @property
    def header_width(self) -> float:
        return self.width  # the document line is in the footer, full width

    def _header_paras(self) -> list[Flowable]:
        """The document line, aligned as the footer it sits in, broken only between its
        parts (Chinese text would otherwise break inside the date)."""
        style = ParagraphStyle("hdr", parent=self.styles.footer, fontSize=self.type.header,
                               leading=self.type.header_leading, wordWrap=None)
        return [self._para(self._document_line, style)]

    def _footer_paras(self) -> list[Flowable]:
        """Organization and address (bold), copyright and notice as one paragraph: three
        would each end in a part-line."""
        f, t = self.furniture, self.type
        style = ParagraphStyle("ftr", parent=self.styles.footer, fontSize=t.footer,
                               leading=t.footer_leading)
        runs = (model.Run(f"{f.organization} \u00b7 {f.address}", bold=True),
                model.Run(f" \u00b7 {f.copyright} {f.notice}"))
        return [self._runs(runs, style)]

    def _row(self) -> float:
        """The logo's row, which holds the page label too."""
        _, label = self._page_label(888, 888).wrap(self._label_width, 1000)
        return max(LOGO_HEIGHT if self.logo is not None else 0.0, label)

    @property
    def _label_width(self) -> float:
        return self.beside_logo

    @property
    def top_margin(self) -> float:
        name = self.type.name_leading if self.patient_label else 0.0
        return MARGIN_TOP + self._row() + name + GAP * 2 + self._notices_height

    def _footer_height(self) -> float:
        return self._height(self._header, self.width) + self._height(self._footer, self.width)

    def _paint_header(self, canvas: Canvas, page: int, total: int) -> None:
        page_w, page_h = self.pagesize
        top, left = page_h - MARGIN_TOP, self.margin_x
        logo_x, label_x = left, page_w - left - self._label_width
        if self.rtl:  # mirrored: the logo where a right-to-left reader starts
            logo_x, label_x = page_w - left - self.logo_width, left
        if self.logo is not None:
            with self._tagged(canvas, 0, page):
                canvas.drawImage(logo_image(self.logo, self.logo.stat().st_mtime_ns), logo_x,
                                 top - LOGO_HEIGHT, width=self.logo_width, height=LOGO_HEIGHT,
                                 mask="auto")
        with artifact(canvas, "Pagination"):
            label = self._page_label(page, total)
            _, h = label.wrap(self._label_width, 1000)
            label.drawOn(canvas, label_x, top - h)
        y = top - self._row()
        if self.patient_label:  # room for the patient's name, under the logo's row
            y -= self.type.name_leading
            self._name_slot(canvas, page, left, y)
        bottom = FOOTER_BASE + self._footer_height() + GAP  # the document line, over the
        with self._tagged(canvas, 1, page):  # footer: written second, as on a normal page
            for para in self._header:
                _, h = para.wrap(self.width, 1000)
                para.drawOn(canvas, left, bottom - h)
                bottom -= h
        self._paint_notices(canvas, page, y - GAP)

    def _paint_footer(self, canvas: Canvas, page: int, total: int) -> None:
        left = self.margin_x
        top = FOOTER_BASE + self._footer_height() + GAP
        canvas.setStrokeColor(self.styles.palette.primary)
        canvas.setLineWidth(0.8)
        canvas.line(left, top + GAP / 2, self.pagesize[0] - left, top + GAP / 2)
        y = top - self._height(self._header, self.width)
        for para in self._footer:
            _, h = para.wrap(self.width, 1000)
            para.drawOn(canvas, left, y - h)
            y -= h


def furniture_class(styles: Styles) -> type[PageFurniture]:
    """The furniture's arrangement for these styles: large print's from an 18 pt body."""
    return LargePrintFurniture if furniture_type(styles.size).stacked else PageFurniture
