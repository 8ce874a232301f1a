"""Large print sets every word at 18 pt or more: the notices, page numbers, document
line and footer on every page, and the patient's name on one line.

Sizes and positions come from pdfplumber, not from our layout objects.
"""

from __future__ import annotations

import io
import tomllib
from typing import Any

import pdfplumber
import pytest
from conftest import FIXTURE, render
from pagegeometry import page_faults

from handouts.options import Personal

NAME = "Hernández-Villanueva, Zebediah Quillfeather"  # 43 characters
LABELS = {"en": "Page {page} of {pages}", "es": "Página {page} de {pages}"}
NOTICE = "This translation has not yet been checked by a qualified medical translator."


def _squeeze(text: str) -> str:
    return "".join(text.split())


def large_text_by_page(pdf: bytes) -> list[str]:
    """Each page's text set at 18 pt or more, without spaces."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [_squeeze("".join(c["text"] for c in page.chars if c["size"] >= 17.95))
                for page in document.pages]


@pytest.mark.parametrize("locale", ["en", "es"])
def test_every_word_on_every_page_is_18_pt(locale: str) -> None:
    """The page label, the notice of an unreviewed translation (es), the document line
    and the organization's name, address, copyright and notice: on every page, at 18 pt
    (they were 7.5-9 pt), and nothing on the page smaller."""
    brand = tomllib.loads((FIXTURE / "brand" / "brand.toml").read_text("utf-8"))
    pdf = render(locale=locale, large_print=True, project_dir=FIXTURE,
                 personal=Personal(patient_name=NAME)).pdf
    faults = page_faults(pdf, large_print=True)
    assert faults["small furniture"] == [] and faults["small text"] == []
    pages = large_text_by_page(pdf)
    assert len(pages) >= 2, "the fixture must run over a page in large print"
    for number, text in enumerate(pages, start=1):
        label = LABELS[locale].format(page=number, pages=len(pages))
        assert _squeeze(label) in text, (number, label)
        assert _squeeze(brand["organization"]["name"]) in text, number
        assert "TST-001" in text, number  # the document line
        assert (_squeeze(NOTICE) in text) == (locale == "es"), number
        if number > 1:  # a loose page still says whose it is, at 18 pt
            assert _squeeze(NAME) in text, number


def test_a_long_name_is_one_line_at_18_pt_on_page_one() -> None:
    """In large print the name has a line as wide as the page, under its label: 43
    characters stay on one line at 18 pt (beside the label they shrank to 16.7 pt)."""
    pdf = render(locale="es", large_print=True, project_dir=FIXTURE,
                 personal=Personal(patient_name=NAME)).pdf
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = [c for c in document.pages[0].chars if c["text"] in "QZ"
                 and c["size"] >= 17.95]
        words = [w for w in document.pages[0].extract_words(extra_attrs=["size"])
                 if w["text"] in ("Hernández-Villanueva,", "Quillfeather")]
    assert len(words) == 2 and abs(words[0]["top"] - words[1]["top"]) < 1, words
    assert all(w["size"] >= 17.95 for w in words), words
    assert chars, "the name is set at 18 pt"


def test_the_name_label_never_ends_a_page_without_its_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Large print's name field (label over a full-width line) laid out at the foot of a
    page, with 10 to 60 points left: the label and its line land on the same page."""
    from reportlab.lib.pagesizes import letter
    from reportlab.platypus import SimpleDocTemplate, Spacer

    from handouts.pdf import fields, layout

    made: list[Any] = []

    def capture(block: Any, ctx: Any) -> Any:
        made.append((fields.fields_flowables(block, ctx), ctx))
        return made[-1][0]

    monkeypatch.setattr(layout, "fields_flowables", capture)
    for left in range(10, 61, 5):
        render(locale="en", large_print=True, project_dir=FIXTURE)  # new flowables each time
        tables, _ = made[-1]
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=letter, leftMargin=28, rightMargin=28,
                                topMargin=72, bottomMargin=72)
        doc.build([Spacer(1, doc.height - 12 - left), tables[0]])  # (frame padding 6 pt)
        with pdfplumber.open(io.BytesIO(buffer.getvalue())) as document:
            for page in document.pages:
                if "Patient" in page.extract_text():
                    assert page.lines, f"{left} pt left: the label ends a page, its line next"
