"""The bidi step and the shaped paragraph, on in-memory text (pdf/bidi.py, pdf/textflow.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle

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
