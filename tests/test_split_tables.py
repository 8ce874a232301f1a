"""A table split at the foot of a page (a bilingual copy's English source beside its
bar, a box) prints its part on the page without running over the text above it, and
leaves no empty stub of its rule behind: measured with pdfplumber on the page.

ReportLab gives the part it leaves on a page no more height than it was offered,
however much its text needs, and accepts a first part with nothing in it; in the
shipped Spanish large-print bilingual copy the first made the English column run up
over the last Spanish list item, the second left bars with no text beside them.
"""

from __future__ import annotations

import io

import pdfplumber
import pytest
from pagecollisions import bare_rules, overlapping_lines
from pagegeometry import plumbed_pages
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from handouts.pdf.flowables import FittingTable

STYLE = ParagraphStyle("body", fontName="Helvetica", fontSize=18, leading=27, spaceAfter=2.7)
ITEMS = ["Tell your care team about every medicine you take, most of all blood thinners. "
         "Blood thinners are medicines that keep blood clots from forming. Ask which ones "
         "to stop, and when.",
         "Do not stop a blood thinner unless your care team tells you to.",
         "Tell them about any allergies, and if you might be pregnant.",
         "Follow what they tell you about eating and drinking before the procedure.",
         "Plan for an adult to take you home."]


def aside() -> FittingTable:
    """A list set off by a bar, as a large-print bilingual copy sets the English."""
    items = ListFlowable([ListItem(Paragraph(text, STYLE)) for text in ITEMS],
                         bulletType="bullet", start="\u2022", leftIndent=29, spaceAfter=11)
    table = FittingTable([[[items]]], colWidths=[468], splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("LINEBEFORE", (0, 0), (0, -1), 2, Color(0.6, 0.6, 0.6)),
        ("LEFTPADDING", (0, 0), (-1, -1), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return table


def page_with_split_aside(before: float) -> bytes:
    """A paragraph pushed down by ``before`` points, then the table, on a short page."""
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=LETTER, topMargin=72, bottomMargin=72).build([
        Spacer(1, before), Paragraph("Haga planes para que un adulto lo lleve a su casa.",
                                     STYLE), aside()])
    return out.getvalue()


@pytest.mark.parametrize("before", range(300, 600, 8))
def test_a_split_table_neither_runs_over_the_text_above_nor_leaves_a_bare_rule(
        before: float) -> None:
    pdf = page_with_split_aside(before)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = plumbed_pages(document)
        text = "".join(page.extract_text() for page in document.pages)
    assert len(pages) > 1, "the table must meet the foot of the first page"
    assert not overlapping_lines(pages), overlapping_lines(pages)
    assert not bare_rules(pages), bare_rules(pages)
    for item in ITEMS:  # every word printed once, split or not
        assert "".join(item.split()) in "".join(text.split())
