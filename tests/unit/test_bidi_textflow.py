"""The bidi step and the shaped paragraph, on in-memory text (pdf/bidi.py, pdf/textflow.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from bidi import get_display
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from handouts.errors import GlyphError
from handouts.fonts import Family, register
from handouts.pdf.bidi import embedding_levels, visual_order
from handouts.pdf.textflow import Piece, ShapedParagraph, TextMode

FONTS = Path(__file__).resolve().parent.parent / "fixture" / "fonts"
ARABIC = Family("TestArabic", (("regular", FONTS / "NotoSansArabic-Regular.ttf"),
                               ("bold", FONTS / "NotoSansArabic-Bold.ttf")))
LATIN = Family("TestLatin", (("regular", FONTS / "NotoSans-Regular.ttf"),
                             ("bold", FONTS / "NotoSans-Bold.ttf")))


def test_arabic_is_odd_numbers_and_latin_even() -> None:
    text = "اتصل بالرقم 911 يا John"
    levels = embedding_levels(text, rtl=True)
    assert {levels[i] for i, c in enumerate(text) if "\u0600" <= c <= "\u06ff"} == {1}
    assert [levels[text.index("911") + i] for i in range(3)] == [2, 2, 2]
    assert {levels[text.index("John") + i] for i in range(4)} == {2}


def test_brackets_around_latin_take_its_direction() -> None:
    """Rule N0: "(UHS)" inside Arabic keeps its brackets around UHS."""
    text = "شركة Inc. (UHS) في"
    levels = embedding_levels(text, rtl=True)
    assert levels[text.index("(")] == levels[text.index(")")] == 2


def test_left_to_right_text_without_arabic_stays_at_level_zero() -> None:
    assert embedding_levels("किसी 911 (x)", rtl=False) == [0] * len("किसी 911 (x)")


def test_visual_order_reverses_right_to_left_runs_and_keeps_numbers() -> None:
    items = ["A1", "A2", "911", "A3"]  # logical order, Arabic words and a number
    assert visual_order(items, [1, 1, 2, 1]) == ["A3", "911", "A2", "A1"]
    assert visual_order(items, [0, 0, 0, 0]) == items
    assert visual_order(["x", "y", "z"], [2, 2, 1]) == ["z", "x", "y"]


def _paragraph(pieces: list[Piece]) -> ShapedParagraph:
    register(ARABIC)
    register(LATIN)
    style = ParagraphStyle("t", fontName="TestArabic", fontSize=12, leading=16)
    return ShapedParagraph(pieces, style, TextMode(True, "ar"), chain_keys=("TestArabic",))


def test_a_character_the_font_lacks_is_refused_not_drawn_as_a_box() -> None:
    """A shaped run can hide a .notdef: the glyph check names the character."""
    with pytest.raises(GlyphError) as caught:
        _paragraph([Piece("اتصل x", "TestArabic")])
    assert caught.value.char == "x"


def test_lines_break_at_spaces_and_keep_every_character() -> None:
    words = ["كلمة"] * 40
    paragraph = _paragraph([Piece(" ".join(words), "TestArabic")])
    _, height = paragraph.wrap(150, 1000)
    assert height == len(paragraph.lines) * 16 and len(paragraph.lines) > 3
    covered = "".join(paragraph.text[s:e] for s, e in paragraph.lines)
    assert covered.replace(" ", "") == "".join(words)
    assert all(paragraph.text[s] != " " for s, _ in paragraph.lines)


def test_a_long_paragraph_splits_between_lines_without_orphans() -> None:
    paragraph = _paragraph([Piece(" ".join(["كلمة"] * 60), "TestArabic")])
    paragraph.wrap(150, 1000)
    total = len(paragraph.lines)
    head, tail = paragraph.split(150, 16 * 3.5)
    assert head.wrap(150, 1000)[1] == 3 * 16 and len(head.lines) == 3
    tail.wrap(150, 1000)
    assert len(tail.lines) == total - 3
    assert paragraph.split(150, 16 * 1.5) == []  # one line alone would be an orphan


def _display(text: str, rtl: bool) -> str:
    """Our levels and order as a display string, as python-bidi's get_display gives it
    (with rule L1: trailing spaces at the paragraph level; its Rust core leaves
    mirroring to the font, as HarfBuzz does for us)."""
    levels = embedding_levels(text, rtl)
    end = len(text)
    while end and text[end - 1] == " ":
        end -= 1
        levels[end] = 1 if rtl else 0
    order = visual_order(list(range(len(text))), levels)
    return "".join(text[i] for i in order)


@pytest.mark.parametrize("text", ["خذ Tylenol (500 mg) مرتين", "موقع UHS (Inc.) هنا",
                                  "Call Dr. Lee (ext. 4) if you have pain.",
                                  "اتصل بالرقم 911، الآن"])
def test_order_matches_python_bidi_for_brackets_and_numbers(text: str) -> None:
    assert _display(text, True) == get_display(text, base_dir="R")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ابت abc 19()[].,:-°%/", max_size=24), st.booleans())
def test_order_matches_python_bidi_on_any_mix(text: str, rtl: bool) -> None:
    """The whole algorithm, brackets included, against python-bidi's implementation of
    UAX #9 (a different one: its Rust core)."""
    assert _display(text, rtl) == get_display(text, base_dir="R" if rtl else "L")


