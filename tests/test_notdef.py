"""A missing glyph never reaches paper: the detector works, and no locale trips it."""

from __future__ import annotations

import io

from conftest import render
from pdfcheck import find_notdef
from reportlab.pdfgen.canvas import Canvas

from handouts.fonts import font_chain
from handouts.project import default_project_dir


def _pdf_with(text: str) -> bytes:
    font_chain(default_project_dir() / "fonts", ("NotoSans",))  # registers NotoSans
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, initialFontName="NotoSans")
    canvas.setFont("NotoSans", 12)
    canvas.drawString(72, 700, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_detector_finds_notdef_glyphs_in_a_plain_reportlab_pdf() -> None:
    hits = find_notdef(_pdf_with("Call 911 \u4e2d\u6587 now"))
    assert len(hits) == 2 and all(h.page == 1 for h in hits)
    assert find_notdef(_pdf_with("Call 911 now, caf\u00e9")) == []


def test_ethiopic_text_with_digits_has_no_notdef() -> None:
    # Noto Sans Ethiopic has no ASCII digits; the fallback chain must draw "911".
    result = render(locale="am")
    assert find_notdef(result.pdf) == []
