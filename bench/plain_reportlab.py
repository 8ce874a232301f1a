"""The reference: the same handout content set with plain ReportLab, no pipeline.

No templates, catalogs, font fallback, model or checks: the same visible
content (logo and document line on every page, title, review banner,
fill-in lines, sections, lists, the warning box, fine print, and a footer
with the brand lines and "Page N of M"), from a JSON dump of the content.
bench_render.py times this against the real pipeline in the same run.

    python bench/plain_reportlab.py CONTENT.json OUT.pdf
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Table

FONTS = Path(__file__).resolve().parent.parent / "fonts"


def register() -> None:
    if "Plain" in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont("Plain", str(FONTS / "NotoSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("Plain-Bold", str(FONTS / "NotoSans-Bold.ttf")))
    pdfmetrics.registerFontFamily("Plain", normal="Plain", bold="Plain-Bold")


BODY = ParagraphStyle("b", fontName="Plain", fontSize=12, leading=16.8, spaceAfter=6)
HEAD = ParagraphStyle("h", parent=BODY, fontName="Plain-Bold", fontSize=15.6,
                      textColor=HexColor("#1F3A5F"), spaceBefore=8)
SMALL = ParagraphStyle("s", parent=BODY, fontSize=8.6, leading=12)
FOOT = ParagraphStyle("f", parent=BODY, fontSize=7.5, leading=9.4)
LOGO = ImageReader(str(Path(__file__).resolve().parent.parent / "brand" / "wordmark.png"))


def flowables(block: dict[str, Any]) -> list[Any]:
    kind = block["kind"]
    if kind == "p":
        return [Paragraph(escape(block["text"]), SMALL if block.get("small") else BODY)]
    if kind == "fineprint":
        return [f for child in block["blocks"] for f in flowables(child)]
    if kind in ("ul", "ol"):
        items = [ListItem(Paragraph(escape(t), BODY)) for t in block["items"]]
        return [ListFlowable(items, bulletType="1" if kind == "ol" else "bullet",
                             bulletFontName="Plain")]
    if kind == "box":
        inner = [Paragraph(escape(block["heading"]), HEAD)]
        for child in block["blocks"]:
            inner += flowables(child)
        return [Table([[inner]], style=[("BOX", (0, 0), (-1, -1), 2, HexColor("#A4262C")),
                                        ("FONTNAME", (0, 0), (-1, -1), "Plain")])]
    story = [Paragraph(escape(block["heading"]), HEAD)]
    for child in block["blocks"]:
        story += flowables(child)
    return story


def build(content: dict[str, Any], output: str) -> None:
    register()
    footer = content["footer"]

    class Numbered(Canvas):
        def __init__(self, *a: Any, **k: Any) -> None:
            super().__init__(*a, **k)
            self.pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802
            self.pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for state in self.pages:
                self.__dict__.update(state)
                self.drawImage(LOGO, 54, 738, width=175, height=26)
                self.setFont("Plain", 8)
                self.drawRightString(558, 754, content["document_line"])
                y = 70.0
                for line in footer:
                    para = Paragraph(escape(line), FOOT)
                    _, h = para.wrap(410, 100)
                    para.drawOn(self, 54, y - h)
                    y -= h
                self.setFont("Plain-Bold", 9)
                self.drawRightString(558, 62, f"Page {self._pageNumber} of {len(self.pages)}")
                Canvas.showPage(self)
            Canvas.save(self)

    story = [Paragraph(escape(content["title"]), ParagraphStyle("t", parent=HEAD, fontSize=24)),
             Paragraph(escape(content["subtitle"]), BODY),
             Table([[Paragraph(escape(content["status"]), BODY)]],
                   style=[("BACKGROUND", (0, 0), (-1, -1), HexColor("#F6E9EA")),
                          ("FONTNAME", (0, 0), (-1, -1), "Plain")]),
             Table([[label, ""] for label in content["fields"]],
                   style=[("LINEBELOW", (1, 0), (1, -1), 0.6, HexColor("#000000")),
                          ("FONTNAME", (0, 0), (-1, -1), "Plain")])]
    for block in content["blocks"]:
        story += flowables(block)
    doc = SimpleDocTemplate(output, pagesize=LETTER, leftMargin=54, rightMargin=54,
                            topMargin=72, bottomMargin=90, invariant=1, initialFontName="Plain")
    doc.build(story, canvasmaker=Numbered)


if __name__ == "__main__":
    build(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")), sys.argv[2])