def _style(**kw: object) -> ParagraphStyle:
    return ParagraphStyle("t", fontName="TestArabic", fontSize=12, leading=16, **kw)


def _drawn(paragraph: ShapedParagraph, width: float = 300) -> bytes:
    """The content stream a paragraph draws (pikepdf reads it back)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    paragraph.wrap(width, 1000)
    paragraph.drawOn(canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as document:
        return bytes(pikepdf.unparse_content_stream(
            pikepdf.parse_content_stream(document.pages[0])))


def test_a_word_wider_than_the_line_is_cut_between_letters_not_run_off() -> None:
    register(ARABIC)
    word = "الاستشفاء" * 6  # one word, far wider than 80 pt
    paragraph = ShapedParagraph([Piece(word, "TestArabic")], _style(), TextMode(True, "ar"))
    paragraph.wrap(80, 1000)
    assert len(paragraph.lines) > 2
    widths = [sum(paragraph._advance[s:e]) for s, e in paragraph.lines]
    assert max(widths) <= 80 + 1e-6
    assert "".join(word[s:e] for s, e in paragraph.lines) == word


def test_line_breaks_keep_empty_lines_and_spaces_alone_take_no_room() -> None:
    register(ARABIC)
    mode = TextMode(True, "ar")
    two = ShapedParagraph([Piece("كلمة\n\n كلمة", "TestArabic")], _style(), mode)
    assert two.wrap(300, 1000)[1] == 3 * 16, "the empty line stays"
    assert two.text[two.lines[2][0]] != " ", "no line starts with a space"
    assert ShapedParagraph([Piece("   ", "TestArabic")], _style(), mode).wrap(300, 1000) \
        == (300, 0)


def test_split_parts_keep_space_before_on_the_first_and_after_on_the_last() -> None:
    paragraph = _paragraph([Piece(" ".join(["كلمة"] * 60), "TestArabic")])
    paragraph.style = _style(spaceBefore=7, spaceAfter=9)
    head, tail = paragraph.split(150, 16 * 3.5)
    assert (head.getSpaceBefore(), head.getSpaceAfter()) == (7, 0)
    assert (tail.getSpaceBefore(), tail.getSpaceAfter()) == (0, 9)


def test_no_widow_the_last_two_lines_go_over_together() -> None:
    paragraph = _paragraph([Piece(" ".join(["كلمة"] * 60), "TestArabic")])
    paragraph.wrap(150, 1000)
    total = len(paragraph.lines)
    head, tail = paragraph.split(150, 16 * (total - 1) + 1)  # room for all but one line
    tail.wrap(150, 1000)
    head.wrap(150, 1000)
    assert len(tail.lines) == 2 and len(head.lines) == total - 2


def test_untranslated_text_is_highlighted_and_synthetic_bold_outlines_glyphs() -> None:
    register(ARABIC)
    marked = ShapedParagraph([Piece("كلمة", "TestArabic", "#FFE08A")], _style(),
                             TextMode(True, "ar"))
    plain = ShapedParagraph([Piece("كلمة", "TestArabic")], _style(), TextMode(True, "ar"))
    assert b" re" in _drawn(marked) and b" re" not in _drawn(plain)
    bold = ShapedParagraph([Piece("كلمة", "TestArabic")], _style(), TextMode(True, "ar"),
                           embolden=True)
    assert b"2 Tr" in _drawn(bold) and b"2 Tr" not in _drawn(plain)
