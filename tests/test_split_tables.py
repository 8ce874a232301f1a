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
import random
import re
from collections import Counter
from typing import Any

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

from handouts.pdf.boxes import BoxTable
from handouts.pdf.flowables import FittingTable

STYLE = ParagraphStyle("body", fontName="Helvetica", fontSize=18, leading=27, spaceAfter=2.7)
ABOVE = ParagraphStyle("above", parent=STYLE, fontName="Times-Roman")  # told apart on the page
ITEMS = ["Tell your care team about every medicine you take, most of all blood thinners. "
         "Blood thinners are medicines that keep blood clots from forming. Ask which ones "
         "to stop, and when.",
         "Do not stop a blood thinner unless your care team tells you to.",
         "Tell them about any allergies, and if you might be pregnant.",
         "Follow what they tell you about eating and drinking before the procedure.",
         "Plan for an adult to take you home."]


def aside(valign: str) -> FittingTable:
    """A list set off by a bar, as a large-print bilingual copy sets the English (its cell
    aligned at the bottom, ReportLab's default; a box's and a pair's at the top)."""
    items = ListFlowable([ListItem(Paragraph(text, STYLE)) for text in ITEMS],
                         bulletType="bullet", start="\u2022", leftIndent=29, spaceAfter=11)
    table = FittingTable([[[items]]], colWidths=[468], splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("LINEBEFORE", (0, 0), (0, -1), 2, Color(0.6, 0.6, 0.6)),
        ("LEFTPADDING", (0, 0), (-1, -1), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("VALIGN", (0, 0), (-1, -1), valign)]))
    return table


def page_with_split_aside(before: float, valign: str) -> bytes:
    """A paragraph pushed down by ``before`` points, then the table, on a Letter page
    with inch margins."""
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=LETTER, topMargin=72, bottomMargin=72).build([
        Spacer(1, before), Paragraph("Haga planes para que un adulto lo lleve a su casa.",
                                     ABOVE), aside(valign)])
    return out.getvalue()


def outside_its_bar(page: Any) -> list[str]:
    """The list's words (Helvetica) drawn above or below the bar beside them, or under
    the frame: a part whose row is shorter than its text."""
    bars = [g for g in page.lines if abs(g["x1"] - g["x0"]) < 1]
    words = [c for c in page.chars if c["fontname"].endswith("Helvetica")]
    if not words:
        return []
    if not bars:
        return ["the list's words have no bar beside them"]
    top, bottom = min(b["top"] for b in bars), max(b["bottom"] for b in bars)
    return [f"{c['text']!r} at {c['top']:.0f}-{c['bottom']:.0f} pt, the bar {top:.0f}-"
            f"{bottom:.0f}" for c in words if c["top"] < top - 2 or c["bottom"] > bottom + 2
            or c["bottom"] > page.height - 72 + 1][:3]


@pytest.mark.parametrize("valign", ["BOTTOM", "TOP"])
@pytest.mark.parametrize("before", range(300, 600, 8))
def test_a_split_table_neither_runs_over_the_text_above_nor_leaves_a_bare_rule(
        before: float, valign: str) -> None:
    pdf = page_with_split_aside(before, valign)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = plumbed_pages(document)
        text = "".join(page.extract_text() for page in document.pages)
        outside = [line for page in document.pages for line in outside_its_bar(page)]
    assert len(pages) > 1, "the table must meet the foot of the first page"
    assert not overlapping_lines(pages), overlapping_lines(pages)
    assert not outside, outside
    assert not bare_rules(pages), bare_rules(pages)
    for item in ITEMS:  # every word printed once, split or not
        assert "".join(item.split()) in "".join(text.split())


WORDS = ("tell", "your", "care", "team", "about", "every", "medicine", "you", "take", "most",
         "of", "all", "blood", "thinners", "ask", "which", "ones", "to", "stop", "and", "when")
GREY = Color(0.6, 0.6, 0.6)


