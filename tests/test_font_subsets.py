"""Embedded fonts carry outlines, not screen hinting: smaller PDFs that print the same.

Read back with fontTools (not ours) from the FontFile2 streams pikepdf finds.
"""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from conftest import FIXTURE, render
from fontTools.ttLib import TTFont
from reportlab.pdfbase.ttfonts import TTFont as ReportLabFont

from handouts.hinting import HINTING_TABLES, strip_hinting


def embedded_fonts(pdf: bytes) -> list[TTFont]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return [TTFont(io.BytesIO(obj.read_bytes())) for obj in document.objects
                if isinstance(obj, pikepdf.Stream) and "/Length1" in obj]


def test_the_embedded_subsets_have_no_hinting() -> None:
    fonts = embedded_fonts(render(locale="en").pdf)
    assert fonts
    for font in fonts:
        assert not set(map(str.encode, font.keys())) & HINTING_TABLES
        glyf = font["glyf"]
        assert all(not getattr(glyf[name], "program", None) or
                   not glyf[name].program.getBytecode() for name in font.getGlyphOrder())


@pytest.mark.parametrize("family", ["NotoSans-Regular", "NotoSans-Bold",
                                    "NotoSansArabic-Regular", "NotoSansDevanagari-Regular"])
def test_stripping_keeps_every_outline_and_metric(family: str) -> None:
    face = ReportLabFont(f"Hint{family}", str(FIXTURE / "fonts" / f"{family}.ttf")).face
    hinted = face.makeSubset(sorted(face.charToGlyph)[:250])
    stripped = strip_hinting(hinted)
    assert len(stripped) < 0.8 * len(hinted)
    before, after = TTFont(io.BytesIO(hinted)), TTFont(io.BytesIO(stripped))
    assert before.getGlyphOrder() == after.getGlyphOrder()
    for name in before.getGlyphOrder():
        assert before["glyf"][name].getCoordinates(before["glyf"]) == \
            after["glyf"][name].getCoordinates(after["glyf"]), name
        assert before["hmtx"][name] == after["hmtx"][name]
    after.save(io.BytesIO())  # a well-formed font fontTools can write back


def test_the_file_is_written_once_with_its_dictionaries_compressed() -> None:
    """ReportLab writes every dictionary as plain text; the finished file has one
    cross-reference section and no dictionary object outside a compressed stream."""
    pdf = render(locale="en").pdf
    assert pdf.count(b"%%EOF") == 1
    plain = re.findall(rb"\d+ 0 obj\s*<<(?:(?!stream|endobj).)*?>>\s*endobj", pdf, re.S)
    assert plain == []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) >= 1 and "/StructTreeRoot" in document.Root
