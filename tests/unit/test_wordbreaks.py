"""A line that broke at a space ends with that space in the text layer (pdf/wordbreaks.py).

Paragraphs are drawn on an in-memory canvas and their characters read back with
pdfplumber in the order the content stream writes them, which is the order the
structure tree and a screen reader get: "called vertebrae", not "calledvertebrae".
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from handouts.fonts import Family, register
from handouts.pdf.flowables import TextParagraph
from handouts.pdf.textflow import Piece, ShapedParagraph, TextMode
from handouts.pdf.wordbreaks import ends_at_space

FONTS = Path(__file__).resolve().parent.parent / "fixture" / "fonts"
LATIN = Family("BreakLatin", (("regular", FONTS / "NotoSans-Regular.ttf"),
                              ("bold", FONTS / "NotoSans-Bold.ttf")))
ARABIC = Family("BreakArabic", (("regular", FONTS / "NotoSansArabic-Regular.ttf"),
                                ("bold", FONTS / "NotoSansArabic-Bold.ttf")))
TEXT = "Your spine is a stack of small bones called vertebrae. A weak one can break."


def _style(font: str = "BreakLatin", wrap: str | None = None) -> ParagraphStyle:
    register(LATIN)
    register(ARABIC)
    return ParagraphStyle("t", fontName=font, fontSize=12, leading=16, wordWrap=wrap)


def _read(*paragraphs: object, width: float = 120) -> str:
    """The characters of the drawn paragraphs, in content-stream order."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(600, 800))
    y = 780.0
    for paragraph in paragraphs:
        _, height = paragraph.wrap(width, 800)  # type: ignore[attr-defined]
        paragraph.drawOn(canvas, 20, y - height)  # type: ignore[attr-defined]
        y -= height + 10
    canvas.save()
    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as pdf:
        return "".join(char["text"] for char in pdf.pages[0].chars)


def test_words_at_line_ends_stay_apart_in_plain_and_mixed_runs() -> None:
    plain = TextParagraph(TEXT, _style())
    mixed = TextParagraph(TEXT.replace("small bones", "<b>small bones</b>"), _style())
    for paragraph in (plain, mixed):
        read = _read(paragraph)
        assert len(paragraph.blPara.lines) >= 4, "the text wraps"
        assert read.split() == TEXT.split(), read


def test_a_line_break_in_the_text_reads_as_a_space_too() -> None:
    read = _read(TextParagraph("Call us<br/>Monday to Friday", _style()), width=400)
    assert read.split() == ["Call", "us", "Monday", "to", "Friday"]


def test_no_space_where_a_long_word_was_cut_or_in_chinese() -> None:
    word = "Supercalifragilisticexpialidocious"
    assert _read(TextParagraph(word, _style()), width=60).strip() == word
    assert ends_at_space(["脊椎是由", "小骨头组成"], "脊椎是由小骨头组成", False) == [False, False]
    assert ends_at_space(["a long", "word"], "a long word", True) == [True, True]


def test_the_first_part_of_a_split_paragraph_ends_with_its_space() -> None:
    paragraph = TextParagraph(TEXT, _style())
    paragraph.wrap(120, 800)
    first, second = paragraph.split(120, 40)
    assert _read(first, second).split() == TEXT.split()


def test_shaped_right_to_left_lines_end_with_their_space() -> None:
    text = "عمودك الفقري كومة من عظام صغيرة تسمى الفقرات"
    paragraph = ShapedParagraph([Piece(text, "BreakArabic")], _style("BreakArabic"),
                                TextMode(True, "ar"), chain_keys=("BreakArabic",))
    read = _read(paragraph, width=90)
    assert len(paragraph.lines) >= 3, "the text wraps"
    assert len(read.split()) == len(text.split()), read


def test_split_chinese_gets_no_spaces_and_a_highlight_ends_with_its_word() -> None:
    text = "脊椎是由许多叫做椎骨的小骨头组成的。如果椎骨变弱，它可能会断裂并被压扁。" * 3
    paragraph = TextParagraph(text, _style(wrap="CJK"))
    paragraph.wrap(120, 800)
    first, second = paragraph.split(120, 40)
    assert " " not in _read(first, second).strip()
    marked = f'<span backColor="#FFE08A">{TEXT}</span>'  # a draft's untranslated text
    ours, reportlab = _highlights(TextParagraph(marked, _style())), \
        _highlights(Paragraph(marked, _style()))
    assert len(ours) >= 4 and ours == reportlab, "each line's highlight ends with its word"


def _highlights(paragraph: Paragraph) -> list[float]:
    """Widths of the filled rectangles drawn behind the paragraph's lines."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(600, 800))
    paragraph.wrap(120, 800)
    paragraph.drawOn(canvas, 20, 600)
    canvas.save()
    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as pdf:
        return [round(rect["width"], 1) for rect in pdf.pages[0].rects]