class Story:
    """Random paragraphs and lists around one table (a barred aside, a two-column pair or
    a box with a heading row), each text numbered so the page shows what went missing."""

    def __init__(self, seed: int) -> None:
        self.rng, self.count = random.Random(seed), 0
        big = self.rng.random() < 0.6
        self.style = ParagraphStyle("b", fontName="Helvetica", fontSize=18 if big else 10,
                                    leading=27 if big else 13, spaceAfter=2.7 if big else 4)

    def para(self, words: int | None = None) -> Paragraph:
        self.count += 1
        n = words or self.rng.choice([3, 8, 20, 40, 80])
        text = " ".join(self.rng.choice(WORDS) for _ in range(n))
        return Paragraph(f"Z{self.count}Z {text}", self.style)

    def cell(self) -> list[Any]:
        out: list[Any] = []
        for _ in range(self.rng.randint(1, 4)):
            out.append(ListFlowable([ListItem(self.para()) for _ in range(self.rng.randint(1, 6))],
                                    bulletType="bullet", start="\u2022", leftIndent=29,
                                    spaceAfter=11) if self.rng.random() < 0.5 else self.para())
            if self.rng.random() < 0.5:
                out.append(Spacer(1, self.style.spaceAfter))
        return out

    def table(self) -> FittingTable:
        kind, pad = self.rng.choice(["aside", "pair", "box"]), self.style.fontSize
        if kind == "aside":
            return _styled(FittingTable([[self.cell()]], colWidths=[456], splitInRow=1),
                           ("LINEBEFORE", (0, 0), (0, -1), 2, GREY), ("LEFTPADDING", 12),
                           ("BOTTOMPADDING", 6))
        if kind == "pair":
            return _styled(FittingTable([[self.cell(), self.cell()]], colWidths=[234, 234],
                                        splitInRow=1),
                           ("VALIGN", "TOP"), ("LINEAFTER", (0, 0), (0, -1), 0.5, GREY),
                           ("RIGHTPADDING", 9), ("BOTTOMPADDING", self.style.spaceAfter))
        widths = [468] if self.rng.random() < 0.5 else [234, 234]
        rows = [[[self.para(2)] for _ in widths]] + [
            [[*self.cell(), Spacer(1, 0)] for _ in widths]
            for _ in range(self.rng.randint(1, 4))]
        return _styled(BoxTable(rows, colWidths=widths, repeatRows=1, splitInRow=1),
                       ("VALIGN", "TOP"), ("BOX", (0, 0), (-1, -1), 2.5, GREY),
                       ("LEFTPADDING", pad), ("RIGHTPADDING", pad),
                       ("TOPPADDING", (0, 0), (-1, 0), pad * 0.7))

    def pdf(self) -> bytes:
        story = [Spacer(1, self.rng.uniform(0, 600)), self.para(), self.table(), self.para()]
        out = io.BytesIO()
        SimpleDocTemplate(out, pagesize=LETTER, topMargin=72, bottomMargin=72).build(story)
        return out.getvalue()


def _styled(table: FittingTable, *commands: tuple[Any, ...]) -> FittingTable:
    """The table with no padding but what commands set; a (name, value) pair sets every
    cell."""
    base = [("LEFTPADDING", 0), ("RIGHTPADDING", 0), ("TOPPADDING", 0), ("BOTTOMPADDING", 0)]
    table.hAlign = "LEFT"
    table.setStyle(TableStyle([
        (c[0], (0, 0), (-1, -1), c[1]) if len(c) == 2 else c for c in [*base, *commands]]))
    return table


@pytest.mark.parametrize("seed", range(120))
def test_random_tables_split_at_a_page_foot_print_whole_inside_the_frame(seed: int) -> None:
    """Random tables of the three kinds the layout makes, pushed to the foot of a page:
    nothing drawn over anything, outside the frame, lost or printed twice (a box's
    heading row is repeated on purpose), and no stub of a rule."""
    story = Story(seed)
    pdf = story.pdf()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = plumbed_pages(document)
        text = " ".join(page.extract_text() or "" for page in document.pages)
        outside = [f"page {n}: {c['text']!r} at {c['top']:.0f} pt"
                   for n, page in enumerate(document.pages, 1) for c in page.chars
                   if c["bottom"] > page.height - 72 + 1 or c["top"] < 72 - 1]
    assert not overlapping_lines(pages), overlapping_lines(pages)
    assert not outside, outside[:3]
    assert not bare_rules(pages), bare_rules(pages)
    printed = Counter(re.findall(r"Z(\d+)Z", text))
    lost = [n for n in range(1, story.count + 1) if not printed[str(n)]]
    assert not lost, f"texts {lost[:5]} are not on the page"
